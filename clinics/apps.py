from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClinicsConfig(AppConfig):
    """Agencies (the tenants), their units, people, memberships, partners and clinic."""

    name = "clinics"
    verbose_name = _("Clinics")
