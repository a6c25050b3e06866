"""The reverse proxy in front of gunicorn: nginx's own ``-t`` accepts the real config, a
real nginx started from it does what the config promises, and compose publishes nginx
alone. Without nginx installed these tests are skipped, unless REQUIRE_NGINX is set (as
.ci/run sets it after installing nginx), so CI cannot skip them."""

import gzip
import importlib.util
import json
import os
import shutil
import subprocess
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from tests.helpers import free_port, wait_for_port

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
_spec = importlib.util.spec_from_file_location("render", ROOT / "deploy" / "nginx" / "render.py")
render = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(render)


@pytest.fixture(scope="module")
def nginx():
    if NGINX is None:
        if os.environ.get("REQUIRE_NGINX"):
            pytest.fail("REQUIRE_NGINX is set but nginx is not installed (apt-get install nginx)")
        pytest.skip("nginx is not installed (apt-get install nginx); .ci/run installs it")
    return NGINX


def _values(tmp_path, upstream_port=9, listen_port=None):
    return {
        "KLIKBAIK_LISTEN": f"127.0.0.1:{listen_port or free_port()}",
        "KLIKBAIK_UPSTREAM": f"127.0.0.1:{upstream_port}",
        "KLIKBAIK_RESOLVER": "127.0.0.1",
        "KLIKBAIK_STATIC_ROOT": str(tmp_path / "static"),
        "KLIKBAIK_MAX_BODY": "26m",
        "KLIKBAIK_ACCESS_LOG": str(tmp_path / "access.log"),
    }


def test_nginx_accepts_the_real_config(nginx, tmp_path):
    main = render.standalone(tmp_path / "nginx", _values(tmp_path))
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path / "nginx"), "-c", str(main)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


def test_rendering_refuses_a_missing_value(tmp_path):
    values = _values(tmp_path)
    del values["KLIKBAIK_UPSTREAM"]
    with pytest.raises(SystemExit, match="KLIKBAIK_UPSTREAM"):
        render.render(values)


class _Echo(BaseHTTPRequestHandler):
    """The upstream: answers with the headers and the body length it received."""

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        body = json.dumps({"headers": dict(self.headers), "body": length}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer  # noqa: N815 - http.server's naming

    def log_message(self, *args):
        pass


@pytest.fixture
def running_proxy(nginx, tmp_path):
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    static = tmp_path / "static" / "css"
    static.mkdir(parents=True)
    (static / "portal.0123456789ab.css").write_text("body{}" * 100)
    with gzip.open(static / "portal.0123456789ab.css.gz", "wt") as packed:
        packed.write("body{}" * 100)
    port = free_port()
    values = _values(tmp_path, upstream.server_address[1], port)
    prefix = tmp_path / "nginx"
    main = render.standalone(prefix, values)
    server = subprocess.Popen(
        [nginx, "-p", str(prefix), "-c", str(main), "-g", "daemon off;"],
        stderr=subprocess.PIPE,
    )
    wait_for_port(port, server)
    yield f"http://127.0.0.1:{port}", tmp_path / "access.log"
    server.terminate()
    server.wait(timeout=10)
    upstream.shutdown()


def _get(url, **headers):
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as r:
        return r.status, dict(r.headers), r.read()


def test_the_proxy_passes_the_client_and_a_request_id(running_proxy):
    base, log = running_proxy
    status, headers, body = _get(f"{base}/some/page/", **{"X-Request-ID": "gateway-id-0001"})
    seen = json.loads(body)["headers"]
    assert status == 200 and headers["X-Request-ID"] == "gateway-id-0001"
    assert seen["X-Request-ID"] == "gateway-id-0001"
    assert seen["X-Forwarded-For"] == "127.0.0.1" and seen["X-Real-IP"] == "127.0.0.1"
    assert seen["X-Forwarded-Proto"] == "http"
    # A client's own X-Forwarded-For is kept in front; the address nginx saw is last.
    _, _, body = _get(f"{base}/", **{"X-Forwarded-For": "203.0.113.9"})
    assert json.loads(body)["headers"]["X-Forwarded-For"] == "203.0.113.9, 127.0.0.1"
    # Without a usable id from in front, nginx makes one (32 hex digits).
    _, headers, body = _get(f"{base}/", **{"X-Request-ID": "bad id"})
    made = headers["X-Request-ID"]
    assert len(made) == 32 and json.loads(body)["headers"]["X-Request-ID"] == made

    _get(f"{base}/calendar/the-secret-feed.ics?q=someone")
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert lines[0]["request_id"] == "gateway-id-0001" and lines[0]["status"] == 200
    assert lines[-1]["path"] == "/calendar/[secret]"
    assert "the-secret" not in log.read_text() and "someone" not in log.read_text()


def test_uploads_up_to_the_evidence_limit_pass_and_larger_ones_stop_at_the_proxy(running_proxy):
    base, _ = running_proxy
    evidence = 24 * 1024 * 1024 + 64 * 1024  # the largest evidence file and its form
    request = urllib.request.Request(f"{base}/upload/", data=b"x" * evidence, method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        assert json.loads(response.read())["body"] == evidence
    too_big = urllib.request.Request(
        f"{base}/upload/", data=b"x" * (27 * 1024 * 1024), method="POST"
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(too_big, timeout=30)
    assert refused.value.code == 413


def test_static_files_are_served_by_nginx_compressed_and_cached(running_proxy):
    base, _ = running_proxy
    status, headers, body = _get(
        f"{base}/static/css/portal.0123456789ab.css", **{"Accept-Encoding": "gzip"}
    )
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == b"body{}" * 100
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Type"] == "text/css"
    with pytest.raises(urllib.error.HTTPError) as missing:
        _get(f"{base}/static/css/none.css")
    assert missing.value.code == 404


def test_compose_publishes_nginx_alone_and_gunicorn_stays_inside():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}
    proxy = services["proxy"]
    assert proxy["image"].startswith("nginx:")
    assert (
        "./deploy/nginx/klikbaik.conf.template:/etc/nginx/templates/default.conf.template:ro"
        in proxy["volumes"]
    )
    assert proxy["environment"]["KLIKBAIK_UPSTREAM"] == "web:8000"
    web = services["web"]
    assert "gunicorn -c deploy/gunicorn.conf.py" in web["command"][-1]
    assert "static:/app/staticfiles" in web["volumes"]
    assert "static:/app/staticfiles:ro" in proxy["volumes"]
    assert web["environment"]["TRUSTED_PROXY_COUNT"] == "${TRUSTED_PROXY_COUNT:-1}"


def test_the_proxys_body_limit_leaves_room_over_the_evidence_limit(settings):
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    limit = compose["services"]["proxy"]["environment"]["KLIKBAIK_MAX_BODY"]
    megabytes = int(limit.removeprefix("${PROXY_MAX_BODY:-").rstrip("m}"))
    headroom = megabytes * 1024 * 1024 - settings.EVIDENCE_MAX_BYTES
    assert 512 * 1024 <= headroom <= 4 * 1024 * 1024
