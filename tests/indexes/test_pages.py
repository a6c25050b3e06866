"""The index workbench pages: who sees and does what, the pemda answers and their
documents, each innovation's sheet (proposed, confirmed, verified), the what-if, the XLSX
for the national application, freezing a season, the head of region's PDF brief, the
editions, and the dashboard's query budget."""

import io
from datetime import date, datetime
from decimal import Decimal

import lxml.html
import pypdf
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from indexes import scoring
from indexes.assessment import build, rules_of
from indexes.choices import Source
from indexes.forms import EditionForm, IndicatorForm
from indexes.models import (
    Assessment,
    Edition,
    Indicator,
    InnovationAnswer,
    PemdaAnswer,
    RegionEvidence,
    Snapshot,
)
from innovations.models import Evidence, InnovationPartner
from jobs.models import Job
from tests.clinics.factories import AgencyFactory, PartnerFactory
from tests.images import BOMB
from tests.spreadsheets import (
    INJECTIONS,
    VERTICAL_TAB,
    WITHOUT_VERTICAL_TAB,
    assert_only_data,
    workbook,
)

pytestmark = pytest.mark.usefixtures("unscoped")

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PROGRAM = b"MZ\x90\x00 this is a program"
PERDA = "Peraturan Daerah Kabupaten Bantaeng Nomor 5 Tahun 2024 tentang Bendera SASKIA"
PERBUP = "Peraturan Bupati Bantaeng Nomor 12 Tahun 2025 tentang Antrean Daring"
PEMDA_2026 = [
    "1", "2a", "2b", "3", "4", "5a", "5b", "6", "7", "8",
    "9", "10a", "10b", "11a", "11b", "12", "13a", "13b", "14", "15",
]  # fmt: skip
# The national application's innovation profile, in its order (shared/IID.md §3).
PROFILE = [
    "Nama Pemda / OPD",
    "Nama Inovasi",
    "Tahapan Inovasi",
    "Inisiator Inovasi Daerah",
    "Jenis Inovasi",
    "Bentuk Inovasi Daerah",
    "Tematik",
    "Urusan Pemerintahan",
    "Urusan lain",
    "Waktu Uji Coba Inovasi Daerah",
    "Waktu Penerapan Inovasi Daerah",
    "Rancang Bangun",
    "Tujuan Inovasi Daerah",
    "Manfaat yang diperoleh",
    "Hasil Inovasi",
]


def url(name, agency, *args):
    return reverse(f"indexes:{name}", args=[agency.slug, *args])


def text(response, testid) -> str:
    """The text of the element marked ``data-testid``, whitespace collapsed ("" if none)."""
    nodes = lxml.html.fromstring(response.content.decode()).xpath(f'//*[@data-testid="{testid}"]')
    return " ".join(" ".join(node.text_content().split()) for node in nodes)


def table(response, testid) -> list[list[str]]:
    """The rows of the table marked ``data-testid``, each a list of its cells' texts."""
    return [
        [" ".join(cell.text_content().split()) for cell in tr.xpath("./th|./td")]
        for tr in lxml.html.fromstring(response.content.decode()).xpath(
            f'//table[@data-testid="{testid}"]//tr'
        )
    ]


def sheet_row(response, number) -> str:
    nodes = lxml.html.fromstring(response.content.decode()).xpath(
        f'//table[@data-testid="sheet"]//tr[@data-indicator="{number}"]'
    )
    assert len(nodes) == 1, number
    return " ".join(nodes[0].text_content().split())


def indicator(edition_or_season, number) -> Indicator:
    edition = getattr(edition_or_season, "edition", edition_or_season)
    return edition.indicators.get(number=number)


def locker(innovation, title, *, kind="report", dated=None, name="dokumen.pdf") -> Evidence:
    """A document in the innovation's evidence locker."""
    evidence = Evidence(
        agency=innovation.agency,
        innovation=innovation,
        title=title,
        kind=kind,
        dated=dated,
        original_name=name,
        content_type="application/pdf",
        size=len(PDF),
    )
    evidence.file.save(name, ContentFile(PDF), save=False)
    evidence.save()
    return evidence


def region_document(agency, title, *, dated=None) -> RegionEvidence:
    evidence = RegionEvidence(
        agency=agency, title=title, dated=dated, original_name="dokumen.pdf", size=len(PDF)
    )
    evidence.file.save("dokumen.pdf", ContentFile(PDF), save=False)
    evidence.save()
    return evidence


def row_of(season, innovation, number):
    """The per-innovation row as the assessment puts it together."""
    sheet = next(s for s in build(season).sheets if s.innovation.pk == innovation.pk)
    return next(r for r in sheet.rows if r.indicator.number == number)


@pytest.fixture
def saskia(implemented, agency_a):
    """Agency A's innovation with a regional regulation (Perda) in its locker: the 2026
    edition proposes level 3 on indicator 16."""
    innovation = implemented(agency_a, name="Bendera Sayangi Ibu dan Anak")
    locker(innovation, PERDA, kind="regulation", dated=date(2024, 2, 1), name="perda-5-2024.pdf")
    return innovation


# --- The dashboard and the season -------------------------------------------------------


def test_the_coordinator_sees_the_predicted_index_in_both_views(
    client, coordinator, coordinator_agency, season, saskia
):
    workbench = build(season)
    # The regulation backs 16; 17 (team size) and 19 (non-digital) have no evidence.
    assert workbench.claimed.iid > workbench.strict.iid
    client.force_login(coordinator)
    response = client.get(url("dashboard", coordinator_agency))
    assert response.status_code == 200
    claimed, strict = text(response, "iid-claimed"), text(response, "iid-strict")
    assert str(workbench.claimed.iid) in claimed and workbench.claimed.band in claimed
    assert str(workbench.strict.iid) in strict and workbench.strict.band in strict
    breakdown = text(response, "breakdown")
    assert "Total (of 250)" in breakdown
    assert f"{workbench.claimed.total:.2f}" in breakdown
    assert f"{workbench.strict.total:.2f}" in breakdown
    assert "the sum over 1 innovations ÷ 12" in breakdown
    suggestions = text(response, "suggestions")
    top = workbench.suggestions[0]
    assert f"{top.label}: +{top.gain:.2f} IID" in suggestions
    gaps = text(response, "gaps")
    assert "1. Visi dan Misi" in gaps and "8. Opini BPK" in gaps
    assert "35. Video Inovasi Daerah · Bendera Sayangi Ibu dan Anak (Dinas Kesehatan)" in gaps
    body = response.content.decode()
    visi = indicator(season, "1")
    assert url("pemda", coordinator_agency, season.pk, visi.pk) in body
    assert url("freeze", coordinator_agency, season.pk) in body
    assert url("brief", coordinator_agency, season.pk) in body
    assert "Read only" not in body


def test_an_agency_admin_reads_the_regions_index(client, admin_a, agency_a, season, saskia):
    workbench = build(season)
    client.force_login(admin_a)
    response = client.get(url("dashboard", agency_a))
    assert response.status_code == 200
    assert str(workbench.claimed.iid) in text(response, "iid-claimed")
    assert str(workbench.strict.iid) in text(response, "iid-strict")
    assert text(response, "breakdown") and text(response, "suggestions")
    body = response.content.decode()
    assert "Read only" in body
    assert "/pemda/" not in body  # no pemda edit links
    assert url("freeze", agency_a, season.pk) not in body
    assert url("brief", agency_a, season.pk) not in body and not text(response, "brief-job")
    assert url("start", agency_a) not in body
    # Its own innovation's sheet is one click away.
    assert url("innovation", agency_a, season.pk, saskia.pk) in body


