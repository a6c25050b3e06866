"""``make bench``: the portal's pages under load, side by side with Django's own floor.

On PostgreSQL (``DATABASE_URL``, default a ``klikbaik_bench`` database on the machine's
server) with the scale data (``manage.py generate_scale``, made once), it starts gunicorn
as in production (2 × cores + 1 workers, DEBUG off), drives every page with wrk: 20
connections, each request signed in as one of 20 users, for ``BENCH_SECONDS`` (20) per
page, and prints one table: requests/s, p50, p95, p99, errors and each page's p95 as a
multiple of the floor page's p95 measured in the same run (the base template behind the
same middleware, with no queries of its own). It also times the XLSX export of 2,000
innovations (a job: the request that queues it, then a worker of the exports queue until
the file is ready), and the portfolio benchmark (a 20-page PDF and a 30-dossier ZIP).
The table is written as Markdown and CSV under ``var/bench/``. Never part of ``make test``.
"""

import csv
import json
import os
import random
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))
CONNECTIONS = 20
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/klikbaik_bench"


def environment() -> dict:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", DEFAULT_DB)
    if not env["DATABASE_URL"].startswith("postgres"):
        sys.exit("make bench measures PostgreSQL: set DATABASE_URL to a PostgreSQL database.")
    env.update(
        DJANGO_SETTINGS_MODULE="klikbaik.settings",
        DEBUG="false",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        STATIC_ROOT=str(ROOT / "var" / "bench-static"),
        MEDIA_ROOT=env.get("MEDIA_ROOT", str(ROOT / "var" / "bench-media")),
        # Tasks are queued (filesystem broker unless REDIS_URL), not run inside the request.
        CELERY_TASK_ALWAYS_EAGER="false",
    )
    return env


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def ensure_database(url: str) -> None:
    name = url.rsplit("/", 1)[-1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def sessions_and_urls(env) -> tuple[dict, dict]:
    """Signed-in sessions (20 per role) and the URLs to measure, from the scale data."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse
    from django_scopes import scopes_disabled

    from clinics.models import Membership
    from consultations.models import FacilitatorProfile, SessionType
    from innovations.models import Innovation

    def cookies(memberships):
        keys = []
        for n in range(CONNECTIONS):
            user = memberships[n % len(memberships)].user
            store = SessionStore()
            store[SESSION_KEY] = str(user.pk)
            store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
            store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            store.create()
            keys.append(f"{settings.SESSION_COOKIE_NAME}={store.session_key}")
        return "|".join(keys)

    with scopes_disabled():
        members = list(
            Membership.objects.filter(agency__slug="gen-1-2", role__in=["admin", "staff"])
            .select_related("user", "agency")
            .order_by("pk")[:CONNECTIONS]
        )
        admins = [m for m in members if m.role == "admin"]
        coordinators = list(
            Membership.objects.filter(agency__slug="gen-1-1", role="admin").select_related("user")
        )
        agency = members[0].agency
        innovation = Innovation.objects.filter(agency=agency, status="sustained").first()
        coach = FacilitatorProfile.objects.filter(agency=agency).first()
        session_type = SessionType.objects.filter(agency=agency).first()
    slug = agency.slug
    monday = date.today() + timedelta(days=7 - date.today().weekday())
    roles = {"members": cookies(members), "admins": cookies(admins)}
    roles["coordinators"] = cookies(coordinators)
    urls = {
        "floor (base template only)": ("members", reverse("clinics:floor", args=[slug])),
        "clinic home": ("admins", reverse("clinics:home", args=[slug])),
        "innovation list": ("members", reverse("innovations:list", args=[slug])),
        "innovation list, filtered": (
            "members",
            reverse("innovations:list", args=[slug]) + "?status=coaching&maturity=penerapan",
        ),
        "innovation list, text search": (
            "members",
            reverse("innovations:list", args=[slug]) + "?q=stunting+posyandu",
        ),
        "innovation detail": (
            "admins",
            reverse("innovations:detail", args=[slug, innovation.pk]),
        ),
        "catalogue search": ("members", reverse("catalogue:catalogue") + "?q=akta+kelahiran"),
        "free slots, a facilitator's week": (
            "members",
            reverse("consultations:book", args=[slug])
            + f"?session_type={session_type.pk}&facilitator={coach.pk}&week={monday}",
        ),
        "regional dossier table": (
            "coordinators",
            reverse("competitions:region", args=["gen-1-1"]),
        ),
    }
    export = (roles["admins"].split("|")[0], reverse("innovations:export", args=[slug]))
    return roles, urls, export, booking_posts(agency, session_type)


BOOKING_POSTS = 3000  # more distinct free slots than a run can book


def booking_posts(agency, session_type) -> str:
    """Distinct free slots of the agency's facilitators, as the booking form posts them.
    The bench's session type allows a full working day (the generated ones keep the
    portal's defaults: 4 a day, 12 a week) so that the run does not run out of slots."""
    from django.urls import reverse
    from django_scopes import scopes_disabled

    from consultations import selectors
    from consultations.models import FacilitatorProfile, SessionType

    with scopes_disabled():
        SessionType.objects.filter(pk=session_type.pk).update(
            max_per_day=8, max_per_week=40, max_days_ahead=400, min_notice_hours=1
        )
        session_type.refresh_from_db()
        span = session_type.duration_minutes + session_type.buffer_minutes
        posts = []
        start = date.today() + timedelta(days=1)
        for profile in FacilitatorProfile.objects.filter(agency=agency).select_related("agency"):
            days = [start + timedelta(days=d) for d in range(380)]
            path = reverse("consultations:book", args=[agency.slug]) + (
                f"?session_type={session_type.pk}&facilitator={profile.pk}"
            )
            free_until = None  # keep slots apart by a session and its buffer
            for begins in selectors.free_slots(profile, session_type, days):
                if free_until and begins < free_until:
                    continue
                free_until = begins + timedelta(minutes=span)
                body = urllib.parse.urlencode({"starts_at": begins.isoformat(), "need": "x"})
                posts.append(f"{path};{body}")
    random.Random(5).shuffle(posts)
    path = OUT / "booking-posts.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(posts[:BOOKING_POSTS]) + "\n")
    return str(path)


def wait_for_server():
    """Until gunicorn answers (/healthz says 503 while no worker has said it is alive:
    an answer all the same)."""
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{BASE}/healthz", timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not start")


