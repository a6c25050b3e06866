from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    """Competitions, dossiers, PDF portfolios and regional exports."""

    name = "competitions"
    verbose_name = _("Competitions")

    def ready(self):
        from competitions.choices import PORTFOLIO_JOB, REGION_ZIP_JOB
        from jobs import kinds

        kinds.register(
            kinds.Kind(
                name=PORTFOLIO_JOB,
                label=_("PDF portfolio"),
                task="competitions.tasks.render_portfolio",
                queue="pdf",
            )
        )
        kinds.register(
            kinds.export(
                REGION_ZIP_JOB, _("Regional ZIP export"), "competitions.tasks.build_region_zip"
            )
        )
