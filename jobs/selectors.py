"""Reads of the jobs app: an object's latest job, and for operators (across agencies, as
only /healthz and the operators' jobs page may) the state of every queue."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Min, Q
from django.utils import timezone
from django_scopes import scopes_disabled

from jobs import kinds
from jobs.models import Job, Message, Status, WorkerBeat


def latest(agency_id: int, kind: str, subject: str, *, ready: bool = False) -> Job | None:
    """The newest job of ``kind`` about ``subject`` (or its newest ready one with a file).
    Read with the agency named, so a coordinator's page can show an entrant's job."""
    jobs = Job.objects.with_scope(agency=agency_id).filter(kind=kind, subject=subject)
    if ready:
        jobs = jobs.filter(status=Status.READY).exclude(file="")
    return jobs.select_related("agency").order_by("-created_at", "-pk").first()


def first_ready_with(agency_id: int, kind: str, fingerprint: str) -> Job | None:
    """A finished job of the same kind whose file is this exact rendering, to reuse."""
    return (
        Job.objects.with_scope(agency=agency_id)
        .filter(kind=kind, fingerprint=fingerprint, status=Status.READY)
        .exclude(file="")
        .order_by("-finished_at")
        .first()
    )


@dataclass
class QueueState:
    name: str
    worker_age: float | None  # seconds since a worker on this queue said it was alive
    oldest_queued: float | None  # seconds the oldest waiting job or message has waited

    @property
    def alive(self) -> bool:
        return self.worker_age is not None and self.worker_age < settings.WORKER_DOWN_SECONDS


def _age(now: datetime, moment: datetime | None) -> float | None:
    return None if moment is None else round(max((now - moment).total_seconds(), 0), 1)


def queues(now: datetime | None = None) -> list[QueueState]:
    """Per queue: the age of the last worker heartbeat and of the oldest waiting work."""
    now = now or timezone.now()
    seen: dict[str, datetime] = {}
    for beat in WorkerBeat.objects.all():
        for name in beat.queues:
            seen[name] = max(seen.get(name, beat.seen_at), beat.seen_at)
    waiting: dict[str, datetime] = {}
    with scopes_disabled():
        rows = (
            Job.objects.filter(status=Status.QUEUED)
            .values("kind")
            .annotate(oldest=Min("queued_at"))
            .order_by()
        )
        for row in rows:
            queue = kinds.get(row["kind"]).queue
            waiting[queue] = min(waiting.get(queue, row["oldest"]), row["oldest"])
        mail = (
            Message.objects.filter(done_at__isnull=True, failed_at__isnull=True)
            .values("queue")
            .annotate(oldest=Min("created_at"))
            .order_by()
        )
        for row in mail:
            waiting[row["queue"]] = min(waiting.get(row["queue"], row["oldest"]), row["oldest"])
    return [
        QueueState(name, _age(now, seen.get(name)), _age(now, waiting.get(name)))
        for name in kinds.QUEUES
    ]


def stuck_and_failed(limit: int = 100) -> list[Job]:
    """For the operators' page: jobs that failed, or wait or run longer than they should."""
    now = timezone.now()
    waiting = now - timedelta(seconds=settings.JOB_RESEND_SECONDS)
    silent = now - timedelta(seconds=settings.JOB_HEARTBEAT_SECONDS * 4)
    with scopes_disabled():
        return list(
            Job.objects.filter(
                Q(status=Status.FAILED)
                | Q(status=Status.QUEUED, queued_at__lt=waiting)
                | Q(status=Status.RUNNING, heartbeat_at__lt=silent)
                | Q(status=Status.QUEUED, requeues__gt=0)
            )
            .select_related("agency", "requested_by")
            .order_by("-queued_at")[:limit]
        )


def undelivered_messages(limit: int = 50) -> list[Message]:
    with scopes_disabled():
        return list(
            Message.objects.filter(done_at__isnull=True)
            .filter(Q(failed_at__isnull=False) | Q(attempts__gt=1) | Q(dispatched_at__isnull=True))
            .select_related("agency")
            .order_by("-created_at")[:limit]
        )


def operators_job(pk: int) -> Job | None:
    with scopes_disabled():
        return Job.objects.filter(pk=pk).select_related("agency").first()
