"""Booking through the pages: who may, what the facilitator does, bad input, open clinics."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from consultations.models import Consultation
from consultations.tasks import send_reminders


def _book(client, agency, consult, coach, start, **extra):
    url = reverse("consultations:book", args=[agency.slug])
    query = (
        f"?session_type={consult.pk}&facilitator={coach.pk if coach else ''}"
        f"&expertise={extra.pop('expertise', '')}&week={start.date().isoformat()}"
    )
    return client.post(url + query, {"starts_at": start.isoformat(), "need": "Bantu SOP", **extra})


def test_staff_books_and_the_facilitator_confirms(
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
    page = client.get(
        reverse("consultations:book", args=[agency_a.slug]),
        {"session_type": consult_a.pk, "facilitator": coach_a.pk, "week": slot.date().isoformat()},
    )
    assert slot.isoformat() in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = _book(client, agency_a, consult_a, coach_a, slot)
    session = Consultation.objects.get()
    assert response["Location"] == reverse("consultations:detail", args=[agency_a.slug, session.pk])
    assert (session.status, session.requested_by, session.starts_at) == ("requested", staff_a, slot)
    assert mail.outbox[-1].attachments[0][0] == "session.ics"
    event = Calendar.from_ical(mail.outbox[-1].attachments[0][1]).walk("VEVENT")[0]
    assert event.decoded("dtstart") == slot

    client.force_login(facilitator_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("consultations:move", args=[agency_a.slug, session.pk, "confirm"]))
    session.refresh_from_db()
    assert session.status == "confirmed"
    assert (
        "Session confirmed" in mail.outbox[-1].subject or "dikonfirmasi" in mail.outbox[-1].subject
    )


def test_a_taken_slot_is_refused_with_a_message_and_nothing_saved(
    client, agency_a, staff_a, admin_a, consult_a, coach_a, slot, unscoped
):
    client.force_login(staff_a)
    _book(client, agency_a, consult_a, coach_a, slot)
    client.force_login(admin_a)
    response = _book(client, agency_a, consult_a, coach_a, slot + timedelta(minutes=30))
    assert response.status_code == 200
    assert "Someone else has just booked this time" in response.content.decode()
    assert "Bantu SOP" in response.content.decode()
    assert Consultation.objects.count() == 1


@pytest.mark.parametrize("shift", [timedelta(days=-3), timedelta(hours=10)])
def test_past_or_outside_hours_is_refused(
    client, agency_a, staff_a, consult_a, coach_a, slot, shift, unscoped
):
    client.force_login(staff_a)
    response = _book(client, agency_a, consult_a, coach_a, slot + shift)  # 19:00: closed
    assert response.status_code == 200
    assert not Consultation.objects.exists()


def test_anyone_with_expertise_gets_the_least_booked(
    client, agency_a, staff_a, consult_a, coach_a, slot, unscoped
):
    client.force_login(staff_a)
    _book(client, agency_a, consult_a, None, slot, expertise="design_thinking")
    assert Consultation.objects.get().facilitator == coach_a
    response = _book(
        client,
        agency_a,
        consult_a,
        None,
        slot + timedelta(hours=3),
        expertise="competition_writing",
    )
    assert "No facilitator with this expertise is free" in response.content.decode()


def test_the_booker_cancels_before_the_cutoff_only(
    client, agency_a, staff_a, consult_a, coach_a, slot, unscoped
):
    client.force_login(staff_a)
    _book(client, agency_a, consult_a, coach_a, slot)
    session = Consultation.objects.get()
    session.session_type.cancel_cutoff_hours = 24 * 7
    session.session_type.save()
    page = client.post(
        reverse("consultations:move", args=[agency_a.slug, session.pk, "cancel"]), follow=True
    ).content.decode()
    assert "too late to change" in page
    session.session_type.cancel_cutoff_hours = 1
    session.session_type.save()
    client.post(reverse("consultations:move", args=[agency_a.slug, session.pk, "cancel"]))
    session.refresh_from_db()
    assert session.status == "cancelled"


def test_staff_cannot_confirm_and_declining_needs_a_reason(
    client, agency_a, staff_a, facilitator_a, consult_a, coach_a, slot, unscoped
):
    client.force_login(staff_a)
    _book(client, agency_a, consult_a, coach_a, slot)
    session = Consultation.objects.get()
    assert (
        client.post(
            reverse("consultations:move", args=[agency_a.slug, session.pk, "confirm"])
        ).status_code
        == 403
    )
    client.force_login(facilitator_a)
    page = client.post(
        reverse("consultations:move", args=[agency_a.slug, session.pk, "decline"]), follow=True
    )
    assert "Please give a reason" in page.content.decode()
    client.post(
        reverse("consultations:move", args=[agency_a.slug, session.pk, "decline"]),
        {"reason": "Sedang dinas luar."},
    )
    session.refresh_from_db()
    assert (session.status, session.reason) == ("declined", "Sedang dinas luar.")


def test_an_open_clinic_is_booked_from_another_agency(
    client, agency_a, admin_c, consult_a, coach_a, slot, unscoped
):
    assert agency_a.is_open
    client.force_login(admin_c)
    assert client.get(reverse("consultations:book", args=[agency_a.slug])).status_code == 200
    _book(client, agency_a, consult_a, coach_a, slot)
    session = Consultation.objects.get()
    assert (session.agency, session.requester_agency) == (
        agency_a,
        admin_c.memberships.get().agency,
    )
    page = client.get(reverse("my_sessions")).content.decode()
    assert reverse("consultations:detail", args=[agency_a.slug, session.pk]) in page
    # ... but nothing else of that agency opens up.
    assert client.get(reverse("clinics:home", args=[agency_a.slug])).status_code == 404
    assert client.get(reverse("consultations:week", args=[agency_a.slug])).status_code == 404


def test_a_closed_clinic_stays_invisible(client, agency_b, admin_c):
    client.force_login(admin_c)
    assert client.get(reverse("consultations:book", args=[agency_b.slug])).status_code == 404
    assert (
        client.get(reverse("consultations:facilitators", args=[agency_b.slug])).status_code == 404
    )


def test_the_reminder_goes_out_once(
    client,
    agency_a,
    staff_a,
    facilitator_a,
    consult_a,
    coach_a,
    unscoped,
    django_capture_on_commit_callbacks,
):
    from django.utils import timezone

    soon = timezone.localtime(timezone.now() + timedelta(hours=5), agency_a.zoneinfo).replace(
        minute=0, second=0, microsecond=0
    )
    Consultation.objects.create(
        agency=agency_a,
        session_type=consult_a,
        facilitator=coach_a,
        starts_at=soon,
        ends_at=soon + timedelta(hours=1),
        busy_until=soon + timedelta(hours=1),
        status="confirmed",
        requested_by=staff_a,
        requester_agency=agency_a,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders() == 1
        assert send_reminders() == 0
    assert len(mail.outbox) == 1


def test_the_calendar_feed_and_its_renewal(
    client, agency_a, facilitator_a, staff_a, consult_a, coach_a, slot, unscoped
):
    client.force_login(staff_a)
    _book(client, agency_a, consult_a, coach_a, slot)
    client.logout()
    url = reverse("calendar_feed", args=[coach_a.calendar_token])
    feed = Calendar.from_ical(client.get(url).content)
    assert len(list(feed.walk("VEVENT"))) == 1
    client.force_login(facilitator_a)
    client.post(reverse("consultations:feed_renew", args=[agency_a.slug]))
    client.logout()
    assert client.get(url).status_code == 404


def test_facilitators_keep_their_hours(client, agency_a, facilitator_a, staff_a, coach_a):
    client.force_login(facilitator_a)
    url = reverse("consultations:availability", args=[agency_a.slug])
    response = client.post(
        url,
        {"add_exception": "1", "kind": "leave", "day": "2026-12-24", "start": "10:00", "end": ""},
    )
    assert "Give both times" in response.content.decode()
    assert (
        client.post(url, {"add_exception": "1", "kind": "holiday", "day": "2026-12-25"}).status_code
        == 302
    )
    client.force_login(staff_a)
    assert client.get(url).status_code == 403


def test_the_facilitator_proposes_another_time_and_the_booker_takes_it(
    client, agency_a, staff_a, facilitator_a, consult_a, coach_a, slot, unscoped
):
    client.force_login(staff_a)
    _book(client, agency_a, consult_a, coach_a, slot)
    session = Consultation.objects.get()
    later = slot + timedelta(hours=2)
    client.force_login(facilitator_a)
    local = later.astimezone(agency_a.zoneinfo).strftime("%Y-%m-%dT%H:%M")
    client.post(
        reverse("consultations:move", args=[agency_a.slug, session.pk, "propose"]),
        {"starts_at": local},
    )
    session.refresh_from_db()
    assert session.proposed_starts_at == later
    client.force_login(staff_a)
    client.post(reverse("consultations:move", args=[agency_a.slug, session.pk, "accept-proposal"]))
    session.refresh_from_db()
    assert (session.starts_at, session.status, session.proposed_starts_at) == (
        later,
        "confirmed",
        None,
    )


def test_the_booker_moves_the_session_to_a_free_time_only(
    client, agency_a, staff_a, consult_a, coach_a, slot, unscoped
):
    client.force_login(staff_a)
    _book(client, agency_a, consult_a, coach_a, slot)
    session = Consultation.objects.get()
    url = reverse("consultations:move", args=[agency_a.slug, session.pk, "reschedule"])
    night = (slot + timedelta(hours=12)).astimezone(agency_a.zoneinfo)
    page = client.post(url, {"starts_at": night.strftime("%Y-%m-%dT%H:%M")}, follow=True)
    assert "not among the facilitator" in page.content.decode()
    page = client.post(url, {"starts_at": ""}, follow=True)
    assert "Choose the new date and time" in page.content.decode()
    later = (slot + timedelta(days=1)).astimezone(agency_a.zoneinfo)
    client.post(url, {"starts_at": later.strftime("%Y-%m-%dT%H:%M")})
    session.refresh_from_db()
    assert session.starts_at == later
