"""The index workbench's channel is the region: another region's coordinator, asking its
own pages for this region's ids (season, edition copy, evidence, innovation), learns
nothing (404), while this region's coordinator is served. Completes the per-agency walk
of tests/test_tenant_isolation.py, whose objects belong to a non-coordinating agency."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from clinics.models import Role
from indexes.models import Edition, RegionEvidence
from indexes.services import copy_edition
from tests.clinics.factories import AgencyFactory, MembershipFactory

POST_ONLY = {"indexes:verify", "indexes:freeze", "indexes:edition_copy"}


def _kwargs(o):
    season, innovation, pemda, per_innovation = (
        o["season"],
        o["innovation"],
        o["pemda"],
        o["per_innovation"],
    )
    return {
        "indexes:pemda": {"pk": season.pk, "indicator_pk": pemda.pk},
        "indexes:innovation": {"pk": season.pk, "innovation_pk": innovation.pk},
        "indexes:innovation_answer": {
            "pk": season.pk,
            "innovation_pk": innovation.pk,
            "indicator_pk": per_innovation.pk,
        },
        "indexes:verify": {
            "pk": season.pk,
            "innovation_pk": innovation.pk,
            "indicator_pk": per_innovation.pk,
        },
        "indexes:export": {"pk": season.pk},
        "indexes:freeze": {"pk": season.pk},
        "indexes:brief": {"pk": season.pk},
        "indexes:evidence": {"pk": o["evidence"].pk},
        "indexes:edition": {"pk": o["copy"].pk},
        "indexes:edition_copy": {"pk": o["copy"].pk},
        "indexes:edition_edit": {"pk": o["copy"].pk},
        "indexes:indicator_edit": {"pk": o["copy"].pk, "indicator_pk": o["copy_indicator"].pk},
    }


NAMES = sorted(_kwargs({k: type("O", (), {"pk": 1})() for k in (
    "season", "innovation", "pemda", "per_innovation", "evidence", "copy", "copy_indicator"
)}))  # fmt: skip


@pytest.fixture
def region_objects(season, coordinator_agency, coordinator, agency_a, implemented, unscoped):
    evidence = RegionEvidence(agency=coordinator_agency, title="RPJMD")
    evidence.file.save("rpjmd.pdf", ContentFile(b"%PDF-1.4 x"), save=True)
    membership = coordinator.memberships.get(agency=coordinator_agency)
    copy = copy_edition(actor=membership, edition=season.edition, year=2027, name="IID 2027")
    indicators = season.edition.indicators
    return {
        "season": season,
        "innovation": implemented(agency_a),
        "pemda": indicators.get(number="1"),
        "per_innovation": indicators.get(number="16"),
        "evidence": evidence,
        "copy": copy,
        "copy_indicator": copy.indicators.get(number="1"),
    }


@pytest.fixture
def other_coordinator(other_region):
    agency = AgencyFactory(region=other_region, slug="bappeda-makassar", coordinates_region=True)
    return MembershipFactory(agency=agency, role=Role.ADMIN)


@pytest.mark.parametrize("name", NAMES)
def test_another_regions_coordinator_learns_nothing_of_this_regions_ids(
    client, region_objects, other_coordinator, name
):
    client.force_login(other_coordinator.user)
    url = reverse(
        name, kwargs={"agency_slug": other_coordinator.agency.slug} | _kwargs(region_objects)[name]
    )
    assert client.post(url, {"level": 1}).status_code == 404
    if name not in POST_ONLY:
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("name", sorted(set(NAMES) - POST_ONLY))
def test_this_regions_coordinator_is_served(
    client, region_objects, coordinator, coordinator_agency, name
):
    """The baseline: the same ids under the owner's address are found (so the 404s above
    come from the region, not from a broken URL)."""
    client.force_login(coordinator)
    url = reverse(
        name, kwargs={"agency_slug": coordinator_agency.slug} | _kwargs(region_objects)[name]
    )
    expected = 403 if name == "indexes:innovation_answer" else 200  # the agency confirms
    assert client.get(url).status_code == expected


def test_the_shipped_editions_are_everyones_but_a_copy_is_its_regions(
    client, region_objects, other_coordinator, editions
):
    client.force_login(other_coordinator.user)
    page = client.get(reverse("indexes:editions", args=[other_coordinator.agency.slug]))
    assert page.status_code == 200
    body = page.content.decode()
    assert all(edition.name in body for edition in editions)
    assert "IID 2027" not in body
    assert Edition.objects.filter(agency=None).count() == 2