def test_staff_and_other_regions_do_not_see_the_index(
    client, staff_a, agency_a, admin_c, agency_c, season, saskia
):
    client.force_login(staff_a)
    assert client.get(url("dashboard", agency_a)).status_code == 403
    assert client.get(url("export", agency_a, season.pk)).status_code == 403
    client.force_login(admin_c)
    response = client.get(url("dashboard", agency_c))
    assert response.status_code == 200
    body = response.content.decode()
    assert "has not opened an assessment yet" in body
    assert not text(response, "iid-claimed") and "Bendera Sayangi" not in body
    assert client.get(url("export", agency_c, season.pk)).status_code == 404
    assert client.get(url("innovation", agency_c, season.pk, saskia.pk)).status_code == 404


def test_the_coordinator_opens_one_season_a_year(
    client, coordinator, coordinator_agency, admin_a, agency_a, editions
):
    edition_2026 = Edition.objects.get(agency=None, code="iid-2026")
    edition_2023 = Edition.objects.get(agency=None, code="iid-2023")
    client.force_login(coordinator)
    page = client.get(url("dashboard", coordinator_agency))
    assert "Open this season's assessment" in page.content.decode()
    assert f'action="{url("start", coordinator_agency)}"' in page.content.decode()
    response = client.post(
        url("start", coordinator_agency), {"edition": edition_2026.pk, "year": 2026}
    )
    assert response["Location"] == url("dashboard", coordinator_agency)
    opened = Assessment.objects.get()
    assert (opened.agency, opened.edition, opened.year, opened.created_by) == (
        coordinator_agency,
        edition_2026,
        2026,
        coordinator,
    )
    again = client.post(
        url("start", coordinator_agency), {"edition": edition_2023.pk, "year": 2026}
    )
    assert again.status_code == 400
    assert "The region already has an assessment for 2026." in again.content.decode()
    assert Assessment.objects.count() == 1
    client.force_login(admin_a)
    refused = client.post(url("start", agency_a), {"edition": edition_2026.pk, "year": 2027})
    assert refused.status_code == 403
    assert Assessment.objects.count() == 1


# --- Pemda answers ----------------------------------------------------------------------