def wrk(script: str, url: str, **env) -> dict:
    """Run wrk with one of bench/'s scripts; its done() prints one JSON line."""
    result = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{SECONDS}s",
            "--timeout",
            "10s",
            "-s",
            str(ROOT / "bench" / script),
            BASE + url,
        ],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("{"))
    data = json.loads(line)
    data["rps"] = data["requests"] / data["seconds"]
    return data


def measure(url: str, cookies: str) -> dict:
    return wrk("wrk.lua", url, BENCH_COOKIES=cookies)


def measure_booking(posts: str, cookies: str) -> dict:
    """Each request books a different slot; a refused booking counts as an error."""
    csrf = secrets.token_hex(16)  # a 32-character token: Django accepts it unmasked
    return wrk(
        "wrk_book.lua",
        "/",
        BENCH_COOKIES=cookies,
        BENCH_POSTS=posts,
        BENCH_CSRF=csrf,
        BENCH_THREADS="2",
    )


def _wait_for_worker(queue: str) -> None:
    """Until /healthz reports a worker on ``queue`` that said it was alive since now (not
    one of an earlier run)."""
    started = time.perf_counter()
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{BASE}/healthz", timeout=5) as response:
                health = json.load(response)
        except urllib.error.HTTPError as error:
            health = json.load(error)
        seconds = health["queues"][queue]["worker_seconds"]
        if seconds is not None and seconds < time.perf_counter() - started:
            return
        time.sleep(0.2)
    sys.exit(f"No worker on the {queue} queue said it was alive.")


