"""Writes of the booking: request, confirm, decline, cancel, complete.

A booking is checked against the facilitator's free slots (hours, notice, horizon, caps,
buffers) and written inside one transaction. On PostgreSQL the exclusion constraints of
migration 0002 refuse an overlap that slipped past the check because another request was
written at the same moment (or, when two writes wait for each other, ends one of them as a
deadlock); that refusal becomes the same clear message.
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from psycopg.errors import DeadlockDetected

from clinics.models import Agency
from clinics.services import activity_record
from consultations import selectors
from consultations.choices import ACTIVE, ParticipantStatus, Status
from consultations.models import Consultation, FacilitatorProfile, Participant, SessionType
from jobs import outbox

ERRORS = {
    "slot_taken": _("Someone else has just booked this time. Please choose another one."),
    "not_free": _(
        "This time is not among the facilitator's free slots (opening hours, "
        "notice, how far ahead, daily and weekly limits)."
    ),
    "nobody_free": _("No facilitator with this expertise is free at that time."),
    "past_cutoff": _(
        "It is too late to change this session: the clinic asks for "
        "%(hours)s hours' notice. Contact the facilitator."
    ),
    "not_allowed": _("This change is not possible for this session now."),
    "reason_required": _("Please give a reason."),
    "invitee_busy": _("Not free at that time (another confirmed session): %(names)s."),
    "you_are_busy": _("You have another confirmed session at that time."),
}


def _raise_if_not_lost_race(exc: Exception) -> None:
    """Let through only what losing a race for the time looks like: the exclusion
    constraints refusing an overlap (IntegrityError), or PostgreSQL's deadlock detector
    ending one of two writes that each waited for the other's overlapping row (two
    facilitators booked into one room at once); the other write stands."""
    if isinstance(exc, OperationalError) and not isinstance(exc.__cause__, DeadlockDetected):
        raise exc


def _log(consultation: Consultation, actor, code: str, **data):
    activity_record(
        agency=consultation.agency,
        actor=actor,
        action=code,
        target=consultation,
        data={k: v for k, v in data.items() if v},
    )


def _check_free(facilitator, session_type, starts_at, *, ignore=None) -> None:
    """Refuse a time that is not among the free slots, saying why: another booking that
    holds the facilitator or the room (a person who lost a race for the slot is told so),
    or the facilitator's hours and the type's rules."""
    day = timezone.localtime(starts_at, facilitator.agency.zoneinfo).date()
    if starts_at not in selectors.free_slots(facilitator, session_type, [day], ignore=ignore):
        if selectors.is_taken(facilitator, session_type, starts_at, ignore=ignore):
            raise ValidationError(ERRORS["slot_taken"], code="slot_taken")
        raise ValidationError(ERRORS["not_free"], code="not_free")


def pick_facilitator(
    agency: Agency, session_type: SessionType, expertise: str, starts_at: datetime
) -> FacilitatorProfile:
    """ "Anyone with expertise X": the least-booked facilitator of the week who is free."""
    candidates = selectors.facilitator_list(agency, expertise=expertise)
    day = timezone.localtime(starts_at, agency.zoneinfo).date()
    free = [p for p in candidates if starts_at in selectors.free_slots(p, session_type, [day])]
    if not free:
        if any(selectors.is_taken(p, session_type, starts_at) for p in candidates):
            raise ValidationError(ERRORS["slot_taken"], code="slot_taken")
        raise ValidationError(ERRORS["nobody_free"], code="nobody_free")
    load = selectors.load_this_week(free, day)
    return min(free, key=lambda p: (load.get(p.pk, 0), p.user.full_name, p.pk))


def consultation_book(
    *,
    booker,
    requester_agency: Agency,
    session_type: SessionType,
    facilitator: FacilitatorProfile,
    starts_at: datetime,
    innovation=None,
    dossier_section: str = "",
    need: str = "",
    confirmed: bool = False,
) -> Consultation:
    """Book ``facilitator`` at ``starts_at``. Exactly one of two simultaneous requests for
    overlapping time succeeds; the other gets ERRORS["slot_taken"]."""
    try:
        with transaction.atomic():
            _check_free(facilitator, session_type, starts_at)
            ends_at, busy_until = session_type.span(starts_at)
            consultation = Consultation.objects.create(
                agency=facilitator.agency,
                session_type=session_type,
                facilitator=facilitator,
                room=session_type.room,
                starts_at=starts_at,
                ends_at=ends_at,
                busy_until=busy_until,
                status=Status.CONFIRMED if confirmed else Status.REQUESTED,
                requested_by=booker,
                requester_agency=requester_agency,
                innovation=innovation,
                dossier_section=dossier_section,
                need=need,
            )
            _log(
                consultation, booker, "consultations.session.requested", status=consultation.status
            )
            _notify(consultation, "requested")
    except (IntegrityError, OperationalError) as exc:
        _raise_if_not_lost_race(exc)
        raise ValidationError(ERRORS["slot_taken"], code="slot_taken") from exc
    return consultation


def _locked(consultation: Consultation) -> Consultation:
    return (
        Consultation.objects.select_for_update()
        .select_related("session_type", "facilitator__agency")
        .get(pk=consultation.pk)
    )


def revise(locked: Consultation, *fields: str) -> None:
    """Save a change of the session's time, place or status (``fields``, set on the
    locked row) as a new revision of its calendar event: the SEQUENCE rises by one."""
    locked.sequence += 1
    locked.save(update_fields=[*fields, "sequence"])


def _notify(consultation: Consultation, event: str) -> None:
    """E-mail the people of the session once the change commits (kept in the outbox until
    a worker has sent it)."""
    from consultations.tasks import send_session_email

    outbox.deliver(send_session_email, consultation.agency_id, consultation.pk, event)


@transaction.atomic
def consultation_confirm(*, actor, consultation: Consultation) -> Consultation:
    locked = _locked(consultation)
    if locked.status != Status.REQUESTED:
        raise ValidationError(ERRORS["not_allowed"], code="not_allowed")
    locked.status = Status.CONFIRMED
    revise(locked, "status")
    _log(locked, actor, "consultations.session.confirmed")
    _notify(locked, "confirmed")
    return locked


@transaction.atomic
def consultation_decline(*, actor, consultation: Consultation, reason: str) -> Consultation:
    locked = _locked(consultation)
    if locked.status != Status.REQUESTED:
        raise ValidationError(ERRORS["not_allowed"], code="not_allowed")
    if not reason.strip():
        raise ValidationError(ERRORS["reason_required"], code="reason_required")
    locked.status, locked.reason = Status.DECLINED, reason.strip()
    revise(locked, "status", "reason")
    _log(locked, actor, "consultations.session.declined", comment=locked.reason)
    _notify(locked, "declined")
    return locked


def _before_cutoff(consultation: Consultation) -> None:
    hours = consultation.session_type.cancel_cutoff_hours
    if timezone.now() > consultation.starts_at - timedelta(hours=hours):
        raise ValidationError(ERRORS["past_cutoff"], code="past_cutoff", params={"hours": hours})


@transaction.atomic
def consultation_cancel(
    *, actor, consultation: Consultation, reason: str = "", by_facilitator: bool = False
) -> Consultation:
    """The booker cancels before the cutoff; the facilitator (or an admin) at any time."""
    locked = _locked(consultation)
    if locked.status not in ACTIVE:
        raise ValidationError(ERRORS["not_allowed"], code="not_allowed")
    if not by_facilitator:
        _before_cutoff(locked)
    locked.status, locked.reason = Status.CANCELLED, reason.strip()
    revise(locked, "status", "reason")
    _log(locked, actor, "consultations.session.cancelled", comment=locked.reason)
    _notify(locked, "cancelled")
    return locked


def consultation_reschedule(
    *, actor, consultation: Consultation, starts_at: datetime, check_cutoff: bool = True
) -> Consultation:
    """Move the session (before the cutoff) to another free time; it needs confirming
    again. The exclusion constraint guards the new time like a new booking."""
    try:
        with transaction.atomic():
            locked = _locked(consultation)
            if locked.status not in ACTIVE:
                raise ValidationError(ERRORS["not_allowed"], code="not_allowed")
            if check_cutoff:
                _before_cutoff(locked)
            _check_free(locked.facilitator, locked.session_type, starts_at, ignore=locked)
            old = locked.starts_at
            duration = locked.ends_at - locked.starts_at
            locked.starts_at, locked.ends_at = starts_at, starts_at + duration
            locked.busy_until = locked.ends_at + timedelta(
                minutes=locked.session_type.buffer_minutes
            )
            locked.status, locked.proposed_starts_at = Status.REQUESTED, None
            locked.reminder_sent_at = None
            revise(
                locked,
                "starts_at",
                "ends_at",
                "busy_until",
                "status",
                "proposed_starts_at",
                "reminder_sent_at",
            )
            _log(
                locked,
                actor,
                "consultations.session.rescheduled",
                old=old.isoformat(),
                new=starts_at.isoformat(),
            )
    except (IntegrityError, OperationalError) as exc:
        _raise_if_not_lost_race(exc)
        raise ValidationError(ERRORS["slot_taken"], code="slot_taken") from exc
    _notify(locked, "changed")
    return locked


@transaction.atomic
def consultation_complete(
    *,
    actor,
    consultation: Consultation,
    notes: str,
    no_show: bool = False,
    actions: list[dict] | None = None,
    phase: str = "",
) -> Consultation:
    """Record the session as held (with its notes, agreed actions and the innovation's new
    5D phase, all of which go on the innovation's timeline) or as a no-show."""
    locked = _locked(consultation)
    if locked.status != Status.CONFIRMED or locked.starts_at > timezone.now():
        raise ValidationError(ERRORS["not_allowed"], code="not_allowed")
    locked.status = Status.NO_SHOW if no_show else Status.COMPLETED
    locked.notes = notes.strip()
    revise(locked, "status", "notes")
    _log(locked, actor, f"consultations.session.{locked.status}", comment=locked.notes)
    if not no_show and locked.innovation_id:
        from innovations.services import coaching_outcome_record

        coaching_outcome_record(
            coach=actor,
            innovation=locked.innovation,
            notes=locked.notes,
            actions=actions or [],
            phase=phase,
        )
    return locked


def _busy_elsewhere(users, starts_at, busy_until, *, exclude=None) -> list:
    """The people among ``users`` who have another confirmed session at that time. Their
    user rows are locked first, so that two bookings involving the same person are decided
    one after the other."""
    from clinics.models import User

    ids = sorted({user.pk for user in users})
    list(User.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    busy = selectors.people_in_confirmed_sessions(ids, starts_at, busy_until, exclude=exclude)
    return [user for user in users if user.pk in busy]


def consultation_schedule(
    *,
    actor,
    facilitator: FacilitatorProfile,
    session_type: SessionType,
    starts_at: datetime,
    innovation=None,
    invitees=(),
    follows: Consultation | None = None,
) -> Consultation:
    """A facilitator (or an admin on their behalf) schedules a session: with an innovation's
    team, who are invited and accept or decline; or a group session in a room that staff
    register for. It is confirmed at once; the same rules and guarantees as a booking hold,
    and the invited people must have no other confirmed session at that time."""
    ends_at, busy_until = session_type.span(starts_at)
    invitees = [user for user in invitees if user.pk != facilitator.user_id]
    try:
        with transaction.atomic():
            _check_free(facilitator, session_type, starts_at)
            clashing = _busy_elsewhere(invitees, starts_at, busy_until)
            if clashing:
                raise ValidationError(
                    ERRORS["invitee_busy"],
                    code="invitee_busy",
                    params={"names": ", ".join(map(str, clashing))},
                )
            consultation = Consultation.objects.create(
                agency=facilitator.agency,
                session_type=session_type,
                facilitator=facilitator,
                room=session_type.room,
                starts_at=starts_at,
                ends_at=ends_at,
                busy_until=busy_until,
                status=Status.CONFIRMED,
                requested_by=actor,
                requester_agency=facilitator.agency,
                innovation=innovation,
                follows=follows,
            )
            Participant.objects.bulk_create(
                Participant(
                    agency=facilitator.agency,
                    consultation=consultation,
                    user=user,
                    status=ParticipantStatus.INVITED,
                )
                for user in invitees
            )
            _log(
                consultation,
                actor,
                "consultations.session.scheduled",
                comment=", ".join(map(str, invitees)),
            )
    except (IntegrityError, OperationalError) as exc:
        _raise_if_not_lost_race(exc)
        raise ValidationError(ERRORS["slot_taken"], code="slot_taken") from exc
    _notify(consultation, "confirmed")
    return consultation


def consultation_follow_up(*, actor, consultation: Consultation, weeks: int = 2) -> Consultation:
    """ "Same time in two weeks": the same facilitator, type, innovation and people."""
    people = [consultation.requested_by] + [
        p.user
        for p in consultation.participants.select_related("user")
        if p.status in (ParticipantStatus.ACCEPTED, ParticipantStatus.INVITED)
    ]
    return consultation_schedule(
        actor=actor,
        facilitator=consultation.facilitator,
        session_type=consultation.session_type,
        starts_at=consultation.starts_at + timedelta(weeks=weeks),
        innovation=consultation.innovation,
        invitees=people,
        follows=consultation,
    )


@transaction.atomic
def participant_respond(*, user, consultation: Consultation, accept: bool) -> Participant:
    """An invited team member accepts (if free at that time) or declines."""
    participant = (
        Participant.objects.select_for_update()
        .filter(
            consultation=consultation,
            user=user,
            status__in=[
                ParticipantStatus.INVITED,
                ParticipantStatus.ACCEPTED,
                ParticipantStatus.DECLINED,
            ],
        )
        .first()
    )
    if participant is None or consultation.status != Status.CONFIRMED:
        raise ValidationError(ERRORS["not_allowed"], code="not_allowed")
    if accept and _busy_elsewhere(
        [user], consultation.starts_at, consultation.busy_until, exclude=consultation
    ):
        raise ValidationError(ERRORS["you_are_busy"], code="you_are_busy")
    participant.status = ParticipantStatus.ACCEPTED if accept else ParticipantStatus.DECLINED
    participant.save(update_fields=["status"])
    _log(consultation, user, f"consultations.participant.{participant.status}")
    return participant


@transaction.atomic
def participant_register(*, user, consultation: Consultation) -> Participant:
    """Join a group session: a place while there is one, else the waiting list."""
    locked = (
        Consultation.objects.select_for_update()
        .select_related("session_type")
        .get(pk=consultation.pk)
    )
    if not locked.session_type.is_group or locked.status != Status.CONFIRMED:
        raise ValidationError(ERRORS["not_allowed"], code="not_allowed")
    taken = locked.participants.filter(status=ParticipantStatus.ACCEPTED).count()
    status = (
        ParticipantStatus.ACCEPTED
        if taken < locked.session_type.capacity
        else ParticipantStatus.WAITLISTED
    )
    participant, created = Participant.objects.get_or_create(
        agency=locked.agency, consultation=locked, user=user, defaults={"status": status}
    )
    if not created:
        if participant.status in (ParticipantStatus.ACCEPTED, ParticipantStatus.WAITLISTED):
            return participant
        participant.status = status
        participant.save(update_fields=["status"])
    _log(locked, user, f"consultations.participant.{status}")
    return participant


@transaction.atomic
def participant_leave(*, user, consultation: Consultation) -> None:
    """Give up a place (or leave the waiting list); the first on the list moves up."""
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    participant = (
        locked.participants.filter(user=user).exclude(status=ParticipantStatus.CANCELLED).first()
    )
    if participant is None:
        raise ValidationError(ERRORS["not_allowed"], code="not_allowed")
    had_place = participant.status == ParticipantStatus.ACCEPTED
    participant.status = ParticipantStatus.CANCELLED
    participant.save(update_fields=["status"])
    _log(locked, user, "consultations.participant.cancelled")
    if had_place:
        first = (
            locked.participants.filter(status=ParticipantStatus.WAITLISTED)
            .order_by("created_at", "id")
            .first()
        )
        if first is not None:
            first.status = ParticipantStatus.ACCEPTED
            first.save(update_fields=["status"])
            _log(locked, first.user, "consultations.participant.moved_up")
            _notify(locked, "changed")  # the one who moved up hears of their place


@transaction.atomic
def consultation_propose(*, actor, consultation: Consultation, starts_at: datetime) -> Consultation:
    """The facilitator proposes another time for a requested session; the booker accepts
    it (``consultation_accept_proposal``) or cancels."""
    locked = _locked(consultation)
    if locked.status != Status.REQUESTED:
        raise ValidationError(ERRORS["not_allowed"], code="not_allowed")
    _check_free(locked.facilitator, locked.session_type, starts_at, ignore=locked)
    locked.proposed_starts_at = starts_at
    revise(locked, "proposed_starts_at")  # calendars show the proposed time (ics.times)
    _log(locked, actor, "consultations.session.proposed", new=starts_at.isoformat())
    _notify(locked, "proposed")
    return locked


def consultation_accept_proposal(*, actor, consultation: Consultation) -> Consultation:
    """The booker takes the proposed time: the session moves there, confirmed."""
    if consultation.proposed_starts_at is None:
        raise ValidationError(ERRORS["not_allowed"], code="not_allowed")
    with transaction.atomic():
        moved = consultation_reschedule(
            actor=actor,
            consultation=consultation,
            starts_at=consultation.proposed_starts_at,
            check_cutoff=False,
        )
        moved.status, moved.proposed_starts_at = Status.CONFIRMED, None
        revise(moved, "status", "proposed_starts_at")
        _log(moved, actor, "consultations.session.confirmed")
    return moved
