from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationsConfig(AppConfig):
    """The innovation registry: ideas coached through 5D to lasting, replicated innovations."""

    name = "innovations"
    verbose_name = _("Innovations")

    def ready(self):
        from innovations.choices import EXPORT_JOB, IMPORT_CHECK_JOB, IMPORT_JOB
        from jobs import kinds

        kinds.register(
            kinds.export(
                EXPORT_JOB,
                _("Register export (XLSX or CSV)"),
                "innovations.tasks.build_registry_export",
            )
        )
        kinds.register(
            kinds.Kind(
                name=IMPORT_CHECK_JOB,
                label=_("Spreadsheet check"),
                task="innovations.tasks.check_import",
                queue="exports",
            )
        )
        kinds.register(
            kinds.Kind(
                name=IMPORT_JOB,
                label=_("Spreadsheet import"),
                task="innovations.tasks.run_import",
                queue="exports",
            )
        )
