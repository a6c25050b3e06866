"""The booking's pages issue the same number of queries whatever the number of sessions."""

from datetime import timedelta

import pytest
from django.urls import reverse

from consultations.models import Consultation
from tests.clinics.factories import MembershipFactory


def _sessions(agency, coach, consult, start, count):
    people = [MembershipFactory(agency=agency).user for _ in range(5)]
    Consultation.objects.bulk_create(
        Consultation(
            agency=agency,
            session_type=consult,
            facilitator=coach,
            starts_at=start + timedelta(minutes=90 * i),
            ends_at=start + timedelta(minutes=90 * i + 60),
            busy_until=start + timedelta(minutes=90 * i + 75),
            status="confirmed",
            requested_by=people[i % 5],
            requester_agency=agency,
        )
        for i in range(count)
    )


@pytest.mark.parametrize("count", [5, 60])
def test_week_calendar_and_my_sessions(
    client,
    agency_a,
    facilitator_a,
    consult_a,
    coach_a,
    slot,
    unscoped,
    count,
    django_assert_max_num_queries,
):
    _sessions(agency_a, coach_a, consult_a, slot, count)
    client.force_login(facilitator_a)
    with django_assert_max_num_queries(12):
        client.get(
            reverse("consultations:week", args=[agency_a.slug]), {"week": slot.date().isoformat()}
        )
    with django_assert_max_num_queries(8):
        client.get(reverse("my_sessions"))
    # 15: the booker's own innovations are found by two indexed look-ups (see
    # innovations.selectors.own_innovations), not one OR over every agency's rows.
    with django_assert_max_num_queries(15):
        client.get(
            reverse("consultations:book", args=[agency_a.slug]),
            {
                "session_type": consult_a.pk,
                "facilitator": coach_a.pk,
                "week": slot.date().isoformat(),
            },
        )
