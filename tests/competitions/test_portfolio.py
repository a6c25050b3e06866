"""The PDF portfolio: rendered by the task into a real PDF, reused when nothing changed,
failed with a reason (and retried), and never fetching anything outside the portal."""

import io

import pypdf
import pytest
from django.urls import reverse

from competitions import portfolio
from competitions.models import DossierSection, Job
from innovations.models import Evidence


def _pdf_text(job) -> tuple[int, str]:
    with job.file.open("rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def render(client, django_capture_on_commit_callbacks):
    """Ask for a rendering as the page does; the task runs (eagerly) after the commit."""

    def post(agency, dossier):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("competitions:portfolio", args=[agency.slug, dossier.pk]),
                HTTP_HX_REQUEST="true",
            )

    return post


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
    job = Job.objects.get(dossier=kipp_dossier)
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
    first, second = Job.objects.filter(dossier=kipp_dossier).order_by("pk")
    assert second.status == "ready" and second.file.name == first.file.name
    row = DossierSection.objects.filter(dossier=kipp_dossier).first()
    row.text = "Teks baru."
    row.save()
    render(agency_a, kipp_dossier)
    third = Job.objects.filter(dossier=kipp_dossier).latest("pk")
    assert third.file.name != first.file.name
    assert "Teks baru." in _pdf_text(third)[1]


def test_a_render_that_raises_shows_failed_with_the_reason_and_retry_works(
    render, client, agency_a, admin_a, kipp_dossier, monkeypatch, unscoped
):
    import weasyprint

    def broken(self, *args, **kwargs):
        raise RuntimeError("font cache is corrupt")

    client.force_login(admin_a)
    with monkeypatch.context() as patch:
        patch.setattr(weasyprint.HTML, "write_pdf", broken)
        with pytest.raises(RuntimeError):
            render(agency_a, kipp_dossier)
    job = Job.objects.get(dossier=kipp_dossier)
    assert job.status == "failed" and "font cache is corrupt" in job.error
    page = client.get(reverse("competitions:portfolio", args=[agency_a.slug, kipp_dossier.pk]))
    assert "font cache is corrupt" in page.content.decode()
    assert "Retry" in page.content.decode()
    assert render(agency_a, kipp_dossier).status_code == 200
    assert Job.objects.filter(dossier=kipp_dossier).latest("pk").status == "ready"


def test_a_job_whose_worker_died_is_shown_failed(
    client, agency_a, admin_a, kipp_dossier, settings, unscoped
):
    job = Job.objects.create(agency=agency_a, kind="portfolio", dossier=kipp_dossier)
    Job.objects.filter(pk=job.pk).update(created_at="2020-01-01T00:00Z", status="running")
    client.force_login(admin_a)
    page = client.get(reverse("competitions:portfolio", args=[agency_a.slug, kipp_dossier.pk]))
    assert 'data-status="failed"' in page.content.decode()
    assert "did not finish" in page.content.decode()
    assert "every 2s" not in page.content.decode()


def test_a_running_job_is_polled(client, agency_a, admin_a, kipp_dossier, unscoped):
    Job.objects.create(agency=agency_a, kind="portfolio", dossier=kipp_dossier, status="running")
    client.force_login(admin_a)
    page = client.get(reverse("competitions:portfolio", args=[agency_a.slug, kipp_dossier.pk]))
    assert 'hx-trigger="every 2s"' in page.content.decode()


@pytest.mark.parametrize(
    "url", ["http://example.com/x.png", "https://cdn.example/x.css", "file:///etc/passwd"]
)
def test_rendering_fetches_nothing_outside_the_portal(url):
    fetcher = portfolio._local_fetcher()
    with pytest.raises(ValueError, match="refuses to fetch"):
        fetcher.fetch(url)
    # A portfolio naming such a URL still renders, without it.
    markup = f'<html><body><img src="{url}"><p>Isi</p></body></html>'
    assert portfolio.pdf(markup).startswith(b"%PDF")


def test_the_stylesheet_comes_from_the_portals_static_files():
    response = portfolio._local_fetcher().fetch(portfolio.STATIC_PREFIX + "css/portfolio.css")
    assert b"@page" in response.read()
