"""Background work of the index workbench: the season's PDF brief for the head of region
and its workbook for the national application (jobs of the kinds registered in
``indexes.apps``, run by ``jobs.runner``). Both are in Indonesian, the language they are
handed on in, whoever asked."""

from django.conf import settings
from django.utils import translation
from django.utils.text import slugify

from indexes import assessment, brief, exports
from indexes.models import Assessment
from jobs.runner import Run, job_task


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
