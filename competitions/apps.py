from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    """Competitions, dossiers, PDF portfolios and regional exports."""

    name = "competitions"
    verbose_name = _("Competitions")

    def ready(self):
        from competitions.choices import (
            COPY_PAGE_JOB,
            PORTFOLIO_JOB,
            REGION_ZIP_JOB,
            SEASON_REPORT_JOB,
        )
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
        kinds.register(
            kinds.export(
                COPY_PAGE_JOB,
                _("Copy-ready page for the organiser's application"),
                "competitions.tasks.build_copy_page",
            )
        )
        kinds.register(
            kinds.Kind(
                name=SEASON_REPORT_JOB,
                label=_("Season report for the head of region (PDF)"),
                task="competitions.tasks.render_season_report",
                queue="pdf",
            )
        )
