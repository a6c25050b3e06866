"""The jobs kept by competitions until now move to the jobs app with their files: a
portfolio keeps its dossier, a brief its season, an unfinished job is queued again (the
sweeper sends it) and a failed one shows a readable reason, the raw error kept for
operators."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("competitions", "0005_index_brief_jobs"), ("jobs", "0001_initial")]
AFTER = [("competitions", "0007_drop_job")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def test_old_jobs_move_to_the_jobs_app(transactional_db):
    old = _migrate(BEFORE)
    Region = old.get_model("clinics", "Region")
    Agency = old.get_model("clinics", "Agency")
    region = Region.objects.create(name="Kabupaten Bantaeng", slug="bantaeng", kind="kabupaten")
    agency = Agency.objects.create(
        region=region, name="Dinas Kesehatan", slug="dinkes", clinic_name="KLIK Baik"
    )
    Competition = old.get_model("competitions", "Competition")
    competition = Competition.objects.create(
        agency=agency, name="KIPP", kind="kipp", year=2023, organiser="KemenPAN-RB"
    )
    category = old.get_model("competitions", "Category").objects.create(
        agency=agency, competition=competition, name="Umum"
    )
    dossier = old.get_model("competitions", "Dossier").objects.create(
        agency=agency, category=category, title="Bendera SASKIA"
    )
    OldJob = old.get_model("competitions", "Job")
    first = OldJob.objects.create(
        agency=agency,
        kind="portfolio",
        status="ready",
        progress=100,
        dossier=dossier,
        fingerprint="f" * 64,
        file="agencies/1/jobs/portfolio/saskia.pdf",
    )
    OldJob.objects.create(
        agency=agency,
        kind="index_brief",
        status="failed",
        params={"assessment": 7},
        error="RuntimeError: font cache is corrupt",
    )
    OldJob.objects.create(
        agency=agency, kind="region_zip", status="running", params={"dossiers": [dossier.pk]}
    )

    new = _migrate(AFTER)
    jobs = {job.kind: job for job in new.get_model("jobs", "Job").objects.all()}
    portfolio, brief, export = jobs["portfolio"], jobs["index_brief"], jobs["region_zip"]
    assert (portfolio.status, portfolio.subject, portfolio.params) == (
        "ready",
        f"dossier:{dossier.pk}",
        {"dossier": dossier.pk},
    )
    assert portfolio.file.name == "agencies/1/jobs/portfolio/saskia.pdf"
    assert portfolio.fingerprint == "f" * 64
    assert (brief.status, brief.subject) == ("failed", "assessment:7")
    assert brief.reason.startswith("Something went wrong") and "font cache" in brief.detail
    assert (export.status, export.dispatched_at) == ("queued", None)  # the sweeper sends it
    assert portfolio.pk == first.pk  # a message still in the broker names it
    later = new.get_model("jobs", "Job").objects.create(agency_id=agency.pk, kind="portfolio")
    assert later.pk > export.pk  # the sequence follows the copied ids
    assert "competitions_job" not in connection.introspection.table_names()
