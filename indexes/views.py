"""Pages of the index workbench, under ``/<agency_slug>/index/``: the dashboard, the pemda
answers, each innovation's sheet, the season's documents (the PDF brief and the XLSX
workbook, both jobs), snapshots and the editions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clinics.downloads import document_attachment, private_attachment
from clinics.tenancy import coordinators_scope, rule_required
from indexes import assessment as workbenches
from indexes import rules, selectors, services, trend
from indexes.choices import BRIEF_JOB, PACK_JOB, WORKBOOK_JOB, Aspect
from indexes.forms import (
    BandFormSet,
    CopyEditionForm,
    EditionForm,
    IndicatorForm,
    InnovationAnswerForm,
    OfficialForm,
    PemdaAnswerForm,
    StartForm,
)
from indexes.models import Indicator, OfficialResult
from jobs import services as jobs

PAGE_SIZE = 25


def _ids(request, name) -> set[int]:
    return {int(v) for v in request.GET.getlist(name) if v.isascii() and v.isdigit()}


def _assessment(request, pk, rule=rules.can_view_index):
    """The region's assessment of the URL (404 when it is not this region's), then the rule
    (403): looked up first, so another region's ids tell nothing."""
    assessment = selectors.assessment_get(request.agency, pk)
    if assessment is None:
        raise Http404("No such assessment.")
    if not rule(request.membership, assessment):
        raise PermissionDenied
    return assessment


def _start_form(request, data=None):
    assessments = selectors.assessments_for(request.agency)
    return StartForm(
        data,
        editions=selectors.editions_for(request.agency),
        taken_years=assessments.values_list("year", flat=True),
    )


@rule_required(rules.can_view_index)
def dashboard(request, agency_slug):
    assessments = list(selectors.assessments_for(request.agency))
    chosen = _ids(request, "season")
    current = next(
        (a for a in assessments if a.pk in chosen), assessments[0] if assessments else None
    )
    context = {
        "assessments": assessments,
        "assessment": current,
        "can_manage": rules.can_manage_index(request.membership),
    }
    if context["can_manage"]:
        context["start_form"] = _start_form(request)
    if current is None:
        return TemplateResponse(request, "indexes/dashboard.html", context)
    dropped, added = _ids(request, "drop"), _ids(request, "add")
    workbench = workbenches.build(current)
    context["workbench"] = workbench
    if dropped or added:
        context["what_if"] = workbenches.build(current, dropped=dropped, added=added)
    page = Paginator(workbench.sheets, PAGE_SIZE).get_page(request.GET.get("page"))
    workbenches.annotate_page(workbench, page.object_list)
    agency_names = {s.innovation.agency_id: s.innovation.agency.name for s in workbench.sheets}
    rows = trend.seasons(
        assessments,
        selectors.snapshots_of(current.agency),
        selectors.officials_of(current.agency),
    )
    context.update(
        {
            "page": page,
            "by_agency": workbenches.breakdown(workbench, "by_agency", agency_names),
            "by_variable": workbenches.breakdown(workbench, "by_variable"),
            "seasons": rows,
            "trend_chart": trend.chart(rows),
        }
    )
    if context["can_manage"]:
        context["brief_job"] = selectors.latest_job(current, BRIEF_JOB)
        context["workbook_job"] = selectors.latest_job(current, WORKBOOK_JOB)
        context["pack_job"] = selectors.latest_job(current, PACK_JOB)
    return TemplateResponse(request, "indexes/dashboard.html", context)


@require_POST
@rule_required(rules.can_manage_index)
def start(request, agency_slug):
    form = _start_form(request, request.POST)
    if form.is_valid():
        services.start_assessment(actor=request.membership, **form.cleaned_data)
        messages.success(request, _("The season's assessment is open."))
        return redirect("indexes:dashboard", agency_slug)
    assessments = list(selectors.assessments_for(request.agency))
    return TemplateResponse(
        request,
        "indexes/dashboard.html",
        {"assessments": assessments, "assessment": None, "start_form": form, "can_manage": True},
        status=400,
    )


