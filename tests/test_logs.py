"""Structured logs: one JSON line per event with the request id, ids only, UTC times; the
request id travels into the Celery task the request queued, in a real worker process."""

import io
import json
import logging
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from klikbaik.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def log_lines():
    """What the configured console handler (JSON formatter and context filter) writes."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    old = handler.setStream(stream)
    lines = []
    try:
        yield lines
    finally:
        handler.setStream(old)
        lines.extend(json.loads(line) for line in stream.getvalue().splitlines() if line)


def test_tests_log_json_like_production(settings):
    assert settings.LOG_FORMAT == "json"


def test_a_request_line_carries_the_proxys_id_the_user_and_the_agency(client, agency_a, admin_a):
    client.force_login(admin_a)
    with log_lines() as lines:
        response = client.get(
            reverse("clinics:members", args=[agency_a.slug]), HTTP_X_REQUEST_ID="proxy-id-0001"
        )
    assert response["X-Request-ID"] == "proxy-id-0001"
    (line,) = [line for line in lines if line["logger"] == "klikbaik.request"]
    assert line["request_id"] == "proxy-id-0001"
    assert line["user_id"] == admin_a.pk and line["agency_id"] == agency_a.pk
    assert line["status"] == 200 and line["method"] == "GET"
    assert line["path"] == f"/{agency_a.slug}/members/"
    stamp = datetime.fromisoformat(line["time"])
    assert stamp.utcoffset().total_seconds() == 0 and line["time"].endswith("+00:00")
    assert "admin@a.test" not in json.dumps(lines)


@pytest.mark.parametrize("incoming", [None, "short", "has spaces and\nnewlines in it"])
def test_without_a_usable_id_from_the_proxy_one_is_made(client, db, incoming):
    headers = {"HTTP_X_REQUEST_ID": incoming} if incoming else {}
    first = client.get(reverse("account_login"), **headers)["X-Request-ID"]
    second = client.get(reverse("account_login"), **headers)["X-Request-ID"]
    assert len(first) == 32 and first != second and first != incoming


def test_secret_tokens_in_paths_are_not_logged(client, db):
    with log_lines() as lines:
        client.get("/calendar/the-secret-feed-token.ics")
        client.get("/invitations/the-secret-invitation/")
    assert "the-secret" not in json.dumps(lines)
    paths = {line["path"] for line in lines if line["logger"] == "klikbaik.request"}
    assert paths == {"/calendar/[secret].ics", "/invitations/[secret]/"}


def test_a_sign_in_logs_neither_the_address_nor_the_password(client, staff_a):
    with log_lines() as lines:
        client.post(reverse("account_login"), {"login": "staff@a.test", "password": "wrong-pass"})
        client.post(
            reverse("account_login"), {"login": "staff@a.test", "password": "secret-pass-123"}
        )
    text = json.dumps(lines)
    assert "staff@a.test" not in text and "secret-pass" not in text and "wrong-pass" not in text
    assert [line.get("user_id") for line in lines if line["logger"] == "klikbaik.request"] == [
        None,
        staff_a.pk,
    ]


def test_djangos_error_line_is_json_with_the_traceback_and_the_request_id(db, settings):
    settings.ROOT_URLCONF = "tests.urls_failing"
    client = Client(raise_request_exception=False)
    with log_lines() as lines:
        client.get("/boom/", HTTP_X_REQUEST_ID="failing-request-1")
    (error,) = [line for line in lines if line["logger"] == "django.request"]
    assert error["level"] == "ERROR" and error["request_id"] == "failing-request-1"
    assert "RuntimeError: deliberate failure" in error["error"]


def _invite(client, agency, email, request_id):
    """An admin's invitation: a request that queues a task (the invitation e-mail)."""
    return client.post(
        reverse("clinics:member_invite", args=[agency.slug]),
        {"email": email, "role": "staff"},
        HTTP_X_REQUEST_ID=request_id,
    )


def test_an_eager_task_logs_with_the_request_id(client, agency_a, admin_a):
    client.force_login(admin_a)
    with log_lines() as lines:
        _invite(client, agency_a, "new@a.test", "eager-request-1")
    assert {line.get("request_id") for line in lines} == {"eager-request-1"}


@pytest.fixture
def worker_process(settings, transactional_db, tmp_path):
    """A Celery worker in its own process, writing its JSON log lines to a file."""
    from django.db import connection

    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        pytest.skip("needs PostgreSQL and Redis, which CI provides")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.task_always_eager = False
    db = connection.settings_dict
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "klikbaik.settings",
        "SECRET_KEY": "worker-" + "x" * 50,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "LOG_FORMAT": "json",
    }
    env.pop("DEBUG", None)
    with log.open("w") as out:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "klikbaik", "worker", "-Q", "mail"]
            + ["--pool", "solo", "--concurrency", "1"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            yield log
        finally:
            worker.terminate()
            worker.wait(timeout=20)
            celery_app.conf.task_always_eager = True


def _json_lines(path):
    for raw in path.read_text().splitlines():
        if raw.startswith("{"):
            yield json.loads(raw)


def test_the_worker_process_logs_the_queuing_requests_id(worker_process, client, agency_a, admin_a):
    client.force_login(admin_a)
    with log_lines() as web_lines:
        _invite(client, agency_a, "traced@a.test", "traced-request-42")
    (request_line,) = [line for line in web_lines if line["logger"] == "klikbaik.request"]
    assert request_line["request_id"] == "traced-request-42"

    deadline = time.monotonic() + 60
    task_lines = []
    while not any("succeeded" in line["message"] for line in task_lines):
        assert time.monotonic() < deadline, worker_process.read_text()[-3000:]
        time.sleep(0.3)
        task_lines = [
            line
            for line in _json_lines(worker_process)
            if line.get("task") == "clinics.tasks.send_invitation"
        ]
    assert {line["request_id"] for line in task_lines} == {"traced-request-42"}
    assert len({line["task_id"] for line in task_lines}) == 1
    assert all(line["time"].endswith("+00:00") for line in task_lines)
