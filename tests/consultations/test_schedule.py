"""Facilitators book too: with an innovation's team, follow-ups, group sessions."""

from datetime import timedelta

import pytest
from django.urls import reverse

from consultations.models import Consultation, Participant, SessionType
from innovations.models import TeamMember
from tests.clinics.factories import MembershipFactory
from tests.innovations.factories import InnovationFactory


def _schedule(client, agency, consult, coach, start, innovation=None):
    data = {
        "session_type": consult.pk,
        "facilitator": coach.pk,
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
    }
    if innovation:
        data["innovation"] = innovation.pk
    return client.post(reverse("consultations:schedule", args=[agency.slug]), data)


@pytest.fixture
def team(agency_a, staff_a, unscoped):
    idea = InnovationFactory(
        agency=agency_a, author=staff_a, status="coaching", brand_name="JEDAR SASKIA"
    )
    colleague = MembershipFactory(agency=agency_a).user
    TeamMember.objects.create(agency=agency_a, innovation=idea, user=colleague)
    return idea, colleague


def test_a_facilitator_invites_the_team_who_accept_or_decline(
    client, agency_a, staff_a, facilitator_a, consult_a, coach_a, slot, team, unscoped
):
    idea, colleague = team
    client.force_login(facilitator_a)
    response = _schedule(client, agency_a, consult_a, coach_a, slot, idea)
    session = Consultation.objects.get()
    assert response["Location"] == reverse("consultations:detail", args=[agency_a.slug, session.pk])
    assert session.status == "confirmed"
    invited = dict(Participant.objects.values_list("user", "status"))
    assert invited == {staff_a.pk: "invited", colleague.pk: "invited"}
    client.force_login(staff_a)
    client.post(reverse("consultations:take_part", args=[agency_a.slug, session.pk, "accept"]))
    client.force_login(colleague)
    client.post(reverse("consultations:take_part", args=[agency_a.slug, session.pk, "decline"]))
    assert dict(Participant.objects.values_list("user", "status")) == {
        staff_a.pk: "accepted",
        colleague.pk: "declined",
    }


def test_a_team_member_busy_elsewhere_blocks_the_time(
    client, agency_a, staff_a, facilitator_a, admin_a, consult_a, coach_a, slot, team, unscoped
):
    idea, _colleague = team
    # staff_a already has a confirmed session at that time, with another facilitator.
    from consultations.models import FacilitatorProfile, WeeklyHours

    other = FacilitatorProfile.objects.create(agency=agency_a, user=admin_a)
    WeeklyHours.objects.create(
        agency=agency_a, facilitator=other, weekday=slot.weekday(), start="08:00", end="16:00"
    )
    Consultation.objects.create(
        agency=agency_a,
        session_type=consult_a,
        facilitator=other,
        starts_at=slot,
        ends_at=slot + timedelta(hours=1),
        busy_until=slot + timedelta(hours=1),
        status="confirmed",
        requested_by=staff_a,
        requester_agency=agency_a,
    )
    client.force_login(facilitator_a)
    response = _schedule(client, agency_a, consult_a, coach_a, slot, idea)
    assert "Not free at that time" in response.content.decode()
    assert Consultation.objects.count() == 1


def test_same_time_in_two_weeks(
    client, agency_a, facilitator_a, consult_a, coach_a, slot, team, unscoped
):
    idea, colleague = team
    client.force_login(facilitator_a)
    _schedule(client, agency_a, consult_a, coach_a, slot, idea)
    first = Consultation.objects.get()
    client.post(reverse("consultations:follow_up", args=[agency_a.slug, first.pk]))
    follow = Consultation.objects.exclude(pk=first.pk).get()
    assert follow.starts_at == slot + timedelta(weeks=2)
    assert (follow.follows, follow.innovation) == (first, idea)
    assert set(follow.participants.values_list("user", flat=True)) == {idea.author_id, colleague.pk}


def test_an_admin_schedules_on_behalf_but_staff_may_not(
    client, agency_a, admin_a, staff_a, consult_a, coach_a, slot, unscoped
):
    client.force_login(staff_a)
    assert _schedule(client, agency_a, consult_a, coach_a, slot).status_code == 403
    client.force_login(admin_a)
    assert _schedule(client, agency_a, consult_a, coach_a, slot).status_code == 302
    assert Consultation.objects.get().facilitator == coach_a


def test_a_group_session_fills_then_waitlists_and_moves_up(
    client, agency_a, facilitator_a, coach_a, slot, unscoped
):
    clinic = SessionType.objects.create(
        agency=agency_a,
        name="Coaching clinic",
        kind="coaching_clinic",
        duration_minutes=120,
        capacity=2,
        min_notice_hours=1,
    )
    client.force_login(facilitator_a)
    _schedule(client, agency_a, clinic, coach_a, slot)
    session = Consultation.objects.get()
    people = [MembershipFactory(agency=agency_a).user for _ in range(3)]
    for person in people:
        client.force_login(person)
        client.post(
            reverse("consultations:take_part", args=[agency_a.slug, session.pk, "register"])
        )
    statuses = [Participant.objects.get(user=p).status for p in people]
    assert statuses == ["accepted", "accepted", "waitlisted"]
    client.force_login(people[0])
    client.post(reverse("consultations:take_part", args=[agency_a.slug, session.pk, "leave"]))
    statuses = [Participant.objects.get(user=p).status for p in people]
    assert statuses == ["cancelled", "accepted", "accepted"]


def test_moving_up_from_the_waiting_list_sends_word(
    client, agency_a, facilitator_a, coach_a, slot, unscoped, django_capture_on_commit_callbacks
):
    from django.core import mail

    workshop = SessionType.objects.create(
        agency=agency_a,
        name="Workshop",
        kind="workshop",
        duration_minutes=120,
        capacity=2,
        min_notice_hours=1,
    )
    client.force_login(facilitator_a)
    _schedule(client, agency_a, workshop, coach_a, slot)
    session = Consultation.objects.get()
    first, other, waiting = (MembershipFactory(agency=agency_a).user for _ in range(3))
    for person in (first, other, waiting):
        client.force_login(person)
        client.post(
            reverse("consultations:take_part", args=[agency_a.slug, session.pk, "register"])
        )
    mail.outbox.clear()
    client.force_login(first)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("consultations:take_part", args=[agency_a.slug, session.pk, "leave"]))
    assert Participant.objects.get(user=waiting).status == "accepted"
    assert any(waiting.email in message.to for message in mail.outbox)
