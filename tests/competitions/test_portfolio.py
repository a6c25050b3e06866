"""The PDF portfolio: rendered by the task into a real PDF, reused when nothing changed,
failed with a reason the user can read (and retried), cancelled, and re-queued after its
worker was lost."""

import io
from datetime import timedelta

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from competitions.models import DossierSection
from innovations.models import Evidence
from jobs import sweeper
from jobs.models import Job
from tests.pdfs import job_pages


def _pdf_text(job) -> tuple[int, str]:
    pages = job_pages(job)
    return len(pages), "\n".join(pages)


def _jobs(dossier):
    return Job.objects.filter(kind="portfolio", subject=f"dossier:{dossier.pk}")


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 80, 40)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def photo(innovation_a, unscoped):
    from django.core.files.base import ContentFile

    evidence = Evidence(
        agency=innovation_a.agency, innovation=innovation_a, title="Foto posyandu", kind="photo"
    )
    evidence.file.save("foto.png", ContentFile(_png()), save=False)
    evidence.save()
    return evidence


def test_render_produces_a_real_pdf(
    render, client, agency_a, admin_a, kipp_dossier, photo, unscoped
):
    client.force_login(admin_a)
    response = render(agency_a, kipp_dossier)
    assert response.status_code == 200
    job = _jobs(kipp_dossier).get()
    assert job.status == "ready" and job.file.name.endswith(".pdf")
    pages, text = _pdf_text(job)
    assert pages >= 4  # cover, contents, sections, annexes
    assert "Bendera SASKIA" in text and "KIPP 2023" in text
    assert "Signifikansi" in text and "Foto posyandu" in text
    with job.file.open("rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    assert any(page.images for page in reader.pages)  # the photo's thumbnail
    download = client.get(
        reverse("competitions:portfolio_download", args=[agency_a.slug, kipp_dossier.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_an_unchanged_dossier_reuses_the_last_file(
    render, client, agency_a, admin_a, kipp_dossier, unscoped
):
    client.force_login(admin_a)
    render(agency_a, kipp_dossier)
    render(agency_a, kipp_dossier)
    first, second = _jobs(kipp_dossier).order_by("pk")
    assert second.status == "ready" and second.file.name == first.file.name
    row = DossierSection.objects.filter(dossier=kipp_dossier).first()
    row.text = "Teks baru."
    row.save()
    render(agency_a, kipp_dossier)
    third = _jobs(kipp_dossier).latest("pk")
    assert third.file.name != first.file.name
    assert "Teks baru." in _pdf_text(third)[1]


def test_a_render_that_raises_shows_a_readable_reason_and_retry_works(
    render, client, agency_a, admin_a, kipp_dossier, monkeypatch, unscoped
):
    import weasyprint

    def broken(self, *args, **kwargs):
        raise RuntimeError("font cache is corrupt")

    client.force_login(admin_a)
    with monkeypatch.context() as patch:
        patch.setattr(weasyprint.HTML, "write_pdf", broken)
        render(agency_a, kipp_dossier)
    job = _jobs(kipp_dossier).get()
    assert job.status == "failed" and "font cache is corrupt" in job.detail  # for operators
    page = client.get(reverse("competitions:portfolio", args=[agency_a.slug, kipp_dossier.pk]))
    text = page.content.decode()
    assert "Something went wrong while preparing the file" in text
    assert "font cache" not in text and "RuntimeError" not in text  # never the raw exception
    assert 'data-testid="render-portfolio"' in text and "Retry" in text
    assert render(agency_a, kipp_dossier, "retry").status_code == 200
    job.refresh_from_db()
    assert job.status == "ready" and _jobs(kipp_dossier).count() == 1  # the same job


def test_a_queued_job_can_be_cancelled_and_a_cancelled_one_retried(
    client, agency_a, admin_a, kipp_dossier, django_capture_on_commit_callbacks, unscoped
):
    job = Job.objects.create(
        agency=agency_a,
        kind="portfolio",
        subject=f"dossier:{kipp_dossier.pk}",
        params={"dossier": kipp_dossier.pk},
    )
    client.force_login(admin_a)
    address = reverse("competitions:portfolio", args=[agency_a.slug, kipp_dossier.pk])
    page = client.get(address).content.decode()
    assert 'data-testid="cancel-portfolio"' in page and 'hx-trigger="every 2s"' in page
    client.post(address, {"action": "cancel"}, HTTP_HX_REQUEST="true")
    job.refresh_from_db()
    assert job.status == "cancelled"
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(address, {"action": "retry"}, HTTP_HX_REQUEST="true")
    assert 'data-status="queued"' in page.content.decode()  # sent after the commit
    job.refresh_from_db()
    assert job.status == "ready"


def test_a_job_whose_worker_stopped_is_queued_again_then_failed_with_a_reason(
    client, agency_a, admin_a, kipp_dossier, settings, unscoped
):
    long_ago = timezone.now() - timedelta(minutes=10)
    job = Job.objects.create(
        agency=agency_a,
        kind="portfolio",
        subject=f"dossier:{kipp_dossier.pk}",
        params={"dossier": kipp_dossier.pk},
        status="running",
        heartbeat_at=long_ago,
    )
    assert sweeper.sweep()["requeued"] == 1
    job.refresh_from_db()
    assert job.status == "queued" and job.requeues == 1 and job.not_before > timezone.now()
    client.force_login(admin_a)
    address = reverse("competitions:portfolio", args=[agency_a.slug, kipp_dossier.pk])
    assert "its worker stopped" in client.get(address).content.decode()
    Job.objects.filter(pk=job.pk).update(
        status="running", heartbeat_at=long_ago, requeues=settings.JOB_MAX_REQUEUES
    )
    sweeper.sweep()
    job.refresh_from_db()
    assert job.status == "failed" and job.reason_params == {"times": 4}
    page = client.get(address).content.decode()
    assert "The worker stopped 4 times while working on this job." in page
    assert "every 2s" not in page


def test_a_running_job_is_polled_and_shows_its_elapsed_time(
    client, agency_a, admin_a, kipp_dossier, unscoped
):
    Job.objects.create(
        agency=agency_a,
        kind="portfolio",
        subject=f"dossier:{kipp_dossier.pk}",
        status="running",
        started_at=timezone.now() - timedelta(seconds=75),
    )
    client.force_login(admin_a)
    page = client.get(reverse("competitions:portfolio", args=[agency_a.slug, kipp_dossier.pk]))
    assert 'hx-trigger="every 2s"' in page.content.decode()
    assert ">1:15<" in page.content.decode() or ">1:16<" in page.content.decode()
