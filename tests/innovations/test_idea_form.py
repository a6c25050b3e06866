"""The guided idea form: steps, drafts, validation as one types, indicators."""

import pytest
from django.urls import reverse

from clinics.models import ActivityLog
from innovations.models import ImpactIndicator, Innovation, TeamMember
from tests.clinics.factories import MembershipFactory
from tests.innovations.factories import InnovationFactory


def test_a_staff_member_starts_an_idea_and_continues_step_by_step(
    client, agency_a, staff_a, facilitator_a, unit_a, unscoped
):
    client.force_login(staff_a)
    response = client.post(
        reverse("innovations:create", args=[agency_a.slug]),
        {
            "name": "Jemput dan Antar Ibu Hamil",
            "brand_name": "JEDAR",
            "unit": unit_a.pk,
            "initiator": "asn",
            "team": [facilitator_a.pk],
            "continue": "1",
        },
    )
    innovation = Innovation.objects.get()
    assert response["Location"] == reverse(
        "innovations:edit", args=[agency_a.slug, innovation.pk, "problem"]
    )
    assert (innovation.status, innovation.author, innovation.unit) == ("draft", staff_a, unit_a)
    assert list(TeamMember.objects.values_list("user", flat=True)) == [facilitator_a.pk]
    assert ActivityLog.objects.filter(action="innovations.innovation.created").count() == 1

    design = "Kader menjemput ibu hamil. " * 80
    client.post(
        reverse("innovations:edit", args=[agency_a.slug, innovation.pk, "design"]),
        {
            "design": design,
            "form": "new",
            "benefit_type": "services",
            "scope": "public_service",
            "urusan": "kesehatan",
            "other_urusan": ["sosial"],
            "theme": "none",
            "continue": "1",
        },
    )
    innovation.refresh_from_db()
    assert innovation.design_words >= 300
    assert innovation.other_urusan == ["sosial"]


def test_the_name_is_required_and_the_rest_is_kept(client, agency_a, staff_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("innovations:create", args=[agency_a.slug]),
        {"name": "", "brand_name": "JEDAR", "initiator": "asn"},
    )
    assert response.status_code == 200
    assert 'value="JEDAR"' in response.content.decode()
    assert not Innovation.objects.with_scope(agency=agency_a).exists()


def test_htmx_validation_answers_without_saving(client, agency_a, staff_a, unscoped):
    idea = InnovationFactory(agency=agency_a, author=staff_a)
    client.force_login(staff_a)
    response = client.post(
        reverse("innovations:edit", args=[agency_a.slug, idea.pk, "impact"]),
        {
            "trial_start": "2025-06-01",
            "implementation_start": "2025-01-01",
            "ind-TOTAL_FORMS": "0",
            "ind-INITIAL_FORMS": "0",
        },
        HTTP_HX_REQUEST="true",
        HTTP_X_VALIDATE_ONLY="1",
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<form id="step-form"')
    assert "Implementation cannot start before the trial" in body
    idea.refresh_from_db()
    assert idea.trial_start is None


def test_impact_indicators_are_saved_with_the_dates(client, agency_a, staff_a, unscoped):
    idea = InnovationFactory(agency=agency_a, author=staff_a)
    client.force_login(staff_a)
    client.post(
        reverse("innovations:edit", args=[agency_a.slug, idea.pk, "impact"]),
        {
            "trial_start": "2025-01-01",
            "implementation_start": "2025-06-01",
            "ind-TOTAL_FORMS": "1",
            "ind-INITIAL_FORMS": "0",
            "ind-0-name": "Persalinan di faskes",
            "ind-0-unit": "%",
            "ind-0-baseline": "60",
            "ind-0-target": "95",
            "save": "1",
        },
    )
    indicator = ImpactIndicator.objects.get()
    assert (indicator.name, indicator.baseline, indicator.target) == (
        "Persalinan di faskes",
        60,
        95,
    )


def test_the_latest_development_is_kept_and_cannot_precede_the_implementation(
    client, agency_a, staff_a, unscoped
):
    idea = InnovationFactory(agency=agency_a, author=staff_a)
    client.force_login(staff_a)
    url = reverse("innovations:edit", args=[agency_a.slug, idea.pk, "impact"])
    dates = {"implementation_start": "2024-06-01", "ind-TOTAL_FORMS": "0", "ind-INITIAL_FORMS": "0"}
    response = client.post(url, {**dates, "last_developed_on": "2024-01-01", "save": "1"})
    assert "The latest development cannot come before the implementation" in (
        response.content.decode()
    )
    idea.refresh_from_db()
    assert idea.last_developed_on is None
    client.post(url, {**dates, "last_developed_on": "2025-03-01", "save": "1"})
    idea.refresh_from_db()
    assert str(idea.last_developed_on) == "2025-03-01"


def test_a_bad_indicator_saves_nothing(client, agency_a, staff_a, unscoped):
    idea = InnovationFactory(agency=agency_a, author=staff_a)
    client.force_login(staff_a)
    response = client.post(
        reverse("innovations:edit", args=[agency_a.slug, idea.pk, "impact"]),
        {
            "trial_start": "2025-01-01",
            "ind-TOTAL_FORMS": "1",
            "ind-INITIAL_FORMS": "0",
            "ind-0-name": "Persalinan",
            "ind-0-baseline": "banyak",
            "ind-0-target": "95",
            "save": "1",
        },
    )
    assert response.status_code == 200
    assert 'value="banyak"' in response.content.decode()
    idea.refresh_from_db()
    assert idea.trial_start is None and not ImpactIndicator.objects.exists()


def test_team_choices_are_the_agencys_people_only(client, agency_a, agency_b, staff_a, unscoped):
    stranger = MembershipFactory(agency=agency_b).user
    idea = InnovationFactory(agency=agency_a, author=staff_a)
    client.force_login(staff_a)
    response = client.post(
        reverse("innovations:edit", args=[agency_a.slug, idea.pk, "idea"]),
        {"name": idea.name, "initiator": "asn", "team": [stranger.pk]},
    )
    assert response.status_code == 200
    assert not TeamMember.objects.exists()


def test_a_co_author_edits_like_the_author(client, agency_a, staff_a, unscoped):
    colleague = MembershipFactory(agency=agency_a).user
    idea = InnovationFactory(agency=agency_a, author=staff_a)
    TeamMember.objects.create(agency=agency_a, innovation=idea, user=colleague)
    client.force_login(colleague)
    url = reverse("innovations:edit", args=[agency_a.slug, idea.pk, "idea"])
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("step", ["nope", "../x"])
def test_an_unknown_step_is_404(client, agency_a, staff_a, unscoped, step):
    idea = InnovationFactory(agency=agency_a, author=staff_a)
    client.force_login(staff_a)
    assert client.get(f"/{agency_a.slug}/innovations/{idea.pk}/edit/{step}/").status_code == 404


def test_origin_needs_a_replication_form(client, agency_a, staff_a, unscoped):
    idea = InnovationFactory(agency=agency_a, author=staff_a)
    client.force_login(staff_a)
    response = client.post(
        reverse("innovations:edit", args=[agency_a.slug, idea.pk, "origin"]),
        {
            "origin_external_name": "Sistem Antrian Online",
            "origin_external_source": "Kota Parepare",
        },
    )
    assert "Say how it was replicated" in response.content.decode()
