"""``make drill``: break the production stack on purpose and say what survived.

It starts, on this machine, what docker-compose.yml runs: gunicorn, a Celery worker per
queue (``default,mail``, ``pdf``, ``exports``), beat, a Redis and moto's S3-compatible
server on free ports of their own, and PostgreSQL with a database of its own
(``klikbaik_drill``, made afresh; ``DRILL_DATABASE_URL`` names another). Files go to S3.
Then, one after the other:

1. the pdf worker is killed (SIGKILL, the whole process group) in the middle of a render;
2. Redis is stopped while a person asks for a render and sends an invitation, and
   started again (empty, as a crashed Redis comes back) 20 s later;
3. a second beat is started, both beats fire the reminders at the same moment, and the
   first beat is killed;
4. the media disk fills up (web and the pdf worker are restarted on the local disk, a
   2 MiB tmpfs, as a one-server install runs; needs root).

Each fault prints one line: what the user saw, whether the work completed, duplicates
sent, rows or files lost; the last line says "nothing lost, nothing doubled" when that is
true for every fault (and the exit status is 0). The heartbeat timeout is shortened to
20 s and workers beat every 2 s so that the drill takes minutes; everything else runs
with the production settings (DEBUG off, the sweeper every 30 s). Logs: var/drill/logs/.
Not part of ``make test``.
"""

import html
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drill.faults import (  # noqa: E402 - after the project is on the path
    fill,
    free_port,
    mount_tmpfs,
    unmount,
    wait_for_port,
    wait_until,
)

VAR = ROOT / "var" / "drill"
LOGS = VAR / "logs"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/klikbaik_drill"
CSRF = secrets.token_hex(16)  # 32 characters: Django accepts an unmasked token
SETTINGS = {
    "JOB_HEARTBEAT_SECONDS": "2",
    "JOB_HEARTBEAT_TIMEOUT_SECONDS": "20",
    "JOB_RETRY_BACKOFF_SECONDS": "5",
    "WORKER_BEAT_SECONDS": "2",
    "BEAT_LOCK_SECONDS": "15",
}


class Process:
    """A process of the stack in its own process group, its output in a log file."""

    def __init__(self, name: str, argv: list[str], env: dict):
        self.name, self.argv, self.env = name, argv, env
        self.log = LOGS / f"{name}.log"
        self.start()

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603
            self.argv,
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def said(self, text: str) -> bool:
        return text in self.log.read_text(errors="replace")


def celery(*args) -> list[str]:
    return [sys.executable, "-m", "celery", "-A", "klikbaik", *args]


def worker(name: str, queues: str, env: dict) -> Process:
    return Process(
        name,
        celery("worker", "-Q", queues, "-n", f"{name}@drill", "--concurrency", "1", "-l", "info"),
        env,
    )


def beat(name: str, env: dict) -> Process:
    return Process(name, celery("beat", "-l", "info", "-s", str(VAR / f"{name}-schedule")), env)


def gunicorn(name: str, port: int, env: dict) -> Process:
    server = Process(
        name,
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "klikbaik.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env,
    )
    wait_for_port(port)
    return server


# --- The drill's own servers and database -------------------------------------------------