@coordinators_scope
def pemda_answer(request, agency_slug, pk, indicator_pk):
    assessment = _assessment(request, pk, rules.can_manage_index)
    indicator = assessment.edition.indicators.filter(pk=indicator_pk, aspect=Aspect.PEMDA).first()
    if indicator is None:
        raise Http404("No such indicator.")
    answer = assessment.answers.filter(indicator=indicator).first()
    initial = (
        {"level": answer.level, "note": answer.note, "evidence": answer.evidence} if answer else {}
    )
    form = PemdaAnswerForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        indicator=indicator,
        evidence=selectors.region_evidence(request.agency),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with services.atomic_with_files() as stored:
            evidence = data["evidence"]
            if data["upload"]:
                evidence = services.region_evidence_add(
                    actor=request.membership,
                    upload=data["upload"],
                    title=data["upload_title"],
                    dated=data["upload_dated"],
                )
                stored(evidence.file)
            services.answer_pemda(
                actor=request.membership,
                assessment=assessment,
                indicator=indicator,
                level=data["level"],
                note=data["note"],
                evidence=evidence,
            )
        messages.success(request, _("“%(indicator)s” was saved.") % {"indicator": indicator.name})
        return redirect("indexes:dashboard", agency_slug)
    return TemplateResponse(
        request,
        "indexes/pemda_answer.html",
        {
            "assessment": assessment,
            "indicator": indicator,
            "answer": answer,
            "form": form,
            "gain": workbenches.build(assessment).gains.get((indicator.pk, None)),
        },
        status=400 if form.errors else 200,
    )


def _sheet(request, assessment, innovation_pk):
    """One innovation's sheet, if the member may see it: the coordinator sees the region's,
    an agency admin its own agency's (anything else answers 404)."""
    if not rules.can_view_index(request.membership):
        raise PermissionDenied
    own = None if rules.can_manage_index(request.membership) else request.agency
    found = selectors.region_innovations(assessment, own, pk=innovation_pk)
    innovation = found[0] if found else None
    if innovation is None:
        raise Http404("No such innovation in this assessment.")
    indicators = [i for i in assessment.edition.indicators.all() if i.aspect == Aspect.INNOVATION]
    return workbenches.sheets_for(assessment, [innovation], indicators)[0]


def innovation_sheet(request, agency_slug, pk, innovation_pk):
    assessment = _assessment(request, pk)
    sheet = _sheet(request, assessment, innovation_pk)
    gains = workbenches.build(assessment).gains
    for row in sheet.rows:
        row.gain = gains.get((row.indicator.pk, sheet.innovation.pk))
    return TemplateResponse(
        request,
        "indexes/innovation_sheet.html",
        {
            "assessment": assessment,
            "sheet": sheet,
            "can_confirm": rules.can_confirm(request.membership, sheet.innovation),
            "can_verify": rules.can_verify(request.membership, sheet.innovation),
        },
    )