def test_the_coordinator_answers_a_pemda_indicator_with_a_document(
    client, coordinator, coordinator_agency, season
):
    award = indicator(season, "12")  # Penghargaan bagi inovator, weight 2
    before = build(season).strict.iid
    client.force_login(coordinator)
    page = client.get(url("pemda", coordinator_agency, season.pk, award.pk))
    assert page.status_code == 200 and "Penghargaan bagi inovator" in page.content.decode()
    started = timezone.now()
    response = client.post(
        url("pemda", coordinator_agency, season.pk, award.pk),
        {
            "level": 2,
            "note": "Dua penghargaan per tahun",
            "upload": SimpleUploadedFile("penghargaan.pdf", PDF),
            "upload_title": "SK Bupati tentang Penghargaan Inovator",
            "upload_dated": "2025-11-10",
        },
    )
    assert response["Location"] == url("dashboard", coordinator_agency)
    answer = PemdaAnswer.objects.get()
    assert (answer.agency, answer.assessment, answer.indicator) == (
        coordinator_agency,
        season,
        award,
    )
    assert (answer.level, answer.note) == (2, "Dua penghargaan per tahun")
    assert answer.answered_by == coordinator and answer.answered_at >= started
    document = answer.evidence
    assert document == RegionEvidence.objects.get()
    assert (document.agency, document.title, document.dated) == (
        coordinator_agency,
        "SK Bupati tentang Penghargaan Inovator",
        date(2025, 11, 10),
    )
    assert (document.original_name, document.content_type, document.size) == (
        "penghargaan.pdf",
        "application/pdf",
        len(PDF),
    )
    assert document.uploaded_by == coordinator
    with document.file.open("rb") as handle:
        assert handle.read() == PDF
    after = build(season).strict.iid
    assert after - before == award.weight * 2 / season.edition.max_total * 100  # 1.60
    dashboard = client.get(url("dashboard", coordinator_agency))
    assert "SK Bupati tentang Penghargaan Inovator" in text(dashboard, "pemda")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"upload": ("virus.pdf", PROGRAM), "upload_title": "SK"},
            "The file&#x27;s content is not a real .pdf file.",
        ),
        ({"upload": ("sk.pdf", PDF)}, "Give the new document a title."),
        (
            {"upload": ("sk.pdf", PDF), "upload_title": "SK", "evidence": "on file"},
            "Pick a document on file or upload a new one, not both.",
        ),
    ],
    ids=["program-renamed-pdf", "no-title", "both"],
)
def test_a_bad_pemda_answer_is_refused_and_nothing_is_saved(
    client, coordinator, coordinator_agency, season, fields, message
):
    on_file = region_document(coordinator_agency, "RPJMD 2021-2026")
    award = indicator(season, "12")
    data = {"level": 2, "note": "x"}
    for name, value in fields.items():
        if name == "upload":
            data["upload"] = SimpleUploadedFile(*value)
        elif name == "evidence":
            data["evidence"] = on_file.pk
        else:
            data[name] = value
    client.force_login(coordinator)
    response = client.post(url("pemda", coordinator_agency, season.pk, award.pk), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PemdaAnswer.objects.exists()
    assert list(RegionEvidence.objects.all()) == [on_file]


def test_only_the_coordinator_answers_and_only_pemda_indicators(
    client, coordinator, coordinator_agency, admin_a, agency_a, season
):
    award = indicator(season, "12")
    client.force_login(admin_a)
    assert client.get(url("pemda", agency_a, season.pk, award.pk)).status_code == 403
    refused = client.post(url("pemda", agency_a, season.pk, award.pk), {"level": 3})
    assert refused.status_code == 403 and not PemdaAnswer.objects.exists()
    client.force_login(coordinator)
    regulation = indicator(season, "16")  # per innovation
    assert client.get(url("pemda", coordinator_agency, season.pk, regulation.pk)).status_code == 404
    shipped_2023 = Edition.objects.get(agency=None, code="iid-2023")
    other_edition = shipped_2023.indicators.first()  # not this season's edition
    assert (
        client.get(url("pemda", coordinator_agency, season.pk, other_edition.pk)).status_code == 404
    )


# --- Each innovation's sheet ------------------------------------------------------------


def test_the_sheet_shows_what_the_registry_proposes_and_why(
    client, admin_a, agency_a, admin_b, agency_b, season, saskia, implemented
):
    client.force_login(admin_a)
    response = client.get(url("innovation", agency_a, season.pk, saskia.pk))
    assert response.status_code == 200
    row = sheet_row(response, "16")
    assert row.startswith("16. Regulasi Inovasi Daerah")
    assert "Peraturan Daerah 3 × 3 Proposed from the registry" in row
    assert f"“{PERDA}” in the evidence locker" in row
    assert row_of(season, saskia, "16").level == 3
    # A regent's regulation (Perkada) is level 2 in 2026.
    queue = implemented(agency_b, name="Antrean Daring")
    locker(queue, PERBUP, kind="regulation", dated=date(2025, 3, 1))
    client.force_login(admin_b)
    row = sheet_row(client.get(url("innovation", agency_b, season.pk, queue.pk)), "16")
    assert "Peraturan Kepala Daerah 2 × 3 Proposed from the registry" in row
    assert f"“{PERBUP}” in the evidence locker" in row


def test_the_agency_confirms_or_overrides_a_level_with_evidence_from_its_locker(
    client, admin_a, agency_a, season, saskia
):
    perda = Evidence.objects.get(innovation=saskia)
    budget = locker(saskia, "DPA Dinas Kesehatan 2025", dated=date(2025, 1, 15))
    client.force_login(admin_a)
    form = client.get(
        url("innovation_answer", agency_a, season.pk, saskia.pk, indicator(season, "18").pk)
    )
    assert form.status_code == 200 and "DPA Dinas Kesehatan 2025" in form.content.decode()
    # Confirm 18 (no proposal) with the budget document.
    response = client.post(
        url("innovation_answer", agency_a, season.pk, saskia.pk, indicator(season, "18").pk),
        {"level": 3, "note": "Dianggarkan di DPA", "evidence": budget.pk},
    )
    assert response["Location"] == url("innovation", agency_a, season.pk, saskia.pk)
    # Override 16's proposal (3) with 2, keeping the regulation as evidence.
    client.post(
        url("innovation_answer", agency_a, season.pk, saskia.pk, indicator(season, "16").pk),
        {"level": 2, "note": "", "evidence": perda.pk},
    )
    answers = {a.indicator.number: a for a in InnovationAnswer.objects.all()}
    assert set(answers) == {"16", "18"}
    for answer in answers.values():
        assert (answer.agency, answer.assessment, answer.innovation) == (agency_a, season, saskia)
        assert answer.confirmed_by == admin_a and answer.verified_at is None
    assert (answers["18"].level, answers["18"].evidence, answers["18"].note) == (
        3,
        budget,
        "Dianggarkan di DPA",
    )
    assert (answers["16"].level, answers["16"].evidence) == (2, perda)
    for number, level in [("16", 2), ("18", 3)]:
        row = row_of(season, saskia, number)
        assert (row.level, row.source, row.backed) == (level, Source.CONFIRMED, True)
    page = client.get(url("innovation", agency_a, season.pk, saskia.pk))
    assert "Confirmed by the agency" in sheet_row(page, "18")
    assert "DPA Dinas Kesehatan 2025" in sheet_row(page, "18")


def test_a_document_uploaded_with_an_answer_lands_in_the_innovations_locker(
    client, admin_a, agency_a, season, saskia
):
    training = indicator(season, "20")  # Bimtek Inovasi
    client.force_login(admin_a)
    response = client.post(
        url("innovation_answer", agency_a, season.pk, saskia.pk, training.pk),
        {
            "level": 1,
            "upload": SimpleUploadedFile("bimtek.pdf", PDF),
            "upload_title": "Sertifikat Bimtek Inovasi 2025",
            "upload_kind": "report",
            "upload_dated": "2025-03-01",
        },
    )
    assert response.status_code == 302
    document = Evidence.objects.get(title="Sertifikat Bimtek Inovasi 2025")
    assert (document.innovation, document.agency, document.kind) == (saskia, agency_a, "report")
    assert (document.original_name, document.uploaded_by) == ("bimtek.pdf", admin_a)
    assert document.dated == date(2025, 3, 1)
    answer = InnovationAnswer.objects.get()
    assert (answer.indicator, answer.level, answer.evidence) == (training, 1, document)
    # It is in the locker: the next answer may pick it.
    form = client.get(url("innovation_answer", agency_a, season.pk, saskia.pk, training.pk))
    assert f'value="{document.pk}" selected' in form.content.decode()


def test_a_bad_upload_with_an_answer_is_refused(client, admin_a, agency_a, season, saskia):
    training = indicator(season, "20")
    client.force_login(admin_a)
    response = client.post(
        url("innovation_answer", agency_a, season.pk, saskia.pk, training.pk),
        {"level": 1, "upload": SimpleUploadedFile("virus.pdf", PROGRAM), "upload_title": "X"},
    )
    assert response.status_code == 400
    assert "not a real .pdf file" in response.content.decode()
    unsaid = client.post(
        url("innovation_answer", agency_a, season.pk, saskia.pk, training.pk),
        {"level": 1, "upload": SimpleUploadedFile("bimtek.pdf", PDF), "upload_title": "X"},
    )
    assert unsaid.status_code == 400
    assert "Say what kind of document it is." in unsaid.content.decode()
    # The workbench's uploads are the registry's DocumentField: the same image checks.
    bomb = client.post(
        url("innovation_answer", agency_a, season.pk, saskia.pk, training.pk),
        {"level": 1, "upload": SimpleUploadedFile("x.png", BOMB), "upload_kind": "photo"},
    )
    assert "far more pixels than the limit of 40 megapixels" in bomb.content.decode()
    assert not InnovationAnswer.objects.exists()
    assert Evidence.objects.filter(innovation=saskia).count() == 1  # the regulation alone


@pytest.mark.parametrize("change", ["withdraw", "replace"])
def test_withdrawn_or_replaced_evidence_leaves_the_answers_that_named_it(
    admin_a, agency_a, season, saskia, change, django_capture_on_commit_callbacks
):
    """As deleting it would (the answer's on_delete=SET_NULL): the level stays, unbacked,
    until the agency names the new document."""
    from clinics.models import Membership
    from innovations import services as registry

    regulation = Evidence.objects.get(innovation=saskia)
    answer = InnovationAnswer.objects.create(
        agency=agency_a,
        assessment=season,
        innovation=saskia,
        indicator=indicator(season, "16"),
        level=3,
        evidence=regulation,
    )
    actor = Membership.objects.get(user=admin_a, agency=agency_a)
    with django_capture_on_commit_callbacks(execute=True):
        if change == "withdraw":
            registry.evidence_withdraw(actor=actor, evidence=regulation)
        else:
            registry.evidence_replace(
                actor=actor,
                evidence=regulation,
                upload=SimpleUploadedFile("perda-baru.pdf", PDF),
                title="Perda baru",
                kind="regulation",
            )
    answer.refresh_from_db()
    assert (answer.level, answer.evidence) == (3, None)
    assert row_of(season, saskia, "16").evidence_problem == ""
    assert not row_of(season, saskia, "16").backed


def test_only_the_innovations_own_locker_can_back_an_answer(
    client, admin_a, agency_a, season, saskia, implemented, agency_b
):
    elsewhere = locker(implemented(agency_b, name="Antrean Daring"), "SK RSUD")
    funding = indicator(season, "18")
    client.force_login(admin_a)
    response = client.post(
        url("innovation_answer", agency_a, season.pk, saskia.pk, funding.pk),
        {"level": 3, "evidence": elsewhere.pk},
    )
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert not InnovationAnswer.objects.exists()


def test_another_agency_of_the_region_cannot_open_the_sheet(
    client, admin_b, agency_b, season, saskia
):
    client.force_login(admin_b)
    assert client.get(url("innovation", agency_b, season.pk, saskia.pk)).status_code == 404
    regulation = indicator(season, "16")
    answer_url = url("innovation_answer", agency_b, season.pk, saskia.pk, regulation.pk)
    assert client.get(answer_url).status_code == 404
    assert client.post(answer_url, {"level": 1}).status_code == 404
    assert not InnovationAnswer.objects.exists()


def test_the_coordinator_verifies_but_does_not_confirm(
    client, coordinator, coordinator_agency, admin_a, agency_a, season, saskia
):
    budget = locker(saskia, "DPA Dinas Kesehatan 2025", dated=date(2025, 1, 15))
    funding = indicator(season, "18")
    client.force_login(admin_a)
    client.post(
        url("innovation_answer", agency_a, season.pk, saskia.pk, funding.pk),
        {"level": 3, "evidence": budget.pk},
    )
    answer = InnovationAnswer.objects.get()
    # The agency cannot verify its own level.
    assert client.post(url("verify", agency_a, season.pk, saskia.pk, funding.pk)).status_code == 403
    answer.refresh_from_db()
    assert answer.verified_at is None

    client.force_login(coordinator)
    sheet = client.get(url("innovation", coordinator_agency, season.pk, saskia.pk))
    assert sheet.status_code == 200
    verify_url = url("verify", coordinator_agency, season.pk, saskia.pk, funding.pk)
    assert verify_url in sheet.content.decode()
    answer_url = url("innovation_answer", coordinator_agency, season.pk, saskia.pk, funding.pk)
    assert client.get(answer_url).status_code == 403
    assert client.post(answer_url, {"level": 1, "evidence": budget.pk}).status_code == 403
    answer.refresh_from_db()
    assert answer.level == 3

    assert client.post(verify_url)["Location"] == url(
        "innovation", coordinator_agency, season.pk, saskia.pk
    )
    answer.refresh_from_db()
    assert answer.verified_at is not None and answer.verified_by == coordinator
    assert row_of(season, saskia, "18").source == Source.VERIFIED
    page = client.get(url("innovation", coordinator_agency, season.pk, saskia.pk))
    assert "Verified by Bappeda" in sheet_row(page, "18")
    assert verify_url not in page.content.decode()  # nothing left to verify there


def test_verifying_a_level_nobody_confirmed_is_refused(
    client, coordinator, coordinator_agency, season, saskia
):
    staffing = indicator(season, "17")  # proposed from the team size, not confirmed
    client.force_login(coordinator)
    response = client.post(
        url("verify", coordinator_agency, season.pk, saskia.pk, staffing.pk), follow=True
    )
    assert "Only a level the agency has confirmed can be verified." in response.content.decode()
    assert not InnovationAnswer.objects.exists()
    assert row_of(season, saskia, "17").source == Source.PROPOSED


def test_changing_a_verified_level_asks_for_a_new_verification(
    client, coordinator, coordinator_agency, admin_a, agency_a, season, saskia
):
    budget = locker(saskia, "DPA Dinas Kesehatan 2025", dated=date(2025, 1, 15))
    funding = indicator(season, "18")
    answer_url = url("innovation_answer", agency_a, season.pk, saskia.pk, funding.pk)
    client.force_login(admin_a)
    client.post(answer_url, {"level": 3, "evidence": budget.pk})
    client.force_login(coordinator)
    client.post(url("verify", coordinator_agency, season.pk, saskia.pk, funding.pk))
    client.force_login(admin_a)
    # A new note alone keeps the verification.
    client.post(answer_url, {"level": 3, "evidence": budget.pk, "note": "Lihat halaman 4"})
    answer = InnovationAnswer.objects.get()
    assert answer.note == "Lihat halaman 4" and answer.verified_at is not None
    page = client.get(answer_url)
    assert "Bappeda has verified this level" in page.content.decode()
    # A new level does not.
    client.post(answer_url, {"level": 2, "evidence": budget.pk})
    answer.refresh_from_db()
    assert answer.level == 2
    assert answer.verified_at is None and answer.verified_by is None
    assert row_of(season, saskia, "18").source == Source.CONFIRMED


def test_the_strict_view_counts_a_confirmed_level_only_with_evidence(
    client, admin_a, agency_a, season, saskia
):
    budget = locker(saskia, "DPA Dinas Kesehatan 2025", dated=date(2025, 1, 15))
    funding = indicator(season, "18")  # weight 2
    answer_url = url("innovation_answer", agency_a, season.pk, saskia.pk, funding.pk)
    before = build(season)
    client.force_login(admin_a)
    client.post(answer_url, {"level": 3})
    bare = build(season)
    # 2 × 3 points over MAX(12, 1 innovation)
    assert bare.claimed.innovations_sum - before.claimed.innovations_sum == 6
    assert bare.claimed.divisor == 12
    assert bare.strict.innovations_sum == before.strict.innovations_sum
    assert bare.strict.iid == before.strict.iid
    page = client.get(url("innovation", agency_a, season.pk, saskia.pk))
    assert "no evidence: 0 in the strict view" in sheet_row(page, "18")
    client.post(answer_url, {"level": 3, "evidence": budget.pk})
    backed = build(season)
    assert backed.strict.innovations_sum - before.strict.innovations_sum == 6
    assert backed.strict.iid > before.strict.iid
    assert backed.claimed.innovations_sum == bare.claimed.innovations_sum


def test_evidence_dated_outside_the_indicators_years_counts_zero_when_strict(
    client, admin_a, agency_a, season, saskia
):
    funding = indicator(season, "18")  # weight 2, evidence from T-2..T-0 (2024-2026)
    assert funding.evidence_years(season.year) == range(2024, 2027)
    client.force_login(admin_a)
    answer_url = url("innovation_answer", agency_a, season.pk, saskia.pk, funding.pk)
    answer = {"level": 3, "upload_title": "DPA", "upload_kind": "report"}
    client.post(
        answer_url,
        {**answer, "upload": SimpleUploadedFile("dpa.pdf", PDF), "upload_dated": "2021-01-15"},
    )
    old = row_of(season, saskia, "18")
    assert (old.level, old.evidence.dated.year, old.backed) == (3, 2021, False)
    page = client.get(url("innovation", agency_a, season.pk, saskia.pk))
    assert "dated outside T-2..T-0: 0 in the strict view" in sheet_row(page, "18")
    client.post(
        answer_url,
        {**answer, "upload": SimpleUploadedFile("dpa.pdf", PDF), "upload_dated": "2025-01-15"},
    )
    assert row_of(season, saskia, "18").backed


# --- What if ----------------------------------------------------------------------------


@pytest.fixture
def three(saskia, implemented, agency_a, agency_b):
    """SASKIA (13 points), a weak one (4 points) and one implemented before the window."""
    weak = implemented(agency_b, name="Antrean Daring")
    old = implemented(agency_b, name="Rapor Gizi", implementation_start=date(2022, 6, 1))
    return saskia, weak, old


def test_dropping_an_innovation_shows_the_iid_it_would_give(
    client, coordinator, coordinator_agency, season, three
):
    saskia, weak, _old = three
    workbench = build(season)
    assert [s.innovation for s in workbench.counted] == [saskia, weak]
    rules = rules_of(season.edition)
    expected = scoring.iid_for(
        rules,
        workbench.claimed.pemda,
        [s.entry(strict=False) for s in workbench.counted if s.innovation != weak],
    )
    expected_strict = scoring.iid_for(
        rules,
        workbench.strict.pemda,
        [s.entry(strict=True) for s in workbench.counted if s.innovation != weak],
    )
    assert expected != workbench.claimed.iid
    client.force_login(coordinator)
    plain = client.get(url("dashboard", coordinator_agency))
    assert not text(plain, "what-if")
    assert f"drop it: IID {expected}" in text(plain, "innovations")
    response = client.get(url("dashboard", coordinator_agency), {"drop": weak.pk})
    what_if = text(response, "what-if")
    assert f"with 1 innovations counted, the self-assessed IID would be {expected}" in what_if
    assert f"(now {workbench.claimed.iid})" in what_if
    assert f"the strict IID {expected_strict}" in what_if


def test_an_innovation_outside_the_window_is_not_counted_unless_added(
    client, coordinator, coordinator_agency, season, three
):
    _saskia, _weak, old = three
    workbench = build(season)
    assert len(workbench.counted) == 2
    old_sheet = next(s for s in workbench.sheets if s.innovation == old)
    expected = scoring.iid_for(
        rules_of(season.edition),
        workbench.claimed.pemda,
        [s.entry(strict=False) for s in workbench.counted] + [old_sheet.entry(strict=False)],
    )
    assert expected > workbench.claimed.iid
    client.force_login(coordinator)
    plain = client.get(url("dashboard", coordinator_agency))
    rows = {
        row.split(" ")[0] + " " + row.split(" ")[1]: row
        for row in (
            " ".join(tr.text_content().split())
            for tr in lxml.html.fromstring(plain.content.decode()).xpath(
                '//table[@data-testid="innovations"]/tbody/tr'
            )
        )
    }
    assert rows["Rapor Gizi"].startswith("Rapor Gizi not counted RSUD")
    assert rows["Rapor Gizi"].endswith(f"count it: IID {expected}")
    assert "not counted" not in rows["Antrean Daring"]
    response = client.get(url("dashboard", coordinator_agency), {"add": old.pk})
    what_if = text(response, "what-if")
    assert f"with 3 innovations counted, the self-assessed IID would be {expected}" in what_if


# --- The XLSX for the national application ----------------------------------------------


@pytest.fixture
def export_workbook(client, django_capture_on_commit_callbacks):
    """Ask for the workbook as the dashboard does (a job, run eagerly after the commit),
    then download it."""

    def run(agency, season):
        with django_capture_on_commit_callbacks(execute=True):
            asked = client.post(url("export", agency, season.pk), HTTP_HX_REQUEST="true")
        assert asked.status_code == 200
        job = Job.objects.filter(kind="index_workbook").latest("pk")
        assert (job.status, job.agency, job.params) == ("ready", agency, {"assessment": season.pk})
        return client.get(url("export_download", agency, season.pk))

    return run


def test_the_export_holds_the_innovations_the_pemda_answers_and_the_score(
    client,
    export_workbook,
    coordinator,
    coordinator_agency,
    admin_a,
    agency_a,
    staff_a,
    season,
    saskia,
):
    award = indicator(season, "12")
    PemdaAnswer.objects.create(
        agency=coordinator_agency,
        assessment=season,
        indicator=award,
        level=2,
        note="Dua penghargaan",
        evidence=region_document(coordinator_agency, "SK Penghargaan"),
        answered_by=coordinator,
    )
    workbench = build(season)
    client.force_login(coordinator)
    response = export_workbook(coordinator_agency, season)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert 'filename="iid-2026.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    # In Indonesian, as it is handed on, whatever the language of who asked (English here).
    assert book.sheetnames == ["Inovasi", "Pemda", "Skor"]

    rows = list(book["Inovasi"].iter_rows(values_only=True))
    headers = list(rows[0])
    assert headers[: len(PROFILE)] == PROFILE
    assert headers[len(PROFILE) : len(PROFILE) + 4] == [
        "16. Regulasi Inovasi Daerah",
        "16 bukti",
        "17. Ketersediaan SDM terhadap Inovasi Daerah",
        "17 bukti",
    ]
    assert len(headers) == len(PROFILE) + 2 * 20
    assert len(rows) == 2
    row = dict(zip(headers, rows[1], strict=True))
    assert row["Nama Pemda / OPD"] == "Dinas Kesehatan"
    assert row["Nama Inovasi"] == "Bendera Sayangi Ibu dan Anak"
    assert row["Waktu Penerapan Inovasi Daerah"] == datetime(2024, 6, 1)
    assert (row["16. Regulasi Inovasi Daerah"], row["16 bukti"]) == (3, "perda-5-2024.pdf")
    assert row["17. Ketersediaan SDM terhadap Inovasi Daerah"] == 1
    assert row["18. Dukungan Anggaran"] == 0

    pemda = list(book["Pemda"].iter_rows(values_only=True))
    assert pemda[0][:5] == ("No.", "Indikator", "Variabel", "Bobot", "Level")
    assert [r[0] for r in pemda[1:]] == PEMDA_2026
    answered = next(r for r in pemda[1:] if r[0] == "12")
    assert answered[1] == "Penghargaan bagi inovator"
    assert (answered[3], answered[4], answered[5]) == (2, 2, 4)
    assert (answered[6], answered[7]) == ("dokumen.pdf", "Dua penghargaan")

    score = {r[0]: r[1:] for r in book["Skor"].iter_rows(values_only=True)}
    assert score["IID"] == (
        pytest.approx(float(workbench.claimed.iid)),
        pytest.approx(float(workbench.strict.iid)),
    )
    assert workbench.claimed.iid > workbench.strict.iid > 0
    assert score["Predikat"] == (workbench.claimed.band, workbench.strict.band)

    # The dashboard shows the job where the export button is, with the download.
    page = client.get(url("dashboard", coordinator_agency)).content.decode()
    assert 'id="workbook"' in page and 'href="#workbook" data-testid="export-xlsx"' in page
    assert url("export_download", coordinator_agency, season.pk) in page
    # The export holds every agency's full profiles: the coordinator's, not the readers'.
    for person in (staff_a, admin_a):
        client.force_login(person)
        for address in (
            url("export", agency_a, season.pk),
            url("export_download", agency_a, season.pk),
        ):
            assert client.get(address).status_code == 403
            assert client.post(address).status_code == 403
    assert Job.objects.count() == 1


def test_asking_for_the_workbook_only_queues_it_whatever_the_region_holds(
    client, coordinator, coordinator_agency, agency_a, season, implemented, unscoped
):
    """The request saves a row in a fixed number of queries; the worker computes the
    region, however many innovations it holds."""
    client.force_login(coordinator)
    counts = []
    for more in (1, 40):
        for _ in range(more):
            implemented(agency_a)
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                url("export", coordinator_agency, season.pk), HTTP_HX_REQUEST="true"
            )
        assert 'data-status="queued"' in response.content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 12
    assert Job.objects.filter(kind="index_workbook", status="queued").count() == 2


