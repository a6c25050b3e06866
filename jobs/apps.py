from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Background work every app uses: job rows, the outbox, the sweeper, the PDF engine."""

    name = "jobs"
    verbose_name = _("Background jobs")

    def ready(self):
        from jobs import worker  # noqa: F401 - connects the worker's and beat's signals
