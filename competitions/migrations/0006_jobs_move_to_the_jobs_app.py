"""Copy every job (portfolios, regional ZIPs and the index briefs kept here until now) to
the jobs app's table, with the file it points at, then competitions.Job is dropped (0007).

A failed job's raw error becomes the operators' detail; the user sees a generic reason. A
job unfinished at the upgrade is queued again: the sweeper sends it to the new workers."""

from django.core.management.color import no_style
from django.db import migrations

GENERIC = (
    "Something went wrong while preparing the file. Try again; if it fails again, the "
    "operators can see what happened."
)


def subject(old):
    if old.kind == "portfolio" and old.dossier_id:
        return f"dossier:{old.dossier_id}"
    if old.kind == "index_brief" and old.params.get("assessment"):
        return f"assessment:{old.params['assessment']}"
    return ""


def forwards(apps, schema_editor):
    Old = apps.get_model("competitions", "Job")
    New = apps.get_model("jobs", "Job")
    for old in Old.objects.order_by("pk").iterator():
        params = dict(old.params or {})
        if old.kind == "portfolio" and old.dossier_id:
            params["dossier"] = old.dossier_id
        status = "queued" if old.status in {"queued", "running"} else old.status
        New.objects.create(
            id=old.pk,  # a message still in the broker names this id
            agency_id=old.agency_id,
            kind=old.kind,
            status=status,
            progress=old.progress if status == "ready" else 0,
            subject=subject(old),
            params=params,
            fingerprint=old.fingerprint,
            file=old.file.name if old.file else "",
            reason=GENERIC if status == "failed" else "",
            detail=old.error,
            requested_by_id=old.requested_by_id,
            created_at=old.created_at,
            queued_at=old.created_at,
            finished_at=old.finished_at if status != "queued" else None,
            expires_at=old.expires_at,
        )


    reset = schema_editor.connection.ops.sequence_reset_sql(no_style(), [New])
    for statement in reset:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    Old = apps.get_model("competitions", "Job")
    New = apps.get_model("jobs", "Job")
    for new in New.objects.filter(kind__in=["portfolio", "region_zip", "index_brief"]):
        Old.objects.create(
            agency_id=new.agency_id,
            kind=new.kind,
            status=new.status if new.status in {"queued", "running", "ready"} else "failed",
            progress=new.progress,
            dossier_id=new.params.get("dossier") if new.kind == "portfolio" else None,
            params={k: v for k, v in new.params.items() if k != "dossier"},
            fingerprint=new.fingerprint,
            file=new.file.name,
            error=new.detail or new.reason,
            requested_by_id=new.requested_by_id,
            finished_at=new.finished_at,
            expires_at=new.expires_at,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("competitions", "0005_index_brief_jobs"),
        ("jobs", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
