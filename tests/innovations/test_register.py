"""The region's register and its targets board: who may see them (the region's
coordinators, never an agency admin, never another region), what they show (every agency's
innovations from "submitted" on, never a draft) and who sets the targets."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clinics.models import ActivityLog, Role
from innovations.models import RegionalTarget
from tests.clinics.factories import AgencyFactory, MembershipFactory
from tests.innovations.factories import InnovationFactory


def url(name, agency, *args):
    return reverse(f"innovations:{name}", args=[agency.slug, *args])


@pytest.fixture
def region_a(agency_a, agency_b, admin_a, admin_b, agency_c, admin_c, unscoped):
    """Innovations of every state in Bantaeng's agencies, and one in Makassar."""
    made = {
        status: InnovationFactory(
            agency=agency_a, author=admin_a, name=f"Inovasi {status}", status=status
        )
        for status in ("draft", "submitted", "returned", "coaching", "sustained", "archived")
    }
    made["withdrawn_draft"] = InnovationFactory(
        agency=agency_a, author=admin_a, name="Ditarik sebelum diajukan", status="withdrawn"
    )
    made["withdrawn_later"] = InnovationFactory(
        agency=agency_a,
        author=admin_a,
        name="Ditarik setelah diajukan",
        status="withdrawn",
        submitted_at=timezone.now(),
    )
    made["b"] = InnovationFactory(
        agency=agency_b,
        author=admin_b,
        name="Terminal Darah",
        status="coaching",
        maturity="penerapan",
    )
    made["b_draft"] = InnovationFactory(
        agency=agency_b, author=admin_b, name="Rahasia RSUD", status="draft"
    )
    made["c"] = InnovationFactory(
        agency=agency_c, author=admin_c, name="Labinov Makassar", status="coaching"
    )
    return made


def _names(response) -> set[str]:
    return {item.name for item in response.context["page"].object_list}


SHOWN = {
    "Inovasi submitted",
    "Inovasi returned",
    "Inovasi coaching",
    "Inovasi sustained",
    "Inovasi archived",
    "Ditarik setelah diajukan",
    "Terminal Darah",
}


@pytest.mark.parametrize("who", ["coordinator", "organisasi_admin"])
def test_the_register_shows_every_agencys_innovations_from_submission_never_a_draft(
    client, request, region_a, who, coordinator_agency, organisasi_agency
):
    agency = {"coordinator": coordinator_agency, "organisasi_admin": organisasi_agency}[who]
    client.force_login(request.getfixturevalue(who))
    response = client.get(url("register", agency))
    assert response.status_code == 200
    assert _names(response) == SHOWN
    page = response.content.decode()
    for hidden in ("Inovasi draft", "Rahasia RSUD", "Ditarik sebelum", "Labinov Makassar"):
        assert hidden not in page


def test_the_registers_filters_and_search(
    client, region_a, coordinator, coordinator_agency, agency_b
):
    client.force_login(coordinator)
    register = url("register", coordinator_agency)
    assert _names(client.get(register, {"agency": agency_b.pk})) == {"Terminal Darah"}
    assert _names(client.get(register, {"status": "returned"})) == {"Inovasi returned"}
    assert _names(client.get(register, {"maturity": "penerapan"})) == {"Terminal Darah"}
    assert _names(client.get(register, {"q": "Terminal"})) == {"Terminal Darah"}
    # A draft cannot be asked for: the choice is not offered, and the list stays as it is.
    asked = client.get(register, {"status": "draft"})
    assert "draft" not in dict(asked.context["filters"].fields["status"].choices)
    assert _names(asked) == SHOWN
    rows = client.get(register, {"agency": agency_b.pk}, HTTP_HX_REQUEST="true")
    assert rows.content.decode().lstrip().startswith('<div id="register-rows"')


@pytest.mark.parametrize(
    "who, status",
    [("admin_a", 403), ("staff_a", 403), ("facilitator_a", 403), ("admin_c", 403)],
)
def test_an_agency_that_does_not_coordinate_has_no_register(client, request, who, status, unscoped):
    person = request.getfixturevalue(who)
    agency = person.memberships.get().agency
    client.force_login(person)
    for name in ("register", "register_targets"):
        assert client.get(url(name, agency)).status_code == status


def test_the_coordinators_staff_have_no_register(client, coordinator_agency, unscoped):
    staff = MembershipFactory(agency=coordinator_agency, role=Role.STAFF).user
    client.force_login(staff)
    assert client.get(url("register", coordinator_agency)).status_code == 403


