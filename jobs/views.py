"""The operators' jobs page (``/jobs/``): the state of each queue, stuck and failed jobs
with their reasons (the user's and the technical one), and a retry. Staff and superusers
only; everyone else gets the portal's 404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobs import kinds, rules, selectors, services


def _operator(request) -> None:
    if not rules.can_operate(request.user):
        raise Http404("Not an operator.")


def operations(request):
    _operator(request)
    jobs = selectors.stuck_and_failed()
    labels = {kind.name: kind.label for kind in kinds.all_kinds()}
    for job in jobs:
        job.kind_label = labels.get(job.kind, job.kind)
    context = {
        "queues": selectors.queues(),
        "jobs": jobs,
        "messages_waiting": selectors.undelivered_messages(),
    }
    return TemplateResponse(request, "jobs/operations.html", context)


@require_POST
def operations_retry(request, pk):
    _operator(request)
    job = selectors.operators_job(pk)
    if job is None:
        raise Http404("No such job.")
    services.retry(job)
    messages.success(request, _("Job #%(pk)s is queued again.") % {"pk": pk})
    return redirect("jobs:operations")
