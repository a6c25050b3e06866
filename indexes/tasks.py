"""Background work of the index workbench: the head of region's PDF brief, a ``Job`` row
its page polls (the same job machinery as the competitions' portfolios)."""

from celery import shared_task
from django.utils.text import slugify

from clinics.tenancy import AgencyTask
from competitions.tasks import finish_job, running_job
from indexes import assessment, brief
from indexes.models import Assessment


@shared_task(base=AgencyTask, acks_late=True, soft_time_limit=300)
def render_brief(agency_id: int, job_id: int) -> None:
    with running_job(job_id) as job:
        if job is None:
            return
        season = Assessment.objects.select_related("agency", "edition").get(
            pk=job.params["assessment"], agency=job.agency
        )
        content = brief.pdf(assessment.build(season))
        name = f"{slugify(f'iid {season.agency.region} {season.year}')}.pdf"
        finish_job(job, name=name, content=content)
