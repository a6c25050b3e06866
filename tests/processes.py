"""Real processes for the fault tests: a Redis of the test's own (to stop and start), a
Celery worker in its own process (to kill), and the S3-compatible server CI starts.

A test that needs PostgreSQL and Redis skips without them; ``REQUIRE_S3_TESTS=1`` (set
by .ci/run, which starts moto's server and exports S3_TEST_ENDPOINT) turns a missing S3
server into an error instead of a skip, as REQUIRE_BROWSER_TESTS does for Chromium.
"""

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from drill.faults import free_port, wait_for_port

ROOT = Path(__file__).resolve().parent.parent


class RedisServer:
    """``redis-server`` on a port of its own, without persistence: stop() loses what it
    held, as a crashed Redis does."""

    def __init__(self, port: int | None = None):
        if not shutil.which("redis-server"):
            pytest.skip("redis-server is not installed")
        self.port = port or free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        self.process = subprocess.Popen(  # noqa: S603
            ["redis-server", "--port", str(self.port), "--save", "", "--appendonly", "no"],  # noqa: S607
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(self.port)
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


def needs_postgres_and_redis():
    from django.db import connection

    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        pytest.skip("needs PostgreSQL and Redis, which CI provides")


def database_url() -> str:
    from django.db import connection

    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class Worker:
    """``celery worker`` in its own process group (prefork, one child): it shares only the
    database, the broker and the storage with the test. ``kill()`` is a SIGKILL of the
    whole group, as when a machine loses power or the OOM killer strikes."""

    def __init__(self, queues: str, env: dict, log: Path):
        self.log = log
        self.process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "klikbaik",
                "worker",
                "-Q",
                queues,
                "--concurrency",
                "1",
                "-l",
                "info",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=ROOT,
            env=env,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def worker_env(**extra) -> dict:
    """The environment of a worker process: the settings of production (not the tests'),
    the test database, and whatever the test adds."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "klikbaik.settings",
        "SECRET_KEY": "worker-" + "x" * 50,
        "DATABASE_URL": database_url(),
        **{key: str(value) for key, value in extra.items()},
    }


def s3_endpoint() -> str:
    endpoint = os.environ.get("S3_TEST_ENDPOINT", "")
    if not endpoint:
        if os.environ.get("REQUIRE_S3_TESTS"):
            raise pytest.UsageError("REQUIRE_S3_TESTS is set but S3_TEST_ENDPOINT is not")
        pytest.skip("no S3-compatible server (S3_TEST_ENDPOINT); .ci/run starts moto's")
    return endpoint
