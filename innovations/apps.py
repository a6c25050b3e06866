from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationsConfig(AppConfig):
    """The innovation registry: ideas coached through 5D to lasting, replicated innovations."""

    name = "innovations"
    verbose_name = _("Innovations")
