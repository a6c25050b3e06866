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

from tests.clinics.factories import UserFactory

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


def test_a_browser_asking_for_english_still_gets_indonesian(db):
    """Most Chromium installs send en-US; the portal is Indonesian until a person picks
    English in the header."""
    for asked in ("en-US,en;q=0.9", "en"):
        page = Client(HTTP_ACCEPT_LANGUAGE=asked).get(reverse("account_login"))
        assert '<html lang="id">' in page.content.decode() and "Masuk" in page.content.decode()
        assert page["Content-Language"] == "id"


def test_a_signed_in_person_who_has_not_chosen_gets_indonesian(db):
    person = UserFactory(language="")
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    client.force_login(person)
    assert '<html lang="id">' in client.get(reverse("my_sessions")).content.decode()


def test_the_switch_keeps_english_on_the_profile_and_it_follows_the_person(db):
    person = UserFactory(language="")
    client = Client()
    client.force_login(person)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/sessions/"})
    assert response.status_code == 302 and response["Location"] == "/sessions/"
    person.refresh_from_db()
    assert person.language == "en"
    # Another device: no cookie, an Indonesian browser, still English.
    elsewhere = Client(HTTP_ACCEPT_LANGUAGE="id")
    elsewhere.force_login(person)
    assert '<html lang="en">' in elsewhere.get(reverse("my_sessions")).content.decode()
    # And back to Indonesian.
    elsewhere.post(reverse("set_language"), {"language": "id", "next": "/"})
    person.refresh_from_db()
    assert person.language == "id"
    assert '<html lang="id">' in elsewhere.get(reverse("my_sessions")).content.decode()


def test_before_signing_in_the_switch_remembers_the_choice_in_a_cookie(db):
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get(reverse("account_login")).content.decode()


def test_an_unknown_language_changes_nothing(db):
    person = UserFactory(language="")
    client = Client()
    client.force_login(person)
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    person.refresh_from_db()
    assert person.language == ""
    assert '<html lang="id">' in client.get(reverse("my_sessions")).content.decode()
