"""Background work of the registry: the register's export (a job of the kind registered
in ``innovations.apps``, run by ``jobs.runner``), checking and importing spreadsheets of
innovations, and reminding clinics of sustainability check-ins."""

import tempfile
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.utils import timezone, translation
from django.utils.translation import gettext_noop
from django_scopes import scopes_disabled

from clinics.models import ActivityLog, Agency, Membership, Role
from clinics.services import activity_record
from innovations import exports, importing, rules, selectors, services
from innovations.forms import InnovationFilterForm, RegisterFilterForm
from jobs import outbox
from jobs.runner import JobFailed, Run, job_task
from klikbaik.mail import send_to_people

NO_LONGER_ALLOWED = gettext_noop(
    "You may no longer export this clinic's register: only its admins may."
)
EXPORT_SPOOL_BYTES = 8 * 1024 * 1024


@job_task(soft_time_limit=900)
def build_registry_export(run: Run) -> None:
    """The filtered list, or the region's register for its coordinators, as XLSX or CSV
    (queue exports), for the person who asked it:
    their filters, their language, and what they may see when it runs (a draft stays
    private to its team). Written to a temporary file, saved through the storage API."""
    job = run.job
    membership = (
        Membership.objects.filter(agency=job.agency, user=job.requested_by_id, is_active=True)
        .select_related("agency", "user")
        .first()
    )
    params = job.params
    region = bool(params.get("region"))
    allowed = rules.can_view_register if region else rules.can_export_innovations
    if not allowed(membership):
        raise JobFailed(NO_LONGER_ALLOWED)
    form_class = RegisterFilterForm if region else InnovationFilterForm
    form = form_class(params.get("filters") or {}, agency=job.agency)
    filters = form.cleaned_data if form.is_valid() else {}
    if region:
        items = selectors.region_register(membership, filters=filters)
    else:
        items = selectors.innovation_list(membership, filters=filters)

    def progress(done: int, total: int) -> None:
        run.progress(done * 95 // max(total, 1))

    with (
        translation.override(params.get("language") or settings.LANGUAGE_CODE),
        tempfile.SpooledTemporaryFile(max_size=EXPORT_SPOOL_BYTES) as spool,
    ):
        name = exports.write(
            spool,
            items,
            fmt=params["format"],
            agency=job.agency,
            region=region,
            progress=progress,
        )
        spool.seek(0)
        run.finish(name, File(spool))


@shared_task
def remind_checkins_everywhere() -> int:
    """Beat entry point, weekly: one reminder per agency and ISO week, claimed by its
    outbox key, so that two beats, or this task run twice, send it once."""
    week = "{}-W{:02d}".format(*timezone.localdate().isocalendar()[:2])
    with scopes_disabled():
        agency_ids = list(Agency.objects.values_list("pk", flat=True))
    claimed = 0
    for agency_id in agency_ids:
        key = f"innovations.checkin:{agency_id}:{week}"
        claimed += outbox.deliver(send_checkin_reminder, agency_id, key=key) is not None
    return claimed


@shared_task(base=outbox.OutboxTask, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_checkin_reminder(agency_id: int) -> int:
    """E-mail the agency's admins the implemented innovations whose check-in is due.
    Each innovation is reminded at most once per interval (the timeline remembers)."""
    interval = settings.CHECKIN_INTERVAL_DAYS
    agency = Agency.objects.get(pk=agency_id)
    recently = timezone.now() - timedelta(days=interval)
    reminded = set(
        ActivityLog.objects.filter(
            agency=agency,
            action="innovations.checkin.reminded",
            created_at__gte=recently,
        ).values_list("target_id", flat=True)
    )
    due = [
        i for i in selectors.checkins_due(agency, interval_days=interval) if i.pk not in reminded
    ]
    admins = list(
        Membership.objects.filter(agency=agency, role=Role.ADMIN, is_active=True).select_related(
            "user"
        )
    )
    if not due or not admins:
        return 0
    send_to_people(
        "innovations/email/checkin_subject.txt",
        "innovations/email/checkin_body.txt",
        {"agency": agency, "innovations": due, "interval": interval},
        people=[m.user for m in admins],
    )
    for innovation in due:
        activity_record(
            agency=agency, actor=None, action="innovations.checkin.reminded", target=innovation
        )
    return len(due)


# Importing a spreadsheet: two jobs of kinds registered in innovations.apps (run by
# jobs.runner), each ending with a report the agency can download.


def _batch(run):
    from innovations.models import ImportBatch

    return ImportBatch.objects.select_related("agency", "requested_from").get(
        pk=run.job.params["batch"], agency=run.job.agency
    )


def _report(run, batch, name: str) -> None:
    from innovations.models import ImportRow

    rows = ImportRow.objects.filter(batch=batch).order_by("number")
    language = run.job.params.get("language", settings.LANGUAGE_CODE)
    run.finish(name, importing.report(batch, rows, language=language))


@job_task(soft_time_limit=600)
def check_import(run: Run) -> None:
    """Read and check every row of an uploaded spreadsheet (queue exports)."""
    batch = _batch(run)
    try:
        services.batch_check(batch, progress=run.progress)
    except importing.Unreadable as exc:
        raise JobFailed(importing.UNREADABLE) from exc
    _report(run, batch, "pemeriksaan.xlsx")


@job_task(soft_time_limit=600)
def run_import(run: Run) -> None:
    """Import a checked spreadsheet's new rows, all or none (queue exports)."""
    batch = _batch(run)
    try:
        services.batch_import(batch, user=run.job.requested_by, progress=run.progress)
    except ValidationError as exc:
        raise JobFailed(NOT_IMPORTABLE) from exc
    batch.refresh_from_db()
    _report(run, batch, "impor.xlsx")


NOT_IMPORTABLE = gettext_noop(
    "Nothing was imported: the file has problems, nothing new, or it was imported already."
)
