"""A real Celery worker (Redis in CI) renders a portfolio and builds a regional ZIP."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from competitions.models import Job
from klikbaik.celery import app as celery_app


@pytest.fixture
def pdf_worker(settings, transactional_db):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.task_always_eager = False
    with start_worker(
        celery_app,
        queues=["default", "mail", "pdf", "exports"],
        perform_ping_check=False,
        shutdown_timeout=10,
    ):
        yield
    celery_app.conf.task_always_eager = True


def _wait(job_filter, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = Job.objects.filter(**job_filter).first()
        if job and job.status in {"ready", "failed"}:
            return job
        time.sleep(0.2)
    raise AssertionError(f"The job is still {job and job.status} after {seconds} s.")


def test_the_worker_renders_the_portfolio_and_the_zip(
    pdf_worker, client, kipp_dossier, agency_a, admin_a, coordinator, coordinator_agency, unscoped
):
    client.force_login(admin_a)
    response = client.post(reverse("competitions:portfolio", args=[agency_a.slug, kipp_dossier.pk]))
    assert response.status_code == 302
    job = _wait({"dossier": kipp_dossier})
    assert job.status == "ready", job.error
    with job.file.open("rb") as handle:
        assert handle.read(4) == b"%PDF"

    client.force_login(coordinator)
    client.post(
        reverse("competitions:region_export", args=[coordinator_agency.slug]),
        {"dossier": [kipp_dossier.pk]},
    )
    archive = _wait({"kind": "region_zip"})
    assert archive.status == "ready", archive.error
    page = client.get(
        reverse("competitions:region_job", args=[coordinator_agency.slug, archive.pk])
    )
    assert "Download the ZIP" in page.content.decode()
