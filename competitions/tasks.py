"""Background work of competitions: portfolio PDFs, copy-ready pages, season reports and
regional ZIPs (jobs of the kinds registered in ``competitions.apps``, run by
``jobs.runner``) and deadline reminders (kept
in the outbox, one per agency, stage and distance, however often the beat runs). Expired
exports are purged by the jobs app (``jobs.sweeper.purge_expired``).
"""

import logging
import tempfile
import zipfile
from datetime import date, timedelta

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext
from django_scopes import scope, scopes_disabled

from clinics.models import Agency, Membership, Role
from clinics.services import activity_record
from competitions import copy_page, exports, portfolio, season_report, selectors
from competitions.choices import PORTFOLIO_JOB
from competitions.models import Dossier, Stage
from innovations.models import TeamMember
from jobs import outbox
from jobs import pdf as engine
from jobs import selectors as job_selectors
from jobs.models import Job
from jobs.runner import Run, job_task
from klikbaik.mail import send_to_people
from klikbaik.storage import FAILURES, storage_failure

logger = logging.getLogger(__name__)


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


@job_task(soft_time_limit=300)
def build_copy_page(run: Run) -> None:
    """The dossier's copy-ready page for the organiser's application (queue exports)."""
    dossier = Dossier.objects.select_related("category__competition", "agency").get(
        pk=run.job.params["dossier"]
    )
    name = f"{slugify(dossier.title) or 'dossier'}-salin.html"
    run.finish(name, copy_page.html(dossier).encode())


@job_task(soft_time_limit=300)
def render_season_report(run: Run) -> None:
    """A competition's season report for the head of region (queue pdf)."""
    competition = selectors.competition_get(run.job.agency, run.job.params["competition"])
    name = f"laporan-{slugify(str(competition))}.pdf"
    run.finish(name, season_report.pdf(competition))


@job_task(soft_time_limit=1800)
def build_region_zip(run: Run) -> None:
    """One ZIP of the chosen dossiers of the region (queue exports): each one's PDF as
    ``<agency>/<category>-<innovation>.pdf`` and a summary (``ringkasan.xlsx``), spooled to
    a temporary file (not held in memory) and saved through the storage API as
    ``<competition>-<date>.zip``. A dossier whose portfolio cannot be rendered is left out
    and listed in the summary as skipped, with the reason; the rest is built."""
    job = run.job
    with scopes_disabled():
        dossiers = list(
            Dossier.objects.filter(
                pk__in=job.params.get("dossiers", []), agency__region=job.agency.region_id
            )
            .select_related("category__competition", "innovation", "agency")
            .order_by("agency__name", "title", "pk")
        )
    names = zip_names(dossiers)
    with (
        translation.override(settings.LANGUAGE_CODE),
        tempfile.SpooledTemporaryFile(max_size=ZIP_SPOOL_BYTES) as spool,
    ):
        skipped, detail = _write_zip(run, spool, dossiers, names)
        spool.seek(0)
        run.finish(
            zip_filename(dossiers, job.agency),
            File(spool),
            params={**job.params, "skipped": [d.title for d in dossiers if d.pk in skipped]},
            detail=(job.detail + detail)[-4000:],
        )


def _write_zip(run: Run, spool, dossiers: list[Dossier], names: dict[int, str]):
    """Write each dossier's PDF and the summary into ``spool``; return the skipped dossiers
    (id → reason) and what operators should know about them."""
    skipped, detail = {}, ""
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, dossier in enumerate(dossiers, start=1):
            try:
                archive.writestr(names[dossier.pk], _pdf_bytes(dossier))
            except SoftTimeLimitExceeded:
                raise
            except Exception as exc:
                logger.exception("Dossier %s left out of ZIP job %s", dossier.pk, run.job.pk)
                skipped[dossier.pk] = _skip_reason(exc)
                detail += f"dossier {dossier.pk} skipped: {exc!r}\n"
            run.progress(number * 90 // len(dossiers))
        archive.writestr(
            "ringkasan.xlsx", exports.region_xlsx(dossiers, names=names, skipped=skipped)
        )
    return skipped, detail


ZIP_SPOOL_BYTES = 32 * 1024 * 1024


def zip_names(dossiers: list[Dossier]) -> dict[int, str]:
    """Each dossier's entry in the ZIP, ``<agency>/<category>-<innovation>.pdf`` (the
    dossier's title for an entry without an innovation), unique: a second one of the same
    name gets ``-2``, and so on."""
    names, taken = {}, set()
    for dossier in dossiers:
        subject = dossier.innovation.name if dossier.innovation else dossier.title
        stem = "{}/{}-{}".format(
            slugify(dossier.agency.name) or "instansi",
            slugify(dossier.category.name) or "kategori",
            slugify(subject) or "dossier",
        )
        name, number = f"{stem}.pdf", 2
        while name in taken:
            name, number = f"{stem}-{number}.pdf", number + 1
        taken.add(name)
        names[dossier.pk] = name
    return names


def zip_filename(dossiers: list[Dossier], coordinator: Agency) -> str:
    """Named for the competition (or the region, for dossiers of several) and the day, in
    the coordinator's time zone: ``kipp-2023-2026-12-02.zip``."""
    competitions = {dossier.category.competition for dossier in dossiers}
    named = str(competitions.pop()) if len(competitions) == 1 else str(coordinator.region)
    day = timezone.localdate(timezone=coordinator.zoneinfo)
    return f"{slugify(named) or 'dossier'}-{day:%Y-%m-%d}.zip"


def _skip_reason(exc: Exception) -> str:
    failure = storage_failure(exc)
    if failure:
        return gettext(FAILURES[failure])
    return gettext(
        "Its portfolio could not be rendered (an unexpected error, logged for the operators). "
        "Render it on the dossier's page to try again."
    )


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
    people = [
        m.user
        for m in Membership.objects.filter(
            agency=agency, role=Role.ADMIN, is_active=True
        ).select_related("user")
    ]
    people += [d.innovation.author for d in dossiers if d.innovation and d.innovation.author]
    people += [
        member.user
        for member in TeamMember.objects.filter(
            innovation__in=[d.innovation_id for d in dossiers if d.innovation_id]
        ).select_related("user")
    ]
    send_to_people(
        "competitions/email/deadline_subject.txt",
        "competitions/email/deadline_body.txt",
        {"agency": agency, "stage": stage, "days": left, "dossiers": dossiers},
        people=people,
    )
    for dossier in dossiers:
        activity_record(
            agency=agency,
            actor=None,
            action="competitions.dossier.reminded",
            target=dossier,
            data={"key": f"{stage.pk}:{left}", "stage": stage.get_kind_display(), "days": left},
        )
    return len(dossiers)
