"""The official index result of a season, recorded beside the prediction frozen for it:
who may record it, what is refused (nothing saved, what was typed kept), its trail, and
the trend on the dashboard."""

from decimal import Decimal

import pytest
from django.urls import reverse

from clinics.models import ActivityLog
from indexes.models import OfficialResult
from tests.indexes.test_pages import table
from tests.matrix import ROLES, ask, expected

OFFICIAL = {
    "iid": "58.32",
    "band": "Inovatif",
    "national_rank": "48",
    "ranked_among": "415",
    "announced_on": "2026-12-09",
    "reference": "Keputusan Mendagri tentang IGA 2026",
}


def url(name, agency, *args):
    return reverse(f"indexes:{name}", args=[agency.slug, *args])


MATRIX = [
    (None, [403, 403, 403, 200, 200, 404, 404]),
    (OFFICIAL, [403, 403, 403, 302, 302, 404, 404]),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("post", "statuses"), MATRIX, ids=["form", "record"])
def test_the_permission_matrix(client, request, season, role, post, statuses):
    status = ask(client, request, role, "indexes:official", {"pk": season.pk}, post=post)
    assert status == expected(statuses, role)
    assert OfficialResult.objects.count() == (1 if status == 302 else 0)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"national_rank": "500"}, "The rank cannot be beyond the number ranked."),
        ({"iid": "120"}, "less than or equal to 100"),
        ({"band": "Sangat Hebat"}, "Select a valid choice."),
    ],
)
def test_bad_input_saves_nothing_and_keeps_what_was_typed(
    client, coordinator, coordinator_agency, season, change, message
):
    client.force_login(coordinator)
    response = client.post(url("official", coordinator_agency, season.pk), OFFICIAL | change)
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert 'value="Keputusan Mendagri tentang IGA 2026"' in text
    assert not OfficialResult.objects.exists()


def test_recorded_corrected_and_shown_beside_the_prediction(
    client, coordinator, coordinator_agency, admin_a, agency_a, season, unscoped
):
    client.force_login(coordinator)
    client.post(url("freeze", coordinator_agency, season.pk))
    response = client.post(url("official", coordinator_agency, season.pk), OFFICIAL)
    assert response.status_code == 302 and response["Location"].endswith("#trend")
    client.post(url("official", coordinator_agency, season.pk), OFFICIAL | {"national_rank": "47"})
    official = OfficialResult.objects.get()
    assert (official.iid, official.band, official.national_rank) == (
        Decimal("58.32"),
        "Inovatif",
        47,
    )
    trail = list(
        ActivityLog.objects.filter(action="indexes.official.recorded")
        .order_by("pk")
        .values_list("data__changes", flat=True)
    )
    assert trail[0]["iid"] == ["", "58.32"]
    assert trail[1] == {"national_rank": ["48", "47"]}
    row = table(client.get(url("dashboard", coordinator_agency)), "trend")[1]
    strict = season.snapshots.get().iid_strict
    assert row[4:] == ["58.32 · Inovatif", "47 / 415", f"{official.iid - strict:+.2f}"]
    # The region's admins read the trend; only the coordinator records.
    client.force_login(admin_a)
    page = client.get(url("dashboard", agency_a))
    assert table(page, "trend")[1][4] == "58.32 · Inovatif"
    assert 'data-testid="record-official"' not in page.content.decode()


def test_a_co_coordinator_corrects_what_bappeda_recorded(
    client, coordinator, coordinator_agency, organisasi_admin, organisasi_agency, season
):
    """Bagian Organisasi Setda shares the role: it corrects the result Bappeda recorded for
    the season Bappeda keeps, and the row stays the season's keeper's."""
    client.force_login(coordinator)
    client.post(url("official", coordinator_agency, season.pk), OFFICIAL)
    client.force_login(organisasi_admin)
    response = client.post(
        url("official", organisasi_agency, season.pk), OFFICIAL | {"national_rank": "45"}
    )
    assert response.status_code == 302
    official = OfficialResult.objects.get()
    assert (official.national_rank, official.agency) == (45, coordinator_agency)
