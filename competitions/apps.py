from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    """Competitions, dossiers, PDF portfolios and regional exports."""

    name = "competitions"
    verbose_name = _("Competitions")

    def ready(self):
        from django.conf import settings

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
            kinds.Kind(
                name=REGION_ZIP_JOB,
                label=_("Regional ZIP export"),
                task="competitions.tasks.build_region_zip",
                queue="exports",
                keep_days=lambda: settings.EXPORT_KEEP_DAYS,
            )
        )
        kinds.register(
            kinds.Kind(
                name=COPY_PAGE_JOB,
                label=_("Copy-ready page for the organiser's application"),
                task="competitions.tasks.build_copy_page",
                queue="exports",
                keep_days=lambda: settings.EXPORT_KEEP_DAYS,
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
