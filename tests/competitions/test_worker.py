"""Real Celery workers render portfolios and build ZIPs, and background work survives the
faults of a real deployment: a broker that is down when the user asks, a worker killed
mid-render, and web and worker on different machines that share only PostgreSQL, Redis
and an S3-compatible store (moto's server, started by .ci/run)."""

import io
import time
import uuid
import zipfile
from datetime import timedelta

import pypdf
import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from competitions.models import DossierSection
from drill.faults import wait_until
from jobs import sweeper
from jobs.models import Job, Message
from klikbaik.celery import app as celery_app
from tests.processes import (
    RedisServer,
    Worker,
    needs_postgres_and_redis,
    s3_endpoint,
    worker_env,
)


@pytest.fixture
def real_broker(settings, transactional_db):
    """Messages go to the broker (not run in this process) from here on."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = True


@pytest.fixture
def pdf_worker(real_broker):
    with start_worker(
        celery_app,
        queues=["default", "mail", "pdf", "exports"],
        perform_ping_check=False,
        shutdown_timeout=10,
    ):
        yield


def _wait(job_filter, seconds=60):
    def finished():
        job = Job.objects.filter(**job_filter).first()
        return job if job and job.status in {"ready", "failed"} else None

    return wait_until(finished, seconds, f"a finished job {job_filter}")


def _portfolio(agency, dossier):
    return reverse("competitions:portfolio", args=[agency.slug, dossier.pk])


def test_the_worker_renders_the_portfolio_and_the_zip(
    pdf_worker, client, kipp_dossier, agency_a, admin_a, coordinator, coordinator_agency, unscoped
):
    client.force_login(admin_a)
    response = client.post(_portfolio(agency_a, kipp_dossier), {"action": "render"})
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


# --- The broker is down when the user asks ------------------------------------------------


@pytest.fixture
def own_broker(real_broker, settings):
    """A Redis of this test's own as the broker, to stop and start."""
    needs_postgres_and_redis()
    redis = RedisServer().start()
    original = celery_app.conf.broker_url
    _forget_broker_connections()
    celery_app.conf.broker_url = redis.url
    yield redis
    redis.stop()
    _forget_broker_connections()
    celery_app.conf.broker_url = original


