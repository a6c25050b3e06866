"""Making faults on purpose, shared by ``make drill`` and the fault tests: free ports,
waiting for a server or a condition, and a small real disk that fills up."""

import errno
import os
import socket
import subprocess
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"Nothing listens on port {port} after {seconds} s.")


def wait_until(condition, seconds: float = 60, what: str = "the condition"):
    """``condition()``'s first true value, asked every 0.1 s for ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise TimeoutError(f"Still waiting for {what} after {seconds:.0f} s.")


def mount_tmpfs(path: Path, size: str) -> str:
    """Mount a tmpfs of ``size`` (e.g. "1m") at ``path``; '' when done, else why not
    (mounting needs root)."""
    mounted = subprocess.run(  # noqa: S603
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],  # noqa: S607
        capture_output=True,
        text=True,
    )
    return "" if mounted.returncode == 0 else (mounted.stderr.strip() or "mount failed")


def unmount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], check=False)  # noqa: S603,S607


def fill(disk: Path, leave: int) -> Path:
    """Write a file until the kernel answers ENOSPC, then give back ``leave`` bytes."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError as exc:
            if exc.errno != errno.ENOSPC:
                raise
    os.truncate(filler, filler.stat().st_size - leave)
    return filler
