"""Sessions as iCalendar (RFC 5545) for e-mail invitations (iTIP, RFC 5546) and the
facilitator's calendar feed.

One session is one event whose ``UID`` never changes. Its ``SEQUENCE`` is the session's
stored revision counter (``Consultation.sequence``), which rises with every change of time,
place or status, so a calendar program takes a moved or cancelled session as newer than
what it has. ``DTSTAMP`` is when the file is made. While the facilitator's proposal of
another time is open, the event stands at the proposed time (tentative) until the booker
accepts it or cancels.
"""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from consultations.choices import ParticipantStatus, Status
from consultations.models import Consultation
from klikbaik.links import portal_url

PRODID = "-//KLIK Baik//Consultations//ID"
CONTENT_TYPE = "text/calendar; charset=utf-8"

# A session's status as a calendar event's STATUS (RFC 5545 3.8.1.11): held sessions, and
# no-shows, took place as confirmed.
EVENT_STATUS = {
    Status.REQUESTED: "TENTATIVE",
    Status.CONFIRMED: "CONFIRMED",
    Status.COMPLETED: "CONFIRMED",
    Status.NO_SHOW: "CONFIRMED",
    Status.CANCELLED: "CANCELLED",
    Status.DECLINED: "CANCELLED",
}
# A participant's place as an attendee's PARTSTAT.
PARTSTAT = {
    ParticipantStatus.INVITED: "NEEDS-ACTION",
    ParticipantStatus.ACCEPTED: "ACCEPTED",
    ParticipantStatus.DECLINED: "DECLINED",
}


def uid(consultation: Consultation) -> str:
    return f"session-{consultation.pk}@klikbaik"


def times(consultation: Consultation):
    """Start and end as calendars should show them: the proposed time while a proposal
    is open, else the booked one."""
    if consultation.status == Status.REQUESTED and consultation.proposed_starts_at:
        starts = consultation.proposed_starts_at
        return starts, starts + (consultation.ends_at - consultation.starts_at)
    return consultation.starts_at, consultation.ends_at


def where(consultation: Consultation) -> str:
    if consultation.room:
        return consultation.room.name
    return consultation.session_type.meeting_link or consultation.agency.clinic_name


def _address(user, **params) -> vCalAddress:
    address = vCalAddress(f"mailto:{user.email}")
    address.params["CN"] = vText(str(user))
    address.params.update(params)
    return address


def _attendees(consultation: Consultation, *, rsvp: bool) -> list[vCalAddress]:
    """The booker and everyone invited, accepted or declined (not the facilitator, who is
    the organiser). ``participants`` should be prefetched with their users."""
    people = {}
    if consultation.requested_by_id != consultation.facilitator.user_id:
        people[consultation.requested_by_id] = (consultation.requested_by, "ACCEPTED")
    for participant in consultation.participants.all():
        if participant.status in PARTSTAT:
            people[participant.user_id] = (participant.user, PARTSTAT[participant.status])
    return [
        _address(
            user,
            ROLE="REQ-PARTICIPANT",
            PARTSTAT=partstat,
            **({"RSVP": "TRUE"} if rsvp and partstat == "NEEDS-ACTION" else {}),
        )
        for user, partstat in people.values()
    ]


def _event(consultation: Consultation, *, method: str | None) -> Event:
    starts, ends = times(consultation)
    event = Event()
    event.add("uid", uid(consultation))
    event.add("sequence", consultation.sequence)
    event.add("dtstamp", timezone.now())
    event.add("created", consultation.created_at)
    event.add("dtstart", starts)
    event.add("dtend", ends)
    event.add("summary", f"{consultation.session_type.name} · {consultation.agency.clinic_name}")
    event.add("location", where(consultation))
    event.add("description", consultation.need or "")
    event.add("url", portal_url("consultations:detail", consultation.agency.slug, consultation.pk))
    event.add("status", EVENT_STATUS[consultation.status])
    event.add("organizer", _address(consultation.facilitator.user))
    for attendee in _attendees(consultation, rsvp=method == "REQUEST"):
        event.add("attendee", attendee)
    return event


def calendar(consultations, *, method: str | None = None) -> bytes:
    """The sessions as one calendar: an invitation (``method="REQUEST"``), a cancellation
    (``"CANCEL"``) or, without a method, a published feed."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    else:
        cal.add("x-wr-timezone", settings.TIME_ZONE)
    for consultation in consultations:
        cal.add_component(_event(consultation, method=method))
    return cal.to_ical()
