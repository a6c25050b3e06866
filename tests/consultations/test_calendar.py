"""Calendar files by RFC 5545 / RFC 5546, read back by two independent parsers (icalendar
and vobject): one UID per session, a SEQUENCE that rises with every change of time, place
or status, DTSTAMP when the file is made, invitations with ORGANIZER and ATTENDEE,
cancellations as METHOD:CANCEL, the proposed time in a proposal, the right STATUS in the
facilitator's feed."""

from datetime import timedelta

import lxml.html
import pytest
import vobject
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from consultations.models import Consultation
from tests.consultations.test_booking import _book


def _calendar_part(message):
    """The text/calendar part of an e-mail as it goes out (MIME), with its parameters."""
    parts = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    part = parts[0]
    assert part.get_filename() == "session.ics"
    assert part.get_content_charset() == "utf-8"
    return part.get_param("method"), part.get_payload(decode=True).decode("utf-8")


class Read:
    """One calendar file as both parsers see it; they must agree."""

    def __init__(self, text: str):
        self.icalendar = Calendar.from_ical(text)
        self.vobject = vobject.readOne(text)
        events = list(self.icalendar.walk("VEVENT"))
        assert len(events) == 1 and len(self.vobject.vevent_list) == 1
        self.event, self.vevent = events[0], self.vobject.vevent
        assert str(self.event["uid"]) == self.vevent.uid.value
        assert int(self.event["sequence"]) == int(self.vevent.sequence.value)
        assert self.event.decoded("dtstart") == self.vevent.dtstart.value
        assert str(self.event["status"]) == self.vevent.status.value

    @property
    def method(self):
        return str(self.icalendar.get("method", "")) or None

    uid = property(lambda self: str(self.event["uid"]))
    sequence = property(lambda self: int(self.event["sequence"]))
    start = property(lambda self: self.event.decoded("dtstart"))
    status = property(lambda self: str(self.event["status"]))
    stamp = property(lambda self: self.event.decoded("dtstamp"))

    def attendees(self) -> dict[str, str]:
        """E-mail address → participation status, from vobject."""
        return {
            a.value.removeprefix("mailto:"): a.params["PARTSTAT"][0]
            for a in getattr(self.vevent, "attendee_list", [])
        }


def _last_file(expected_method):
    method, text = _calendar_part(mail.outbox[-1])
    read = Read(text)
    assert method == read.method == expected_method
    return read


def _move(client, agency, session, action, **data):
    return client.post(reverse("consultations:move", args=[agency.slug, session.pk, action]), data)