# --- Freezing a season ------------------------------------------------------------------


def test_freezing_keeps_the_score_for_the_trend(
    client, coordinator, coordinator_agency, admin_a, agency_a, season, saskia
):
    workbench = build(season)
    client.force_login(admin_a)
    assert client.post(url("freeze", agency_a, season.pk)).status_code == 403
    assert not Snapshot.objects.exists()
    client.force_login(coordinator)
    before = client.get(url("dashboard", coordinator_agency))
    assert "No season has been frozen yet." in before.content.decode()
    response = client.post(url("freeze", coordinator_agency, season.pk), follow=True)
    snapshot = Snapshot.objects.get()
    assert (snapshot.agency, snapshot.assessment, snapshot.taken_by) == (
        coordinator_agency,
        season,
        coordinator,
    )
    assert (snapshot.iid_claimed, snapshot.iid_strict) == (
        workbench.claimed.iid,
        workbench.strict.iid,
    )
    assert (snapshot.band_claimed, snapshot.band_strict) == (
        workbench.claimed.band,
        workbench.strict.band,
    )
    assert snapshot.data["innovations"] == 1
    assert "The season is frozen at IID" in response.content.decode()
    frozen = [
        "2026",
        f"{timezone.localtime(snapshot.taken_at, coordinator_agency.zoneinfo):%m/%d/%Y}",
        f"{workbench.claimed.iid} · {workbench.claimed.band}",
        f"{workbench.strict.iid} · {workbench.strict.band}",
        "—",  # no official result recorded yet
        "—",
        "—",
    ]
    assert table(response, "trend")[1:] == [frozen]
    client.force_login(admin_a)
    assert table(client.get(url("dashboard", agency_a)), "trend")[1:] == [frozen]