def fresh_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[-1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


class Redis:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = Process(
            "redis",
            ["redis-server", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            dict(os.environ),
        )
        wait_for_port(self.port)

    def stop(self):
        self.process.kill()


def environment(redis: Redis, s3_port: int, bucket: str, database: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("S3_", "JOB_", "CELERY_")) and key not in {"MEDIA_ROOT"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="klikbaik.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        VAR_DIR=str(VAR),
        STATIC_ROOT=str(VAR / "static"),
        DATABASE_URL=database,
        REDIS_URL=redis.url,
        S3_BUCKET=bucket,
        S3_ENDPOINT_URL=f"http://127.0.0.1:{s3_port}",
        S3_REGION="us-east-1",
        S3_ACCESS_KEY_ID="drill",
        S3_SECRET_ACCESS_KEY="drill",
        **SETTINGS,
    )
    env.pop("EMAIL_HOST", None)  # e-mail is printed by the workers: the drill counts it
    return env


# --- A person in a browser -------------------------------------------------------------


class Person:
    """Signed in with a session cookie (sessions live in PostgreSQL), as the browser is."""

    def __init__(self, base: str, user):
        from django.conf import settings
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
        from django.contrib.sessions.backends.db import SessionStore

        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        self.base = base
        self.cookie = f"{settings.SESSION_COOKIE_NAME}={store.session_key}; csrftoken={CSRF}"

    def request(self, path, data=None, *, htmx=False, files=None):
        headers = {"Cookie": self.cookie, "Accept-Language": "en"}
        body = None
        if data is not None or files:
            headers["X-CSRFToken"] = CSRF
            if files:
                boundary = uuid.uuid4().hex
                body = multipart(boundary, data or {}, files)
                headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
            else:
                body = urllib.parse.urlencode(data, doseq=True).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
        if htmx:
            headers["HX-Request"] = "true"
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=60) as response:
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def multipart(boundary: str, fields: dict, files: dict) -> bytes:
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    out = "".join(parts).encode()
    for name, (filename, content) in files.items():
        out += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        ).encode()
        out += content + b"\r\n"
    return out + f"--{boundary}--\r\n".encode()


def shown(page: str) -> str:
    """The words a person reads in the job partial (its first paragraph)."""
    match = re.search(r"<p[^>]*>(.*?)</p>", page, re.S)
    paragraph = match.group(1) if match else page
    paragraph = re.sub(r'<span class="badge[^"]*">(.*?)</span>', r"\1 ·", paragraph, count=1)
    text = re.sub(r"<[^>]+>", " ", paragraph)
    return " ".join(html.unescape(text).split()).rstrip(" ·")


def seen(history: list[str], text: str) -> None:
    """Note what the page says when it changes (the elapsed clock aside)."""
    text = re.sub(r"\s\d+:\d\d(:\d\d)?$", "", text)
    if not history or history[-1] != text:
        history.append(text)


# --- What the drill counts -------------------------------------------------------------


def _logged_text(line: str) -> str:
    """A log line's message: JSON lines (the portal's default) or plain text."""
    try:
        return json.loads(line)["message"]
    except (ValueError, KeyError, TypeError):
        return line


def emails(*processes: Process) -> list[tuple[str, str]]:
    """(subject, recipients) of every e-mail the workers printed (console backend)."""
    sent = []
    for process in processes:
        lines = process.log.read_text(errors="replace").splitlines()
        text = "\n".join(_logged_text(line) for line in lines)
        for block in text.split("MIME-Version: ")[1:]:
            subject = re.search(r"^(?:.*\] )?Subject: (.*)$", block, re.M)
            to = re.search(r"^(?:.*\] )?To: (.*)$", block, re.M)
            if subject and to:
                sent.append((subject.group(1).strip(), to.group(1).strip()))
    return sent


def lost_rows_and_files(check_files: bool = True) -> tuple[int, int]:
    """Jobs or outbox messages not finished; ready jobs whose file is gone from the store."""
    from django_scopes import scopes_disabled

    from jobs.models import Job, Message

    with scopes_disabled():
        rows = Job.objects.exclude(status__in=["ready", "failed", "cancelled"]).count()
        rows += Message.objects.filter(done_at__isnull=True).count()
        files = check_files and sum(
            not job.file.storage.exists(job.file.name)
            for job in Job.objects.filter(status="ready").exclude(file="")
        )
    return rows, files


class Drill:
    def __init__(self):
        self.lines: list[str] = []
        self.clean = True

    def report(self, fault: str, ok: bool, line: str) -> None:
        self.clean &= ok
        text = f"{fault}: {line}"
        self.lines.append(text)
        print(text, flush=True)


