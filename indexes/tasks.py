"""Background work of the index workbench: the head of region's PDF brief and the
hand-off pack for the national application, jobs of the kinds registered in
``indexes.apps`` (run by ``jobs.runner``)."""

import tempfile
import zipfile

from django.core.files.base import File
from django.utils import translation
from django.utils.text import slugify

from indexes import assessment, brief, handoff
from indexes.models import Assessment
from jobs.runner import Run, job_task

SPOOL_BYTES = 32 * 1024 * 1024


@job_task(soft_time_limit=300)
def render_brief(run: Run) -> None:
    """The season's PDF brief (queue pdf)."""
    job = run.job
    season = Assessment.objects.select_related("agency", "edition").get(
        pk=job.params["assessment"], agency=job.agency
    )
    content = brief.pdf(assessment.build(season))
    run.finish(f"{slugify(f'iid {season.agency.region} {season.year}')}.pdf", content)


@job_task(soft_time_limit=1800)
def build_pack(run: Run) -> None:
    """The season's hand-off pack (queue exports), in Indonesian like the application it
    goes to: spooled to a temporary file, saved through the storage API."""
    job = run.job
    season = Assessment.objects.select_related("agency", "edition").get(
        pk=job.params["assessment"], agency=job.agency
    )
    with (
        translation.override("id"),
        tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool,
    ):
        with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
            handoff.build(assessment.build(season), archive, run.progress)
        spool.seek(0)
        run.finish(f"{slugify(f'iid {season.agency.region} {season.year}')}.zip", File(spool))