# --- The brief for the head of region ---------------------------------------------------


@pytest.fixture
def render_brief(client, django_capture_on_commit_callbacks):
    """Ask for the brief as the page does; the task runs (eagerly) after the commit."""

    def post(agency, season, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url("brief", agency, season.pk), **extra)

    return post


def _pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_brief_is_a_pdf_with_the_region_and_its_index(
    client, render_brief, coordinator, coordinator_agency, season, saskia
):
    iid = str(build(season).claimed.iid)
    client.force_login(coordinator)
    response = render_brief(coordinator_agency, season)
    assert response["Location"] == url("dashboard", coordinator_agency) + f"?season={season.pk}"
    job = Job.objects.get()
    assert (job.kind, job.status, job.agency) == ("index_brief", "ready", coordinator_agency)
    assert job.params == {"assessment": season.pk}
    page = client.get(url("dashboard", coordinator_agency))
    assert url("brief_download", coordinator_agency, season.pk) in page.content.decode()
    download = client.get(url("brief_download", coordinator_agency, season.pk))
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF")
    found = _pdf_text(content)
    assert "Kabupaten Bantaeng" in found
    assert iid in found or iid.replace(".", ",") in found


def test_only_the_coordinator_renders_and_downloads_the_brief(
    client, render_brief, coordinator, coordinator_agency, admin_a, agency_a, season
):
    client.force_login(coordinator)
    render_brief(coordinator_agency, season)
    assert Job.objects.get().status == "ready"
    client.force_login(admin_a)
    assert client.get(url("brief", agency_a, season.pk)).status_code == 403
    assert render_brief(agency_a, season).status_code == 403
    assert client.get(url("brief_download", agency_a, season.pk)).status_code == 403
    assert Job.objects.count() == 1


