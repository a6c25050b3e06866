"""A real Celery worker (Redis in CI) renders a portfolio and builds a regional ZIP."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from jobs.models import Job
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
    job = _wait({"subject": f"dossier:{kipp_dossier.pk}"})
    assert job.status == "ready", job.detail
    with job.file.open("rb") as handle:
        assert handle.read(4) == b"%PDF"

    client.force_login(coordinator)
    client.post(
        reverse("competitions:region_export", args=[coordinator_agency.slug]),
        {"dossier": [kipp_dossier.pk]},
    )
    archive = _wait({"kind": "region_zip"})
    assert archive.status == "ready", archive.detail
    page = client.get(
        reverse("competitions:region_job", args=[coordinator_agency.slug, archive.pk])
    )
    assert "Download the ZIP" in page.content.decode()


@pytest.fixture
def separate_worker(settings, transactional_db, tmp_path):
    """A Celery worker in its own process: it shares only the database, the broker and
    the storage with the web side (own memory, own temporary folder)."""
    import os
    import subprocess
    import sys

    from django.db import connection

    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        pytest.skip("needs PostgreSQL and Redis, which CI provides")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.task_always_eager = False
    db = connection.settings_dict
    private_tmp = tmp_path / "worker-tmp"
    private_tmp.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "klikbaik.settings",
        "SECRET_KEY": "worker-" + "x" * 50,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "MEDIA_ROOT": str(settings.STORAGES["default"]["OPTIONS"]["location"]),
        "TMPDIR": str(private_tmp),
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "klikbaik",
            "worker",
            "-Q",
            "pdf,exports",
            "--concurrency",
            "1",
            "--pool",
            "solo",
            "-l",
            "warning",
        ],
        env=env,
    )
    try:
        yield
    finally:
        worker.terminate()
        worker.wait(timeout=20)
        celery_app.conf.task_always_eager = True


def test_a_worker_in_another_process_renders_the_pdf_and_the_zip(
    separate_worker,
    client,
    kipp_dossier,
    agency_a,
    admin_a,
    coordinator,
    coordinator_agency,
    unscoped,
):
    client.force_login(admin_a)
    client.post(reverse("competitions:portfolio", args=[agency_a.slug, kipp_dossier.pk]))
    job = _wait({"subject": f"dossier:{kipp_dossier.pk}"}, seconds=90)
    assert job.status == "ready", job.detail
    client.force_login(coordinator)
    client.post(
        reverse("competitions:region_export", args=[coordinator_agency.slug]),
        {"dossier": [kipp_dossier.pk]},
    )
    archive = _wait({"kind": "region_zip"}, seconds=90)
    assert archive.status == "ready", archive.detail
    download = client.get(
        reverse("competitions:region_job_download", args=[coordinator_agency.slug, archive.pk])
    )
    assert b"".join(download.streaming_content)[:2] == b"PK"
