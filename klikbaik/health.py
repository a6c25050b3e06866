"""``/healthz``: is the portal able to serve and to do its background work?

JSON with the database, the broker, and per queue the age in seconds of the last worker
heartbeat (``worker_seconds``) and of the oldest work waiting (``oldest_queued_seconds``).
503 when the database or the broker does not answer, or when a queue has had no live
worker for WORKER_DOWN_SECONDS (five minutes): its jobs would wait for ever.
"""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from jobs import selectors as job_selectors
from klikbaik.celery import app as celery_app


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        return False


def _broker_ok() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        return False


@never_cache
def healthz(request):
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    queues = job_selectors.queues() if checks["database"] else []
    healthy = all(checks.values()) and all(queue.alive for queue in queues)
    body = {
        "status": "ok" if healthy else "unavailable",
        **{name: ("ok" if ok else "unreachable") for name, ok in checks.items()},
        "queues": {
            queue.name: {
                "worker": "ok" if queue.alive else "down",
                "worker_seconds": queue.worker_age,
                "oldest_queued_seconds": queue.oldest_queued,
            }
            for queue in queues
        },
    }
    return JsonResponse(body, status=200 if healthy else 503)
