"""No double booking, ever: concurrent requests for overlapping time of one facilitator
(or one room) against PostgreSQL, where exactly one may succeed."""

import threading
from datetime import time, timedelta

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from consultations.models import Consultation, FacilitatorProfile, WeeklyHours
from tests.clinics.factories import MembershipFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the exclusion constraint is PostgreSQL's; CI runs this on PostgreSQL",
)

ATTEMPTS = 6


def _race(requests):
    """Run the requests at the same moment, each in its own thread and connection."""
    barrier = threading.Barrier(len(requests))
    results = [None] * len(requests)

    def run(index, request):
        try:
            barrier.wait()
            results[index] = request()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


TAKEN = "Someone else has just booked this time"


def _booking(agency, session_type, facilitator, person, start):
    """One person's booking request, made in English so that the message can be read."""
    url = reverse("consultations:book", args=[agency.slug]) + (
        f"?session_type={session_type.pk}&facilitator={facilitator.pk}&expertise="
        f"&week={start.date().isoformat()}"
    )

    def go():
        client = Client()
        client.cookies["django_language"] = "en"
        client.force_login(person)
        response = client.post(url, {"starts_at": start.isoformat(), "need": "x"})
        return response.status_code, response.content.decode()

    return go


@pytest.mark.django_db(transaction=True)
def test_exactly_one_of_simultaneous_overlapping_bookings_succeeds(
    agency_a, consult_a, coach_a, slot
):
    with scopes_disabled():
        people = [MembershipFactory(agency=agency_a).user for _ in range(ATTEMPTS)]
    # Same slot for some, overlapping half-hour shifts for the others.
    starts = [slot + timedelta(minutes=30 * (i % 2)) for i in range(ATTEMPTS)]
    results = _race(
        [
            _booking(agency_a, consult_a, coach_a, person, start)
            for person, start in zip(people, starts, strict=True)
        ]
    )
    statuses = [status for status, _page in results]
    assert statuses.count(302) == 1, statuses
    assert statuses.count(200) == ATTEMPTS - 1, statuses
    # Every loser is told the truth: someone else took the time (not "outside the
    # facilitator's free time").
    losers = [page for status, page in results if status == 200]
    assert all(TAKEN in page for page in losers), [p[:200] for p in losers]
    with scopes_disabled():
        assert Consultation.objects.filter(facilitator=coach_a).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_facilitators_racing_for_one_room_the_loser_is_told_the_room_was_taken(
    agency_a, room_a, consult_a, coach_a, slot
):
    """Two free facilitators, one room: the one who loses is not blamed on their hours."""
    with scopes_disabled():
        consult_a.room = room_a
        consult_a.save()
        other = FacilitatorProfile.objects.create(
            agency=agency_a, user=MembershipFactory(agency=agency_a, role="facilitator").user
        )
        WeeklyHours.objects.create(
            agency=agency_a, facilitator=other, weekday=slot.weekday(), start=time(8), end=time(16)
        )
        people = [MembershipFactory(agency=agency_a).user for _ in range(ATTEMPTS)]
    coaches = [coach_a, other] * (ATTEMPTS // 2)
    results = _race(
        [
            _booking(agency_a, consult_a, coach, person, slot)
            for coach, person in zip(coaches, people, strict=True)
        ]
    )
    statuses = [status for status, _page in results]
    assert statuses.count(302) == 1, statuses
    assert all(TAKEN in page for status, page in results if status == 200)
    with scopes_disabled():
        assert Consultation.objects.filter(room=room_a).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_an_overlap_written_behind_the_services_back(
    agency_a, staff_a, consult_a, coach_a, slot
):
    from django.db import IntegrityError

    with scopes_disabled():
        fields = {
            "agency": agency_a,
            "session_type": consult_a,
            "facilitator": coach_a,
            "requested_by": staff_a,
            "requester_agency": agency_a,
            "status": "confirmed",
        }
        Consultation.objects.create(
            starts_at=slot,
            ends_at=slot + timedelta(hours=1),
            busy_until=slot + timedelta(minutes=75),
            **fields,
        )
        later = slot + timedelta(minutes=70)  # inside the first one's buffer
        with pytest.raises(IntegrityError):
            Consultation.objects.create(
                starts_at=later,
                ends_at=later + timedelta(hours=1),
                busy_until=later + timedelta(minutes=75),
                **fields,
            )
