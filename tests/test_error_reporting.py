"""Error reports go to a Sentry-compatible service only when SENTRY_DSN is set, and carry
the request id but nothing personal. The receiving end is a local HTTP server that reads
the envelopes sentry-sdk really sends."""

import gzip
import json
import os
import subprocess
import sys
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FAILING_REQUEST = """
import threading, urllib.error, urllib.request
from wsgiref.simple_server import WSGIRequestHandler, make_server

import django, sentry_sdk
from django.conf import settings

settings.ROOT_URLCONF = "tests.urls_failing"
# No database here (the suite's is not this process's): the session lives in its cookie.
settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
from django.core.wsgi import get_wsgi_application

WSGIRequestHandler.log_message = lambda *args: None
server = make_server("127.0.0.1", 0, get_wsgi_application())
threading.Thread(target=server.serve_forever, daemon=True).start()
request = urllib.request.Request(
    f"http://127.0.0.1:{server.server_port}/boom/?q=private+search",
    headers={
        "Host": "testserver",
        "X-Request-ID": "reported-request-7",
        "Cookie": "sessionid=the-session-cookie",
        "User-Agent": "Mozilla/5.0 (private device)",
    },
)
try:
    urllib.request.urlopen(request)
except urllib.error.HTTPError as error:
    print("status", error.code)
sentry_sdk.flush(timeout=10)
print("reporting", "on" if sentry_sdk.get_client().is_active() else "off")
"""


class _Collector(BaseHTTPRequestHandler):
    events: list = []

    def do_POST(self):  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        elif encoding == "br":
            import brotli  # sentry-sdk compresses with it when it is installed

            body = brotli.decompress(body)
        for line in body.splitlines():
            item = json.loads(line) if line.startswith(b"{") else None
            if item and "exception" in item:
                self.events.append(item)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def collector():
    _Collector.events = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


def _run(env_extra):
    env = {k: v for k, v in os.environ.items() if k not in {"SENTRY_DSN", "DEBUG"}}
    env.update({"DJANGO_SETTINGS_MODULE": "tests.settings", **env_extra})
    result = subprocess.run(
        [sys.executable, "-c", FAILING_REQUEST],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_an_error_is_reported_with_its_request_id_and_nothing_personal(collector):
    port = collector.server_address[1]
    out = _run({"SENTRY_DSN": f"http://publickey@127.0.0.1:{port}/1"})
    assert "status 500" in out and "reporting on" in out
    assert _Collector.events
    for event in _Collector.events:
        assert event["exception"]["values"][-1]["type"] == "RuntimeError"
        assert event["tags"]["request_id"] == "reported-request-7"
        assert event["request"] == {"method": "GET", "url": "http://testserver/boom/"}
    text = json.dumps(_Collector.events)
    for private in ("the-session-cookie", "private search", "private device"):
        assert private not in text


def test_without_a_dsn_nothing_is_reported(collector):
    assert "reporting off" in _run({})
    assert _Collector.events == []
