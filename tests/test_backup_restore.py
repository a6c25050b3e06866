"""The backup and restore of docs/deployment.md, run for real: pg_dump's custom format
restored by pg_restore into an empty database holds the same rows and migrations."""

import shutil
import subprocess

import pytest
from django.db import connection

from clinics.models import ActivityLog


def _tool(name):
    path = shutil.which(name)
    if connection.vendor != "postgresql" or path is None:
        pytest.skip(f"needs PostgreSQL and {name}, which CI has")
    return path


def _run(*args, **kwargs):
    return subprocess.run(args, check=True, capture_output=True, timeout=120, **kwargs)


def _count(options, database, sql):
    out = _run(_tool("psql"), *options, "-d", database, "-tAc", sql, text=True).stdout
    return out.strip()


def test_a_dump_restores_into_an_empty_database(transactional_db, tmp_path, agency_a, admin_a):
    ActivityLog.objects.create(agency=agency_a, actor=admin_a, action="clinics.member.invited")
    db = connection.settings_dict
    options = ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"]]
    dump = tmp_path / "klikbaik.dump"
    with dump.open("wb") as out:
        subprocess.run(
            [_tool("pg_dump"), *options, "-Fc", db["NAME"]], stdout=out, check=True, timeout=120
        )
    scratch = f"{db['NAME']}_restore"
    _run(_tool("dropdb"), *options, "--if-exists", scratch)
    _run(_tool("createdb"), *options, scratch)
    try:
        _run(
            _tool("pg_restore"), *options, "-d", scratch, "--no-owner", "--exit-on-error", str(dump)
        )
        for sql in (
            "SELECT count(*) FROM clinics_activitylog",
            "SELECT count(*) FROM clinics_user",
            "SELECT count(*) FROM django_migrations",
        ):
            assert _count(options, scratch, sql) == _count(options, db["NAME"], sql)
        assert _count(options, scratch, "SELECT action FROM clinics_activitylog") == (
            "clinics.member.invited"
        )
    finally:
        _run(_tool("dropdb"), *options, "--if-exists", scratch)
