"""Running a job in a worker: claim it, beat a heartbeat, report progress, store its file
and finish it, or fail it with a reason a person can read.

``job_task`` turns a function ``work(run)`` into the Celery task of a kind. The task is
idempotent and acknowledged late: it claims the row (queued → running, a conditional
update) before it does anything, so a repeated delivery or a second worker finds nothing
to do; a worker killed mid-job gives its message back (``reject_on_worker_lost``) and the
sweeper re-queues a job whose heartbeat stopped.
"""

import logging
import threading
import traceback
from datetime import timedelta

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import close_old_connections, connections
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_scopes import scope

from jobs import kinds
from jobs.models import Job, Status, job_path
from klikbaik.storage import FAILURES, storage_failure

logger = logging.getLogger(__name__)

TOO_LONG = gettext_noop("The job took too long and was stopped. Try again, perhaps with less.")
UNEXPECTED = gettext_noop(
    "Something went wrong while preparing the file. Try again; if it fails again, the "
    "operators can see what happened."
)


class JobFailed(Exception):
    """Raise in a job's work with a reason for the person who asked: English source text
    marked with ``gettext_noop`` and ``%(name)s`` placeholders filled from ``params``."""

    def __init__(self, reason: str, *, detail: str = "", **params):
        super().__init__(reason % params if params else reason)
        self.reason, self.params, self.detail = reason, params, detail


class Cancelled(Exception):
    """The job was cancelled, retried or re-queued while this worker was on it."""


class Run:
    """The job as one worker holds it (``run`` is the claim's number)."""

    def __init__(self, job: Job):
        self.job = job
        self.finished = False

    def _mine(self):
        return Job.objects.with_scope(agency=self.job.agency_id).filter(
            pk=self.job.pk, run=self.job.run, status=Status.RUNNING
        )

    def progress(self, percent: int) -> None:
        """Report progress (0–100); raises Cancelled if the job is no longer ours."""
        if not self._mine().update(progress=min(max(int(percent), 0), 99), heartbeat_at=_now()):
            raise Cancelled

    def finish(self, name: str = "", content=None, *, reuse: Job | None = None, **fields):
        """Store ``content`` (bytes or a File) as ``name`` through the storage API, or point
        at ``reuse``'s file, and mark the job ready. ``fields`` (e.g. ``fingerprint``) are
        saved with it. A job no longer ours keeps nothing of this run."""
        job = self.job
        storage = job.file.storage
        if reuse is not None:
            stored = reuse.file.name
        else:
            target = job_path(job, name)
            if storage.exists(target):  # left by an attempt that was killed
                storage.delete(target)
            body = content if isinstance(content, File) else ContentFile(content)
            stored = storage.save(target, body)
        keep = kinds.get(job.kind).days_kept()
        now = _now()
        done = self._mine().update(
            status=Status.READY,
            progress=100,
            file=stored,
            finished_at=now,
            heartbeat_at=now,
            expires_at=now + timedelta(days=keep) if keep else None,
            reason="",
            reason_params={},
            **fields,
        )
        if not done:
            if reuse is None:
                storage.delete(stored)
            raise Cancelled
        self.finished = True

    def fail(self, reason: str, params: dict | None = None, detail: str = "") -> None:
        self._mine().update(
            status=Status.FAILED,
            finished_at=_now(),
            reason=reason,
            reason_params=params or {},
            detail=(self.job.detail + detail)[-4000:],
        )


def _now():
    return timezone.now()


def claim(job_id: int) -> Job | None:
    """Queued → running, if it still is queued and due; None otherwise (already taken,
    finished, cancelled, or waiting for its back-off)."""
    now = _now()
    taken = (
        Job.objects.filter(pk=job_id, status=Status.QUEUED)
        .filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
        .update(
            status=Status.RUNNING,
            run=F("run") + 1,
            started_at=now,
            heartbeat_at=now,
            progress=0,
        )
    )
    if not taken:
        return None
    return Job.objects.select_related("agency").get(pk=job_id)


class Heartbeat(threading.Thread):
    """Touches ``heartbeat_at`` every JOB_HEARTBEAT_SECONDS while the work runs."""

    def __init__(self, job: Job):
        super().__init__(name=f"job-{job.pk}-heartbeat", daemon=True)
        self.job, self.done = job, threading.Event()

    def run(self):
        try:
            while not self.done.wait(settings.JOB_HEARTBEAT_SECONDS):
                try:
                    Job.objects.with_scope(agency=self.job.agency_id).filter(
                        pk=self.job.pk, run=self.job.run, status=Status.RUNNING
                    ).update(heartbeat_at=_now())
                except Exception:  # the database blinked: beat again next time
                    logger.warning("Heartbeat of job %s failed", self.job.pk, exc_info=True)
                    close_old_connections()
        finally:
            connections.close_all()

    def stop(self):
        self.done.set()
        self.join(timeout=5)


def execute(job_id: int, work, *, eager: bool = False) -> None:
    """Claim the job and run ``work(run)``; every outcome ends on the row."""
    job = claim(job_id)
    if job is None:
        return
    run = Run(job)
    heartbeat = None if eager else Heartbeat(job)
    if heartbeat:
        heartbeat.start()
    try:
        work(run)
        if not run.finished:
            raise RuntimeError(f"{job.kind} task returned without finishing job {job.pk}.")
    except Cancelled:
        logger.info("Job %s was cancelled or taken back; its result is discarded.", job_id)
    except JobFailed as exc:
        run.fail(exc.reason, exc.params, exc.detail)
    except SoftTimeLimitExceeded:
        run.fail(TOO_LONG, detail="Soft time limit exceeded.\n")
    except Exception as exc:
        failure = storage_failure(exc)
        logger.exception("Job %s (%s) failed", job_id, job.kind)
        reason = FAILURES[failure] if failure else UNEXPECTED
        run.fail(reason, detail=traceback.format_exc()[-3000:])
    finally:
        if heartbeat:
            heartbeat.stop()


def job_task(*, soft_time_limit: int = 300):
    """Make ``work(run)`` the Celery task of a job kind: ``task(agency_id, job_id)``, run
    inside the agency's scope, acknowledged late and given back if its worker dies."""

    def decorate(work):
        def task(self, agency_id: int, job_id: int) -> None:
            with scope(agency=agency_id):
                execute(job_id, work, eager=bool(self.request.is_eager))

        task.__doc__ = work.__doc__
        return shared_task(
            name=f"{work.__module__}.{work.__name__}",
            bind=True,
            acks_late=True,
            reject_on_worker_lost=True,
            soft_time_limit=soft_time_limit,
            time_limit=soft_time_limit + 60,
        )(task)

    return decorate
