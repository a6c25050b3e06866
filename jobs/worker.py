"""What the worker and beat processes do for the rest of the portal.

- Every worker writes a ``WorkerBeat`` row (its host name, the queues it consumes) every
  WORKER_BEAT_SECONDS, from a thread of its main process. ``/healthz`` reads them.
- Beat holds a lock while it runs: a Redis lock (renewed every third of
  BEAT_LOCK_SECONDS, free again after BEAT_LOCK_SECONDS without renewal) or, on the
  demo's filesystem broker, a file lock. A second beat waits for the lock instead of
  sending everything twice; a beat that finds its lock taken by another exits (its
  supervisor restarts it, and it waits).
"""

import fcntl
import logging
import os
import threading
import time

from celery.signals import beat_init, worker_ready
from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from jobs.models import WorkerBeat

logger = logging.getLogger(__name__)

BEAT_LOCK_NAME = "klikbaik:beat-lock"


def record_worker_beat(hostname: str, queues: list[str]) -> None:
    WorkerBeat.objects.update_or_create(
        hostname=hostname, defaults={"queues": sorted(queues), "seen_at": timezone.now()}
    )


def _beat_forever(hostname: str, queues: list[str]) -> None:
    while True:
        try:
            record_worker_beat(hostname, queues)
        except Exception:  # the database blinked: say it again next time
            logger.warning("Could not record the worker's heartbeat", exc_info=True)
            close_old_connections()
        time.sleep(settings.WORKER_BEAT_SECONDS)


@worker_ready.connect
def _start_worker_beat(sender, **kwargs):
    queues = list(sender.app.amqp.queues.consume_from)
    threading.Thread(
        target=_beat_forever, args=(sender.hostname, queues), name="worker-beat", daemon=True
    ).start()


class RedisBeatLock:
    def __init__(self, url: str):
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        self.lock = self.client.lock(
            BEAT_LOCK_NAME, timeout=settings.BEAT_LOCK_SECONDS, thread_local=False
        )

    def acquire(self) -> None:
        import redis

        said = False
        while True:
            try:
                if self.lock.acquire(blocking=True, blocking_timeout=5):
                    break
            except redis.ConnectionError:
                time.sleep(2)
            if not said:
                logger.warning("Another beat holds the beat lock; this one waits for it.")
                said = True
        logger.info("Beat lock acquired.")
        threading.Thread(target=self._renew, name="beat-lock", daemon=True).start()

    def _renew(self) -> None:
        import redis
        from redis.exceptions import LockNotOwnedError

        while True:
            time.sleep(settings.BEAT_LOCK_SECONDS / 3)
            try:
                self.lock.reacquire()
            except LockNotOwnedError:
                # Redis came back empty (a restart), or another beat took the lock.
                if self.lock.acquire(blocking=False):
                    logger.warning("The beat lock was lost with Redis; taken again.")
                    continue
                logger.critical("The beat lock was taken by another beat; stopping this one.")
                os._exit(1)
            except redis.ConnectionError:
                logger.warning("Could not renew the beat lock (Redis unreachable).")


class FileBeatLock:
    def __init__(self, path):
        self.path = path

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = open(self.path, "w")  # noqa: SIM115 - held for the process's life
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            logger.warning("Another beat holds the beat lock; this one waits for it.")
            fcntl.flock(self.handle, fcntl.LOCK_EX)
        logger.info("Beat lock acquired.")


_held_locks = []  # the beat's lock lives as long as the process


@beat_init.connect
def _hold_the_beat_lock(sender=None, **kwargs):
    if settings.REDIS_URL:
        lock = RedisBeatLock(settings.REDIS_URL)
    else:
        lock = FileBeatLock(settings.VAR_DIR / "celerybeat.lock")
    lock.acquire()
    _held_locks.append(lock)