def main():  # noqa: C901 - one story, told in order
    if not shutil.which("redis-server"):
        sys.exit("redis-server is missing (apt-get install redis-server).")
    if VAR.exists():
        shutil.rmtree(VAR)
    LOGS.mkdir(parents=True)
    database = os.environ.get("DRILL_DATABASE_URL", DEFAULT_DB)
    fresh_database(database)
    redis = Redis()
    redis.start()
    s3_port = free_port()
    moto = Process(
        "moto",
        [str(Path(sys.executable).parent / "moto_server"), "-p", str(s3_port)],
        dict(os.environ),
    )
    wait_for_port(s3_port)
    bucket = "klikbaik-drill"
    env = environment(redis, s3_port, bucket, database)
    os.environ.update(env)
    import boto3

    boto3.client(
        "s3",
        endpoint_url=env["S3_ENDPOINT_URL"],
        region_name="us-east-1",
        aws_access_key_id="drill",
        aws_secret_access_key="drill",
    ).create_bucket(Bucket=bucket)
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["load_demo", "--force"],  # DEBUG is off, as in production; sessions sign people in
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=(LOGS / "setup.log").open("ab"),
        )
    import django

    django.setup()
    from django.urls import reverse
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from clinics.models import Membership
    from competitions.models import Dossier, DossierSection, Stage
    from jobs.models import Job

    port = free_port()
    stack = {
        "web": gunicorn("web", port, env),
        "worker": worker("worker", "default,mail", env),
        "worker-pdf": worker("worker-pdf", "pdf", env),
        "worker-exports": worker("worker-exports", "exports", env),
        "beat": beat("beat", env),
    }
    extra: list[Process] = []
    drill = Drill()
    base = f"http://127.0.0.1:{port}"
    try:
        with scopes_disabled():
            dossier = (
                Dossier.objects.filter(innovation__isnull=False)
                .select_related("agency", "innovation")
                .order_by("pk")
                .first()
            )
            admin = (
                Membership.objects.filter(agency=dossier.agency, role="admin", is_active=True)
                .select_related("user")
                .first()
                .user
            )
            long_text = " ".join(
                f"Kalimat ke-{n} tentang pelayanan publik yang lebih baik." for n in range(1200)
            )
            DossierSection.objects.filter(dossier=dossier).update(text=long_text)
            Dossier.objects.filter(pk=dossier.pk).update(status="draft")  # reminded
        person = Person(base, admin)
        agency = dossier.agency.slug
        portfolio = reverse("competitions:portfolio", args=[agency, dossier.pk])
        wait_until(lambda: person.request("/healthz")[0] == 200, 60, "a healthy stack")
        print(
            f"KLIK Baik fault drill, {timezone.localdate()}: gunicorn, workers default+mail / "
            f"pdf / exports, beat, Redis :{redis.port}, S3 (moto) :{s3_port}, PostgreSQL "
            f"{database.rsplit('/', 1)[-1]}; heartbeat timeout 20 s, sweeper every 30 s",
            flush=True,
        )

        def job_of():
            with scopes_disabled():
                jobs = Job.objects.filter(subject=f"dossier:{dossier.pk}")
                return jobs.order_by("-pk").first()

        def watch_until_finished(history, seconds):
            def finished():
                code, page = person.request(portfolio, htmx=True)
                seen(history, f"{code} {shown(page)}")
                job = job_of()
                return job if job.status in {"ready", "failed"} else None

            job = wait_until(finished, seconds, "the job to finish")
            code, page = person.request(portfolio, htmx=True)  # what the page says now
            seen(history, f"{code} {shown(page)}")
            return job

        # 1. The pdf worker is killed in the middle of a render. ----------------------------
        history: list[str] = []
        code, page = person.request(portfolio, {"action": "render"}, htmx=True)
        seen(history, f"{code} {shown(page)}")
        job = wait_until(
            lambda: (j := job_of()) and j.status == "running" and j, 120, "the render to start"
        )
        code, page = person.request(portfolio, htmx=True)
        seen(history, f"{code} {shown(page)}")
        stack["worker-pdf"].kill()
        killed_at = time.monotonic()
        stack["worker-pdf"].start()  # its supervisor (compose) restarts it
        job = watch_until_finished(history, 300)
        took = time.monotonic() - killed_at
        files = len(job.file.storage.listdir(job.file.name.rsplit("/", 1)[0])[1])
        rows, missing = lost_rows_and_files()
        ok = job.status == "ready" and job.requeues == 1 and files == 1 and not (rows or missing)
        codes = {entry.split(" ", 1)[0] for entry in history}
        drill.report(
            "pdf worker killed mid-render",
            ok,
            f"the user saw {' → '.join(repr(h.split(' ', 1)[1]) for h in history)} "
            f"(HTTP {', '.join(sorted(codes))}); completed: "
            f"{'yes' if job.status == 'ready' else 'NO'}, {took:.0f} s after the kill, "
            f"{job.requeues} re-queue; duplicates: {files - 1} ({files} PDF in the store); "
            f"rows lost: {rows}, files lost: {missing}",
        )

        # 2. Redis stops during a request and comes back empty 20 s later. -------------------
        mails_before = emails(stack["worker"])
        redis.stop()
        history = []
        started = time.monotonic()
        code, page = person.request(portfolio, {"action": "render"}, htmx=True)
        asked = time.monotonic() - started
        seen(history, f"{code} {shown(page)}")
        invite_code, _page = person.request(
            reverse("clinics:member_invite", args=[agency]),
            {"email": "drill.baru@example.test", "role": "staff"},
        )
        time.sleep(20)
        redis.start()
        back = timezone.now()
        job = watch_until_finished(history, 240)
        started_after = (job.started_at - back).total_seconds()
        wait_until(lambda: len(emails(stack["worker"])) > len(mails_before), 120, "the invitation")
        time.sleep(5)
        invitations = [m for m in emails(stack["worker"]) if "drill.baru@example.test" in m[1]]
        rows, missing = lost_rows_and_files()
        ok = (
            code == 200
            and invite_code == 302
            and "starts when the worker is back" in history[0]
            and job.status == "ready"
            and started_after < 60
            and len(invitations) == 1
            and not (rows or missing)
        )
        drill.report(
            "Redis stopped during a request, back (empty) after 20 s",
            ok,
            f"the user saw HTTP {code} in {asked:.1f} s, {history[0].split(' ', 1)[1]!r}, the "
            f"invitation HTTP {invite_code} (no 500); completed: "
            f"{'yes' if job.status == 'ready' else 'NO'}, the job started {started_after:.0f} s "
            f"after Redis returned; the invitation e-mailed {len(invitations)} time(s); "
            f"duplicates: {max(len(invitations) - 1, 0)}; rows lost: {rows}, files lost: {missing}",
        )

        # 3. A second beat; both fire the reminders at the same moment. ----------------------
        second = beat("beat-2", env)
        extra.append(second)
        waited = wait_until(
            lambda: second.said("Another beat holds the beat lock"), 60, "the second beat"
        )
        with scopes_disabled():
            Stage.objects.filter(competition=dossier.category.competition_id).update(
                ends_on=timezone.localdate() + timedelta(days=7)
            )
        from klikbaik.celery import app

        before = len(emails(stack["worker"]))
        for task in (
            "competitions.tasks.remind_deadlines_everywhere",
            "innovations.tasks.remind_checkins_everywhere",
            "consultations.tasks.send_reminders",
        ):
            for _beat in range(2):  # as each beat would send it
                app.send_task(task, queue="default")
        time.sleep(20)
        reminders = emails(stack["worker"])[before:]
        doubled = len(reminders) - len(set(reminders))
        stack["beat"].kill()
        gone = time.monotonic()
        took_over = wait_until(
            lambda: second.said("Beat lock acquired"), 120, "the second beat to take over"
        )
        took = time.monotonic() - gone
        rows, missing = lost_rows_and_files()
        ok = bool(waited and took_over) and doubled == 0 and bool(reminders) and not rows
        drill.report(
            "a second beat started",
            ok,
            f"it waited for the lock while the first ran and took over {took:.0f} s after the "
            f"first was killed; reminders fired by both at once: {len(reminders)} e-mails sent, "
            f"each once; duplicates: {doubled}; rows lost: {rows}, files lost: {missing}",
        )

        # 4. The media disk fills up (one server, local disk). ------------------------------
        disk = VAR / "disk"
        disk.mkdir()
        refused = mount_tmpfs(disk, "64m")
        if refused:
            drill.report("media disk full", False, f"not run: {refused} (needs root)")
        else:
            try:
                drill_disk(drill, env, disk, stack, extra, dossier, admin, reverse)
            finally:
                unmount(disk)
    finally:
        for process in [*extra, *stack.values(), moto]:
            process.stop()
        if redis.process:
            redis.stop()
    print(
        "nothing lost, nothing doubled"
        if drill.clean
        else "SOMETHING WAS LOST OR DOUBLED: see the lines above and var/drill/logs/"
    )
    sys.exit(0 if drill.clean else 1)


