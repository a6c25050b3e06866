"""After the session: notes, agreed actions and the 5D phase reach the innovation."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from clinics.models import ActivityLog
from consultations.models import Consultation
from innovations.models import FollowUpAction
from tests.innovations.factories import InnovationFactory


def _held_session(agency, booker, coach, consult, innovation):
    start = timezone.now() - timedelta(hours=2)
    return Consultation.objects.create(
        agency=agency,
        session_type=consult,
        facilitator=coach,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        busy_until=start + timedelta(hours=1),
        status="confirmed",
        requested_by=booker,
        requester_agency=innovation.agency,
        innovation=innovation,
    )


def test_the_outcome_goes_on_the_innovations_timeline(
    client, agency_a, staff_a, facilitator_a, consult_a, coach_a, unscoped
):
    idea = InnovationFactory(agency=agency_a, author=staff_a, status="coaching", phase="drum_up")
    session = _held_session(agency_a, staff_a, coach_a, consult_a, idea)
    client.force_login(facilitator_a)
    response = client.post(
        reverse("consultations:complete", args=[agency_a.slug, session.pk]),
        {
            "notes": "Data awal dikumpulkan minggu depan.",
            "phase": "diagnose",
            "action_1": "Kumpulkan data awal",
            "due_1": "2026-12-15",
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    idea.refresh_from_db()
    assert (session.status, idea.phase) == ("completed", "diagnose")
    action = FollowUpAction.objects.get()
    assert (action.owner, action.description) == (staff_a, "Kumpulkan data awal")
    codes = set(
        ActivityLog.objects.filter(
            target_id=idea.pk, target_type="innovations.innovation"
        ).values_list("action", flat=True)
    )
    assert {
        "innovations.coaching.held",
        "innovations.action.added",
        "innovations.innovation.phase",
    } <= codes
    page = client.get(reverse("innovations:detail", args=[agency_a.slug, idea.pk]))
    assert "Data awal dikumpulkan minggu depan." in page.content.decode()


def test_an_action_needs_a_due_date_and_nothing_is_saved(
    client, agency_a, staff_a, facilitator_a, consult_a, coach_a, unscoped
):
    idea = InnovationFactory(agency=agency_a, author=staff_a, status="coaching")
    session = _held_session(agency_a, staff_a, coach_a, consult_a, idea)
    client.force_login(facilitator_a)
    response = client.post(
        reverse("consultations:complete", args=[agency_a.slug, session.pk]),
        {"notes": "Catatan", "action_1": "Tanpa tenggat"},
    )
    assert "When is it due?" in response.content.decode()
    session.refresh_from_db()
    assert session.status == "confirmed" and not FollowUpAction.objects.exists()


def test_a_no_show_is_recorded(
    client, agency_a, staff_a, facilitator_a, consult_a, coach_a, unscoped
):
    idea = InnovationFactory(agency=agency_a, author=staff_a, status="coaching")
    session = _held_session(agency_a, staff_a, coach_a, consult_a, idea)
    client.force_login(staff_a)
    assert (
        client.post(reverse("consultations:complete", args=[agency_a.slug, session.pk])).status_code
        == 403
    )
    client.force_login(facilitator_a)
    client.post(reverse("consultations:move", args=[agency_a.slug, session.pk, "no-show"]))
    session.refresh_from_db()
    assert session.status == "no_show"


def test_utilisation_counts_sessions_and_no_shows(
    client, agency_a, staff_a, facilitator_a, consult_a, coach_a, unscoped
):
    idea = InnovationFactory(agency=agency_a, author=staff_a, status="coaching")
    for status in ("completed", "completed", "no_show"):
        session = _held_session(agency_a, staff_a, coach_a, consult_a, idea)
        Consultation.objects.filter(pk=session.pk).update(
            status=status,
            starts_at=session.starts_at - timedelta(days=len(status)),
            ends_at=session.ends_at - timedelta(days=len(status)),
            busy_until=session.busy_until - timedelta(days=len(status)),
        )
    client.force_login(facilitator_a)
    page = client.get(reverse("consultations:utilisation", args=[agency_a.slug]))
    body = page.content.decode()
    assert 'data-testid="no-shows">1<' in body
    assert "33% of the sessions that were due" in body
    client.force_login(staff_a)
    assert client.get(reverse("consultations:utilisation", args=[agency_a.slug])).status_code == 403


def test_the_week_calendar_shows_the_facilitators_sessions(
    client, agency_a, staff_a, facilitator_a, consult_a, coach_a, slot, unscoped
):
    Consultation.objects.create(
        agency=agency_a,
        session_type=consult_a,
        facilitator=coach_a,
        starts_at=slot,
        ends_at=slot + timedelta(hours=1),
        busy_until=slot + timedelta(hours=1),
        status="confirmed",
        requested_by=staff_a,
        requester_agency=agency_a,
    )
    client.force_login(facilitator_a)
    url = reverse("consultations:week", args=[agency_a.slug])
    page = client.get(url, {"week": slot.date().isoformat()}).content.decode()
    assert "Konsultasi" in page and str(staff_a) in page
    partial = client.get(url, {"week": slot.date().isoformat()}, HTTP_HX_REQUEST="true")
    assert partial.content.decode().lstrip().startswith('<div id="week">')
    empty = client.get(url, {"week": (slot + timedelta(days=14)).date().isoformat()})
    assert str(staff_a) not in empty.content.decode().split('data-testid="week"')[1]


def test_an_action_can_be_given_to_a_team_member(
    client, agency_a, staff_a, facilitator_a, consult_a, coach_a, unscoped
):
    from innovations.models import TeamMember
    from tests.clinics.factories import MembershipFactory

    idea = InnovationFactory(agency=agency_a, author=staff_a, status="coaching")
    colleague = MembershipFactory(agency=agency_a).user
    TeamMember.objects.create(agency=agency_a, innovation=idea, user=colleague)
    session = _held_session(agency_a, staff_a, coach_a, consult_a, idea)
    client.force_login(facilitator_a)
    client.post(
        reverse("consultations:complete", args=[agency_a.slug, session.pk]),
        {"action_1": "Cetak leaflet", "owner_1": str(colleague.pk), "due_1": "2026-12-20"},
    )
    assert FollowUpAction.objects.get().owner == colleague
