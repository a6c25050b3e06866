"""The coordinator's shortlist: the eligibility check run across the region's innovations
for each category, candidates shortlisted (seen by their agencies), and the Keberlanjutan
invitation list recorded per season, which narrows who may enter."""

from datetime import date, timedelta

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clinics.models import ActivityLog
from competitions import services
from competitions.models import Candidate, CategoryInvitation, Dossier
from tests.competitions.conftest import open_registration
from tests.innovations.factories import InnovationFactory
from tests.matrix import ROLES, ask, expected


def url(name, agency, *args):
    return reverse(f"competitions:{name}", args=[agency.slug, *args])


def _category(competition, name):
    return competition.categories.get(name=name)


@pytest.fixture
def region_innovations(agency_a, agency_b, agency_c, staff_a, unscoped):
    """Bantaeng's innovations (and one of Makassar's, one draft) for PKRI 2024, each
    linked to an SDG goal."""
    old = date(2020, 1, 1)
    made = {
        "winner": InnovationFactory(
            agency=agency_a,
            name="Bendera",
            status="sustained",
            implementation_start=old,
            sdgs=["3"],
        ),
        "young": InnovationFactory(
            agency=agency_b,
            name="Terminal Darah",
            status="coaching",
            implementation_start=date.today() - timedelta(days=100),
            sdgs=["3"],
        ),
        "draft": InnovationFactory(agency=agency_a, name="Ide Baru", status="draft"),
        "elsewhere": InnovationFactory(
            agency=agency_c, name="Lorong Wisata", status="coaching", implementation_start=old
        ),
    }
    made["replica"] = InnovationFactory(
        agency=agency_a,
        name="Jedar",
        status="coaching",
        implementation_start=old,
        origin=made["winner"],
        sdgs=["3"],
    )
    return made


@pytest.fixture
def won_before(kipp, as_admin_a, region_innovations, unscoped):
    """Bendera was once Top 45 (KIPP 2023)."""
    dossier = services.dossier_create(
        actor=as_admin_a, category=kipp.categories.get(), innovation=region_innovations["winner"]
    )
    Dossier.objects.filter(pk=dossier.pk).update(status="decided", result="top45")
    return dossier


MATRIX = [
    ("shortlist", None, [404, 404, 404, 200, 200, 404, 404]),
    ("shortlist_change", {"action": "add"}, [404, 404, 404, 302, 302, 404, 404]),
    ("invitation_change", {"letter": "B/1/2024"}, [404, 404, 404, 302, 302, 404, 404]),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "post", "statuses"), MATRIX, ids=[m[0] for m in MATRIX])
def test_the_permission_matrix(
    client, request, pkri, region_innovations, unscoped, role, name, post, statuses
):
    category = _category(pkri, "Keberlanjutan")
    kwargs = {"pk": pkri.pk} if name == "shortlist" else {"pk": pkri.pk, "category_pk": category.pk}
    if post is not None:
        post = {**post, "innovation": region_innovations["winner"].pk}
    status = ask(client, request, role, f"competitions:{name}", kwargs, post=post)
    assert status == expected(statuses, role)
    if status != 302:  # nothing recorded by anyone the matrix refuses
        assert not Candidate.objects.exists() and not CategoryInvitation.objects.exists()


def _rows(page) -> dict[str, str]:
    tree = lxml.html.fromstring(page)
    return {
        row.xpath("string(td[1]/strong)"): " ".join(row.xpath("string(td[3])").split())
        for row in tree.xpath("//table[@data-testid='shortlist']/tbody/tr[@data-innovation]")
    }


def test_the_check_runs_across_the_region_with_every_reason(
    client, coordinator, coordinator_agency, pkri, region_innovations, won_before
):
    client.force_login(coordinator)
    replikasi = _category(pkri, "Replikasi")
    page = client.get(url("shortlist", coordinator_agency, pkri.pk), {"category": replikasi.pk})
    rows = _rows(page.content.decode())
    assert set(rows) == {"Bendera", "Terminal Darah", "Jedar"}  # no draft, no other region
    assert rows["Jedar"] == "eligible"  # a replication of a Top 45
    assert "Only replications may enter Replikasi" in rows["Bendera"]
    assert "It must have run for 24 months" in rows["Terminal Darah"]
    keberlanjutan = _category(pkri, "Keberlanjutan")
    page = client.get(
        url("shortlist", coordinator_agency, pkri.pk),
        {"category": keberlanjutan.pk, "eligible": "on"},
    )
    assert set(_rows(page.content.decode())) == {"Bendera"}  # the only former winner


def test_a_closed_registration_is_a_reason_for_every_candidate(
    client, coordinator, coordinator_agency, pkri, region_innovations, won_before
):
    pkri.stages.filter(kind="registration").update(
        starts_on=date(2024, 3, 1), ends_on=date(2024, 4, 15)
    )
    client.force_login(coordinator)
    page = client.get(url("shortlist", coordinator_agency, pkri.pk))
    assert all(
        "Registration for PKRI 2024 closed on 15 April 2024." in reasons
        for reasons in _rows(page.content.decode()).values()
    )
    open_registration(pkri)


