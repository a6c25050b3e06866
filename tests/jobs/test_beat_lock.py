"""Two beats: the second waits for the first's lock instead of sending everything twice,
and takes over when the first is gone. Real ``celery beat`` processes, with a Redis of the
test's own (production) or, as the demo runs, the filesystem broker and a file lock."""

import os
import signal
import subprocess
import sys
import time

import pytest

from drill.faults import wait_until
from tests.processes import ROOT, RedisServer, worker_env


def _beat(tmp_path, name, env):
    log = tmp_path / f"{name}.log"
    process = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "klikbaik",
            "beat",
            "-l",
            "info",
            "-s",
            str(tmp_path / f"{name}-schedule"),
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return process, log


def _stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.mark.parametrize("broker", ["redis", "filesystem"])
def test_a_second_beat_waits_for_the_first_and_takes_over_when_it_is_gone(
    transactional_db, tmp_path, broker
):
    redis = RedisServer().start() if broker == "redis" else None
    env = worker_env(BEAT_LOCK_SECONDS=3, VAR_DIR=tmp_path / "var")
    if redis:
        env["REDIS_URL"] = redis.url
    else:
        env.pop("REDIS_URL", None)
    first, first_log = _beat(tmp_path, "first", env)
    second = None
    try:
        wait_until(lambda: "Beat lock acquired" in first_log.read_text(), 30, "the first beat")
        second, second_log = _beat(tmp_path, "second", env)
        wait_until(
            lambda: "Another beat holds the beat lock" in second_log.read_text(),
            30,
            "the second beat to wait",
        )
        time.sleep(5)  # longer than the lock lives without renewal: the first renews it
        assert "Beat lock acquired" not in second_log.read_text()
        _stop(first)  # as if its machine died
        wait_until(lambda: "Beat lock acquired" in second_log.read_text(), 30, "a take-over")
    finally:
        _stop(first)
        if second:
            _stop(second)
        if redis:
            redis.stop()
