"""Background work of the index workbench: the season's PDF brief for the head of region,
its workbook and its hand-off pack for the national application (jobs of the kinds
registered in ``indexes.apps``, run by ``jobs.runner``). All are in Indonesian, the
language they are handed on in, whoever asked."""

import tempfile
import zipfile

from django.conf import settings
from django.core.files.base import File
from django.utils import translation
from django.utils.text import slugify

from indexes import assessment, brief, exports, handoff
from indexes.models import Assessment
from jobs.runner import Run, job_task

SPOOL_BYTES = 32 * 1024 * 1024


def _season(run: Run) -> Assessment:
    job = run.job
    return Assessment.objects.select_related("agency", "edition").get(
        pk=job.params["assessment"], agency=job.agency
    )


@job_task(soft_time_limit=300)
def render_brief(run: Run) -> None:
    """The season's PDF brief (queue pdf)."""
    season = _season(run)
    content = brief.pdf(assessment.build(season))
    run.finish(f"{slugify(f'iid {season.agency.region} {season.year}')}.pdf", content)


@job_task(soft_time_limit=900)
def build_workbook(run: Run) -> None:
    """The season's workbook for the national application (queue exports): the whole
    region's innovation profiles, indicators and score, computed when it runs."""
    season = _season(run)
    workbench = assessment.build(season)
    run.progress(60)
    with translation.override(settings.LANGUAGE_CODE):
        content = exports.workbook(workbench)
    run.finish(f"iid-{season.year}.xlsx", content)


@job_task(soft_time_limit=1800)
def build_pack(run: Run) -> None:
    """The season's hand-off pack (queue exports): every evidence file by indicator, the
    workbook and the list of files, spooled to a temporary file (not held in memory) and
    saved through the storage API."""
    season = _season(run)
    with (
        translation.override(settings.LANGUAGE_CODE),
        tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool,
    ):
        with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
            handoff.build(assessment.build(season), archive, run.progress)
        spool.seek(0)
        run.finish(f"{slugify(f'iid {season.agency.region} {season.year}')}.zip", File(spool))