def test_a_brief_that_fails_shows_a_readable_reason_and_a_retry_works(
    client, render_brief, coordinator, coordinator_agency, season, monkeypatch
):
    import weasyprint

    def broken(self, *args, **kwargs):
        raise RuntimeError("font cache is corrupt")

    client.force_login(coordinator)
    with monkeypatch.context() as patch:
        patch.setattr(weasyprint.HTML, "write_pdf", broken)
        render_brief(coordinator_agency, season)
    job = Job.objects.get()
    assert job.status == "failed" and "font cache is corrupt" in job.detail
    polled = client.get(url("brief", coordinator_agency, season.pk), HTTP_HX_REQUEST="true")
    assert "Something went wrong while preparing the file" in polled.content.decode()
    assert "font cache" not in polled.content.decode()
    assert "Retry" in polled.content.decode()
    assert "Something went wrong" in text(
        client.get(url("dashboard", coordinator_agency)), "brief-job"
    )
    assert client.get(url("brief_download", coordinator_agency, season.pk)).status_code == 404
    render_brief(coordinator_agency, season, data={"action": "retry"})
    assert Job.objects.get().status == "ready"
    download = client.get(url("brief_download", coordinator_agency, season.pk))
    assert b"".join(download.streaming_content).startswith(b"%PDF")


# --- Editions ---------------------------------------------------------------------------


