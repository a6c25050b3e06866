"""The pelembagaan tracker: who may see and do what across agencies and regions, the
regulation's steps (a transition table with audit rows), files checked and stored through
the storage API, budget lines, and bad input that saves nothing."""

from datetime import date

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clinics.models import ActivityLog
from pelembagaan import services
from pelembagaan.models import BudgetLine, CoveredInnovation, Regulation
from tests.matrix import ROLES, ask, expected
from tests.pelembagaan.conftest import pdf


def url(name, agency, *args):
    return reverse(f"pelembagaan:{name}", args=[agency.slug, *args])


# (URL name, object fixture or None, POST data or None) → the status of each role (ROLES).
MATRIX = [
    ("tracker", None, None, [403, 403, 200, 200, 200, 200, 200]),
    ("regulation_add", None, None, [403, 403, 403, 200, 200, 403, 200]),
    ("budget_add", None, None, [403, 403, 403, 200, 200, 403, 200]),
    ("regulation", "enacted_regulation", None, [403, 403, 200, 200, 200, 404, 404]),
    ("regulation_file", "enacted_regulation", None, [403, 403, 200, 200, 200, 404, 404]),
    ("regulation_edit", "enacted_regulation", None, [403, 403, 403, 200, 200, 404, 404]),
    (
        "regulation_move",
        "draft_regulation",
        {"move": "discuss"},
        [403, 403, 403, 302, 302, 404, 404],
    ),
    ("budget_edit", "budget_line", None, [403, 403, 403, 200, 200, 404, 404]),
    ("budget_file", "budget_line", None, [403, 403, 200, 200, 200, 404, 404]),
    ("budget_delete", "budget_line", {}, [403, 403, 403, 302, 302, 404, 404]),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "obj", "post", "statuses"), MATRIX, ids=[m[0] for m in MATRIX])
def test_the_permission_matrix(client, request, unscoped, role, name, obj, post, statuses):
    kwargs = {"pk": request.getfixturevalue(obj).pk} if obj else {}
    assert ask(client, request, role, f"pelembagaan:{name}", kwargs, post=post) == expected(
        statuses, role
    )


def test_another_regions_tracker_shows_none_of_bantaengs_rows(
    client, enacted_regulation, budget_line, other_coordinator, other_coordinator_agency
):
    client.force_login(other_coordinator)
    page = client.get(url("tracker", other_coordinator_agency)).content.decode()
    assert "Peraturan Bupati" not in page and "Jemput Antar Ibu" not in page
    assert "No regulation recorded yet." in page


def test_a_region_admin_reads_the_tracker_without_the_coordinators_buttons(
    client, admin_a, agency_a, enacted_regulation, budget_line
):
    client.force_login(admin_a)
    page = client.get(url("tracker", agency_a)).content.decode()
    assert "Peraturan Bupati tentang Inovasi Daerah" in page
    assert "Pendampingan Jemput Antar Ibu" in page and "25,000,000" in page
    assert 'data-testid="add-regulation"' not in page
    detail = client.get(url("regulation", agency_a, enacted_regulation.pk)).content.decode()
    assert "Jemput Antar Ibu" in detail and 'data-testid="move-' not in detail


