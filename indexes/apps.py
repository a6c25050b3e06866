from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndexesConfig(AppConfig):
    """The regional innovation index workbench (Indeks Inovasi Daerah): editions, the
    region's self-assessment, the predicted score and what would raise it most."""

    name = "indexes"
    verbose_name = _("Innovation index")

    def ready(self):
        from indexes.choices import BRIEF_JOB, PACK_JOB, WORKBOOK_JOB
        from jobs import kinds

        kinds.register(
            kinds.Kind(
                name=BRIEF_JOB,
                label=_("Innovation index brief"),
                task="indexes.tasks.render_brief",
                queue="pdf",
            )
        )
        kinds.register(
            kinds.export(
                WORKBOOK_JOB, _("Innovation index workbook (XLSX)"), "indexes.tasks.build_workbook"
            )
        )
        kinds.register(
            kinds.export(
                PACK_JOB,
                _("Hand-off pack for the national index application (ZIP)"),
                "indexes.tasks.build_pack",
            )
        )