def _post_data(form) -> dict:
    """What a browser posts back from the form as rendered."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or value is False:
            continue
        if value is True:
            data[form.add_prefix(name)] = "on"
        elif isinstance(value, list) and name == "cuts":
            data[form.add_prefix(name)] = field.prepare_value(value)
        else:
            data[form.add_prefix(name)] = value
    return data


def _edition_data(edition, **changes) -> dict:
    data = _post_data(EditionForm(instance=edition))
    bands = list(edition.bands.all())
    data |= {"bands-TOTAL_FORMS": len(bands) + 1, "bands-INITIAL_FORMS": len(bands)}
    for i, band in enumerate(bands):
        data |= {
            f"bands-{i}-id": band.pk,
            f"bands-{i}-name": band.name,
            f"bands-{i}-minimum": band.minimum,
        }
    return data | changes


def _band_index(edition, name) -> int:
    return [b.name for b in edition.bands.all()].index(name)


@pytest.fixture
def copy_2027(client, coordinator, coordinator_agency, editions):
    shipped = Edition.objects.get(agency=None, code="iid-2026")
    client.force_login(coordinator)
    response = client.post(
        url("edition_copy", coordinator_agency, shipped.pk),
        {"year": 2027, "name": "Indeks Inovasi Daerah 2027 (Bantaeng)"},
    )
    copy = Edition.objects.get(agency=coordinator_agency)
    assert response["Location"] == url("edition", coordinator_agency, copy.pk)
    return copy


def test_the_shipped_editions_are_listed_with_their_provenance_and_cannot_be_edited(
    client, coordinator, coordinator_agency, admin_a, agency_a, editions
):
    shipped = Edition.objects.get(agency=None, code="iid-2026")
    for person, agency in [(coordinator, coordinator_agency), (admin_a, agency_a)]:
        client.force_login(person)
        listing = client.get(url("editions", agency)).content.decode()
        assert "Indeks Inovasi Daerah 2026" in listing and "Indeks Inovasi Daerah 2023" in listing
        assert listing.count("Shipped with the portal") == 2
    client.force_login(coordinator)
    detail = client.get(url("edition", coordinator_agency, shipped.pk))
    table = lxml.html.fromstring(detail.content.decode()).xpath(
        '//table[@data-testid="indicators"]/tbody/tr'
    )
    assert len(table) == 40
    first = " ".join(table[0].text_content().split())
    assert first.startswith("1 Visi dan Misi") and "Surat Kepala BSKDN" in first
    assert url("edition_edit", coordinator_agency, shipped.pk) not in detail.content.decode()
    assert client.get(url("edition_edit", coordinator_agency, shipped.pk)).status_code == 403
    refused = client.post(
        url("edition_edit", coordinator_agency, shipped.pk),
        _edition_data(shipped, divisor_floor=99),
    )
    assert refused.status_code == 403
    visi = indicator(shipped, "1")
    assert (
        client.get(url("indicator_edit", coordinator_agency, shipped.pk, visi.pk)).status_code
        == 403
    )
    shipped.refresh_from_db()
    assert shipped.divisor_floor == 12


def test_the_coordinator_copies_an_edition_for_a_new_year(
    client, copy_2027, coordinator_agency, admin_a, agency_a
):
    shipped = Edition.objects.get(agency=None, code="iid-2026")
    assert (copy_2027.year, copy_2027.copied_from, copy_2027.name) == (
        2027,
        shipped,
        "Indeks Inovasi Daerah 2027 (Bantaeng)",
    )
    assert copy_2027.indicators.count() == shipped.indicators.count() == 40
    assert copy_2027.bands.count() == shipped.bands.count() == 4
    assert (copy_2027.window_start, copy_2027.window_end) == (date(2025, 1, 1), date(2026, 12, 31))
    assert (copy_2027.divisor_floor, copy_2027.max_total) == (12, shipped.max_total)
    assert set(copy_2027.indicators.values_list("number", "weight")) == set(
        shipped.indicators.values_list("number", "weight")
    )
    assert shipped.indicators.count() == 40  # the shipped one keeps its own
    page = client.get(url("edition", coordinator_agency, copy_2027.pk)).content.decode()
    assert url("edition_edit", coordinator_agency, copy_2027.pk) in page
    # The region's agencies read it.
    client.force_login(admin_a)
    assert (
        "Indeks Inovasi Daerah 2027 (Bantaeng)"
        in client.get(url("editions", agency_a)).content.decode()
    )
    assert client.get(url("edition", agency_a, copy_2027.pk)).status_code == 200


def test_the_coordinator_edits_its_copy(client, copy_2027, coordinator_agency):
    inovatif = _band_index(copy_2027, "Inovatif")
    response = client.post(
        url("edition_edit", coordinator_agency, copy_2027.pk),
        _edition_data(copy_2027, divisor_floor=15, **{f"bands-{inovatif}-minimum": "45.00"}),
    )
    assert response["Location"] == url("edition", coordinator_agency, copy_2027.pk)
    copy_2027.refresh_from_db()
    assert copy_2027.divisor_floor == 15
    assert copy_2027.bands.get(name="Inovatif").minimum == Decimal("45.00")
    assert copy_2027.bands.count() == 4
    shipped = Edition.objects.get(agency=None, code="iid-2026")
    assert shipped.divisor_floor == 12
    assert shipped.bands.get(name="Inovatif").minimum == Decimal("40.01")
    page = client.get(url("edition", coordinator_agency, copy_2027.pk)).content.decode()
    assert "MAX(15, number of innovations)" in page and "Inovatif ≥ 45.00" in page


def test_two_bands_with_the_same_minimum_are_refused(client, copy_2027, coordinator_agency):
    inovatif = _band_index(copy_2027, "Inovatif")
    response = client.post(
        url("edition_edit", coordinator_agency, copy_2027.pk),
        _edition_data(copy_2027, divisor_floor=20, **{f"bands-{inovatif}-minimum": "65.01"}),
    )
    assert response.status_code == 400
    assert "Please correct the duplicate data for minimum." in response.content.decode()
    copy_2027.refresh_from_db()
    assert copy_2027.divisor_floor == 12
    assert copy_2027.bands.get(name="Inovatif").minimum == Decimal("40.01")


@pytest.mark.parametrize("broken", ["urusan-min-above-listed", "no-band-left"])
def test_an_edit_the_loader_would_refuse_is_refused(client, copy_2027, coordinator_agency, broken):
    data = _edition_data(copy_2027)
    if broken == "urusan-min-above-listed":
        data["count_urusan"] = ["pendidikan", "kesehatan"]  # 5 of them still required
    else:
        data |= {f"bands-{i}-DELETE": "on" for i in range(copy_2027.bands.count())}
    response = client.post(url("edition_edit", coordinator_agency, copy_2027.pk), data)
    assert response.status_code == 400
    copy_2027.refresh_from_db()
    assert len(copy_2027.count_urusan) == 6 and copy_2027.count_urusan_min == 5
    assert copy_2027.bands.count() == 4


def test_a_new_weight_changes_the_score_of_a_season_under_the_copy(
    client, copy_2027, coordinator, coordinator_agency, season
):
    season_2027 = Assessment.objects.create(
        agency=coordinator_agency, edition=copy_2027, year=2027, created_by=coordinator
    )
    award = indicator(copy_2027, "12")
    PemdaAnswer.objects.create(
        agency=coordinator_agency,
        assessment=season_2027,
        indicator=award,
        level=3,
        evidence=region_document(coordinator_agency, "SK Penghargaan"),
    )
    PemdaAnswer.objects.create(
        agency=coordinator_agency, assessment=season, indicator=indicator(season, "12"), level=3
    )
    assert build(season_2027).strict.iid == Decimal("2.40")  # 2 × 3 / 250 × 100
    shipped_before = build(season).claimed.iid
    edit = url("indicator_edit", coordinator_agency, copy_2027.pk, award.pk)
    form = client.get(edit)
    assert form.status_code == 200
    response = client.post(edit, _post_data(IndicatorForm(instance=award)) | {"weight": "4"})
    assert response["Location"] == url("edition", coordinator_agency, copy_2027.pk)
    award.refresh_from_db()
    assert award.weight == 4
    assert build(season_2027).strict.iid == Decimal("4.80")  # 4 × 3 / 250 × 100
    assert indicator(season, "12").weight == 2  # the shipped edition is untouched
    assert build(season).claimed.iid == shipped_before


def test_only_the_coordinator_copies_and_edits_and_other_regions_do_not_see_the_copy(
    client, copy_2027, admin_a, agency_a, admin_c, agency_c
):
    shipped = Edition.objects.get(agency=None, code="iid-2026")
    client.force_login(admin_a)
    assert (
        client.post(
            url("edition_copy", agency_a, shipped.pk), {"year": 2028, "name": "X"}
        ).status_code
        == 403
    )
    assert client.get(url("edition_edit", agency_a, copy_2027.pk)).status_code == 403
    refused = client.post(
        url("edition_edit", agency_a, copy_2027.pk), _edition_data(copy_2027, divisor_floor=1)
    )
    assert refused.status_code == 403
    award = indicator(copy_2027, "12")
    assert client.get(url("indicator_edit", agency_a, copy_2027.pk, award.pk)).status_code == 403
    assert Edition.objects.count() == 3
    copy_2027.refresh_from_db()
    assert copy_2027.divisor_floor == 12
    client.force_login(admin_c)
    assert client.get(url("edition", agency_c, copy_2027.pk)).status_code == 404
    assert client.get(url("edition_edit", agency_c, copy_2027.pk)).status_code == 404
    assert "2027 (Bantaeng)" not in client.get(url("editions", agency_c)).content.decode()


# --- Query budget -----------------------------------------------------------------------


def _innovations(implemented, agencies, start, count, season):
    """Innovations with what the derivation rules read: evidence, a partner, an answer."""
    funding = indicator(season, "18")
    for n in range(start, start + count):
        agency = agencies[n % len(agencies)]
        innovation = implemented(agency, name=f"Inovasi {n:03}")
        document = locker(innovation, f"Perbup {n}", kind="regulation", dated=date(2025, 1, 1))
        InnovationPartner.objects.create(
            agency=agency, innovation=innovation, partner=PartnerFactory(agency=agency)
        )
        InnovationAnswer.objects.create(
            agency=agency,
            assessment=season,
            innovation=innovation,
            indicator=funding,
            level=2,
            evidence=document,
        )


def test_the_dashboard_costs_the_same_queries_for_3_and_30_innovations(
    client, coordinator, coordinator_agency, season, implemented, agency_a, agency_b
):
    PemdaAnswer.objects.create(
        agency=coordinator_agency,
        assessment=season,
        indicator=indicator(season, "12"),
        level=2,
        evidence=region_document(coordinator_agency, "SK Penghargaan"),
    )
    _innovations(implemented, [agency_a, agency_b], 0, 3, season)
    client.force_login(coordinator)
    dashboard = url("dashboard", coordinator_agency)
    client.get(dashboard)
    with CaptureQueriesContext(connection) as few:
        assert client.get(dashboard).status_code == 200
    _innovations(implemented, [agency_a, agency_b], 3, 27, season)
    with CaptureQueriesContext(connection) as many:
        response = client.get(dashboard)
    assert len(build(season).counted) == 30
    assert "30 innovations" in text(response, "breakdown")
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)


# --- Bad input and edges ----------------------------------------------------------------


def test_odd_query_parameters_are_ignored(client, coordinator, coordinator_agency, season):
    client.force_login(coordinator)
    for query in ["?season=%C2%B2", "?drop=%C2%B2&add=x", "?page=999", "?season=abc"]:
        assert client.get(url("dashboard", coordinator_agency) + query).status_code == 200


def test_the_export_survives_pasted_control_characters_and_keeps_formulas_as_text(
    client, export_workbook, coordinator, coordinator_agency, agency_a, season, implemented
):
    for text in INJECTIONS:
        implemented(agency_a, name=text, design=VERTICAL_TAB, goals=text)
    client.force_login(coordinator)
    response = export_workbook(coordinator_agency, season)
    assert response.status_code == 200
    book = workbook(b"".join(response.streaming_content))
    assert_only_data(book)
    sheet = book["Inovasi"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert sorted(row[1] for row in rows) == sorted(INJECTIONS)
    assert {row[11] for row in rows} == {WITHOUT_VERTICAL_TAB}
    assert sorted(row[12] for row in rows) == sorted(INJECTIONS)


def test_an_answer_that_fails_leaves_no_stored_file(
    client, coordinator, coordinator_agency, season, monkeypatch
):
    from django.core.files.storage import default_storage

    from indexes import services

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "answer_pemda", broken)
    client.force_login(coordinator)
    with pytest.raises(RuntimeError):
        client.post(
            url("pemda", coordinator_agency, season.pk, indicator(season, "8").pk),
            {"level": 3, "upload": SimpleUploadedFile("lhp.pdf", PDF), "upload_title": "LHP"},
        )
    assert not RegionEvidence.objects.exists()
    folder = f"index-evidence/{coordinator_agency.pk}"
    assert not default_storage.exists(folder) or default_storage.listdir(folder)[1] == []


def test_undated_evidence_does_not_prove_the_years_an_indicator_asks_for(
    client, coordinator, coordinator_agency, season
):
    unemployment = indicator(season, "5b")  # evidence from T-1
    client.force_login(coordinator)
    answer_url = url("pemda", coordinator_agency, season.pk, unemployment.pk)
    upload = {"level": 2, "upload_title": "BRS TPT"}
    refused = client.post(answer_url, {**upload, "upload": SimpleUploadedFile("t.pdf", PDF)})
    assert refused.status_code == 400
    assert "this indicator takes evidence from T-1" in refused.content.decode()
    assert not PemdaAnswer.objects.exists()
    undated = region_document(coordinator_agency, "BRS TPT tanpa tanggal")
    client.post(answer_url, {"level": 2, "evidence": undated.pk})
    row = next(r for r in build(season).pemda if r.indicator == unemployment)
    assert (row.level, row.evidence_problem, row.strict_level) == (2, "undated", 0)
    client.post(
        answer_url,
        {**upload, "upload": SimpleUploadedFile("t.pdf", PDF), "upload_dated": "2025-08-01"},
    )
    row = next(r for r in build(season).pemda if r.indicator == unemployment)
    assert (row.evidence_problem, row.strict_level) == ("", 2)


def test_replications_count_once_per_other_region_and_only_live_ones(
    season, saskia, implemented, other_region, agency_b
):
    elsewhere = AgencyFactory(region=other_region)
    farther = AgencyFactory()  # a third region
    implemented(elsewhere, origin=saskia)
    implemented(elsewhere, origin=saskia)  # same region again
    implemented(farther, origin=saskia, status="withdrawn")  # not live
    implemented(agency_b, origin=saskia)  # same region as the origin
    row = row_of(season, saskia, "31")
    assert (row.level, row.proposal.level) == (1, 1)
    assert "1 other region" in row.proposal.reason


def test_freezing_again_replaces_the_seasons_snapshot(
    client, coordinator, coordinator_agency, season
):
    client.force_login(coordinator)
    client.post(url("freeze", coordinator_agency, season.pk))
    region_document(coordinator_agency, "RPJMD")
    PemdaAnswer.objects.create(
        agency=coordinator_agency, assessment=season, indicator=indicator(season, "1"), level=3
    )
    client.post(url("freeze", coordinator_agency, season.pk))
    snapshot = Snapshot.objects.get()
    assert snapshot.iid_claimed == build(season).claimed.iid > 0


def test_an_edition_missing_parts_says_how_high_the_iid_can_go(
    client, coordinator, coordinator_agency, editions, unscoped
):
    old = Edition.objects.get(agency=None, code="iid-2023")
    season = Assessment.objects.create(agency=coordinator_agency, edition=old, year=2023)
    assert build(season).ceiling == Decimal("44.40")  # 3 × 37 of 250 points
    client.force_login(coordinator)
    page = client.get(url("dashboard", coordinator_agency) + f"?season={season.pk}")
    assert "cannot exceed 44.40" in text(page, "ceiling")


def test_clearing_an_indicators_thresholds_saves_none(client, copy_2027, coordinator_agency):
    staff = indicator(copy_2027, "17")
    data = _post_data(IndicatorForm(instance=staff)) | {"cuts": ""}
    response = client.post(url("indicator_edit", coordinator_agency, copy_2027.pk, staff.pk), data)
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.cuts == []


def test_a_document_of_another_kind_does_not_back_a_level(
    client, admin_a, agency_a, season, saskia
):
    it = indicator(season, "19")  # use of IT: a photo or a screenshot
    assert it.evidence_kinds == ["photo"]
    regulation = Evidence.objects.get(innovation=saskia, kind="regulation")
    client.force_login(admin_a)
    answer_url = url("innovation_answer", agency_a, season.pk, saskia.pk, it.pk)
    client.post(answer_url, {"level": 3, "evidence": regulation.pk})
    row = row_of(season, saskia, "19")
    assert (row.level, row.evidence_problem, row.strict_level) == (3, "kind", 0)
    page = client.get(url("innovation", agency_a, season.pk, saskia.pk))
    assert "not a kind of evidence this indicator takes" in sheet_row(page, "19")
    photo = locker(saskia, "Tangkapan layar aplikasi", kind="photo", name="layar.png")
    client.post(answer_url, {"level": 3, "evidence": photo.pk})
    assert row_of(season, saskia, "19").strict_level == 3


def test_the_shipped_notes_read_in_the_persons_language_and_a_coordinators_own_as_typed(
    client, coordinator, coordinator_agency, copy_2027, editions
):
    shipped = Edition.objects.get(agency=None, code="iid-2026")
    client.force_login(coordinator)
    english = client.get(url("edition", coordinator_agency, shipped.pk)).content.decode()
    assert "the letter itself was not seen" in english
    client.cookies["django_language"] = "id"
    indonesian = client.get(url("edition", coordinator_agency, shipped.pk)).content.decode()
    assert "suratnya sendiri belum dilihat" in indonesian
    assert "the letter itself was not seen" not in indonesian
    assert "melalui prjctpy/simonda; bukti dukung: catatan sebuah salinan 2026" in indonesian
    copy_2027.provenance = "Catatan kami sendiri tentang edisi 2027."
    copy_2027.save()
    own = client.get(url("edition", coordinator_agency, copy_2027.pk)).content.decode()
    assert "Catatan kami sendiri tentang edisi 2027." in own


def _suggestions(response) -> list[tuple[str, Decimal]]:
    """The dashboard's suggestions as (link, gain)."""
    items = lxml.html.fromstring(response.content.decode()).xpath(
        '//ol[@data-testid="suggestions"]/li'
    )
    found = []
    for item in items:
        links = item.xpath(".//a/@href")
        gain = item.xpath(".//strong")[0].text_content().strip().lstrip("+").split()[0]
        found.append((links[0] if links else "", Decimal(gain.replace(",", "."))))
    return found


