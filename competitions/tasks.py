"""Background work of competitions: portfolio PDFs and regional ZIPs (jobs of the kinds
registered in ``competitions.apps``, run by ``jobs.runner``) and deadline reminders (kept
in the outbox, one per agency, stage and distance, however often the beat runs). Expired
exports are purged by the jobs app (``jobs.sweeper.purge_expired``).
"""

import tempfile
import zipfile
from datetime import date, timedelta

from celery import shared_task
from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.text import slugify
from django_scopes import scope, scopes_disabled

from clinics.models import Agency, Membership, Role
from clinics.services import activity_record
from competitions import exports, portfolio
from competitions.choices import PORTFOLIO_JOB
from competitions.models import Dossier, Stage
from innovations.models import TeamMember
from jobs import outbox
from jobs import pdf as engine
from jobs import selectors as job_selectors
from jobs.models import Job
from jobs.runner import Run, job_task
from klikbaik.mail import build_email


def render_dossier(dossier: Dossier) -> tuple[str, bytes | None, Job | None]:
    """The dossier's PDF: (fingerprint, bytes, None), or (fingerprint, None, job) when a
    ready job of the agency already holds that exact rendering."""
    markup = portfolio.html(dossier)
    fingerprint = portfolio.fingerprint(markup)
    previous = job_selectors.first_ready_with(dossier.agency_id, PORTFOLIO_JOB, fingerprint)
    if previous is not None and default_storage.exists(previous.file.name):
        return fingerprint, None, previous
    return fingerprint, engine.render(markup), None


@job_task(soft_time_limit=300)
def render_portfolio(run: Run) -> None:
    """The dossier's PDF portfolio (queue pdf)."""
    job = run.job
    dossier = Dossier.objects.select_related("category__competition", "innovation", "agency").get(
        pk=job.params["dossier"]
    )
    fingerprint, content, previous = render_dossier(dossier)
    name = f"{slugify(dossier.title) or 'dossier'}.pdf"
    run.finish(name, content, reuse=previous, fingerprint=fingerprint)
    if previous is None:
        activity_record(
            agency=dossier.agency,
            actor=job.requested_by,
            action="competitions.dossier.portfolio",
            target=dossier,
        )


@job_task(soft_time_limit=1800)
def build_region_zip(run: Run) -> None:
    """One ZIP of the chosen dossiers of the region (queue exports): each one's PDF and an
    XLSX summary, spooled to a temporary file (not held in memory) and saved through the
    storage API."""
    job = run.job
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
                run.progress(number * 90 // len(dossiers))
            archive.writestr("ringkasan.xlsx", exports.region_xlsx(dossiers))
        spool.seek(0)
        run.finish(f"dossiers-{timezone.localdate():%Y%m%d}.zip", File(spool))


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


REMIND_DAYS = (7, 1)


@shared_task
def remind_deadlines_everywhere() -> int:
    """Beat, daily: agencies with open dossiers in a competition whose stage ends in 7 or
    1 days get one reminder per stage and distance. Each is claimed by its outbox key
    first, so two beats, or this task run twice, send it once."""
    today = timezone.localdate()
    days = [today + timedelta(days=n) for n in REMIND_DAYS]
    with scopes_disabled():
        units = set(
            Dossier.objects.filter(
                category__competition__stages__ends_on__in=days,
                status__in=OPEN_STATUSES,
            ).values_list(
                "agency_id",
                "category__competition__stages__pk",
                "category__competition__stages__ends_on",
            )
        )
    claimed = 0
    for agency_id, stage_id, ends_on in sorted(units):
        key = f"competitions.deadline:{agency_id}:{stage_id}:{(ends_on - today).days}"
        message = outbox.deliver(
            send_deadline_reminder, agency_id, stage_id, today.isoformat(), key=key
        )
        claimed += message is not None
    return claimed


OPEN_STATUSES = ["draft", "review", "ready", "submitted"]


@shared_task(base=outbox.OutboxTask, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_deadline_reminder(agency_id: int, stage_id: int, on: str) -> int:
    """E-mail the agency's admins and the teams of its open dossiers about a stage's end
    (sent through the outbox: once per stage and distance, 7 or 1 days)."""
    agency = Agency.objects.get(pk=agency_id)
    with scopes_disabled():
        stage = Stage.objects.select_related("competition").get(pk=stage_id)
    # Days left as the scheduler counted them: a retry after midnight is the same reminder.
    left = (stage.ends_on - date.fromisoformat(on)).days
    dossiers = list(
        Dossier.objects.filter(
            agency=agency,
            category__competition=stage.competition_id,
            status__in=OPEN_STATUSES,
        ).select_related("innovation__author")
    )
    if not dossiers:
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
    build_email(
        "competitions/email/deadline_subject.txt",
        "competitions/email/deadline_body.txt",
        {"agency": agency, "stage": stage, "days": left, "dossiers": dossiers},
        to=sorted(recipients),
        language=settings.LANGUAGE_CODE,
    ).send()
    for dossier in dossiers:
        activity_record(
            agency=agency,
            actor=None,
            action="competitions.dossier.reminded",
            target=dossier,
            data={"key": f"{stage.pk}:{left}", "stage": stage.get_kind_display(), "days": left},
        )
    return len(dossiers)
