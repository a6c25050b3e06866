"""No double booking, ever: concurrent requests for overlapping time of one facilitator
(or one room) against PostgreSQL, where exactly one may succeed."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from consultations.models import Consultation
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


@pytest.mark.django_db(transaction=True)
def test_exactly_one_of_simultaneous_overlapping_bookings_succeeds(
    agency_a, consult_a, coach_a, slot
):
    with scopes_disabled():
        people = [MembershipFactory(agency=agency_a).user for _ in range(ATTEMPTS)]
    url = reverse("consultations:book", args=[agency_a.slug]) + (
        f"?session_type={consult_a.pk}&facilitator={coach_a.pk}&expertise="
        f"&week={slot.date().isoformat()}"
    )

    def request_for(person, start):
        def go():
            client = Client(HTTP_ACCEPT_LANGUAGE="en")
            client.force_login(person)
            return client.post(url, {"starts_at": start.isoformat(), "need": "x"}).status_code

        return go

    # Same slot for some, overlapping half-hour shifts for the others.
    starts = [slot + timedelta(minutes=30 * (i % 2)) for i in range(ATTEMPTS)]
    statuses = _race([request_for(p, s) for p, s in zip(people, starts, strict=True)])
    assert statuses.count(302) == 1, statuses
    assert statuses.count(200) == ATTEMPTS - 1, statuses
    with scopes_disabled():
        assert Consultation.objects.filter(facilitator=coach_a).count() == 1


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
