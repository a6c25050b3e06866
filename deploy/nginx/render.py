"""Fill in deploy/nginx/klikbaik.conf.template from KLIKBAIK_* environment variables.

Bare metal:  KLIKBAIK_LISTEN=80 KLIKBAIK_UPSTREAM=127.0.0.1:8000 ... \\
             python3 deploy/nginx/render.py > /etc/nginx/conf.d/klikbaik.conf
(compose needs no rendering: the official nginx image fills the template in at start.)
Only the names listed in NAMES are filled in; nginx's own $variables stay as they are.
"""

import os
import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).with_name("klikbaik.conf.template")
NAMES = (
    "KLIKBAIK_LISTEN",
    "KLIKBAIK_UPSTREAM",
    "KLIKBAIK_RESOLVER",
    "KLIKBAIK_STATIC_ROOT",
    "KLIKBAIK_MAX_BODY",
    "KLIKBAIK_ACCESS_LOG",
)


def render(values) -> str:
    missing = [name for name in NAMES if not values.get(name)]
    if missing:
        raise SystemExit(f"Set {', '.join(missing)} to render {TEMPLATE.name}.")
    return re.sub(r"\$\{(KLIKBAIK_[A-Z_]+)\}", lambda m: values[m.group(1)], TEMPLATE.read_text())


def standalone(prefix: Path, values) -> Path:
    """A complete nginx configuration under ``prefix`` around the rendered site, for
    ``nginx -t`` and for running nginx outside the system's (tests, the slow-client
    drill). Returns the main file, for ``nginx -p prefix -c main``."""
    prefix.mkdir(parents=True, exist_ok=True)
    (prefix / "klikbaik.conf").write_text(render(values))
    main = prefix / "nginx.conf"
    main.write_text(
        f"""# As root, workers would run as "nobody", who cannot read a private test folder.
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/klikbaik.conf;
}}
"""
    )
    return main


if __name__ == "__main__":
    sys.stdout.write(render(os.environ))