def test_a_draft_moves_to_discussion_and_to_enactment_with_audit_rows(
    client, coordinator, coordinator_agency, draft_regulation, unscoped
):
    client.force_login(coordinator)
    move = url("regulation_move", coordinator_agency, draft_regulation.pk)
    assert client.post(move, {"move": "discuss"}).status_code == 302
    # Enacting without its number, date and signed document: refused, each named.
    response = client.post(move, {"move": "enact"})
    assert response.status_code == 400
    text = response.content.decode()
    for problem in ("needs its number", "needs its date", "needs its signed document"):
        assert problem in text
    draft_regulation.refresh_from_db()
    assert draft_regulation.status == "pembahasan" and not draft_regulation.file
    response = client.post(
        move,
        {
            "move": "enact",
            "number": "Nomor 7 Tahun 2026",
            "enacted_on": "2026-03-02",
            "upload": pdf("perbup-7-2026.pdf"),
        },
    )
    assert response.status_code == 302
    draft_regulation.refresh_from_db()
    assert draft_regulation.status == "ditetapkan"
    assert draft_regulation.number == "Nomor 7 Tahun 2026"
    assert draft_regulation.original_name == "perbup-7-2026.pdf"
    assert default_storage.exists(draft_regulation.file.name)
    steps = list(
        ActivityLog.objects.filter(
            target_type="pelembagaan.regulation", target_id=draft_regulation.pk
        )
        .order_by("pk")
        .values_list("action", "data__changes__status")
    )
    assert steps == [
        ("pelembagaan.regulation.created", None),
        ("pelembagaan.regulation.discuss", ["draft", "pembahasan"]),
        ("pelembagaan.regulation.enact", ["pembahasan", "ditetapkan"]),
    ]
    # A step not in the table from where it stands is refused.
    assert client.post(move, {"move": "discuss"}).status_code == 400
    assert client.post(move, {"move": "disseminate"}).status_code == 400  # needs its date
    disseminated = {"move": "disseminate", "disseminated_on": "2026-04-01"}
    assert client.post(move, disseminated).status_code == 302
    draft_regulation.refresh_from_db()
    assert draft_regulation.status == "disosialisasikan"


