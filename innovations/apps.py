from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationsConfig(AppConfig):
    """The innovation registry: ideas coached through 5D to lasting, replicated innovations."""

    name = "innovations"
    verbose_name = _("Innovations")

    def ready(self):
        from innovations.choices import EXPORT_JOB
        from jobs import kinds

        kinds.register(
            kinds.export(
                EXPORT_JOB,
                _("Register export (XLSX or CSV)"),
                "innovations.tasks.build_registry_export",
            )
        )
