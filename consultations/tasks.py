"""Background work of the booking: e-mail with calendar files, and day-before reminders."""

from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from consultations import ics
from consultations.choices import ParticipantStatus, Status
from consultations.models import Consultation
from jobs import outbox
from klikbaik.mail import send_to_people

RELATED = ("agency", "session_type", "facilitator__user", "room", "requested_by")


def _loaded():
    return Consultation.objects.select_related(*RELATED).prefetch_related("participants__user")


def _send(consultation: Consultation, event: str) -> None:
    people = [consultation.requested_by, consultation.facilitator.user]
    people += [
        p.user
        for p in consultation.participants.all()
        if p.status in (ParticipantStatus.INVITED, ParticipantStatus.ACCEPTED)
    ]
    zone = consultation.agency.zoneinfo
    starts, _ends = ics.times(consultation)
    context = {
        "session": consultation,
        "event": event,
        "local_start": timezone.localtime(starts, zone),
        "booked_start": timezone.localtime(consultation.starts_at, zone),
        "where": ics.where(consultation),
    }
    method = "CANCEL" if event in ("cancelled", "declined") else "REQUEST"
    send_to_people(
        "consultations/email/session_subject.txt",
        "consultations/email/session_body.txt",
        context,
        people=people,
        attachments=[
            (
                "session.ics",
                ics.calendar([consultation], method=method).decode(),
                f"{ics.CONTENT_TYPE}; method={method}",
            )
        ],
    )


@shared_task(base=outbox.OutboxTask, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_session_email(agency_id: int, consultation_id: int, event: str) -> None:
    """Tell the booker and the facilitator what happened, with the session as .ics (sent
    through the outbox, once per message)."""
    consultation = _loaded().filter(pk=consultation_id).first()
    if consultation is not None:
        _send(consultation, event)


@shared_task
def send_reminders() -> int:
    """Remind of confirmed sessions starting within a day. Each session is claimed with a
    conditional update and its reminder kept in the outbox in the same transaction, so a
    reminder goes out once even if this runs twice, and is not lost if the mail fails."""
    now = timezone.now()
    sent = 0
    with scopes_disabled():
        due = Consultation.objects.filter(
            status=Status.CONFIRMED,
            reminder_sent_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=now + timedelta(days=1),
        ).values_list("pk", "agency_id")
        for pk, agency_id in list(due):
            with transaction.atomic():
                claimed = Consultation.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(
                    reminder_sent_at=now
                )
                if claimed:
                    outbox.deliver(
                        send_session_email,
                        agency_id,
                        pk,
                        "reminder",
                        key=f"consultations.reminder:{pk}",
                    )
                    sent += 1
    return sent
