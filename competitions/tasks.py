"""Background work of competitions: portfolio PDFs, regional ZIPs, deadline reminders and
the clean-up of expired exports.

A job is a ``Job`` row the page polls. Tasks are idempotent (a job already finished is left
alone), and a task that raises marks its job failed with the reason (``running_job``), so a
page never spins forever. Workers see only the database, the broker and the storage API.
"""

import tempfile
import zipfile
from contextlib import contextmanager
from datetime import date, timedelta

from celery import shared_task
from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django_scopes import scope, scopes_disabled

from clinics.models import ActivityLog, Agency, Membership, Role
from clinics.services import activity_record
from clinics.tenancy import AgencyTask
from competitions import exports, portfolio
from competitions.choices import JobStatus
from competitions.models import Dossier, Job, Stage
from innovations.models import TeamMember


@contextmanager
def running_job(job_id: int):
    """Mark the job running and yield it; if the work raises, mark it failed with the
    reason (then re-raise, so the worker logs it). Yields ``None`` for a job that has
    already finished (a repeated delivery)."""
    job = Job.objects.select_related("agency").get(pk=job_id)
    if job.status == JobStatus.READY:
        yield None
        return
    job.status, job.error, job.progress = JobStatus.RUNNING, "", 0
    job.save(update_fields=["status", "error", "progress"])
    try:
        yield job
    except Exception as exc:
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        raise


def finish_job(job: Job, *, name: str = "", content=None, reuse=None) -> None:
    """Store the file (bytes or a File) or point at the reused job's, and mark it ready."""
    if reuse is not None:
        job.file.name = reuse.file.name
    else:
        job.file.save(
            name, content if isinstance(content, File) else ContentFile(content), save=False
        )
    job.status, job.progress, job.finished_at = JobStatus.READY, 100, timezone.now()
    job.save(
        update_fields=["file", "status", "progress", "finished_at", "fingerprint", "expires_at"]
    )


def render_dossier(dossier: Dossier) -> tuple[str, bytes | None, Job | None]:
    """The dossier's PDF: (fingerprint, bytes, None), or (fingerprint, None, job) when a
    ready job of the same dossier already holds that exact rendering."""
    markup = portfolio.html(dossier)
    fingerprint = portfolio.fingerprint(markup)
    previous = (
        Job.objects.filter(dossier=dossier, fingerprint=fingerprint, status=JobStatus.READY)
        .exclude(file="")
        .order_by("-finished_at")
        .first()
    )
    if previous is not None and default_storage.exists(previous.file.name):
        return fingerprint, None, previous
    return fingerprint, portfolio.pdf(markup), None


@shared_task(base=AgencyTask, acks_late=True, soft_time_limit=300)
def render_portfolio(agency_id: int, job_id: int) -> None:
    with running_job(job_id) as job:
        if job is None:
            return
        dossier = Dossier.objects.select_related(
            "category__competition", "innovation", "agency"
        ).get(pk=job.dossier_id)
        job.fingerprint, content, previous = render_dossier(dossier)
        name = f"{slugify(dossier.title) or 'dossier'}.pdf"
        finish_job(job, name=name, content=content, reuse=previous)
    if previous is None:
        activity_record(
            agency=dossier.agency,
            actor=job.requested_by,
            action="competitions.dossier.portfolio",
            target=dossier,
        )


