"""The rows that are the truth about background work; the broker is only the doorbell.

``Job``: a piece of work a person asked for and waits on (a PDF, a ZIP), with its state,
progress, file and reasons. ``Message``: an e-mail (or any fire-and-forget task) kept until
a worker has done it. ``WorkerBeat``: when each worker last said it was alive.

The agency is named by its label ("clinics.Agency"): this app imports no domain app.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class Status(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


UNFINISHED = (Status.QUEUED, Status.RUNNING)


def job_path(job, filename):
    """One folder per job, so a job's file name is known before it is written (a failed
    write can be removed) and two jobs never collide."""
    return f"agencies/{job.agency_id}/jobs/{job.kind}/{job.pk}/{filename}"


class Job(models.Model):
    """Background work a person waits on. ``kind`` names a registered kind (jobs.kinds).

    ``reason`` is the user-facing failure in English source text (shown translated, with
    ``reason_params``); ``detail`` is the technical account for operators. ``run`` counts
    claims: a worker finishes the job only if the run it claimed is still the current one,
    so a cancelled, retried or re-queued job is never overwritten by a stale worker.
    """

    agency = models.ForeignKey("clinics.Agency", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=40)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    subject = models.CharField(max_length=80, blank=True, help_text="e.g. dossier:12")
    params = models.JSONField(default=dict, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)
    file = models.FileField(upload_to=job_path, max_length=255, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    reason_params = models.JSONField(default=dict, blank=True)
    detail = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(default=timezone.now)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    not_before = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    run = models.PositiveIntegerField(default=0)
    requeues = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        indexes = [
            models.Index(fields=["agency", "kind", "subject"], name="jobs_subject"),
            models.Index(fields=["agency", "kind", "fingerprint"], name="jobs_reuse"),
            models.Index(fields=["status", "queued_at"], name="jobs_status"),
        ]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def is_unfinished(self) -> bool:
        return self.status in UNFINISHED

    @property
    def waits_for_broker(self) -> bool:
        """Queued, but its message has not reached the broker yet (the sweeper re-sends)."""
        return self.status == Status.QUEUED and self.dispatched_at is None

    @cached_property
    def waits_for_worker(self) -> bool:
        """Queued, and its message has not reached the broker or no worker on its queue
        has said it is alive lately: it starts when the worker is back."""
        if self.status != Status.QUEUED:
            return False
        if self.dispatched_at is None:
            return True
        from jobs import kinds

        queue = kinds.get(self.kind).queue
        recent = timezone.now() - timedelta(seconds=settings.WORKER_DOWN_SECONDS)
        return not any(
            queue in beat.queues for beat in WorkerBeat.objects.filter(seen_at__gte=recent)
        )

    @property
    def elapsed_clock(self) -> str:
        """``elapsed`` as h:mm:ss or m:ss."""
        seconds = int(self.elapsed.total_seconds())
        hours, rest = divmod(seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"

    @property
    def shown_reason(self) -> str:
        """The failure in the reader's language."""
        if not self.reason:
            return ""
        try:
            return gettext(self.reason) % self.reason_params
        except (KeyError, TypeError, ValueError):
            return gettext(self.reason)

    @property
    def elapsed(self):
        """How long it has been waiting (queued), working (running) or took (finished)."""
        if self.status == Status.QUEUED:
            return timezone.now() - self.queued_at
        if self.status == Status.RUNNING:
            return timezone.now() - (self.started_at or self.queued_at)
        return (self.finished_at or timezone.now()) - (self.started_at or self.queued_at)


class Message(models.Model):
    """An outbox row: a task (usually an e-mail) that must run once, sent to the broker
    after the transaction that asked for it commits and re-sent by the sweeper until a
    worker has done it. ``key``, when given, is unique: the claim of scheduled work (two
    beats asking for the same reminder make one row)."""

    agency = models.ForeignKey("clinics.Agency", on_delete=models.CASCADE, related_name="+")
    task = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    queue = models.CharField(max_length=40, default="mail")
    key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        indexes = [models.Index(fields=["done_at", "failed_at", "created_at"], name="jobs_outbox")]

    def __str__(self):
        return f"{self.task} #{self.pk}"


class WorkerBeat(models.Model):
    """A Celery worker's last sign of life and the queues it consumes (not tenant data)."""

    hostname = models.CharField(max_length=200, unique=True)
    queues = models.JSONField(default=list)
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")

    def __str__(self):
        return self.hostname
