"""``make slowloris``: can slow clients starve the portal? A drill, not a test.

It starts gunicorn as production runs it (deploy/gunicorn.conf.py, 3 sync workers, DEBUG
off) and nginx from the real config (deploy/nginx/) in front of it, then twice opens
``SLOW_CONNECTIONS`` connections that send their headers one byte a second (reconnecting
when dropped, as an attacker would) while a normal visitor asks for the sign-in page
twice a second: first straight at gunicorn, then through nginx. It prints how fast the
normal visitor was answered in each case and writes the table to var/bench/slowclients.md.

Ports: DRILL_NGINX_PORT and DRILL_GUNICORN_PORT, else free ones.
"""

import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "deploy" / "nginx"))
import render  # noqa: E402 - deploy/nginx/render.py

SLOW_CONNECTIONS = int(os.environ.get("SLOW_CONNECTIONS", "100"))
SECONDS = int(os.environ.get("DRILL_SECONDS", "20"))
PAGE = "/accounts/login/"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{process.args[0]} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listens on {port}")


def _slow_client(port, stop):
    """Sends a request's headers one byte a second, forever; reconnects when dropped."""
    header = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"X-Slow: " + b"a" * 4000
    while not stop.is_set():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
                for byte in header:
                    if stop.wait(1):
                        return
                    conn.sendall(bytes([byte]))
        except OSError:
            stop.wait(0.5)


def _visitor(port, stop, timings):
    """A normal visitor: the sign-in page twice a second, 10 s patience each time."""
    while not stop.is_set():
        started = time.monotonic()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{PAGE}", timeout=10) as r:  # noqa: S310
                r.read()
            timings.append(time.monotonic() - started)
        except urllib.error.HTTPError as error:
            raise SystemExit(f"{PAGE} answered {error.code}: the drill needs it") from error
        except OSError:  # refused or no answer within 10 s
            timings.append(None)
        stop.wait(max(0, 0.5 - (time.monotonic() - started)))


def _attack(port):
    stop = threading.Event()
    timings = []
    threads = [
        threading.Thread(target=_slow_client, args=(port, stop), daemon=True)
        for _ in range(SLOW_CONNECTIONS)
    ]
    for thread in threads:
        thread.start()
    time.sleep(3)  # let the slow connections take their places
    visitor = threading.Thread(target=_visitor, args=(port, stop, timings))
    visitor.start()
    time.sleep(SECONDS)
    stop.set()
    visitor.join()
    for thread in threads:
        thread.join(timeout=2)
    return timings


def _row(label, timings):
    answered = sorted(t * 1000 for t in timings if t is not None)
    failed = sum(1 for t in timings if t is None)
    if not answered:
        return f"| {label} | {len(timings)} | 0 | {failed} | — | — | — |"
    p95 = answered[min(len(answered) - 1, int(len(answered) * 0.95))]
    return (
        f"| {label} | {len(timings)} | {len(answered)} | {failed} | "
        f"{statistics.median(answered):.0f} | {p95:.0f} | {answered[-1]:.0f} |"
    )


def main():
    nginx_port = int(os.environ.get("DRILL_NGINX_PORT") or _free_port())
    gunicorn_port = int(os.environ.get("DRILL_GUNICORN_PORT") or _free_port())
    workdir = Path(tempfile.mkdtemp(prefix="klikbaik-drill-"))
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "VAR_DIR": str(workdir / "var"),
        "GUNICORN_BIND": f"127.0.0.1:{gunicorn_port}",
        "WEB_CONCURRENCY": "3",
        "LOG_LEVEL": "WARNING",
        "STATIC_ROOT": str(workdir / "staticfiles"),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "klikbaik.wsgi"],
        cwd=ROOT,
        env=env,
    )
    main_conf = render.standalone(
        workdir / "nginx",
        {
            "KLIKBAIK_LISTEN": f"127.0.0.1:{nginx_port}",
            "KLIKBAIK_UPSTREAM": f"127.0.0.1:{gunicorn_port}",
            "KLIKBAIK_RESOLVER": "127.0.0.1",
            "KLIKBAIK_STATIC_ROOT": str(workdir / "staticfiles"),
            "KLIKBAIK_MAX_BODY": "26m",
            "KLIKBAIK_ACCESS_LOG": "/dev/null",
        },
    )
    nginx = subprocess.Popen(
        ["nginx", "-p", str(workdir / "nginx"), "-c", str(main_conf), "-g", "daemon off;"]
    )
    try:
        _wait_for(gunicorn_port, gunicorn)
        _wait_for(nginx_port, nginx)
        for _ in range(6):  # every worker loads the page once before anything is timed
            urllib.request.urlopen(f"http://127.0.0.1:{gunicorn_port}{PAGE}", timeout=30).read()  # noqa: S310
        quiet = _attack_free(gunicorn_port)
        direct = _attack(gunicorn_port)
        proxied = _attack(nginx_port)
    finally:
        nginx.terminate()
        gunicorn.terminate()
        nginx.wait(timeout=10)
        gunicorn.wait(timeout=30)
    table = "\n".join(
        [
            f"{SLOW_CONNECTIONS} connections sending headers a byte a second; a normal visitor "
            f"asks for {PAGE} twice a second for {SECONDS} s (10 s patience); gunicorn with "
            "3 sync workers.",
            "",
            "| normal visitor | requests | answered | gave up | p50 ms | p95 ms | max ms |",
            "|---|---:|---:|---:|---:|---:|---:|",
            _row("no slow clients, straight at gunicorn", quiet),
            _row("slow clients straight at gunicorn", direct),
            _row("slow clients through nginx", proxied),
        ]
    )
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "slowclients.md").write_text(table + "\n")
    print(table)


def _attack_free(port):
    """The baseline: the same visitor with no slow clients."""
    stop = threading.Event()
    timings = []
    visitor = threading.Thread(target=_visitor, args=(port, stop, timings))
    visitor.start()
    time.sleep(min(SECONDS, 10))
    stop.set()
    visitor.join()
    return timings


if __name__ == "__main__":
    main()
