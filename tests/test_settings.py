"""Settings come from the environment; production values pass ``check --deploy``."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from klikbaik.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, **env):
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
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


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
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    web = subprocess.run(
        [sys.executable, "-c", "import klikbaik.wsgi"],
        cwd=ROOT,
        env={**clean, "VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert web.returncode != 0
    assert "SECRET_KEY is not set" in web.stderr


def test_debug_runs_with_no_configuration_at_all(tmp_path):
    result = _manage("check", DEBUG="true", VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr


DEMO_PAGES = """
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client
import klikbaik.wsgi  # refuses to start when the settings are not fit to serve

call_command("migrate", verbosity=0)
client = Client(HTTP_HOST="127.0.0.1")
missing = client.get("/no/such/page/")
print("debug", settings.DEBUG)
print("404", missing.status_code, "tidak kami temukan" in missing.content.decode(),
      "Traceback" in missing.content.decode(), "portal.css" in missing.content.decode())
print("static", client.get("/static/css/portal.css").status_code,
      client.get("/static/django_htmx/htmx-2.min.js").status_code)
print("login", client.get("/accounts/login/").status_code)
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


def test_migrations_are_in_step_with_the_models(db):
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
