from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    """Coaching-session booking between staff and facilitators."""

    name = "consultations"
    verbose_name = _("Consultations")
