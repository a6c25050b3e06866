"""Evidence a dossier already holds is kept for the record when it is replaced or
withdrawn in the innovation's locker."""

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clinics.models import ActivityLog
from competitions.models import DossierDocument
from innovations.models import Evidence
from innovations.services import evidence_add

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _held(kipp_dossier, as_admin_a):
    evidence = evidence_add(
        actor=as_admin_a,
        innovation=kipp_dossier.innovation,
        upload=SimpleUploadedFile("sk.pdf", PDF),
        title="SK Inovasi",
        kind="regulation",
    )
    requirement = kipp_dossier.category.documents.first()
    DossierDocument.objects.create(
        agency=kipp_dossier.agency, dossier=kipp_dossier, requirement=requirement, evidence=evidence
    )
    return evidence


def test_a_replaced_document_stays_in_the_dossier_that_holds_it(
    client, kipp_dossier, as_admin_a, admin_a, django_capture_on_commit_callbacks
):
    old = _held(kipp_dossier, as_admin_a)
    innovation = kipp_dossier.innovation
    client.force_login(admin_a)
    url = reverse("innovations:evidence_replace", args=[old.agency.slug, innovation.pk, old.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "title": "SK Inovasi (revisi)",
                "kind": "regulation",
                "upload": SimpleUploadedFile("sk-revisi.pdf", PDF + b"% revisi\n"),
            },
        )
    assert response.status_code == 302
    new = Evidence.objects.get(innovation=innovation)  # the locker holds the new one alone
    old.refresh_from_db()
    assert old.withdrawn_at and old.withdrawn_by == admin_a and old.replaced_by == new
    assert default_storage.exists(old.file.name)  # the file stays, for the record
    document = DossierDocument.objects.select_related("evidence").get()
    assert document.evidence == old
    entry = ActivityLog.objects.get(action="innovations.evidence.replaced")
    assert entry.data["kept"] is True
    page = client.get(reverse("competitions:dossier", args=[old.agency.slug, kipp_dossier.pk]))
    assert "SK Inovasi" in page.content.decode()
    detail = client.get(reverse("innovations:detail", args=[old.agency.slug, innovation.pk]))
    assert "the withdrawn file stays on record: a dossier holds it" in detail.content.decode()
    # Withdrawn evidence is no longer offered, nor replaced again.
    assert client.post(url, {"title": "X", "kind": "regulation"}).status_code == 404


def _index_answer(evidence, coordinator_agency):
    """An index answer that names the evidence (the 2026 edition's indicator 16)."""
    from indexes import editions
    from indexes.models import Assessment, InnovationAnswer

    edition = next(e for e in editions.load_shipped() if e.code == "iid-2026")
    season = Assessment.objects.create(agency=coordinator_agency, edition=edition, year=2026)
    return InnovationAnswer.objects.create(
        agency=evidence.agency,
        assessment=season,
        innovation=evidence.innovation,
        indicator=edition.indicators.get(number="16"),
        level=3,
        evidence=evidence,
    )


def test_a_withdrawn_document_stays_in_the_dossier_that_holds_it(
    client,
    kipp_dossier,
    as_admin_a,
    admin_a,
    coordinator_agency,
    django_capture_on_commit_callbacks,
):
    evidence = _held(kipp_dossier, as_admin_a)
    answer = _index_answer(evidence, coordinator_agency)
    client.force_login(admin_a)
    url = reverse(
        "innovations:evidence_withdraw",
        args=[evidence.agency.slug, kipp_dossier.innovation_id, evidence.pk],
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    kept = Evidence.records.get(pk=evidence.pk)
    assert kept.withdrawn_at and kept.replaced_by is None
    assert default_storage.exists(kept.file.name)
    assert DossierDocument.objects.get().evidence_id == evidence.pk
    # The index answer lets go of it, as if it had been deleted.
    answer.refresh_from_db()
    assert (answer.level, answer.evidence) == (3, None)
