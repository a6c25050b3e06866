"""The outbox: e-mails (and other fire-and-forget tasks) that must not be lost or doubled.

``deliver(task, agency_id, *args)`` keeps a ``Message`` row in the caller's transaction and
sends the task after the commit; the sweeper re-sends it until a worker has done it. The
task, declared with ``base=OutboxTask``, claims its row before it runs and marks it done
after, so a repeated delivery does nothing. ``key`` makes the row unique: scheduled work
(a reminder per stage and day) claims its unit by creating it, and whoever comes second
(another beat, a repeated run) finds the key taken and sends nothing.

A message's arguments are erased once it is done (an invitation link holds its secret).
"""

import logging
from datetime import timedelta
from functools import partial

from celery import Task
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django_scopes import scope

from jobs.models import Message
from jobs.services import publish

logger = logging.getLogger(__name__)


def deliver(task, agency_id: int, *args, key: str | None = None, queue: str = "mail"):
    """Run ``task(agency_id, *args)`` once, after the commit. Returns the Message, or None
    when ``key`` was already taken (the unit is someone else's)."""
    messages = Message.objects.with_scope(agency=agency_id)
    fields = {"agency_id": agency_id, "task": task.name, "args": list(args), "queue": queue}
    if key is None:
        message = messages.create(**fields)
    else:
        try:
            with transaction.atomic():
                message = messages.create(key=key, **fields)
        except IntegrityError:
            return None
    transaction.on_commit(partial(dispatch_message, message))
    return message


def dispatch_message(message: Message) -> bool:
    sent = publish(
        message.task,
        [message.agency_id, *message.args],
        {"message": message.pk},
        queue=message.queue,
    )
    if sent:
        Message.objects.with_scope(agency=message.agency_id).filter(
            pk=message.pk, done_at__isnull=True
        ).update(dispatched_at=timezone.now())
    return sent


def _claim(message_id: int) -> bool:
    now = timezone.now()
    lease = now - timedelta(seconds=settings.MESSAGE_LEASE_SECONDS)
    rows = Message.objects.filter(pk=message_id, done_at__isnull=True, failed_at__isnull=True)
    if not rows.filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=lease)).update(
        claimed_at=now, attempts=F("attempts") + 1
    ):
        return False
    if rows.filter(attempts__gt=settings.MESSAGE_MAX_ATTEMPTS).update(failed_at=now):
        logger.error(
            "Message %s failed %s times; given up.", message_id, settings.MESSAGE_MAX_ATTEMPTS
        )
        return False
    return True


class OutboxTask(Task):
    """Base of a task sent through ``deliver``: called as ``task(agency_id, *args)`` inside
    the agency's scope, once per message. Called without a message (a test, the shell) it
    simply runs."""

    abstract = True
    typing = False  # ``message`` is ours, not in the task's own signature

    def __call__(self, agency_id, *args, message: int | None = None, **kwargs):
        with scope(agency=agency_id):
            if message is None:
                return super().__call__(agency_id, *args, **kwargs)
            if not _claim(message):
                return None
            rows = Message.objects.filter(pk=message)
            try:
                result = super().__call__(agency_id, *args, **kwargs)
            except BaseException as exc:
                # Give the claim back: a retry, or the sweeper, sends it again.
                rows.update(claimed_at=None, error=repr(exc)[:2000])
                raise
            rows.update(done_at=timezone.now(), args=[], error="")
            return result
