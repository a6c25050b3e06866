"""Writes of the jobs app: ask for a job, send it to the broker, cancel, retry, re-queue
after a lost worker, and purge what has expired.

The row is the truth; the broker is only the doorbell. ``request_job`` saves the row and
sends its message once the transaction commits; if the broker cannot be reached the row
stays queued with ``dispatched_at`` empty and the sweeper (``jobs.sweeper``) sends it once
the broker is back. Nothing here raises into the request because the broker is down.
"""

import logging
from datetime import timedelta
from functools import partial
from importlib import import_module

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_noop

from jobs import kinds
from jobs.models import UNFINISHED, Job, Status

logger = logging.getLogger(__name__)

# Publishing waits at most about a second for the broker: the request must not hang.
PUBLISH_RETRY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.3, "interval_max": 0.5}

WORKER_LOST = gettext_noop(
    "The worker stopped %(times)s times while working on this job. Try again later; the "
    "operators can see what happened."
)


def _task(name: str):
    """The task named ``name``, importing its module when no one has yet (a web process
    loads tasks only as its views import them)."""
    if name not in current_app.tasks:
        import_module(name.rpartition(".")[0])
    return current_app.tasks[name]


def publish(task_name: str, args: list, kwargs: dict | None = None, *, queue: str) -> bool:
    """Hand a message to the broker; False (logged) when it cannot be reached. Under
    CELERY_TASK_ALWAYS_EAGER the task runs here, and its own errors are raised."""
    task = _task(task_name)
    try:
        task.apply_async(
            args=args, kwargs=kwargs or {}, queue=queue, retry=True, retry_policy=PUBLISH_RETRY
        )
    except Exception as exc:
        if current_app.conf.task_always_eager:
            raise
        logger.warning("Broker unreachable, %s kept for the sweeper: %r", task_name, exc)
        return False
    return True


def request_job(
    *,
    agency,
    kind: str,
    requested_by=None,
    subject: str = "",
    params: dict | None = None,
) -> Job:
    """Queue a job of a registered kind; its message is sent after the commit."""
    kinds.get(kind)  # an unknown kind fails here, not in the worker
    now = timezone.now()
    job = Job.objects.create(
        agency=agency,
        kind=kind,
        subject=subject,
        params=params or {},
        requested_by=requested_by,
        created_at=now,
        queued_at=now,
    )
    transaction.on_commit(partial(dispatch, job))
    return job


def dispatch(job: Job) -> bool:
    """Send a queued job's message; mark it dispatched when the broker took it."""
    kind = kinds.get(job.kind)
    if not publish(kind.task, [job.agency_id, job.pk], queue=kind.queue):
        return False
    Job.objects.with_scope(agency=job.agency_id).filter(
        pk=job.pk, status=Status.QUEUED, dispatched_at__isnull=True
    ).update(dispatched_at=timezone.now())
    return True


def _reload(job: Job) -> Job:
    return Job.objects.with_scope(agency=job.agency_id).select_related("agency").get(pk=job.pk)


def cancel(job: Job) -> Job:
    """Stop a queued or running job. A running worker notices at its next progress report
    and its result is discarded either way."""
    Job.objects.with_scope(agency=job.agency_id).filter(pk=job.pk, status__in=UNFINISHED).update(
        status=Status.CANCELLED, finished_at=timezone.now()
    )
    return _reload(job)


def retry(job: Job) -> Job:
    """Queue the same job again, at any stage but ready: a failed or cancelled one, or a
    queued or running one that seems stuck (a worker still on it is ignored)."""
    now = timezone.now()
    updated = (
        Job.objects.with_scope(agency=job.agency_id)
        .exclude(status=Status.READY)
        .filter(pk=job.pk)
        .update(
            status=Status.QUEUED,
            progress=0,
            reason="",
            reason_params={},
            queued_at=now,
            dispatched_at=None,
            not_before=None,
            started_at=None,
            heartbeat_at=None,
            finished_at=None,
            requeues=0,
            run=F("run") + 1,
        )
    )
    if updated:
        transaction.on_commit(partial(dispatch, job))
    return _reload(job)


def act(action: str, job: Job | None, *, start) -> Job:
    """What the job partial's buttons post: ``cancel`` or ``retry`` the job shown, anything
    else calls ``start()`` to ask for a new one. The caller has checked permission."""
    if job is not None and action == "cancel":
        return cancel(job)
    if job is not None and action == "retry" and job.status != Status.READY:
        return retry(job)
    return start()


def requeue_lost(job: Job, now=None) -> bool:
    """A running job whose heartbeat stopped: queue it again after a growing pause, or after
    JOB_MAX_REQUEUES fail it with a reason. Only if nothing changed since it was read."""
    now = now or timezone.now()
    current = Job.objects.with_scope(agency=job.agency_id).filter(
        pk=job.pk, run=job.run, status=Status.RUNNING, heartbeat_at=job.heartbeat_at
    )
    note = f"{now:%Y-%m-%d %H:%M:%S} UTC: no heartbeat since {job.heartbeat_at:%H:%M:%S}.\n"
    if job.requeues >= settings.JOB_MAX_REQUEUES:
        return bool(
            current.update(
                status=Status.FAILED,
                finished_at=now,
                reason=WORKER_LOST,
                reason_params={"times": job.requeues + 1},
                detail=(job.detail + note)[-4000:],
            )
        )
    pause = timedelta(seconds=settings.JOB_RETRY_BACKOFF_SECONDS * 2**job.requeues)
    return bool(
        current.update(
            status=Status.QUEUED,
            requeues=F("requeues") + 1,
            progress=0,
            queued_at=now,
            not_before=now + pause,
            dispatched_at=None,
            detail=(job.detail + note)[-4000:],
        )
    )
