from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    """Competitions, dossiers, PDF portfolios, regional exports and the innovation index."""

    name = "competitions"
    verbose_name = _("Competitions")
