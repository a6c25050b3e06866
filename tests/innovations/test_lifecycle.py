"""Moves through the lifecycle via the pages, and the trace each leaves."""

import pytest
from django.urls import reverse

from clinics.models import ActivityLog
from innovations.models import Innovation
from tests.innovations.factories import InnovationFactory


@pytest.fixture
def idea(agency_a, staff_a):
    return InnovationFactory(agency=agency_a, author=staff_a)


def _move(client, innovation, move, **data):
    return client.post(
        reverse("innovations:move", args=[innovation.agency.slug, innovation.pk, move]),
        data,
        follow=True,
    )


def _reload(innovation, unscoped=None):
    from django_scopes import scopes_disabled

    with scopes_disabled():
        return Innovation.objects.get(pk=innovation.pk)


def test_from_idea_to_sustained(client, idea, staff_a, facilitator_a, admin_a, unscoped):
    client.force_login(staff_a)
    _move(client, idea, "submit")
    assert _reload(idea).status == "submitted"
    client.force_login(facilitator_a)
    _move(client, idea, "accept")
    idea = _reload(idea)
    assert (idea.status, idea.phase) == ("coaching", "drum_up")
    _move(client, idea, "phase", value="diagnose")
    _move(client, idea, "maturity", value="penerapan")
    _move(client, idea, "sustain")
    idea = _reload(idea)
    assert (idea.status, idea.phase, idea.maturity) == ("sustained", "diagnose", "penerapan")
    client.force_login(admin_a)
    _move(client, idea, "publish")
    assert _reload(idea).is_published
    actions = list(
        ActivityLog.objects.filter(target_id=idea.pk)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        f"innovations.innovation.{m}"
        for m in ("submit", "accept", "phase", "maturity", "sustain", "publish")
    ]


def test_returning_needs_a_comment_which_goes_on_the_timeline(
    client, idea, staff_a, facilitator_a, unscoped
):
    client.force_login(staff_a)
    _move(client, idea, "submit")
    client.force_login(facilitator_a)
    page = _move(client, idea, "return")
    assert "a comment is required" in page.content.decode()
    assert _reload(idea).status == "submitted"
    page = _move(client, idea, "return", comment="Tambahkan data awal (baseline).")
    assert _reload(idea).status == "returned"
    assert "Tambahkan data awal (baseline)." in page.content.decode()


def test_an_incomplete_idea_cannot_be_submitted(client, agency_a, staff_a, unscoped):
    idea = InnovationFactory(agency=agency_a, author=staff_a, design="", goals="")
    client.force_login(staff_a)
    page = _move(client, idea, "submit").content.decode()
    assert "Before submitting, fill in" in page
    assert _reload(idea).status == "draft"


def test_a_refused_move_changes_nothing(client, idea, staff_a, facilitator_a, unscoped):
    client.force_login(staff_a)
    page = _move(client, idea, "accept").content.decode()  # staff cannot accept
    assert "not possible" in page
    client.force_login(facilitator_a)
    _move(client, idea, "sustain")  # not in coaching
    idea = _reload(idea)
    assert idea.status == "draft"
    assert not ActivityLog.objects.filter(target_id=idea.pk).exists()


def test_sustained_needs_implementation(client, idea, staff_a, facilitator_a, unscoped):
    client.force_login(staff_a)
    _move(client, idea, "submit")
    client.force_login(facilitator_a)
    _move(client, idea, "accept")
    page = _move(client, idea, "sustain").content.decode()
    assert "Only an implemented innovation" in page
    assert _reload(idea).status == "coaching"


def test_withdrawing_takes_it_out_of_the_catalogue(client, agency_a, staff_a, unscoped):
    idea = InnovationFactory(agency=agency_a, author=staff_a, status="coaching", is_published=True)
    client.force_login(staff_a)
    _move(client, idea, "withdraw", comment="Dipindahtugaskan.")
    idea = _reload(idea)
    assert (idea.status, idea.is_published) == ("withdrawn", False)


def test_drafts_are_private_to_their_team(client, idea, facilitator_a, staff_a):
    client.force_login(facilitator_a)
    assert (
        client.get(reverse("innovations:detail", args=[idea.agency.slug, idea.pk])).status_code
        == 404
    )
    assert (
        idea.name
        not in client.get(reverse("innovations:list", args=[idea.agency.slug])).content.decode()
    )
    client.force_login(staff_a)
    assert (
        client.get(reverse("innovations:detail", args=[idea.agency.slug, idea.pk])).status_code
        == 200
    )


def test_edits_after_submission_are_kept_on_the_timeline(
    client, idea, staff_a, facilitator_a, unscoped
):
    client.force_login(staff_a)
    _move(client, idea, "submit")
    url = reverse("innovations:edit", args=[idea.agency.slug, idea.pk, "problem"])
    client.post(
        url,
        {
            "problem": "Masalah baru yang lebih jelas.",
            "target_document": "spm",
            "target_detail": "",
            "beneficiaries": "",
            "save": "1",
        },
    )
    log = ActivityLog.objects.get(target_id=idea.pk, action="innovations.innovation.edited")
    assert log.data["changes"]["problem"] == [
        "Ibu hamil terlambat ke fasilitas kesehatan.",
        "Masalah baru yang lebih jelas.",
    ]
    assert log.actor == staff_a
    client.force_login(facilitator_a)
    page = client.get(reverse("innovations:detail", args=[idea.agency.slug, idea.pk]))
    assert "edited the innovation" in page.content.decode()