def _forget_broker_connections():
    """Let the app take new connections for the broker URL it has now, as Celery does
    after a fork (app.close() would also unregister the app, and tasks imported later
    would not find it; closing the pool would close kombu's shared one for that URL)."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def test_with_the_broker_down_a_request_is_queued_and_the_sweeper_sends_it_once_it_is_back(
    own_broker, client, kipp_dossier, agency_a, admin_a, unscoped
):
    import redis

    own_broker.stop()  # nothing listens on the broker's port now
    client.force_login(admin_a)
    started = time.monotonic()
    response = client.post(
        _portfolio(agency_a, kipp_dossier), {"action": "render"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and time.monotonic() - started < 10
    assert "queued: it starts when the worker is back." in response.content.decode()
    invited = client.post(
        reverse("clinics:member_invite", args=[agency_a.slug]),
        {"email": "baru@a.test", "role": "staff"},
    )
    assert invited.status_code == 302  # the invitation is saved; its e-mail waits
    job = Job.objects.get(subject=f"dossier:{kipp_dossier.pk}")
    message = Message.objects.get(task="clinics.tasks.send_invitation")
    assert job.status == "queued" and job.dispatched_at is None
    assert message.dispatched_at is None and message.done_at is None

    own_broker.start()
    counts = sweeper.sweep(timezone.now() + timedelta(seconds=11))
    assert (counts["resent"], counts["messages"]) == (1, 1)
    queued = redis.Redis.from_url(own_broker.url)
    assert (queued.llen("pdf"), queued.llen("mail")) == (1, 1)
    assert sweeper.sweep(timezone.now() + timedelta(seconds=11)) == {
        "requeued": 0,
        "resent": 0,
        "messages": 0,
    }  # sent once, not again

    with start_worker(
        celery_app, queues=["pdf", "mail"], perform_ping_check=False, shutdown_timeout=10
    ):
        job = _wait({"pk": job.pk})
        wait_until(lambda: mail.outbox, 20, "the invitation e-mail")
    assert job.status == "ready", job.detail
    assert [m.to for m in mail.outbox] == [["baru@a.test"]]
    message.refresh_from_db()
    assert message.done_at is not None and message.args == []  # the link is not kept


# --- A worker killed in the middle of a render -----------------------------------------


@pytest.fixture
def long_dossier(kipp_dossier, unscoped):
    """A dossier whose portfolio takes seconds to render (dozens of pages)."""
    words = " ".join(f"Kalimat ke-{n} tentang pelayanan ibu dan anak." for n in range(900))
    DossierSection.objects.filter(dossier=kipp_dossier).update(text=words)
    return kipp_dossier


def test_a_job_whose_worker_is_killed_mid_render_is_queued_again_and_finishes(
    real_broker, settings, tmp_path, client, long_dossier, agency_a, admin_a, unscoped
):
    needs_postgres_and_redis()
    settings.JOB_HEARTBEAT_TIMEOUT_SECONDS = 3
    settings.JOB_RETRY_BACKOFF_SECONDS = 1
    media = settings.STORAGES["default"]["OPTIONS"]["location"]
    env = worker_env(MEDIA_ROOT=media, JOB_HEARTBEAT_SECONDS=1)
    first = Worker("pdf", env, tmp_path / "worker-1.log")
    try:
        client.force_login(admin_a)
        client.post(_portfolio(agency_a, long_dossier), {"action": "render"})
        job = Job.objects.get(subject=f"dossier:{long_dossier.pk}")
        wait_until(
            lambda: Job.objects.filter(pk=job.pk, status="running").exists(), 60, "the render"
        )
        first.kill()  # SIGKILL, worker and its child, in the middle of the render
    finally:
        first.stop()
    job.refresh_from_db()
    assert job.status == "running" and not job.file

    wait_until(lambda: sweeper.sweep()["requeued"], 15, "the sweeper to notice")
    job.refresh_from_db()
    assert job.status == "queued" and job.requeues == 1
    page = client.get(_portfolio(agency_a, long_dossier)).content.decode()
    assert "its worker stopped; it starts again shortly." in page

    second = Worker("pdf", env, tmp_path / "worker-2.log")
    try:
        wait_until(lambda: sweeper.sweep()["resent"], 30, "the back-off to pass")
        job = _wait({"pk": job.pk}, seconds=120)
    finally:
        second.stop()
    assert job.status == "ready", (job.detail, (tmp_path / "worker-2.log").read_text()[-2000:])
    assert job.requeues == 1 and job.run == 2
    with job.file.open("rb") as handle:
        assert len(pypdf.PdfReader(io.BytesIO(handle.read())).pages) > 10
    assert Job.objects.filter(subject=f"dossier:{long_dossier.pk}").count() == 1


# --- Web and worker on different machines, files on S3 ------------------------------------


@pytest.fixture
def s3(settings, monkeypatch):
    """A fresh bucket on the S3-compatible server; the web side's storage points at it."""
    import boto3

    endpoint = s3_endpoint()
    bucket = f"klikbaik-test-{uuid.uuid4().hex[:12]}"
    env = {
        "S3_BUCKET": bucket,
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": "us-east-1",
        "S3_ACCESS_KEY_ID": "testing",
        "S3_SECRET_ACCESS_KEY": "testing",
    }
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=bucket)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    from klikbaik.settings import default_storage_from_environment

    settings.STORAGES = {
        **settings.STORAGES,
        "default": default_storage_from_environment(settings.MEDIA_ROOT),
    }
    yield env, client, bucket
    for item in client.list_objects_v2(Bucket=bucket).get("Contents", []):
        client.delete_object(Bucket=bucket, Key=item["Key"])
    client.delete_bucket(Bucket=bucket)


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (640, 480), (20, 120, 200)).save(out, "PNG")
    return out.getvalue()