def time_export(env, cookie: str, url: str) -> tuple[float, float, int]:
    """Ask for the export as the list's XLSX button does (htmx), with a worker of the
    exports queue running; return the request's time, the time until the file is ready
    and its size."""
    csrf = secrets.token_hex(16)  # a 32-character token: Django accepts it unmasked
    headers = {"Cookie": f"{cookie}; csrftoken={csrf}", "HX-Request": "true"}
    worker = subprocess.Popen(
        [str(Path(sys.executable).parent / "celery"), "-A", "klikbaik", "worker", "-Q", "exports"]
        + ["--concurrency", "1", "--loglevel", "WARNING"],
        cwd=ROOT,
        env=env,
    )
    try:
        _wait_for_worker("exports")
        body = urllib.parse.urlencode({"action": "render", "format": "xlsx"}).encode()
        request = urllib.request.Request(
            BASE + url, data=body, headers={**headers, "X-CSRFToken": csrf}
        )
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
        asked = time.perf_counter() - started
        while time.perf_counter() - started < 600:
            poll = urllib.request.Request(BASE + url, headers=headers)
            with urllib.request.urlopen(poll, timeout=30) as response:
                partial = response.read().decode()
            if 'data-status="ready"' in partial or 'data-status="failed"' in partial:
                break
            time.sleep(0.2)
        ready = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait()
    link = re.search(r'href="([^"]+)" data-testid="export-download"', partial)
    if link is None:
        sys.exit(f"The export did not finish: {partial}")
    download = urllib.request.Request(BASE + link[1], headers=headers)
    with urllib.request.urlopen(download, timeout=120) as response:
        size = len(response.read())
    return asked, ready, size


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk (make bench does this itself).")
    env = environment()
    ensure_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "generate_scale", "--size", os.environ.get("BENCH_SIZE", "province"))
    manage(env, "collectstatic", "--noinput", "-v0")
    roles, urls, export, posts = sessions_and_urls(env)
    cores = os.cpu_count() or 1
    workers = 2 * cores + 1
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "klikbaik.wsgi",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for_server()
        rows = []
        warm_role, warm_url = next(iter(urls.values()))
        measure(warm_url, roles[warm_role])  # warm every worker (imports, connections)
        for page, (role, url) in urls.items():
            result = measure(url, roles[role])
            rows.append({"page": page, **result})
            print(f"  {page}: {result['rps']:.0f} req/s, p95 {result['p95']:.1f} ms", flush=True)
        booking = measure_booking(posts, roles["members"])
        rows.append({"page": "booking a slot (POST)", **booking})
        print(f"  booking: {booking['rps']:.0f} req/s, p95 {booking['p95']:.1f} ms", flush=True)
        asked, ready, size = time_export(env, *export)
    finally:
        server.terminate()
        server.wait()
    floor = rows[0]["p95"]
    for row in rows:
        row["ratio"] = row["p95"] / floor if floor else float("nan")
    portfolios = subprocess.run(
        [sys.executable, "manage.py", "bench_portfolios"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    write(rows, asked, ready, size, workers, cores, portfolios)


def write(rows, asked, ready, size, workers, cores, portfolios):
    OUT.mkdir(parents=True, exist_ok=True)
    header = "| page | requests/s | p50 ms | p95 ms | p99 ms | errors | p95 ÷ floor p95 |"
    lines = [header, "|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(
            f"| {r['page']} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | "
            f"{r['p99']:.1f} | {r['errors']} | {r['ratio']:.2f}× |"
        )
    machine = (
        f"{cores} cores, gunicorn {workers} workers, {CONNECTIONS} connections, "
        f"{SECONDS} s per page"
    )
    lines += [
        "",
        f"XLSX export of 2,000 innovations (a job): the request took {asked:.2f} s, the file "
        f"was ready after {ready:.2f} s ({size / 1024:.0f} KiB).",
        "",
        "Portfolio rendering, as a worker runs it (each job in its own process):",
        "",
        portfolios,
        "",
        f"Measured {date.today()} on {machine}.",
    ]
    text = "\n".join(lines)
    (OUT / "latest.md").write_text(text + "\n")
    with (OUT / "latest.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["page", "rps", "p50_ms", "p95_ms", "p99_ms", "errors", "ratio"])
        for r in rows:
            writer.writerow(
                [
                    r["page"],
                    f"{r['rps']:.1f}",
                    r["p50"],
                    r["p95"],
                    r["p99"],
                    r["errors"],
                    f"{r['ratio']:.2f}",
                ]
            )
    print(text)


if __name__ == "__main__":
    main()
