"""Settings come from the environment; production values pass ``check --deploy``."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from klikbaik.env import env_bool, env_int, env_list, env_origin

ROOT = Path(__file__).resolve().parent.parent


def _python(*args, **env):
    """Python in a fresh process, with none of the test run's settings but ``env``."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "DEMO",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DATABASE_URL",
            "REDIS_URL",
            "CSRF_TRUSTED_ORIGINS",
            "PORTAL_BASE_URL",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _manage(*args, **env):
    return _python("manage.py", *args, **env)


def test_production_values_pass_check_deploy(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="p" + "k3y-Zq9!x" * 8,
        ALLOWED_HOSTS="klikbaik.example.go.id",
        VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_a_secret_key_nothing_serves_and_check_deploy_fails(tmp_path):
    # Management commands still run (makemigrations, shell) ...
    assert _manage("makemigrations", "--check", "--dry-run", VAR_DIR=str(tmp_path)).returncode == 0
    # ... but the deploy check fails, and the web application refuses to start.
    result = _manage("check", "--deploy", VAR_DIR=str(tmp_path), ALLOWED_HOSTS="x.example")
    assert result.returncode != 0
    assert "klikbaik.E001" in result.stderr + result.stdout
    web = _python("-c", "import klikbaik.wsgi", VAR_DIR=str(tmp_path))
    assert web.returncode != 0
    assert "SECRET_KEY is not set" in web.stderr


def test_debug_runs_with_no_configuration_at_all(tmp_path):
    result = _manage("check", DEBUG="true", VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr


DEMO_PAGES = """
import os
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client
import klikbaik.wsgi  # refuses to start when the settings are not fit to serve

call_command("migrate", verbosity=0)
call_command("load_demo", stdout=open(os.devnull, "w"))  # as make run does
client = Client(HTTP_HOST="127.0.0.1")
missing = client.get("/no/such/page/")
print("debug", settings.DEBUG)
print("404", missing.status_code, "tidak kami temukan" in missing.content.decode(),
      "Traceback" in missing.content.decode(), "portal.css" in missing.content.decode())
print("static", client.get("/static/css/portal.css").status_code,
      client.get("/static/django_htmx/htmx-2.min.js").status_code)
print("login", client.get("/accounts/login/").status_code)
print("signed in", client.login(email="staf.sinoa@demo.klikbaik.id", password="klikbaik-demo"))
"""


def test_the_demo_runs_with_debug_off_so_it_shows_the_portals_own_error_pages(tmp_path):
    """`make run` sets DEMO=true: no debug page (a wrong address gets the portal's 404),
    yet no secret key, no collectstatic and no HTTPS are needed on a fresh machine."""
    result = _manage("shell", "-c", DEMO_PAGES, DEMO="true", VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "debug False" in lines
    assert "404 404 True False True" in lines
    assert "static 200 200" in lines
    assert "login 200" in lines
    assert "signed in True" in lines  # the demo loaded, with its published password


def test_the_demo_setting_fails_the_deploy_check(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEMO="true",
        SECRET_KEY="p" + "k3y-Zq9!x" * 8,
        VAR_DIR=str(tmp_path),
    )
    assert result.returncode != 0


def test_a_malformed_boolean_is_an_error(monkeypatch):
    monkeypatch.setenv("X_FLAG", "flase")
    with pytest.raises(ImproperlyConfigured):
        env_bool("X_FLAG")
    monkeypatch.setenv("X_FLAG", "Yes")
    assert env_bool("X_FLAG") is True
    monkeypatch.setenv("X_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured):
        env_int("X_NUMBER", 1)
    monkeypatch.setenv("X_LIST", "a.example, b.example ,")
    assert env_list("X_LIST") == ["a.example", "b.example"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://klikbaik.bantaengkab.go.id/", "https://klikbaik.bantaengkab.go.id"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("", "https://default.example"),
    ],
)
def test_the_portal_address_is_an_origin(monkeypatch, raw, expected):
    monkeypatch.setenv("X_ORIGIN", raw)
    assert env_origin("X_ORIGIN", "https://default.example") == expected


@pytest.mark.parametrize(
    "raw", ["klikbaik.example", "ftp://x.example", "https://x.example/portal", "https://x.e/?a=1"]
)
def test_a_portal_address_with_a_path_or_no_scheme_is_an_error(monkeypatch, raw):
    monkeypatch.setenv("X_ORIGIN", raw)
    with pytest.raises(ImproperlyConfigured):
        env_origin("X_ORIGIN", "https://default.example")


def test_the_portal_address_defaults_to_the_public_origin(tmp_path):
    script = "from django.conf import settings; print(settings.PORTAL_BASE_URL)"
    common = {"SECRET_KEY": "p" + "k3y-Zq9!x" * 8, "VAR_DIR": str(tmp_path)}
    for env, expected in [
        (
            {"CSRF_TRUSTED_ORIGINS": "https://klikbaik.go.id", "ALLOWED_HOSTS": "x"},
            "https://klikbaik.go.id",
        ),
        ({"ALLOWED_HOSTS": ".go.id,portal.go.id"}, "https://portal.go.id"),
        ({"DEBUG": "true"}, "http://127.0.0.1:8000"),
        ({"PORTAL_BASE_URL": "https://set.go.id", "ALLOWED_HOSTS": "x"}, "https://set.go.id"),
    ]:
        result = _manage("shell", "-v", "0", "-c", script, **common, **env)
        assert result.stdout.strip() == expected, result.stderr


def test_migrations_are_in_step_with_the_models(db):
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


PLACEHOLDER = "change-me-to-a-long-random-string-of-at-least-50-characters"


def test_the_example_environments_placeholder_key_is_the_one_refused():
    example = (ROOT / "docs" / "env.example").read_text()
    assert f"SECRET_KEY={PLACEHOLDER}\n" in example


@pytest.mark.parametrize(
    ("key", "check"),
    [
        (PLACEHOLDER, "klikbaik.E002"),
        ("change-me", "klikbaik.E002"),
        ("short-but-random-Zq9!x", "klikbaik.E003"),
        ("ab" * 30, "klikbaik.E003"),  # long, but only two different characters
    ],
)
def test_check_deploy_web_and_worker_refuse_a_placeholder_or_weak_key(tmp_path, key, check):
    result = _manage(
        "check", "--deploy", SECRET_KEY=key, ALLOWED_HOSTS="x.example", VAR_DIR=str(tmp_path)
    )
    assert result.returncode != 0
    assert check in result.stdout + result.stderr
    web = _python("-c", "import klikbaik.wsgi", SECRET_KEY=key, VAR_DIR=str(tmp_path))
    assert web.returncode != 0 and "SECRET_KEY is" in web.stderr
    worker = _python(
        *("-m", "celery", "-A", "klikbaik", "worker", "--pool", "solo"),
        SECRET_KEY=key,
        VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="klikbaik.settings",
    )
    assert worker.returncode != 0 and "SECRET_KEY is" in worker.stdout + worker.stderr