def _all_keys(storage, folder=""):
    dirs, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for name in dirs:
        yield from _all_keys(storage, f"{folder}/{name}" if folder else name)


def drill_disk(drill, env, disk, stack, extra, dossier, admin, reverse):
    """Web and the pdf worker on a small local disk holding the store's files, filled but
    for 32 KiB."""
    from django.core.files.storage import default_storage
    from django_scopes import scopes_disabled

    from competitions.models import DossierSection
    from innovations.models import Evidence
    from jobs.models import Job

    media = disk / "media"
    media.mkdir()
    for key in _all_keys(default_storage):
        target = media / key
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(key, "rb") as source:
            target.write_bytes(source.read())
    with scopes_disabled():  # a change, so that the portfolio is rendered anew (and large)
        section = DossierSection.objects.filter(dossier=dossier).first()
        section.text += " Perubahan terakhir."
        section.save(update_fields=["text"])
    local = {k: v for k, v in env.items() if not k.startswith("S3_")}
    local["MEDIA_ROOT"] = str(media)
    stack["worker-pdf"].stop()
    port = free_port()
    web = gunicorn("web-local-disk", port, local)
    pdf = worker("worker-pdf-local-disk", "pdf", local)
    extra += [web, pdf]
    filler = fill(disk, 32 * 1024)
    before = {p for p in disk.rglob("*") if p.is_file()}
    person = Person(f"http://127.0.0.1:{port}", admin)
    agency = dossier.agency.slug
    with scopes_disabled():
        evidence_before = Evidence.objects.count()
    pdf_file = b"%PDF-1.4\n1 0 obj<<>>endobj\n%" + os.urandom(200 * 1024) + b"\n%%EOF\n"
    code, page = person.request(
        reverse("innovations:evidence_add", args=[agency, dossier.innovation_id]),
        {"title": "SK drill", "kind": "regulation", "dated": "2025-03-01"},
        files={"upload": ("sk.pdf", pdf_file)},
    )
    message = shown(page[page.find('role="alert"') - 40 :]) if 'role="alert"' in page else ""
    with scopes_disabled():
        evidence_after = Evidence.objects.count()
    leftovers = [p for p in disk.rglob("*") if p.is_file() and p not in before]

    portfolio = reverse("competitions:portfolio", args=[agency, dossier.pk])
    person.request(portfolio, {"action": "render"}, htmx=True)

    def job():
        with scopes_disabled():
            return Job.objects.filter(subject=f"dossier:{dossier.pk}").order_by("-pk").first()

    failed = wait_until(lambda: job().status in {"ready", "failed"} and job(), 240, "the render")
    reason = shown(person.request(portfolio, htmx=True)[1])
    partial = [p for p in disk.rglob("*") if p.is_file() and p not in before]
    filler.unlink()
    person.request(portfolio, {"action": "retry"}, htmx=True)
    retried = wait_until(lambda: job().status in {"ready", "failed"} and job(), 240, "the retry")
    rows = lost_rows_and_files(check_files=False)[0]
    missing = int(not (media / retried.file.name).is_file())
    ok = (
        not rows
        and not missing
        and code == 503
        and "storage is full" in message
        and evidence_after == evidence_before
        and not leftovers
        and failed.status == "failed"
        and not partial
        and retried.status == "ready"
    )
    drill.report(
        "media disk full",
        ok,
        f"the upload answered HTTP {code} {message!r}; evidence rows added: "
        f"{evidence_after - evidence_before}, partial files: {len(leftovers)}; the portfolio "
        f"job {failed.status} with {reason!r}, partial files: {len(partial)}; after space was "
        f"freed the retry completed: {'yes' if retried.status == 'ready' else 'NO'}; "
        f"duplicates: 0; rows lost: {rows}, files lost: {missing}",
    )


if __name__ == "__main__":
    main()
