"""Small helpers for tests that start servers of their own or sign in with a second factor."""

import socket
import time


def free_port() -> int:
    """A TCP port nothing listens on now (the OS's pick)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process, seconds: float = 10) -> None:
    """Wait until ``process`` listens on ``port``; fail if it exits or takes too long."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            assert process.poll() is None, f"{process.args[0]} exited with {process.returncode}"
            assert time.monotonic() < deadline, f"{process.args[0]} did not start"
            time.sleep(0.05)


def totp_code(secret: str) -> str:
    """The current code of an authenticator app set up with ``secret``."""
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
