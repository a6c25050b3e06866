from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClinicsConfig(AppConfig):
    """Agencies (the tenants), their units, people, memberships, partners and clinic."""

    name = "clinics"
    verbose_name = _("Clinics")

    def ready(self):
        from allauth.account.signals import user_logged_in
        from django.contrib.auth.signals import user_logged_in as django_user_logged_in

        from clinics import security, signin

        user_logged_in.connect(
            lambda request, response, user, **kwargs: signin.remember_device(
                request, response, user
            ),
            weak=False,
            dispatch_uid="clinics.signin.remember_device",
        )
        django_user_logged_in.connect(
            security.remember_second_factor_due, dispatch_uid="clinics.security.second_factor"
        )
