"""The jobs app's own beat tasks (klikbaik/celery.py schedules them)."""

from celery import shared_task

from jobs import sweeper


@shared_task
def sweep() -> dict:
    """Re-queue jobs whose worker was lost; re-send what never reached the broker."""
    return sweeper.sweep()


@shared_task
def purge_expired() -> int:
    """Nightly: delete expired jobs and their files."""
    return sweeper.purge_expired()
