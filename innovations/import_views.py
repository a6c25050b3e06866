"""Importing innovations from a spreadsheet, under ``/<agency_slug>/innovations/imports/``:
an agency's admin for the agency, a coordinator of the region for any of its agencies.

Upload (checked by content) → a background check of every row (the job partial shows its
progress) → a preview with each row's problems in words → one import of all new rows, or
none. No request reads the whole file: parsing, checking and importing are jobs, so a
2,000-row file never holds a web worker."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRefresh

from clinics.downloads import private_attachment
from clinics.tenancy import found_and_allowed, rule_required
from innovations import importing, rules, selectors, services
from innovations.choices import IMPORT_CHECK_JOB, IMPORT_JOB
from innovations.forms import ImportForm
from innovations.models import ImportRow
from jobs import services as jobs
from jobs.models import Status as JobStatus
from klikbaik import tabular

PAGE_SIZE = 25
STEPS = {"check": IMPORT_CHECK_JOB, "run": IMPORT_JOB}


@rule_required(rules.can_import_innovations)
def import_list(request, agency_slug):
    form = ImportForm(request.POST or None, request.FILES or None, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.import_request(actor=request.membership, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("innovations:import_detail", agency_slug, batch.pk)
    page = Paginator(selectors.import_batches(request.membership), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"form": form, "page": page, "columns": importing.TEMPLATE}
    status = 400 if form.errors else 200
    return TemplateResponse(request, "innovations/import_list.html", context, status=status)


@rule_required(rules.can_import_innovations)
def import_template(request, agency_slug, fmt):
    """The template: the columns the portal reads, and a second sheet saying what to write
    in each (XLSX); the header row alone (CSV, separated by semicolons)."""
    header = [column.header for column in importing.TEMPLATE]
    if fmt == "csv":
        response = StreamingHttpResponse(
            tabular.csv_lines(tabular.Sheet("Inovasi", header, [])),
            content_type=tabular.CSV_CONTENT_TYPE,
        )
        response["Content-Disposition"] = 'attachment; filename="templat-inovasi.csv"'
        return response
    if fmt != "xlsx":
        raise Http404("Unknown format.")
    guide = [
        [column.header, _("yes") if column.required else _("no"), _(column.guide)]
        for column in importing.TEMPLATE
    ]
    workbook = tabular.xlsx(
        [
            tabular.Sheet("Inovasi", header, []),
            tabular.Sheet(_("Guide"), [_("Column"), _("Required"), _("What to write")], guide),
        ]
    )
    response = HttpResponse(workbook, content_type=tabular.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="templat-inovasi.xlsx"'
    return response


def _batch(request, pk):
    """The batch of the URL, if the member may see it (404 otherwise: another agency's, or
    another region's), then the rule (403)."""
    batch = selectors.import_batch_get(request.membership, pk)
    return found_and_allowed(request, batch, rules.can_import_innovations)


def _job_context(batch, step):
    return {
        "batch": batch,
        "job": selectors.import_job(batch, STEPS[step]),
        "step": step,
    }


def import_detail(request, agency_slug, pk):
    batch = _batch(request, pk)
    outcome = request.GET.get("show", "")
    if outcome not in ImportRow.Outcome.values:
        outcome = ""
    page = Paginator(selectors.import_rows(batch, outcome=outcome), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "batch": batch,
        "page": page,
        "show": outcome,
        "query": f"show={outcome}" if outcome else "",
        "outcomes": ImportRow.Outcome.choices,
        "check": _job_context(batch, "check"),
        "run": _job_context(batch, "run"),
    }
    return TemplateResponse(request, "innovations/import_detail.html", context)


def import_job(request, agency_slug, pk, step):
    """GET: the check's or the import's job partial (polled by htmx; once it is ready, the
    page is reloaded to show what it found or did). POST: start the import, cancel or
    retry, or check again."""
    if step not in STEPS:
        raise Http404("No such step.")
    batch = _batch(request, pk)
    job = selectors.import_job(batch, STEPS[step])
    if request.method == "POST":
        closed = batch.imported_at is not None if step == "check" else not batch.importable
        if closed and request.POST.get("action") != "cancel":
            messages.error(
                request,
                _("This file is imported already: its check stays as it was.")
                if step == "check"
                else _("This file cannot be imported now: see its check."),
            )
        else:
            jobs.act(
                request.POST.get("action", ""),
                job,
                start=lambda: services.import_job_request(
                    user=request.user, batch=batch, kind=STEPS[step]
                ),
            )
        if not request.htmx:
            return redirect("innovations:import_detail", agency_slug, batch.pk)
        job = selectors.import_job(batch, STEPS[step])
    if request.htmx and job is not None and job.status == JobStatus.READY:
        return HttpResponseClientRefresh()  # the page shows what the job found or did
    return TemplateResponse(
        request, "innovations/partials/import_job.html", _job_context(batch, step)
    )


def import_report(request, agency_slug, pk, step):
    if step not in STEPS:
        raise Http404("No such step.")
    batch = _batch(request, pk)
    job = selectors.import_job(batch, STEPS[step], ready=True)
    if job is None:
        raise Http404("No report yet.")
    return private_attachment(job.file, job.file.name.rsplit("/", 1)[-1])
