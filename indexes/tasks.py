"""Background work of the index workbench: the head of region's PDF brief, a job of the
kind registered in ``indexes.apps`` (run by ``jobs.runner``)."""

from django.utils.text import slugify

from indexes import assessment, brief
from indexes.models import Assessment
from jobs.runner import Run, job_task


@job_task(soft_time_limit=300)
def render_brief(run: Run) -> None:
    """The season's PDF brief (queue pdf)."""
    job = run.job
    season = Assessment.objects.select_related("agency", "edition").get(
        pk=job.params["assessment"], agency=job.agency
    )
    content = brief.pdf(assessment.build(season))
    run.finish(f"{slugify(f'iid {season.agency.region} {season.year}')}.pdf", content)
