"""A region's coordinator role can be shared: Bagian Organisasi Setda beside Bappeda. Both
keep the region's competitions and its index season, and work on what the other keeps;
an agency that does not coordinate keeps nothing, and another region sees none of it."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation

from clinics import selectors
from competitions import services as competition_services
from competitions.models import Competition
from indexes import editions as shipped
from indexes.models import Assessment, Edition, PemdaAnswer, RegionEvidence, Snapshot
from tests.competitions.conftest import member
from tests.competitions.test_pages import _category_data


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def kipp(coordinator, coordinator_agency, unscoped):
    """A competition Bappeda keeps."""
    return competition_services.competition_from_blueprint(
        actor=member(coordinator, coordinator_agency), key="kipp-2023"
    )


def test_a_region_has_as_many_coordinating_agencies_as_share_the_role(
    coordinator_agency, organisasi_agency, agency_a, agency_c
):
    assert selectors.region_coordinators(agency_a.region_id) == [
        organisasi_agency,
        coordinator_agency,
    ]
    assert selectors.region_coordinators(agency_c.region_id) == []


def test_the_competitions_say_every_coordinator_that_keeps_them(
    client, kipp, organisasi_agency, agency_a, staff_a
):
    client.force_login(staff_a)
    page = client.get(reverse("competitions:list", args=[agency_a.slug])).content.decode()
    assert "kept by Bagian Organisasi Setda, Bappeda" in page


def _competition_data(competition, **changes):
    """The competition's form as posted (its stages as they are), with ``changes``."""
    stages = list(competition.stages.order_by("starts_on"))
    data = {
        "name": competition.name,
        "kind": competition.kind,
        "year": competition.year,
        "organiser": competition.organiser,
        "group": competition.group,
        "stages-TOTAL_FORMS": len(stages),
        "stages-INITIAL_FORMS": len(stages),
    }
    for i, stage in enumerate(stages):
        data |= {
            f"stages-{i}-id": stage.pk,
            f"stages-{i}-kind": stage.kind,
            f"stages-{i}-starts_on": stage.starts_on,
            f"stages-{i}-ends_on": stage.ends_on,
        }
    return data | changes


def test_the_second_coordinator_edits_a_competition_the_first_keeps(
    client, kipp, coordinator_agency, organisasi_agency, organisasi_admin, unscoped
):
    client.force_login(organisasi_admin)
    edit = reverse("competitions:edit", args=[organisasi_agency.slug, kipp.pk])
    page = client.get(edit)
    assert page.status_code == 200
    # The stages Bappeda keeps are on the form: read in the region's coordinators' scope.
    first = kipp.stages.order_by("starts_on").first()
    assert f'value="{first.pk}"' in page.content.decode()
    response = client.post(
        edit, _competition_data(kipp, group="Kota", **{"stages-0-ends_on": "2023-06-30"})
    )
    assert response.status_code == 302
    kipp.refresh_from_db()
    first.refresh_from_db()
    assert (kipp.group, kipp.agency, str(first.ends_on)) == (
        "Kota",
        coordinator_agency,
        "2023-06-30",
    )

    category = kipp.categories.get()
    edit = reverse("competitions:category_edit", args=[organisasi_agency.slug, category.pk])
    assert client.get(edit).status_code == 200
    n = category.sections.count()
    added = {f"sections-{n}-order": 9, f"sections-{n}-title": "Lampiran", f"sections-{n}-weight": 0}
    assert client.post(edit, _category_data(category, **added)).status_code == 302
    # The new section is kept with the competition, not with the agency that typed it.
    assert category.sections.get(title="Lampiran").agency == coordinator_agency


def test_the_region_keeps_one_competition_of_a_name_and_year(
    client, kipp, organisasi_agency, organisasi_admin, unscoped
):
    client.force_login(organisasi_admin)
    response = client.post(
        reverse("competitions:from_blueprint", args=[organisasi_agency.slug]),
        {"blueprint": "kipp-2023"},
        follow=True,
    )
    assert "The region already keeps KIPP 2023" in response.content.decode()
    assert Competition.objects.filter(name="KIPP", year=2023).count() == 1


