"""The Instansi Pembina workspace: the region's own entry takes its documents from the
region's evidence locker and the pelembagaan tracker, its three aspects start from the
portal's figures (each linked to its records, corrected and frozen into the sections),
and the entry reaches "ready" and renders (read back with pypdf)."""

import io
from datetime import date

import lxml.html
import pypdf
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from clinics.models import ActivityLog
from competitions import selectors, services
from competitions.models import DossierDocument, PembinaWorksheet
from indexes.models import RegionEvidence
from innovations.demo import tiny_pdf
from innovations.models import Evidence
from jobs.models import Job
from pelembagaan import services as pelembagaan
from tests.matrix import ROLES, ask, expected
from tests.pelembagaan.conftest import enact


def url(name, agency, *args):
    return reverse(f"competitions:{name}", args=[agency.slug, *args])


@pytest.fixture
def entry(pkri, as_coordinator):
    """Bantaeng's own entry in PKRI 2024's Instansi Pembina category."""
    category = pkri.categories.get(rule="institution")
    return services.dossier_create(actor=as_coordinator, category=category)


@pytest.fixture
def report(coordinator_agency, coordinator, unscoped):
    """A document of the region's evidence locker (the index workbench's)."""
    evidence = RegionEvidence(
        agency=coordinator_agency,
        title="Laporan pembinaan inovasi 2023",
        dated=date(2023, 12, 29),
        original_name="laporan.pdf",
        content_type="application/pdf",
        uploaded_by=coordinator,
    )
    evidence.file.save("laporan.pdf", ContentFile(tiny_pdf("Laporan")), save=False)
    evidence.save()
    return evidence


@pytest.fixture
def perbup(as_coordinator, innovation_a):
    return enact(as_coordinator, [innovation_a])


MATRIX = [
    ("pembina", None, [404, 404, 404, 200, 200, 404, 404]),
    ("pembina", {"action": "save"}, [404, 404, 404, 400, 403, 404, 404]),
    ("pembina_records", None, [404, 404, 404, 200, 200, 404, 404]),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "post", "statuses"), MATRIX, ids=["workspace", "save", "records"])
def test_the_permission_matrix(client, request, entry, unscoped, role, name, post, statuses):
    """The entry is the coordinator's: other agencies of the region and another region's
    coordinator cannot reach it (a POST without figures is a 400 for the one who may)."""
    kwargs = {"pk": entry.pk, **({"key": "staff"} if name == "pembina_records" else {})}
    status = ask(client, request, role, f"competitions:{name}", kwargs, post=post)
    assert status == expected(statuses, role)
    assert not PembinaWorksheet.objects.exists()


def test_an_innovations_dossier_has_no_workspace(
    client, coordinator, coordinator_agency, kipp_dossier
):
    client.force_login(coordinator)
    assert client.get(url("pembina", coordinator_agency, kipp_dossier.pk)).status_code == 404


def _picker_options(page) -> dict[str, list[str]]:
    tree = lxml.html.fromstring(page)
    return {
        group.get("label"): [o.text for o in group.xpath("option")]
        for group in tree.xpath("//select[@name='evidence']/optgroup")
    }


def test_the_entry_reaches_ready_with_the_regions_documents_and_renders(
    client,
    coordinator,
    coordinator_agency,
    as_coordinator,
    entry,
    report,
    perbup,
    innovation_a,
    django_capture_on_commit_callbacks,
    unscoped,
):
    client.force_login(coordinator)
    move = url("move", coordinator_agency, entry.pk)
    response = client.post(move, {"move": "ready"})
    assert response.status_code == 400  # empty aspects, no document
    assert "“Laporan pembinaan inovasi” is missing." in response.content.decode()

    # The picker offers the region's locker and the regulations in force, nothing else.
    draft = pelembagaan.regulation_create(
        actor=as_coordinator, fields={"kind": "perda", "title": "Rancangan Perda"}
    )
    page = client.get(url("dossier", coordinator_agency, entry.pk)).content.decode()
    assert _picker_options(page) == {
        "The region's evidence locker": ["Laporan pembinaan inovasi 2023"],
        "Regulations in force (pelembagaan)": ["Peraturan Bupati tentang Inovasi Daerah"],
    }
    requirements = {r.title: r for r in entry.category.documents.all()}

    def pick(requirement, choice) -> int:
        return client.post(
            url("document_pick", coordinator_agency, entry.pk),
            {"requirement": requirements[requirement].pk, "evidence": choice},
        ).status_code

    # A regulation for the report, a draft, an innovation's evidence: refused.
    assert pick("Laporan pembinaan inovasi", f"g{perbup.pk}") == 400
    assert pick("Regulasi daerah tentang inovasi", f"g{draft.pk}") == 400
    evidence = Evidence.objects.create(
        agency=innovation_a.agency,
        innovation=innovation_a,
        title="SK",
        kind="regulation",
        link="https://v.example/",
    )
    with pytest.raises(Exception, match="Pick evidence of this innovation"):
        services.document_pick(
            actor=as_coordinator,
            dossier=selectors.dossier_get(as_coordinator, entry.pk),
            requirement=requirements["Regulasi daerah tentang inovasi"],
            evidence=evidence,
        )
    assert not DossierDocument.objects.exists()
    assert pick("Regulasi daerah tentang inovasi", f"g{perbup.pk}") == 302
    assert pick("Laporan pembinaan inovasi", f"r{report.pk}") == 302
    # The figures frozen into the three aspects, then ready.
    response = client.post(
        url("pembina", coordinator_agency, entry.pk),
        _figures(client, entry, coordinator_agency) | {"action": "freeze"},
    )
    assert response.status_code == 302
    texts = {row.section.title: row.text for row in entry.sections.select_related("section")}
    # In Indonesian, as the entry is submitted, whoever freezes it.
    assert "Regulasi inovasi yang berlaku: 1 regulasi" in texts["Pelembagaan"]
    assert "Peraturan Bupati tentang Inovasi Daerah (Nomor 23 Tahun 2023)" in texts["Pelembagaan"]
    assert client.post(move, {"move": "ready"}).status_code == 302
    entry.refresh_from_db()
    assert entry.status == "ready"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("portfolio", coordinator_agency, entry.pk), {"action": "render"})
    job = Job.objects.get(kind="portfolio", subject=f"dossier:{entry.pk}")
    assert job.status == "ready"
    with job.file.open("rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for wanted in (
        "Penciptaan",
        "Pengembangan",
        "Pelembagaan",
        "Peraturan Bupati tentang Inovasi Daerah",
        "Laporan pembinaan inovasi 2023",
    ):
        assert wanted in text, wanted