def innovation_answer(request, agency_slug, pk, innovation_pk, indicator_pk):
    assessment = _assessment(request, pk)
    sheet = _sheet(request, assessment, innovation_pk)
    row = next((r for r in sheet.rows if r.indicator.pk == indicator_pk), None)
    if row is None:
        raise Http404("No such indicator.")
    innovation = sheet.innovation
    if not rules.can_confirm(request.membership, innovation):
        raise PermissionDenied
    locker = selectors.innovation_evidence(innovation)
    answer = row.answer
    if answer:
        initial = {"level": answer.level, "note": answer.note, "evidence": answer.evidence_id}
    else:
        initial = {
            "level": row.level,
            "evidence": getattr(row.proposal and row.proposal.evidence, "pk", None),
        }
    form = InnovationAnswerForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        indicator=row.indicator,
        evidence=locker,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with services.atomic_with_files() as stored:
            evidence = next((e for e in locker if e.pk == data["evidence"]), None)
            if data["upload"]:
                evidence = services.new_innovation_evidence(
                    actor=request.membership,
                    innovation=innovation,
                    upload=data["upload"],
                    title=data["upload_title"],
                    kind=data["upload_kind"],
                    dated=data["upload_dated"],
                )
                stored(evidence.file)
            services.answer_innovation(
                actor=request.membership,
                assessment=assessment,
                innovation=innovation,
                indicator=row.indicator,
                level=data["level"],
                note=data["note"],
                evidence=evidence,
            )
        messages.success(
            request, _("“%(indicator)s” was saved.") % {"indicator": row.indicator.name}
        )
        return redirect("indexes:innovation", agency_slug, pk, innovation_pk)
    return TemplateResponse(
        request,
        "indexes/innovation_answer.html",
        {
            "assessment": assessment,
            "sheet": sheet,
            "row": row,
            "form": form,
            "gain": workbenches.build(assessment).gains.get((row.indicator.pk, innovation.pk)),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def innovation_verify(request, agency_slug, pk, innovation_pk, indicator_pk):
    assessment = _assessment(request, pk)
    sheet = _sheet(request, assessment, innovation_pk)
    row = next((r for r in sheet.rows if r.indicator.pk == indicator_pk), None)
    if row is None:
        raise Http404("No such indicator.")
    if not rules.can_verify(request.membership, sheet.innovation):
        raise PermissionDenied
    if row.answer is None:
        messages.error(request, _("Only a level the agency has confirmed can be verified."))
    else:
        services.verify(actor=request.membership, answer=row.answer)
        messages.success(request, _("Verified."))
    return redirect("indexes:innovation", agency_slug, pk, innovation_pk)


@coordinators_scope
def official(request, agency_slug, pk):
    """Record the index Kemendagri announced for the season, beside its prediction."""
    assessment = _assessment(request, pk, rules.can_manage_index)
    current = selectors.official_of(assessment)
    form = OfficialForm(
        request.POST or None,
        instance=current or OfficialResult(agency=assessment.agency, assessment=assessment),
        bands=assessment.edition.bands.all(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_official(
                actor=request.membership,
                assessment=assessment,
                fields={name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The official result of %(year)s is recorded beside its prediction.")
                % {"year": assessment.year},
            )
            return redirect(
                reverse("indexes:dashboard", args=[agency_slug]) + f"?season={pk}#trend"
            )
    return TemplateResponse(
        request,
        "indexes/official_form.html",
        {"assessment": assessment, "form": form, "snapshot": selectors.snapshot_of(assessment)},
        status=400 if form.errors else 200,
    )


@require_POST
@coordinators_scope
def freeze(request, agency_slug, pk):
    assessment = _assessment(request, pk, rules.can_manage_index)
    snapshot = services.freeze(actor=request.membership, workbench=workbenches.build(assessment))
    messages.success(
        request,
        _("The season is frozen at IID %(iid)s (self-assessed).") % {"iid": snapshot.iid_claimed},
    )
    return redirect(reverse("indexes:dashboard", args=[agency_slug]) + f"?season={pk}")


# The season's documents, each a job: the view's ``document`` names which.
SEASON_DOCUMENTS = {
    "brief": (BRIEF_JOB, "indexes/brief_job.html", "IID {year}.pdf"),
    "workbook": (WORKBOOK_JOB, "indexes/workbook_job.html", "iid-{year}.xlsx"),
    "pack": (PACK_JOB, "indexes/pack_job.html", "IID {year} - paket aplikasi nasional.zip"),
}


def season_document(request, agency_slug, pk, document):
    """GET: the document's job (polled by htmx). POST: make it (again), cancel or retry
    the job shown. For the region's index managers: the workbook and the hand-off pack hold
    every agency's full innovation profiles and evidence, for the coordinator who reports
    them."""
    kind, template, _name = SEASON_DOCUMENTS[document]
    assessment = _assessment(request, pk, rules.can_manage_index)
    job = selectors.latest_job(assessment, kind)
    if request.method == "POST":
        jobs.act(
            request.POST.get("action", ""),
            job,
            start=lambda: services.season_job_request(
                user=request.user, assessment=assessment, kind=kind
            ),
        )
        if not request.htmx:
            return redirect(reverse("indexes:dashboard", args=[agency_slug]) + f"?season={pk}")
        job = selectors.latest_job(assessment, kind)
    return TemplateResponse(request, template, {"assessment": assessment, "job": job})


def season_download(request, agency_slug, pk, document):
    kind, _template, name = SEASON_DOCUMENTS[document]
    assessment = _assessment(request, pk, rules.can_manage_index)
    job = selectors.latest_job(assessment, kind, ready=True)
    if job is None:
        raise Http404("Not made yet.")
    return private_attachment(job.file, name.format(year=assessment.year))


@rule_required(rules.can_view_index)
def region_evidence_file(request, agency_slug, pk):
    evidence = selectors.region_evidence_get(request.agency, pk)
    if evidence is None:
        raise Http404("No such file.")
    return document_attachment(evidence)


# --- Editions -----------------------------------------------------------------------------


def _edition(request, pk, rule=rules.can_view_index):
    edition = selectors.edition_get(request.agency, pk)
    if edition is None:
        raise Http404("No such edition.")
    if not rule(request.membership, edition):
        raise PermissionDenied
    return edition


@rule_required(rules.can_view_index)
def edition_list(request, agency_slug):
    return TemplateResponse(
        request,
        "indexes/edition_list.html",
        {
            "editions": selectors.editions_for(request.agency),
            "can_manage": rules.can_manage_index(request.membership),
        },
    )


def edition_detail(request, agency_slug, pk):
    edition = _edition(request, pk, rules.can_view_index)
    return TemplateResponse(
        request,
        "indexes/edition_detail.html",
        {
            "edition": edition,
            "can_edit": rules.can_edit_edition(request.membership, edition),
            "can_manage": rules.can_manage_index(request.membership),
            "copy_form": CopyEditionForm(
                initial={
                    "year": edition.year + 1,
                    "name": edition.name.replace(str(edition.year), str(edition.year + 1)),
                }
            ),
        },
    )


@require_POST
def edition_copy(request, agency_slug, pk):
    edition = _edition(request, pk, rules.can_manage_index)
    form = CopyEditionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("indexes:edition", agency_slug, pk)
    copy = services.copy_edition(actor=request.membership, edition=edition, **form.cleaned_data)
    messages.success(
        request,
        _("“%(name)s” is your region's copy: edit it for the new year.") % {"name": copy.name},
    )
    return redirect("indexes:edition", agency_slug, copy.pk)


def _editable(request, pk):
    return _edition(request, pk, rules.can_edit_edition)


def edition_edit(request, agency_slug, pk):
    edition = _editable(request, pk)
    form = EditionForm(request.POST or None, instance=edition)
    bands = BandFormSet(request.POST or None, instance=edition, prefix="bands")
    if request.method == "POST" and form.is_valid() and bands.is_valid():
        with transaction.atomic():
            form.save()
            bands.save()
        messages.success(request, _("“%(name)s” was saved.") % {"name": edition.name})
        return redirect("indexes:edition", agency_slug, pk)
    return TemplateResponse(
        request,
        "indexes/edition_form.html",
        {"edition": edition, "form": form, "bands": bands},
        status=400 if request.method == "POST" else 200,
    )


def indicator_edit(request, agency_slug, pk, indicator_pk):
    edition = _editable(request, pk)
    indicator = Indicator.objects.filter(edition=edition, pk=indicator_pk).first()
    if indicator is None:
        raise Http404("No such indicator.")
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("“%(name)s” was saved.") % {"name": indicator.name})
        return redirect("indexes:edition", agency_slug, pk)
    return TemplateResponse(
        request,
        "indexes/indicator_form.html",
        {"edition": edition, "indicator": indicator, "form": form},
        status=400 if form.errors else 200,
    )