def test_a_shortlisted_candidate_shows_on_its_agencys_page_and_leaves_a_trail(
    client, coordinator, coordinator_agency, admin_a, agency_a, pkri, region_innovations
):
    replikasi = _category(pkri, "Replikasi")
    client.force_login(coordinator)
    response = client.post(
        url("shortlist_change", coordinator_agency, pkri.pk, replikasi.pk),
        {"innovation": region_innovations["replica"].pk, "action": "add", "note": "Top 5?"},
    )
    assert response.status_code == 302
    assert Candidate.objects.get().note == "Top 5?"
    client.force_login(admin_a)
    page = client.get(url("detail", agency_a, pkri.pk)).content.decode()
    shortlisted = lxml.html.fromstring(page).xpath("//*[@data-testid='shortlisted']")
    assert len(shortlisted) == 1 and "Jedar" in shortlisted[0].text_content()
    client.force_login(coordinator)
    client.post(
        url("shortlist_change", coordinator_agency, pkri.pk, replikasi.pk),
        {"innovation": region_innovations["replica"].pk, "action": "remove"},
    )
    assert not Candidate.objects.exists()
    assert list(
        ActivityLog.objects.filter(target_type="competitions.competition").values_list(
            "action", "data__innovation"
        )
    ) == [
        ("competitions.competition.unlisted", "Jedar"),
        ("competitions.competition.shortlisted", "Jedar"),
    ]


def test_an_innovation_of_another_region_cannot_be_shortlisted(
    client, coordinator, coordinator_agency, pkri, region_innovations
):
    client.force_login(coordinator)
    response = client.post(
        url("shortlist_change", coordinator_agency, pkri.pk, _category(pkri, "Replikasi").pk),
        {"innovation": region_innovations["elsewhere"].pk, "action": "add"},
    )
    assert response.status_code == 302
    assert not Candidate.objects.exists()


def test_the_invitation_list_narrows_keberlanjutan(
    client,
    coordinator,
    coordinator_agency,
    pkri,
    as_admin_a,
    region_innovations,
    won_before,
    agency_a,
    unscoped,
):
    keberlanjutan = _category(pkri, "Keberlanjutan")
    other_winner = InnovationFactory(
        agency=agency_a,
        name="Samawaki",
        status="sustained",
        implementation_start=date(2020, 1, 1),
        sdgs=["3"],
    )
    Dossier.objects.create(
        agency=agency_a,
        category=won_before.category,
        innovation=other_winner,
        title="Samawaki",
        status="decided",
        result="top99",
    )
    client.force_login(coordinator)
    change = url("invitation_change", coordinator_agency, pkri.pk, keberlanjutan.pk)
    response = client.post(
        change,
        {
            "innovation": region_innovations["winner"].pk,
            "award": "Top 45 KIPP 2023",
            "letter": "B/123/PP.00.05/2024",
        },
    )
    assert response.status_code == 302
    page = client.get(
        url("shortlist", coordinator_agency, pkri.pk), {"category": keberlanjutan.pk}
    ).content.decode()
    rows = _rows(page)
    assert rows["Bendera"] == "eligible"
    assert "not on the region's list" in rows["Samawaki"]
    assert "B/123/PP.00.05/2024" in page
    # Twice the same: refused with a message, one row.
    response = client.post(change, {"innovation": region_innovations["winner"].pk}, follow=True)
    assert "already on the invitation list" in response.content.decode()
    assert CategoryInvitation.objects.count() == 1
    # Entering follows the list.
    with pytest.raises(Exception, match="not on the region's list"):
        services.dossier_create(actor=as_admin_a, category=keberlanjutan, innovation=other_winner)
    assert services.dossier_create(
        actor=as_admin_a, category=keberlanjutan, innovation=region_innovations["winner"]
    )
    invitation = CategoryInvitation.objects.get()
    client.post(change, {"remove": invitation.pk})
    assert not CategoryInvitation.objects.exists()


def test_invitations_belong_to_categories_by_invitation_only(
    client, coordinator, coordinator_agency, pkri, region_innovations
):
    client.force_login(coordinator)
    response = client.post(
        url("invitation_change", coordinator_agency, pkri.pk, _category(pkri, "Replikasi").pk),
        {"innovation": region_innovations["winner"].pk},
        follow=True,
    )
    assert "not entered by invitation" in response.content.decode()
    assert not CategoryInvitation.objects.exists()


def test_the_shortlist_page_costs_the_same_queries_for_many_innovations(
    client, coordinator, coordinator_agency, pkri, agency_a, agency_b, unscoped
):
    client.force_login(coordinator)
    page = url("shortlist", coordinator_agency, pkri.pk)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page).status_code == 200
        return len(captured)

    InnovationFactory(agency=agency_a, status="coaching")
    few = queries()
    for n in range(30):
        InnovationFactory(agency=agency_b if n % 2 else agency_a, status="coaching")
    assert queries() == few
