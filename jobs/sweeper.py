"""The sweeper (a beat task every JOB_SWEEP_SECONDS) and the nightly purge: the two places
that look at every agency's background work at once, as the rows are the truth.

- A running job whose heartbeat stopped JOB_HEARTBEAT_TIMEOUT_SECONDS ago lost its worker:
  it is queued again after a growing pause, at most JOB_MAX_REQUEUES times, then failed.
- A queued job or an outbox message whose message never reached the broker (or reached it
  JOB_RESEND_SECONDS ago and was not taken, e.g. lost with a restarted Redis) is sent
  again. Tasks claim their row first, so a message sent twice does the work once.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_scopes import scopes_disabled

from jobs import outbox, services
from jobs.models import Job, Message, Status

logger = logging.getLogger(__name__)

# A row younger than this is still being sent by the request that made it.
SETTLE = timedelta(seconds=10)
BATCH = 500


def _unsent(now):
    resend = now - timedelta(seconds=settings.JOB_RESEND_SECONDS)
    return Q(dispatched_at__isnull=True, created_at__lt=now - SETTLE) | Q(dispatched_at__lt=resend)


def sweep(now=None) -> dict:
    now = now or timezone.now()
    counts = {"requeued": 0, "resent": 0, "messages": 0}
    with scopes_disabled():
        silent = now - timedelta(seconds=settings.JOB_HEARTBEAT_TIMEOUT_SECONDS)
        for job in Job.objects.filter(status=Status.RUNNING, heartbeat_at__lt=silent)[:BATCH]:
            counts["requeued"] += services.requeue_lost(job, now)
        resend = now - timedelta(seconds=settings.JOB_RESEND_SECONDS)
        due = Job.objects.filter(status=Status.QUEUED).filter(
            Q(not_before__isnull=True) | Q(not_before__lte=now)
        )
        # Not sent yet: asked for over SETTLE ago, or queued again by the sweeper itself
        # (its back-off, not_before, is over); or sent long ago and still not taken.
        unsent = Q(dispatched_at__isnull=True) & (
            Q(queued_at__lt=now - SETTLE) | Q(not_before__isnull=False)
        )
        due = due.filter(unsent | Q(dispatched_at__lt=resend))
        for job in due.order_by("queued_at")[:BATCH]:
            counts["resent"] += services.dispatch(job)
        lease = now - timedelta(seconds=settings.MESSAGE_LEASE_SECONDS)
        messages = Message.objects.filter(done_at__isnull=True, failed_at__isnull=True).filter(
            Q(claimed_at__isnull=True) | Q(claimed_at__lt=lease)
        )
        for message in messages.filter(_unsent(now)).order_by("created_at")[:BATCH]:
            counts["messages"] += outbox.dispatch_message(message)
    if any(counts.values()):
        logger.info("Sweeper: %s", counts)
    return counts


def purge_expired(now=None) -> int:
    """Delete jobs past their expiry, their files too (a file that another job still points
    at, an unchanged portfolio reusing it, is kept), and outbox rows done a month ago."""
    now = now or timezone.now()
    purged = 0
    with scopes_disabled():
        for job in Job.objects.filter(expires_at__lt=now):
            name = job.file.name
            storage = job.file.storage
            job.delete()
            if name and not Job.objects.filter(file=name).exists():
                storage.delete(name)
            purged += 1
        Message.objects.filter(done_at__lt=now - timedelta(days=30)).delete()
    return purged
