"""Bahasa Indonesia is the default; every user-facing string is in the catalogue."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "id" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def test_every_string_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(PO))
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


def test_the_compiled_catalogue_matches_the_source():
    """The .mo is committed (no gettext needed to run the portal); it must be current."""
    po = {
        (e.msgctxt, e.msgid): (e.msgstr or e.msgstr_plural.get(0))
        for e in polib.pofile(str(PO)).translated_entries()
    }
    mo = {(e.msgctxt, e.msgid): (e.msgstr or e.msgstr_plural.get(0)) for e in polib.mofile(str(MO))}
    assert po == mo, "Run `make messages` to recompile locale/id/LC_MESSAGES/django.mo."


def test_no_string_in_the_code_is_missing_from_the_catalogue(tmp_path):
    if not shutil.which("xgettext"):
        if os.environ.get("REQUIRE_GETTEXT"):
            pytest.fail("REQUIRE_GETTEXT is set but GNU gettext (xgettext) is not installed.")
        pytest.skip(
            "GNU gettext is not installed: cannot extract strings (apt-get install gettext)"
        )
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", "var", ".git", "staticfiles", "node_modules", "__pycache__", "tests"
        ),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "id", "--no-obsolete"],
        cwd=copy,
        env={
            **os.environ,
            "DEBUG": "true",
            "VAR_DIR": str(tmp_path / "var"),
            "DJANGO_SETTINGS_MODULE": "klikbaik.settings",
        },
        check=True,
        capture_output=True,
        timeout=300,
    )
    extracted = {e.msgid for e in polib.pofile(str(copy / PO.relative_to(ROOT)))}
    committed = {e.msgid for e in polib.pofile(str(PO))}
    assert extracted - committed == set(), "Run `make messages` and translate the new strings."


def test_pages_are_in_indonesian_unless_english_is_asked_for(db):
    indonesian = Client().get(reverse("account_login")).content.decode()
    assert '<html lang="id">' in indonesian and "Masuk" in indonesian
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get(reverse("account_login")).content.decode()
    assert '<html lang="en">' in english and "Sign in" in english


def test_the_language_switch_remembers_the_choice(db):
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get(reverse("account_login")).content.decode()
