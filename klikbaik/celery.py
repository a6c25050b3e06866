"""The Celery application: tasks are discovered in each app's ``tasks`` module.

Queues are split by kind (DESIGN §9) so that PDF rendering, exports and mail can get their
own workers when one machine is not enough; the demo worker listens on all of them.
"""

import os
from pathlib import Path

from celery import Celery
from celery.schedules import crontab
from celery.signals import (
    beat_init,
    before_task_publish,
    setup_logging,
    task_postrun,
    task_prerun,
    worker_init,
)

from klikbaik import logs

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klikbaik.settings")

app = Celery("klikbaik")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_default_queue = "default"
app.conf.task_routes = {
    "*.tasks.send_*": {"queue": "mail"},
    "competitions.tasks.render_*": {"queue": "pdf"},
    "indexes.tasks.render_*": {"queue": "pdf"},
    "competitions.tasks.build_*": {"queue": "exports"},
}
app.autodiscover_tasks()

# Every periodic job, in one place (run by `celery beat`).
app.conf.beat_schedule = {
    "remind-tomorrows-sessions": {
        "task": "consultations.tasks.send_reminders",
        "schedule": crontab(minute=0),  # hourly; each session is reminded once
    },
    "remind-sustainability-checkins": {
        "task": "innovations.tasks.remind_checkins_everywhere",
        "schedule": crontab(hour=1, minute=0, day_of_week="mon"),  # Monday 09:00 WITA
    },
    "remind-competition-deadlines": {
        "task": "competitions.tasks.remind_deadlines_everywhere",
        "schedule": crontab(hour=0, minute=30),  # daily, 08:30 WITA
    },
    "purge-expired-exports": {
        "task": "competitions.tasks.purge_expired_exports",
        "schedule": crontab(hour=19, minute=0),  # nightly, 03:00 WITA
    },
}


def ensure_broker_folders() -> None:
    """Create the filesystem broker's folders; a no-op when the broker is Redis."""
    options = app.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)


ensure_broker_folders()


# The request id travels from the request that queues a task into the task's log lines.
before_task_publish.connect(logs.carry_request_id, weak=False)
task_prerun.connect(logs.bind_task, weak=False)
task_postrun.connect(logs.unbind_task, weak=False)


@setup_logging.connect
def _log_like_the_web(**kwargs):
    """Workers and beat write the same JSON lines as the web (settings.LOGGING), instead
    of Celery's own format."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)


@worker_init.connect
@beat_init.connect
def _refuse_without_secret_key(**kwargs):
    """Celery logs and ignores exceptions from signal handlers; exiting is what stops it."""
    from django.core.exceptions import ImproperlyConfigured

    from klikbaik.production import ensure_ready_to_serve

    try:
        ensure_ready_to_serve()
    except ImproperlyConfigured as exc:
        raise SystemExit(str(exc)) from exc