def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_is_kept(
    client, coordinator, coordinator_agency, innovation_a, unscoped, tmp_path
):
    client.force_login(coordinator)
    fake = SimpleUploadedFile("perbup.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(
        url("regulation_add", coordinator_agency),
        {
            "kind": "perkada",
            "title": "Perbup palsu",
            "status": "ditetapkan",
            "number": "1",
            "enacted_on": "2026-01-05",
            "innovations": [innovation_a.pk],
            "upload": fake,
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "not a real .pdf file" in text
    assert 'value="Perbup palsu"' in text  # what was typed is kept
    assert not Regulation.objects.exists()
    assert not list((tmp_path / "media").rglob("*.pdf"))


def test_recording_a_regulation_in_force_and_editing_what_it_covers(
    client, coordinator, coordinator_agency, agency_a, agency_b, innovation_a, unscoped
):
    client.force_login(coordinator)
    response = client.post(
        url("regulation_add", coordinator_agency),
        {
            "kind": "sk_kd",
            "title": "Keputusan Bupati tentang Inovasi Unggulan",
            "status": "ditetapkan",
            "number": "188/12/2024",
            "enacted_on": "2024-02-01",
            "innovations": [innovation_a.pk],
            "agencies": [agency_a.pk],
            "upload": pdf("sk.pdf"),
        },
    )
    assert response.status_code == 302
    regulation = Regulation.objects.get()
    assert regulation.agency == coordinator_agency
    assert list(regulation.innovations.all()) == [innovation_a]
    response = client.post(
        url("regulation_edit", coordinator_agency, regulation.pk),
        {
            "kind": "sk_kd",
            "title": "Keputusan Bupati tentang Inovasi Unggulan Daerah",
            "number": "188/12/2024",
            "enacted_on": "2024-02-01",
            "agencies": [agency_a.pk, agency_b.pk],
        },
    )
    assert response.status_code == 302
    assert not CoveredInnovation.objects.exists()
    edit = ActivityLog.objects.get(action="pelembagaan.regulation.edited")
    assert edit.data["changes"]["title"] == [
        "Keputusan Bupati tentang Inovasi Unggulan",
        "Keputusan Bupati tentang Inovasi Unggulan Daerah",
    ]
    assert edit.data["coverage"]["innovation"]["removed"] == ["Jemput Antar Ibu"]
    assert edit.data["coverage"]["covered"]["added"] == ["RSUD"]


def test_an_innovation_of_another_region_cannot_be_named(as_coordinator, agency_c, unscoped):
    from tests.innovations.factories import InnovationFactory

    elsewhere = InnovationFactory(agency=agency_c, status="coaching")
    with pytest.raises(Exception, match="of the region only"):
        services.regulation_create(
            actor=as_coordinator,
            fields={"kind": "perkada", "title": "x"},
            innovations=[elsewhere],
        )
    assert not Regulation.objects.exists()


def test_a_budget_line_spending_more_than_its_amount_is_refused(
    client, coordinator, coordinator_agency, agency_a, unscoped
):
    client.force_login(coordinator)
    data = {
        "year": 2026,
        "source": "apbd_pembinaan",
        "activity": "Bimtek inovasi perangkat daerah",
        "holder": coordinator_agency.pk,
        "amount": "50000000",
        "realised": "60000000",
    }
    response = client.post(url("budget_add", coordinator_agency), data)
    assert response.status_code == 400
    assert "cannot exceed the amount" in response.content.decode()
    assert not BudgetLine.objects.exists()
    data["realised"] = "48500000"
    assert client.post(url("budget_add", coordinator_agency), data).status_code == 302
    line = BudgetLine.objects.get()
    assert (line.amount, line.realised, line.holder) == (50_000_000, 48_500_000, coordinator_agency)


def test_editing_and_deleting_a_budget_line_leave_audit_rows_and_no_file(
    client,
    coordinator,
    coordinator_agency,
    agency_a,
    budget_line,
    unscoped,
    django_capture_on_commit_callbacks,
):
    client.force_login(coordinator)
    stored = budget_line.file.name
    response = client.post(
        url("budget_edit", coordinator_agency, budget_line.pk),
        {
            "year": 2025,
            "source": "apbd_inovasi",
            "activity": "Pendampingan Jemput Antar Ibu",
            "holder": agency_a.pk,
            "innovation": budget_line.innovation_id,
            "amount": "25000000",
            "realised": "25000000",
        },
    )
    assert response.status_code == 302
    edited = ActivityLog.objects.get(action="pelembagaan.budget.edited")
    assert edited.data["changes"] == {"realised": ["24100000.00", "25000000"]}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("budget_delete", coordinator_agency, budget_line.pk))
    assert response.status_code == 302
    assert not BudgetLine.objects.exists()
    assert not default_storage.exists(stored)
    deleted = ActivityLog.objects.get(action="pelembagaan.budget.deleted")
    assert deleted.data["activity"] == "Pendampingan Jemput Antar Ibu"


def test_the_regulations_document_is_served_under_its_name(
    client, admin_a, agency_a, enacted_regulation
):
    client.force_login(admin_a)
    response = client.get(url("regulation_file", agency_a, enacted_regulation.pk))
    assert response.status_code == 200
    assert 'filename="perbup.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_an_enacted_regulation_needs_its_document_when_recorded(as_coordinator, unscoped):
    with pytest.raises(Exception, match="signed document"):
        services.regulation_create(
            actor=as_coordinator,
            fields={
                "kind": "perda",
                "title": "Perda Inovasi",
                "number": "3",
                "enacted_on": date(2022, 1, 1),
                "status": "ditetapkan",
            },
        )
    assert not Regulation.objects.exists()


def test_the_tracker_page_costs_the_same_queries_for_many_rows(
    client, coordinator, coordinator_agency, as_coordinator, agency_a, innovation_a
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.pelembagaan.conftest import enact

    client.force_login(coordinator)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("tracker", coordinator_agency)).status_code == 200
        return len(captured)

    def add(n):
        for i in range(n):
            enact(as_coordinator, [innovation_a], [agency_a], title=f"Perbup {i}")
            services.budget_save(
                actor=as_coordinator,
                fields={
                    "year": 2020 + i % 5,
                    "source": "apbd_pembinaan",
                    "source_detail": "",
                    "activity": f"Bimtek {i}",
                    "holder": agency_a,
                    "innovation": innovation_a,
                    "amount": 1000 + i,
                    "realised": None,
                },
            )

    add(1)
    few = queries()
    add(25)
    assert queries() == few