def test_a_suggestions_gain_shows_where_its_evidence_is_added(
    client, coordinator, coordinator_agency, admin_a, agency_a, season, implemented
):
    answer_pemda = indicator(season, "8")
    PemdaAnswer.objects.create(
        agency=coordinator_agency,
        assessment=season,
        indicator=answer_pemda,
        level=3,
        answered_by=coordinator,
        answered_at=timezone.now(),
    )
    client.force_login(coordinator)
    (link, gain), *_rest = _suggestions(client.get(url("dashboard", coordinator_agency)))
    assert link == url("pemda", coordinator_agency, season.pk, answer_pemda.pk)
    page = client.get(link)
    shown = text(page, "gain")
    assert f"+{gain:.2f}" in shown and "strict IID" in shown

    # An agency admin's own innovation: its sheet and the page where a level's evidence
    # is added say what that evidence is worth.
    antrean = implemented(agency_a, name="Antrean Daring")
    regulation = indicator(season, "16")
    gain = build(season).gains[(regulation.pk, antrean.pk)]
    client.force_login(admin_a)
    sheet = client.get(url("innovation", agency_a, season.pk, antrean.pk))
    assert f"+{gain:.2f}" in text(sheet, "gain-16")
    answer = client.get(url("innovation_answer", agency_a, season.pk, antrean.pk, regulation.pk))
    assert f"+{gain:.2f}" in text(answer, "gain")
