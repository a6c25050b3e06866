"""A real Celery worker (Redis in CI, the filesystem broker locally) runs the portal's tasks."""

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.urls import reverse

from klikbaik.celery import app as celery_app


@pytest.fixture
def real_worker(settings, transactional_db):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.task_always_eager = False
    with start_worker(
        celery_app, queues=["default", "mail"], perform_ping_check=False, shutdown_timeout=10
    ):
        yield
    celery_app.conf.task_always_eager = True


def test_the_broker_is_redis_when_redis_url_is_set():
    expected = "redis://" if os.environ.get("REDIS_URL") else "filesystem://"
    assert celery_app.conf.broker_url.startswith(expected)


def test_an_invitation_is_mailed_by_the_worker(client, agency_a, admin_a, real_worker):
    client.force_login(admin_a)
    response = client.post(
        reverse("clinics:member_invite", args=[agency_a.slug]),
        {"email": "worker@a.test", "role": "staff"},
    )
    assert response.status_code == 302
    deadline = time.monotonic() + 20
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [m.to for m in mail.outbox] == [["worker@a.test"]]
