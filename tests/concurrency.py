"""Run the same work in several threads at the same moment, each on its own database
connection, as two beat processes or two workers would."""

import threading

import pytest
from django.db import connection, connections


def at_once(work, times: int = 2) -> list:
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL, which CI provides")
    barrier = threading.Barrier(times)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(work())
        except Exception as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results