def _files_under(*folders) -> list:
    return [str(p) for folder in folders for p in folder.rglob("*") if p.is_file()]


def test_evidence_portfolio_zip_and_download_through_s3_with_separate_disks(
    s3,
    real_broker,
    settings,
    tmp_path,
    monkeypatch,
    client,
    kipp_dossier,
    agency_a,
    staff_a,
    admin_a,
    coordinator,
    coordinator_agency,
    unscoped,
):
    import tempfile

    needs_postgres_and_redis()
    env, s3_client, bucket = s3
    web_media, web_tmp = tmp_path / "web-media", tmp_path / "web-tmp"
    worker_media, worker_tmp = tmp_path / "worker-media", tmp_path / "worker-tmp"
    for folder in (web_media, web_tmp, worker_media, worker_tmp):
        folder.mkdir()
    settings.MEDIA_ROOT = web_media
    settings.FILE_UPLOAD_TEMP_DIR = str(web_tmp)
    monkeypatch.setattr(tempfile, "tempdir", str(web_tmp))
    worker = Worker(
        "pdf,exports",
        worker_env(MEDIA_ROOT=worker_media, TMPDIR=worker_tmp, **env),
        tmp_path / "worker.log",
    )
    try:
        client.force_login(staff_a)
        uploaded = client.post(
            reverse("innovations:evidence_add", args=[agency_a.slug, kipp_dossier.innovation_id]),
            {
                "title": "Foto posyandu",
                "kind": "photo",
                "dated": "2025-03-01",
                "upload": SimpleUploadedFile("foto.png", _png()),
            },
        )
        assert uploaded.status_code == 302

        client.force_login(admin_a)
        client.post(_portfolio(agency_a, kipp_dossier), {"action": "render"})
        job = _wait({"subject": f"dossier:{kipp_dossier.pk}"}, seconds=90)
        assert job.status == "ready", job.detail

        client.force_login(coordinator)
        client.post(
            reverse("competitions:region_export", args=[coordinator_agency.slug]),
            {"dossier": [kipp_dossier.pk]},
        )
        archive = _wait({"kind": "region_zip"}, seconds=90)
        assert archive.status == "ready", archive.detail
    finally:
        worker.stop()
    download = client.get(
        reverse("competitions:region_job_download", args=[coordinator_agency.slug, archive.pk])
    )
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as zipped:
        (pdf_name,) = [n for n in zipped.namelist() if n.endswith(".pdf")]
        reader = pypdf.PdfReader(io.BytesIO(zipped.read(pdf_name)))
    assert any(page.images for page in reader.pages)  # the photo, read from S3 by the worker
    keys = {o["Key"] for o in s3_client.list_objects_v2(Bucket=bucket)["Contents"]}
    assert {job.file.name, archive.file.name} <= keys
    assert any(key.endswith(".png") for key in keys)
    assert _files_under(web_media, web_tmp, worker_media, worker_tmp) == []

    # Private: the bucket answers no one without a signature.
    import urllib.error
    import urllib.request

    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{env['S3_ENDPOINT_URL']}/{bucket}/{archive.file.name}")  # noqa: S310
    assert refused.value.code == 403


def test_with_presigned_downloads_the_view_redirects_to_a_url_that_lasts_a_minute(
    s3, settings, client, coordinator, coordinator_agency, unscoped
):
    from urllib.parse import parse_qs, urlparse

    from django.core.files.base import ContentFile

    settings.S3_PRESIGNED_DOWNLOADS = True
    job = Job.objects.create(agency=coordinator_agency, kind="region_zip", status="ready")
    job.file.save("dossiers.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18))
    client.force_login(coordinator)
    response = client.get(
        reverse("competitions:region_job_download", args=[coordinator_agency.slug, job.pk])
    )
    assert response.status_code == 302
    query = parse_qs(urlparse(response["Location"]).query)
    assert query["X-Amz-Expires"] == ["60"]
    assert "attachment" in query["response-content-disposition"][0]
    import urllib.request

    with urllib.request.urlopen(response["Location"]) as signed:  # noqa: S310
        assert signed.read(2) == b"PK"