@shared_task(base=AgencyTask, acks_late=True, soft_time_limit=1800)
def build_region_zip(agency_id: int, job_id: int) -> None:
    """One ZIP of the chosen dossiers of the region: each one's PDF and an XLSX summary,
    spooled to a temporary file (not held in memory) and saved through the storage API."""
    with running_job(job_id) as job:
        if job is None:
            return
        with scopes_disabled():
            dossiers = list(
                Dossier.objects.filter(
                    pk__in=job.params.get("dossiers", []), agency__region=job.agency.region_id
                )
                .select_related("category__competition", "innovation", "agency")
                .order_by("agency__name", "title")
            )
        with tempfile.SpooledTemporaryFile(max_size=ZIP_SPOOL_BYTES) as spool:
            with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
                for number, dossier in enumerate(dossiers, start=1):
                    archive.writestr(_zip_name(number, dossier), _pdf_bytes(dossier))
                    Job.objects.filter(pk=job.pk).update(progress=number * 90 // len(dossiers))
                archive.writestr("ringkasan.xlsx", exports.region_xlsx(dossiers))
            job.expires_at = timezone.now() + timedelta(days=settings.EXPORT_KEEP_DAYS)
            spool.seek(0)
            finish_job(job, name=f"dossiers-{timezone.localdate():%Y%m%d}.zip", content=File(spool))


ZIP_SPOOL_BYTES = 32 * 1024 * 1024


def _zip_name(number: int, dossier: Dossier) -> str:
    return f"{slugify(dossier.agency.name)}/{number:03d}-{slugify(dossier.title) or 'dossier'}.pdf"


def _pdf_bytes(dossier: Dossier) -> bytes:
    """The dossier's PDF, from its last rendering when nothing has changed since."""
    with scope(agency=dossier.agency_id):
        _fingerprint, content, previous = render_dossier(dossier)
        if previous is not None:
            with previous.file.open("rb") as handle:
                return handle.read()
    return content


@shared_task
def purge_expired_exports() -> int:
    """Beat: delete exports past their expiry, files first."""
    with scopes_disabled():
        expired = list(Job.objects.filter(expires_at__lt=timezone.now()))
        for job in expired:
            if job.file:
                job.file.delete(save=False)
            job.delete()
    return len(expired)


REMIND_DAYS = (7, 1)


@shared_task
def remind_deadlines_everywhere() -> None:
    """Beat, daily: agencies with open dossiers in a competition whose stage ends in 7 or
    1 days get one reminder per stage and distance."""
    today = timezone.localdate()
    days = [today + timedelta(days=n) for n in REMIND_DAYS]
    with scopes_disabled():
        pairs = set(
            Dossier.objects.filter(
                category__competition__stages__ends_on__in=days,
                status__in=["draft", "review", "ready", "submitted"],
            ).values_list("agency_id", "category__competition__stages__pk")
        )
    for agency_id, stage_id in sorted(pairs):
        send_deadline_reminder.delay(agency_id, stage_id, today.isoformat())


@shared_task(base=AgencyTask, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_deadline_reminder(agency_id: int, stage_id: int, on: str) -> int:
    """E-mail the agency's admins and the teams of its open dossiers about a stage's end,
    once per stage and distance (7 or 1 days)."""
    agency = Agency.objects.get(pk=agency_id)
    with scopes_disabled():
        stage = Stage.objects.select_related("competition").get(pk=stage_id)
    # Days left as the scheduler counted them: a retry after midnight is the same reminder.
    left = (stage.ends_on - date.fromisoformat(on)).days
    dossiers = list(
        Dossier.objects.filter(
            agency=agency,
            category__competition=stage.competition_id,
            status__in=["draft", "review", "ready", "submitted"],
        ).select_related("innovation__author")
    )
    key = f"{stage.pk}:{left}"
    if (
        not dossiers
        or ActivityLog.objects.filter(
            agency=agency, action="competitions.dossier.reminded", data__key=key
        ).exists()
    ):
        return 0
    recipients = {
        m.user.email
        for m in Membership.objects.filter(
            agency=agency, role=Role.ADMIN, is_active=True
        ).select_related("user")
    } | {d.innovation.author.email for d in dossiers if d.innovation and d.innovation.author}
    recipients |= set(
        TeamMember.objects.filter(
            innovation__in=[d.innovation_id for d in dossiers if d.innovation_id]
        ).values_list("user__email", flat=True)
    )
    context = {"agency": agency, "stage": stage, "days": left, "dossiers": dossiers}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("competitions/email/deadline_subject.txt", context).strip()
        body = render_to_string("competitions/email/deadline_body.txt", context)
    send_mail(subject, body, None, sorted(recipients))
    for dossier in dossiers:
        activity_record(
            agency=agency,
            actor=None,
            action="competitions.dossier.reminded",
            target=dossier,
            data={"key": key, "stage": stage.get_kind_display(), "days": left},
        )
    return len(dossiers)