def test_request_confirm_move_cancel_raises_the_sequence_under_one_uid(
    client,
    agency_a,
    staff_a,
    facilitator_a,
    consult_a,
    coach_a,
    slot,
    unscoped,
    django_capture_on_commit_callbacks,
):
    client.force_login(staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        _book(client, agency_a, consult_a, coach_a, slot)
    session = Consultation.objects.get()
    requested = _last_file("REQUEST")
    assert requested.uid == f"session-{session.pk}@klikbaik"
    assert (requested.start, requested.status) == (slot, "TENTATIVE")
    assert str(requested.event["organizer"]) == f"mailto:{facilitator_a.email}"
    assert requested.vevent.organizer.params["CN"] == [str(facilitator_a)]
    assert requested.attendees() == {staff_a.email: "ACCEPTED"}
    # DTSTAMP is when the file was made, not when the session was booked.
    assert abs(requested.stamp - timezone.now()) < timedelta(minutes=1)
    link = f"https://klikbaik.test/{agency_a.slug}/consultations/{session.pk}/"
    assert str(requested.event["url"]) == link

    client.force_login(facilitator_a)
    with django_capture_on_commit_callbacks(execute=True):
        _move(client, agency_a, session, "confirm")
    confirmed = _last_file("REQUEST")
    assert confirmed.status == "CONFIRMED"

    client.force_login(staff_a)
    later = (slot + timedelta(days=1)).astimezone(agency_a.zoneinfo)
    with django_capture_on_commit_callbacks(execute=True):
        _move(client, agency_a, session, "reschedule", starts_at=later.strftime("%Y-%m-%dT%H:%M"))
    moved = _last_file("REQUEST")
    assert moved.start == later

    with django_capture_on_commit_callbacks(execute=True):
        _move(client, agency_a, session, "cancel", reason="Bentrok rapat")
    cancelled = _last_file("CANCEL")
    assert cancelled.status == "CANCELLED"
    assert cancelled.attendees() == {staff_a.email: "ACCEPTED"}

    files = [requested, confirmed, moved, cancelled]
    assert len({f.uid for f in files}) == 1
    sequences = [f.sequence for f in files]
    assert sequences == sorted(set(sequences)), sequences  # strictly rising
    session.refresh_from_db()
    assert session.sequence == cancelled.sequence


def test_a_moved_session_is_newer_even_when_it_moves_earlier(
    client, agency_a, staff_a, consult_a, coach_a, slot, unscoped
):
    """The old counter came from the start time: moving earlier lowered it."""
    client.force_login(staff_a)
    _book(client, agency_a, consult_a, coach_a, slot + timedelta(hours=3))
    session = Consultation.objects.get()
    before = session.sequence
    earlier = slot.astimezone(agency_a.zoneinfo)
    _move(client, agency_a, session, "reschedule", starts_at=earlier.strftime("%Y-%m-%dT%H:%M"))
    session.refresh_from_db()
    assert session.starts_at == slot and session.sequence == before + 1


def test_the_proposal_carries_the_proposed_time(
    client,
    agency_a,
    staff_a,
    facilitator_a,
    consult_a,
    coach_a,
    slot,
    unscoped,
    django_capture_on_commit_callbacks,
):
    client.force_login(staff_a)
    _book(client, agency_a, consult_a, coach_a, slot)
    session = Consultation.objects.get()
    later = slot + timedelta(hours=2)
    client.force_login(facilitator_a)
    with django_capture_on_commit_callbacks(execute=True):
        _move(
            client,
            agency_a,
            session,
            "propose",
            starts_at=later.astimezone(agency_a.zoneinfo).strftime("%Y-%m-%dT%H:%M"),
        )
    message = mail.outbox[-1]
    local = later.astimezone(agency_a.zoneinfo)
    assert f"{local:%H:%M}" in message.subject
    assert ("New time proposed" in message.subject) or ("Usulan waktu baru" in message.subject)
    assert f"{local:%H:%M}" in message.body
    assert f"{slot.astimezone(agency_a.zoneinfo):%H:%M}" in message.body  # what was asked for
    proposal = _last_file("REQUEST")
    assert (proposal.start, proposal.status) == (later, "TENTATIVE")

    client.force_login(staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        _move(client, agency_a, session, "accept-proposal")
    accepted = _last_file("REQUEST")
    assert (accepted.start, accepted.status) == (later, "CONFIRMED")
    assert accepted.sequence > proposal.sequence
    assert accepted.uid == proposal.uid


def test_invited_team_members_are_attendees_who_are_asked_to_answer(
    agency_a,
    facilitator_a,
    staff_a,
    admin_a,
    consult_a,
    coach_a,
    slot,
    unscoped,
    django_capture_on_commit_callbacks,
):
    from consultations import services
    from tests.innovations.factories import InnovationFactory

    innovation = InnovationFactory(agency=agency_a, author=staff_a, status="coaching")
    with django_capture_on_commit_callbacks(execute=True):
        session = services.consultation_schedule(
            actor=facilitator_a,
            facilitator=coach_a,
            session_type=consult_a,
            starts_at=slot,
            innovation=innovation,
            invitees=[staff_a, admin_a],
        )
    assert session.requested_by == facilitator_a
    invitation = _last_file("REQUEST")
    assert invitation.attendees() == {staff_a.email: "NEEDS-ACTION", admin_a.email: "NEEDS-ACTION"}
    assert {a.params["RSVP"][0] for a in invitation.vevent.attendee_list} == {"TRUE"}
    assert facilitator_a.email not in invitation.attendees()  # the organiser


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("requested", "TENTATIVE"),
        ("confirmed", "CONFIRMED"),
        ("completed", "CONFIRMED"),
        ("no_show", "CONFIRMED"),
        ("cancelled", "CANCELLED"),
        ("declined", "CANCELLED"),
    ],
)
def test_the_feed_says_what_became_of_each_session(
    client, agency_a, staff_a, consult_a, coach_a, slot, unscoped, status, expected
):
    client.force_login(staff_a)
    _book(client, agency_a, consult_a, coach_a, slot)
    Consultation.objects.update(status=status)
    client.logout()
    response = client.get(reverse("calendar_feed", args=[coach_a.calendar_token]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode("utf-8")
    read = Read(text)
    assert read.method is None  # a published feed, not an invitation
    assert read.status == expected


def test_the_session_email_has_both_parts_and_links_to_the_session(
    client,
    agency_a,
    staff_a,
    consult_a,
    coach_a,
    slot,
    unscoped,
    django_capture_on_commit_callbacks,
):
    consult_a.name = "Ibu & Anak 'Sehat'"
    consult_a.save()
    client.force_login(staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        _book(client, agency_a, consult_a, coach_a, slot)
    session = Consultation.objects.get()
    message = mail.outbox[-1]
    link = f"https://klikbaik.test/{agency_a.slug}/consultations/{session.pk}/"
    assert "Ibu & Anak 'Sehat'" in message.subject and "Ibu & Anak 'Sehat'" in message.body
    assert "&amp;" not in message.body and "&#x27;" not in message.body
    assert link in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    page = lxml.html.fromstring(html)
    assert link in page.xpath("//a/@href")
    assert "Ibu & Anak 'Sehat'" in page.text_content()
    assert "&amp;amp;" not in html