def _figures(client, entry, agency) -> dict:
    """The workspace's form as the page fills it (every figure as counted)."""
    page = client.get(url("pembina", agency, entry.pk)).content.decode()
    tree = lxml.html.fromstring(page)
    return {
        field.get("name"): field.get("value") or ""
        for field in tree.xpath("//form//input[@name]|//form//textarea[@name]")
        if field.get("name") != "csrfmiddlewaretoken"
    } | dict.fromkeys(tree.xpath("//form//textarea/@name"), "")


def test_a_corrected_figure_is_kept_noted_and_frozen_without_the_portals_records(
    client, coordinator, coordinator_agency, entry, perbup
):
    client.force_login(coordinator)
    data = _figures(client, entry, coordinator_agency)
    assert data["v_regulations"] == "1"
    data |= {"v_regulations": "3", "note_pelembagaan": "Dua Perbup lama belum diunggah."}
    response = client.post(url("pembina", coordinator_agency, entry.pk), data | {"action": "save"})
    assert response.status_code == 302
    sheet = PembinaWorksheet.objects.get()
    assert sheet.values["regulations"] == "3" and sheet.frozen_at is None
    logged = ActivityLog.objects.get(action="competitions.dossier.figures")
    assert logged.data["corrected"] == {"regulations": ["1", "3"]}
    page = client.get(url("pembina", coordinator_agency, entry.pk)).content.decode()
    assert 'data-testid="corrected-regulations"' in page
    assert page.count('data-testid="corrected-') == 1
    # Bad input: nothing saved, what was typed kept.
    bad = data | {"v_staff": "-2", "action": "save"}
    response = client.post(url("pembina", coordinator_agency, entry.pk), bad)
    assert response.status_code == 400
    assert 'value="-2"' in response.content.decode()
    assert PembinaWorksheet.objects.get().values == sheet.values
    response = client.post(
        url("pembina", coordinator_agency, entry.pk), data | {"action": "freeze"}
    )
    pelembagaan_text = entry.sections.get(section__title="Pelembagaan").text
    assert "Regulasi inovasi yang berlaku: 3 regulasi." in pelembagaan_text
    assert "Peraturan Bupati" not in pelembagaan_text  # records named only as counted
    assert pelembagaan_text.endswith("Dua Perbup lama belum diunggah.")


def test_a_figures_records_link_to_their_pages(
    client, coordinator, coordinator_agency, entry, perbup
):
    client.force_login(coordinator)
    page = client.get(url("pembina_records", coordinator_agency, entry.pk, "regulations"))
    tree = lxml.html.fromstring(page.content.decode())
    assert tree.xpath("string(//*[@data-testid='figure-value'])").strip() == "1 regulations"
    link = tree.xpath("//ol[@data-testid='records']/li/a")[0]
    assert link.text == "Peraturan Bupati tentang Inovasi Daerah (Nomor 23 Tahun 2023)"
    assert client.get(link.get("href")).status_code == 200
    assert (
        client.get(url("pembina_records", coordinator_agency, entry.pk, "nope")).status_code == 404
    )


def test_freezing_needs_an_editable_dossier(
    client, coordinator, coordinator_agency, entry, as_coordinator, unscoped
):
    entry.status = "submitted"
    entry.save(update_fields=["status"])
    client.force_login(coordinator)
    data = _figures(client, entry, coordinator_agency)
    response = client.post(
        url("pembina", coordinator_agency, entry.pk), data | {"action": "freeze"}
    )
    assert response.status_code == 403
    assert not PembinaWorksheet.objects.exists()


def test_the_locker_of_a_co_coordinator_is_the_regions_too(
    client, coordinator, coordinator_agency, organisasi_agency, organisasi_admin, entry, unscoped
):
    """Bagian Organisasi Setda shares the coordinator role: a document it keeps in the
    region's locker can be attached to the region's entry."""
    evidence = RegionEvidence(
        agency=organisasi_agency,
        title="SK Admin Lokal SINOVIK",
        original_name="sk.pdf",
        content_type="application/pdf",
    )
    evidence.file.save("sk.pdf", ContentFile(tiny_pdf("SK")), save=False)
    evidence.save()
    client.force_login(coordinator)
    page = client.get(url("dossier", coordinator_agency, entry.pk)).content.decode()
    assert "SK Admin Lokal SINOVIK" in _picker_options(page)["The region's evidence locker"]
    requirement = entry.category.documents.get(title="Laporan pembinaan inovasi")
    response = client.post(
        url("document_pick", coordinator_agency, entry.pk),
        {"requirement": requirement.pk, "evidence": f"r{evidence.pk}"},
    )
    assert response.status_code == 302
    assert DossierDocument.objects.get().region_evidence == evidence
