"""An open clinic's group session, opened by its id by staff of another agency: a
registration view only, never the linked innovation, the need, notes, people or history."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import Consultation, Participant, SessionType
from tests.clinics.factories import MembershipFactory
from tests.innovations.factories import InnovationFactory

SECRETS = ("SECRET-INNOVATION", "SECRET-NEED", "SECRET-NOTES", "Insider Participant")


@pytest.fixture
def group_session(agency_a, admin_a, coach_a, unscoped):
    """A confirmed workshop of agency A's open clinic, linked to an unpublished innovation,
    with a need, notes, an insider registered and a history."""
    workshop = SessionType.objects.create(
        agency=agency_a, name="Workshop", kind="workshop", duration_minutes=60, capacity=3
    )
    start = timezone.now() + timedelta(days=3)
    session = Consultation.objects.create(
        agency=agency_a,
        session_type=workshop,
        facilitator=coach_a,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        busy_until=start + timedelta(hours=1),
        requested_by=admin_a,
        requester_agency=agency_a,
        status="confirmed",
        innovation=InnovationFactory(agency=agency_a, author=admin_a, name="SECRET-INNOVATION"),
        need="SECRET-NEED",
        notes="SECRET-NOTES",
    )
    insider = MembershipFactory(agency=agency_a, user__full_name="Insider Participant").user
    Participant.objects.create(
        agency=agency_a, consultation=session, user=insider, status="accepted"
    )
    from clinics.models import ActivityLog

    ActivityLog.objects.create(
        agency=agency_a,
        actor=insider,
        action="consultations.participant.accepted",
        target_type="consultations.consultation",
        target_id=session.pk,
    )
    return session


@pytest.mark.parametrize("outsider", ["admin_b", "admin_c", "coordinator"])
def test_an_outsider_sees_only_what_registering_needs(
    client, request, agency_a, group_session, outsider
):
    client.force_login(request.getfixturevalue(outsider))
    url = reverse("consultations:detail", args=[agency_a.slug, group_session.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="registration"' in page and "Workshop" in page
    assert 'data-testid="places-left">2 / 3' in page
    for secret in SECRETS:
        assert secret not in page

    # Registered, they still see only their own place.
    client.post(
        reverse("consultations:take_part", args=[agency_a.slug, group_session.pk, "register"])
    )
    page = client.get(url).content.decode()
    assert 'data-testid="my-place">Accepted' in page and 'places-left">1 / 3' in page
    for secret in SECRETS:
        assert secret not in page


def test_members_and_the_booker_still_see_the_whole_session(
    client, agency_a, admin_a, staff_a, group_session
):
    for person in (admin_a, staff_a):
        client.force_login(person)
        page = client.get(
            reverse("consultations:detail", args=[agency_a.slug, group_session.pk])
        ).content.decode()
        assert all(secret in page for secret in SECRETS)


def test_a_one_to_one_session_at_an_open_clinic_stays_hidden_from_outsiders(
    client, agency_a, admin_c, group_session, unscoped
):
    SessionType.objects.filter(pk=group_session.session_type_id).update(
        capacity=1, kind="consultation"
    )
    client.force_login(admin_c)
    url = reverse("consultations:detail", args=[agency_a.slug, group_session.pk])
    assert client.get(url).status_code == 404