def test_the_read_only_page_of_an_innovation_of_the_region(
    client, region_a, coordinator, coordinator_agency, agency_a
):
    innovation = region_a["coaching"]
    client.force_login(coordinator)
    page = client.get(url("register_detail", coordinator_agency, innovation.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert innovation.name in html and agency_a.name in html
    assert 'data-testid="read-only"' in html
    # Nothing on it edits or moves the innovation; its own pages stay its agency's.
    assert "<form" not in html.split("<main", 1)[1]
    agency_page = reverse("innovations:detail", args=[agency_a.slug, innovation.pk])
    assert agency_page not in html
    assert client.get(agency_page).status_code == 404


def test_a_draft_or_another_regions_innovation_is_not_in_the_register(
    client, region_a, coordinator, coordinator_agency, other_region, unscoped
):
    client.force_login(coordinator)
    for key in ("draft", "b_draft", "withdrawn_draft", "c"):
        assert (
            client.get(url("register_detail", coordinator_agency, region_a[key].pk)).status_code
            == 404
        ), key
    # Makassar's coordinator sees Makassar's and never Bantaeng's.
    makassar = AgencyFactory(region=other_region, slug="bappeda-mks", coordinates_region=True)
    theirs = MembershipFactory(agency=makassar, role=Role.ADMIN).user
    client.force_login(theirs)
    assert _names(client.get(url("register", makassar))) == {"Labinov Makassar"}
    for key in ("coaching", "b"):
        assert client.get(url("register_detail", makassar, region_a[key].pk)).status_code == 404
    assert client.get(url("register_detail", makassar, region_a["c"].pk)).status_code == 200


def test_an_agency_admin_cannot_read_the_region_through_its_own_address(
    client, region_a, admin_a, agency_a
):
    client.force_login(admin_a)
    for key in ("coaching", "b"):
        assert client.get(url("register_detail", agency_a, region_a[key].pk)).status_code == 404


def _board(response) -> dict:
    return {row["agency"].slug: row for row in response.context["board"]}


def test_the_board_counts_this_years_innovations_against_the_targets(
    client, coordinator, coordinator_agency, agency_a, agency_b, admin_a, unscoped
):
    this_year = timezone.localdate().year
    for maturity in ("inisiatif", "uji_coba", "uji_coba", "penerapan"):
        InnovationFactory(agency=agency_a, author=admin_a, status="coaching", maturity=maturity)
    InnovationFactory(agency=agency_a, author=admin_a, status="draft")  # not counted
    old = InnovationFactory(agency=agency_a, author=admin_a, status="coaching")
    type(old).objects.filter(pk=old.pk).update(
        created_at=timezone.make_aware(datetime(this_year - 1, 5, 1))
    )
    client.force_login(coordinator)
    board = client.get(url("register_targets", coordinator_agency))
    assert board.status_code == 200
    row = _board(board)["dinkes"]
    assert (row["target"], row["submitted"], row["trial"], row["implemented"]) == (None, 4, 2, 1)
    assert _board(board)["rsud"]["submitted"] == 0

    response = client.post(
        url("register_targets", coordinator_agency),
        {"agency": agency_a.pk, "year": this_year, "count": 3},
    )
    assert response.status_code == 302
    target = RegionalTarget.objects.get(agency=agency_a, year=this_year)
    assert (target.count, target.set_by) == (3, coordinator)
    # On the agency's own timeline, with who set it.
    entry = ActivityLog.objects.get(agency=agency_a, action="innovations.regional_target.set")
    assert entry.actor == coordinator and entry.data["count"] == 3
    # Set again: one row, the new count.
    client.post(
        url("register_targets", coordinator_agency),
        {"agency": agency_a.pk, "year": this_year, "count": 4},
    )
    assert RegionalTarget.objects.get(agency=agency_a, year=this_year).count == 4
    row = _board(client.get(url("register_targets", coordinator_agency)))["dinkes"]
    assert (row["target"], row["submitted"]) == (4, 4)
    last_year = client.get(url("register_targets", coordinator_agency), {"year": this_year - 1})
    assert _board(last_year)["dinkes"]["submitted"] == 1
    # The agency reads the region's target on its own targets page.
    client.force_login(admin_a)
    own = client.get(url("targets", agency_a)).content.decode()
    assert f"The region's coordinators ask 4 new innovations of the agency in {this_year}" in own


def test_only_the_coordinators_set_targets_and_only_for_their_region(
    client,
    coordinator,
    coordinator_agency,
    organisasi_admin,
    organisasi_agency,
    agency_a,
    admin_a,
    agency_c,
    unscoped,
):
    client.force_login(admin_a)
    refused = client.post(
        url("register_targets", agency_a), {"agency": agency_a.pk, "year": 2026, "count": 9}
    )
    assert refused.status_code == 403
    client.force_login(coordinator)
    elsewhere = client.post(
        url("register_targets", coordinator_agency),
        {"agency": agency_c.pk, "year": 2026, "count": 3},
    )
    assert elsewhere.status_code == 400
    assert "Select a valid choice" in elsewhere.content.decode()
    bad = client.post(
        url("register_targets", coordinator_agency),
        {"agency": agency_a.pk, "year": 2026, "count": -1},
    )
    assert bad.status_code == 400
    assert not RegionalTarget.objects.exists()
    client.force_login(organisasi_admin)  # the role is shared
    shared = client.post(
        url("register_targets", organisasi_agency),
        {"agency": agency_a.pk, "year": 2026, "count": 3},
    )
    assert shared.status_code == 302
    assert RegionalTarget.objects.get().set_by == organisasi_admin