def test_an_agency_that_does_not_coordinate_keeps_no_competition(
    client, kipp, agency_a, admin_a, agency_c, admin_c, unscoped
):
    category = kipp.categories.get()
    for person, agency in [(admin_a, agency_a), (admin_c, agency_c)]:
        client.force_login(person)
        for name, pk in [("edit", kipp.pk), ("category_edit", category.pk)]:
            assert (
                client.get(reverse(f"competitions:{name}", args=[agency.slug, pk])).status_code
                == 404
            )
        assert (
            client.post(
                reverse("competitions:copy", args=[agency.slug, kipp.pk]), {"year": 2024}
            ).status_code
            == 404
        )
    assert Competition.objects.filter(name=kipp.name).count() == 1


@pytest.fixture
def season(coordinator, coordinator_agency, unscoped):
    shipped.load_shipped()
    return Assessment.objects.create(
        agency=coordinator_agency,
        edition=Edition.objects.get(agency=None, code="iid-2026"),
        year=2026,
        created_by=coordinator,
    )


def test_both_coordinators_work_on_the_regions_index_season(
    client, season, coordinator_agency, organisasi_agency, organisasi_admin, admin_a, agency_a
):
    client.force_login(organisasi_admin)
    dashboard = client.get(reverse("indexes:dashboard", args=[organisasi_agency.slug]))
    assert dashboard.context["assessment"] == season
    # The second coordinator cannot open another season for the same year.
    start = client.post(
        reverse("indexes:start", args=[organisasi_agency.slug]),
        {"edition": season.edition_id, "year": 2026},
    )
    assert start.status_code == 400
    assert Assessment.objects.filter(year=2026).count() == 1

    vision = season.edition.indicators.get(number="1")
    answer_url = reverse("indexes:pemda", args=[organisasi_agency.slug, season.pk, vision.pk])
    for level in (2, 3):  # answered, then changed: one answer, kept with the season
        response = client.post(answer_url, {"level": level, "note": "RPJMD 2021-2026"})
        assert response.status_code == 302
    answer = PemdaAnswer.objects.get(assessment=season, indicator=vision)
    assert (answer.level, answer.agency) == (3, coordinator_agency)
    assert answer.answered_by == organisasi_admin

    for _ in range(2):
        frozen = client.post(reverse("indexes:freeze", args=[organisasi_agency.slug, season.pk]))
        assert frozen.status_code == 302
    assert Snapshot.objects.filter(assessment=season, agency=coordinator_agency).count() == 1

    client.force_login(admin_a)  # the region's agencies read the same season
    dashboard = client.get(reverse("indexes:dashboard", args=[agency_a.slug]))
    assert dashboard.context["assessment"] == season


def test_the_regions_locker_and_editions_are_shared_by_its_coordinators(
    client,
    season,
    coordinator,
    coordinator_agency,
    organisasi_agency,
    organisasi_admin,
    admin_a,
    agency_a,
    admin_c,
    agency_c,
):
    from indexes import services

    copy = services.copy_edition(
        actor=member(coordinator, coordinator_agency),
        edition=season.edition,
        year=2027,
        name="IID 2027",
    )
    document = RegionEvidence(agency=organisasi_agency, title="Perbup Inovasi")
    document.file.save("perbup.pdf", ContentFile(b"%PDF-1.4 Perbup"), save=True)
    client.force_login(organisasi_admin)
    assert (
        client.get(
            reverse("indexes:edition_edit", args=[organisasi_agency.slug, copy.pk])
        ).status_code
        == 200
    )
    vision = season.edition.indicators.get(number="1")
    form = client.get(reverse("indexes:pemda", args=[organisasi_agency.slug, season.pk, vision.pk]))
    assert "Perbup Inovasi" in form.content.decode()

    client.force_login(admin_a)
    assert client.get(reverse("indexes:edition", args=[agency_a.slug, copy.pk])).status_code == 200
    assert (
        client.get(reverse("indexes:edition_edit", args=[agency_a.slug, copy.pk])).status_code
        == 403
    )
    found = client.get(reverse("indexes:evidence", args=[agency_a.slug, document.pk]))
    assert b"".join(found.streaming_content) == b"%PDF-1.4 Perbup"

    client.force_login(admin_c)  # another region sees none of it
    assert client.get(reverse("indexes:edition", args=[agency_c.slug, copy.pk])).status_code == 404
    assert (
        client.get(reverse("indexes:evidence", args=[agency_c.slug, document.pk])).status_code
        == 404
    )
