"""Sessions as iCalendar (RFC 5545) for e-mail attachments and the calendar feed."""

from django.conf import settings
from icalendar import Calendar, Event

from consultations.choices import Status
from consultations.models import Consultation

PRODID = "-//KLIK Baik//Consultations//ID"


def _event(consultation: Consultation) -> Event:
    event = Event()
    event.add("uid", f"session-{consultation.pk}@klikbaik")
    event.add("dtstamp", consultation.created_at)
    event.add("dtstart", consultation.starts_at)
    event.add("dtend", consultation.ends_at)
    event.add("summary", f"{consultation.session_type.name} · {consultation.agency.clinic_name}")
    where = (
        consultation.room.name
        if consultation.room
        else (consultation.session_type.meeting_link or consultation.agency.clinic_name)
    )
    event.add("location", where)
    event.add("description", consultation.need or "")
    event.add("organizer", f"mailto:{consultation.facilitator.user.email}")
    event.add(
        "status",
        "CANCELLED"
        if consultation.status in (Status.CANCELLED, Status.DECLINED)
        else ("CONFIRMED" if consultation.status == Status.CONFIRMED else "TENTATIVE"),
    )
    event.add("sequence", int(consultation.starts_at.timestamp()) % 100000)
    return event


def calendar(consultations, *, method: str | None = None) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    if method:
        cal.add("method", method)
    for consultation in consultations:
        cal.add_component(_event(consultation))
    return cal.to_ical()
