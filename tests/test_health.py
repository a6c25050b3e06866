"""/healthz: the database, the broker, and per queue a live worker and the oldest work."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jobs.models import Job, WorkerBeat
from jobs.worker import record_worker_beat
from klikbaik.celery import app as celery_app

QUEUES = ["default", "exports", "mail", "pdf"]


@pytest.fixture
def workers(db):
    """Two workers have said they are alive, as ``celery worker`` does every 15 s."""
    record_worker_beat("worker@web", ["default", "mail"])
    record_worker_beat("worker-pdf@box", ["pdf", "exports"])


def test_healthz_is_200_when_database_broker_and_every_queues_worker_answer(client, workers):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["database"], body["broker"]) == ("ok", "ok", "ok")
    assert sorted(body["queues"]) == QUEUES
    for queue in body["queues"].values():
        assert queue["worker"] == "ok" and queue["worker_seconds"] < 5
        assert queue["oldest_queued_seconds"] is None


def test_healthz_is_503_when_no_worker_ever_answered(client, db):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "ok" and body["status"] == "unavailable"
    assert {q["worker"] for q in body["queues"].values()} == {"down"}
    assert {q["worker_seconds"] for q in body["queues"].values()} == {None}


def test_healthz_is_503_when_a_queues_worker_stopped_five_minutes_ago(
    client, workers, agency_a, unscoped
):
    WorkerBeat.objects.filter(hostname="worker-pdf@box").update(
        seen_at=timezone.now() - timedelta(minutes=5, seconds=5)
    )
    Job.objects.create(
        agency=agency_a, kind="portfolio", queued_at=timezone.now() - timedelta(minutes=3)
    )
    response = client.get("/healthz")
    assert response.status_code == 503
    pdf = response.json()["queues"]["pdf"]
    assert pdf["worker"] == "down" and pdf["worker_seconds"] >= 305
    assert 180 <= pdf["oldest_queued_seconds"] < 200
    assert response.json()["queues"]["mail"]["worker"] == "ok"


@pytest.fixture
def unreachable_broker():
    original = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    yield
    celery_app.conf.broker_url = original


def test_healthz_is_503_when_the_broker_is_down(client, workers, unreachable_broker):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "unreachable"
    assert response.json()["database"] == "ok"
