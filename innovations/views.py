"""Pages of the registry: the list, the guided idea form, the innovation page and its
evidence, monitoring and lifecycle moves; the cross-agency catalogue."""

from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scope

from clinics import selectors as clinic_selectors
from clinics.downloads import document_attachment, private_attachment
from clinics.tenancy import rule_required
from innovations import rules, selectors, services
from innovations.choices import Maturity, Phase
from innovations.forms import (
    STEP_SLUGS,
    STEPS,
    ActionForm,
    CheckInForm,
    EvidenceForm,
    IndicatorFormSet,
    InnovationFilterForm,
    InnovationStepForm,
    MeasurementForm,
    MoveForm,
    RegisterFilterForm,
    TargetForm,
    VisitFindingsForm,
    VisitForm,
)
from innovations.models import Evidence
from jobs import services as jobs
from jobs.models import Status as JobStatus
from klikbaik import tabular

PAGE_SIZE = 20


def with_innovation(rule):
    """Load the innovation of the URL for the request's agency (404 when it is not there or
    not visible to this member), then let the view run only if ``rule`` allows (403)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, agency_slug, pk, *args, **kwargs):
            innovation = selectors.innovation_get(request.membership, pk)
            if innovation is None or not rules.can_view_innovation(request.membership, innovation):
                raise Http404("No such innovation.")
            if not rule(request.membership, innovation):
                raise PermissionDenied
            return view(request, innovation, *args, **kwargs)

        return wrapper

    return decorator


def _filters(request):
    form = InnovationFilterForm(request.GET or None, agency=request.agency)
    return form, (form.cleaned_data if form.is_valid() else {})


@rule_required(rules.can_submit_idea)
def innovation_list(request, agency_slug, mine=False):
    form, criteria = _filters(request)
    items = selectors.innovation_list(request.membership, filters={**criteria, "mine": mine})
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filters": form, "page": page, "query": query.urlencode(), "mine": mine}
    template = "innovations/innovation_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#innovation-rows"
    elif rules.can_export_innovations(request.membership):
        context["export_job"] = selectors.latest_export(request.membership)
    return TemplateResponse(request, template, context)


def my_innovations(request, agency_slug):
    return innovation_list(request, agency_slug, mine=True)


# --- Exports of the list and of the region's register (jobs: the request only queues them)


def _export_filters(request, form_class) -> dict:
    """The list's filters as typed, for the job's params: with htmx, the filter form's
    own fields (hx-include: what the list shows now); without, the export form's address
    (the filters the page was loaded with). Invalid filters export everything, as the list
    shows everything."""
    data = request.POST if request.htmx else request.GET
    form = form_class(data, agency=request.agency)
    if not form.is_valid():
        return {}
    return {name: data[name] for name in form.fields if data.get(name)}


def _export_partial(request, job, *, region: bool):
    context = {"export_job": job, "region": region}
    return TemplateResponse(request, "innovations/partials/export_job.html", context)


def export(request, *, region: bool):
    """GET: the member's latest export of the list, or of the region's register (polled by
    htmx). POST: export in a ``format`` (``action=render``), or cancel or retry the export
    shown. The caller checked the rule."""
    job = selectors.latest_export(request.membership, region=region)
    if request.method == "POST":

        def start():
            return services.export_request(
                actor=request.membership,
                fmt=request.POST.get("format", ""),
                filters=_export_filters(
                    request, RegisterFilterForm if region else InnovationFilterForm
                ),
                language=request.LANGUAGE_CODE,
                region=region,
            )

        try:
            job = jobs.act(request.POST.get("action", ""), job, start=start)
        except ValidationError as error:
            return HttpResponseBadRequest(" ".join(error.messages))
    if not request.htmx:  # back to the list, with its filters
        name = "innovations:register" if region else "innovations:list"
        address = reverse(name, args=[request.agency.slug])
        return redirect(f"{address}?{request.GET.urlencode()}" if request.GET else address)
    return _export_partial(request, job, region=region)


@rule_required(rules.can_export_innovations)
def innovation_export(request, agency_slug):
    return export(request, region=False)


@rule_required(rules.can_export_innovations)
def innovation_export_download(request, agency_slug, pk):
    """One's own finished export; anyone else's, or an unfinished one, is not found."""
    job = selectors.export_get(request.membership, pk)
    if job is None or job.status != JobStatus.READY or not job.file:
        raise Http404("No such export.")
    xlsx = job.params.get("format") == "xlsx"
    content_type = tabular.XLSX_CONTENT_TYPE if xlsx else tabular.CSV_CONTENT_TYPE
    return private_attachment(job.file, job.file.name.rsplit("/", 1)[-1], content_type)


def _step_url(innovation, step):
    return reverse("innovations:edit", args=[innovation.agency.slug, innovation.pk, step])


# The fields that show a step of the idea form was filled in (the others have defaults).
STEP_FILLED_BY = {
    "idea": ["name"],
    "problem": ["problem"],
    "design": ["design"],
    "results": ["goals"],
    "impact": ["trial_start", "implementation_start"],
    "origin": ["origin_id", "origin_external_name"],
}


def _filled_steps(innovation) -> set[str]:
    """The steps of the idea form with something filled in (a tick on their chip)."""
    if innovation is None:
        return set()
    return {
        slug
        for slug, fields in STEP_FILLED_BY.items()
        if any(getattr(innovation, field) for field in fields)
    }


def _render_step(request, form, innovation, step, formset=None, status=200):
    index = STEP_SLUGS.index(step)
    context = {
        "form": form,
        "formset": formset,
        "innovation": innovation,
        "step": step,
        "steps": STEPS,
        "filled": _filled_steps(innovation),
        "step_title": STEPS[index][1],
        "next_step": STEP_SLUGS[index + 1] if index + 1 < len(STEP_SLUGS) else None,
    }
    template = "innovations/innovation_form.html"
    if request.htmx:
        template += "#step-form"
    return TemplateResponse(request, template, context, status=status)


@rule_required(rules.can_submit_idea)
def innovation_create(request, agency_slug):
    form = InnovationStepForm(
        request.POST or None, step="idea", agency=request.agency, author=request.user
    )
    if request.method == "POST" and form.is_valid():
        innovation = services.innovation_create(
            actor=request.membership,
            fields=form.model_fields(),
            team=form.cleaned_data.get("team", ()),
        )
        messages.success(
            request,
            _(
                "Your idea is saved as a draft that only your team sees. Fill in the other "
                "steps in any order, then submit it from its page."
            ),
        )
        chosen = request.POST.get("goto")  # a step's chip: save, then go there
        return redirect(_step_url(innovation, chosen if chosen in STEP_SLUGS else "problem"))
    return _render_step(request, form, None, "idea")


@with_innovation(rules.can_edit_innovation)
def innovation_edit(request, innovation, step):
    if step not in STEP_SLUGS:
        raise Http404("No such step.")
    data = request.POST if request.method == "POST" else None
    form = InnovationStepForm(
        data, instance=innovation, step=step, agency=request.agency, author=innovation.author
    )
    formset = (
        IndicatorFormSet(data, instance=innovation, prefix="ind") if step == "impact" else None
    )
    if request.method != "POST":
        return _render_step(request, form, innovation, step, formset)
    valid = form.is_valid() and (formset is None or formset.is_valid())
    if request.headers.get("X-Validate-Only") or not valid:
        # Validation as the person types (htmx) or a refused save: nothing is written,
        # and the form comes back with what was typed.
        return _render_step(request, form, innovation, step, formset)
    try:
        with transaction.atomic():
            services.innovation_update(
                actor=request.membership,
                innovation=innovation,
                fields=form.model_fields(),
                team=form.cleaned_data.get("team") if "team" in form.fields else None,
                partners=form.cleaned_data.get("partners") if "partners" in form.fields else None,
            )
            if formset is not None:
                rows = [
                    {**f.cleaned_data, "id": f.instance.pk}
                    for f in formset.forms
                    if f.cleaned_data and not f.cleaned_data.get("DELETE")
                ]
                services.indicator_set(actor=request.membership, innovation=innovation, rows=rows)
    except ValidationError as exc:
        form.add_error(None, exc)
        return _render_step(request, form, innovation, step, formset)
    messages.success(request, _("Saved."))
    index = STEP_SLUGS.index(step)
    if request.POST.get("goto") in STEP_SLUGS:  # a step's chip: saved, now go there
        return redirect(_step_url(innovation, request.POST["goto"]))
    if "continue" in request.POST and index + 1 < len(STEP_SLUGS):
        return redirect(_step_url(innovation, STEP_SLUGS[index + 1]))
    if "continue" in request.POST:
        return redirect("innovations:detail", innovation.agency.slug, innovation.pk)
    return redirect(_step_url(innovation, step))


@with_innovation(rules.can_view_innovation)
def innovation_detail(request, innovation):
    context = {
        "innovation": innovation,
        "missing": services.missing_to_submit(innovation),
        "phases": Phase.choices,
        "maturities": Maturity.choices,
        **selectors.innovation_detail_parts(innovation),
    }
    return TemplateResponse(request, "innovations/innovation_detail.html", context)


@require_POST
@with_innovation(rules.can_view_innovation)
def innovation_move(request, innovation, move):
    form = MoveForm(request.POST)
    form.is_valid()
    try:
        services.innovation_move(
            actor=request.membership,
            innovation=innovation,
            move=move,
            comment=form.cleaned_data.get("comment", ""),
            value=form.cleaned_data.get("value", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _move_done(move, innovation))
    return redirect("innovations:detail", innovation.agency.slug, innovation.pk)


def _move_done(move: str, innovation) -> str:
    """What a move did, what happens next and who learns of it (no e-mail goes out for
    these moves: people see them on their home and on the innovation's timeline)."""
    innovation.refresh_from_db(fields=["phase", "maturity"])
    done = {
        "submit": _(
            "Sent for review. The clinic's admins and facilitators see it under “Ideas to "
            "review” on their home; their answer will show here and on your home."
        ),
        "accept": _(
            "Accepted into coaching, in the Drum-up phase. Its team sees it on their home "
            "and can now book coaching."
        ),
        "return": _(
            "Returned to its team with your comment. They see it on their home and on its "
            "timeline, and can submit it again."
        ),
        "phase": _("The 5D phase is now %(phase)s; its team sees it on the timeline.")
        % {"phase": innovation.get_phase_display()},
        "maturity": _("The maturity is now %(maturity)s; its team sees it on the timeline.")
        % {"maturity": innovation.get_maturity_display()},
        "sustain": _(
            "Marked sustained. Its sustainability check-ins stay due on the admins' home."
        ),
        "discontinue": _(
            "Discontinued. It has left coaching and the catalogue; its team sees your "
            "reason on its timeline."
        ),
        "withdraw": _(
            "Withdrawn. It has left review and coaching and stays on record with your reason."
        ),
        "archive": _("Archived. It stays on record; nothing about it can be changed now."),
        "publish": _(
            "Published in the catalogue: people of every agency can now find it and replicate it."
        ),
        "unpublish": _("Taken out of the catalogue: other agencies no longer see it."),
    }
    return done[move]


def _small_form(request, innovation, form, title, save, status=200, done=None, **page):
    """A one-form page about an innovation (evidence, M&E); ``save()`` runs when valid and
    ``done`` says what it did. ``page`` may add an ``intro`` sentence and a ``submit``
    label."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, done or _("Saved."))
            return redirect("innovations:detail", innovation.agency.slug, innovation.pk)
    return TemplateResponse(
        request,
        "innovations/innovation_subform.html",
        {"innovation": innovation, "form": form, "title": title, **page},
        status=status,
    )


@with_innovation(rules.can_add_evidence)
def evidence_add(request, innovation):
    form = EvidenceForm(request.POST or None, request.FILES or None)

    def save(form):
        services.evidence_add(
            actor=request.membership,
            innovation=innovation,
            upload=form.cleaned_data.get("upload"),
            **{field: form.cleaned_data[field] for field in EvidenceForm.Meta.fields},
        )

    return _small_form(request, innovation, form, _("Add evidence"), save)


def _changeable_evidence(request, innovation, evidence_pk) -> Evidence:
    """A piece of the innovation's current evidence that this member may replace or
    withdraw: 404 when it is not in the locker, 403 when they may not."""
    evidence = innovation.evidence.filter(pk=evidence_pk).first()
    if evidence is None:
        raise Http404("No such evidence.")
    if not rules.can_change_evidence(request.membership, evidence):
        raise PermissionDenied
    return evidence


@with_innovation(rules.can_add_evidence)
def evidence_replace(request, innovation, evidence_pk):
    old = _changeable_evidence(request, innovation, evidence_pk)
    form = EvidenceForm(
        request.POST or None,
        request.FILES or None,
        initial={field: getattr(old, field) for field in EvidenceForm.Meta.fields},
    )

    def save(form):
        services.evidence_replace(
            actor=request.membership,
            evidence=old,
            upload=form.cleaned_data.get("upload"),
            **{field: form.cleaned_data[field] for field in EvidenceForm.Meta.fields},
        )

    return _small_form(
        request,
        innovation,
        form,
        _("Replace evidence: %(title)s") % {"title": old.title},
        save,
        intro=_(
            "The new file takes its place in the locker; index answers that named the old "
            "one must name the new one. A dossier that already holds the old one keeps it, "
            "for the record; otherwise the old file is deleted."
        ),
    )


@with_innovation(rules.can_add_evidence)
def evidence_withdraw(request, innovation, evidence_pk):
    evidence = _changeable_evidence(request, innovation, evidence_pk)
    return _small_form(
        request,
        innovation,
        forms.Form(request.POST if request.method == "POST" else None),
        _("Withdraw evidence: %(title)s") % {"title": evidence.title},
        lambda form: services.evidence_withdraw(actor=request.membership, evidence=evidence),
        intro=_(
            "It leaves the innovation's locker and the index answers that name it. A dossier "
            "that already holds it keeps it, for the record; otherwise the file is deleted."
        ),
        submit=_("Withdraw"),
    )


@with_innovation(rules.can_view_innovation)
def evidence_file(request, innovation, evidence_pk):
    evidence = innovation.evidence.filter(pk=evidence_pk).exclude(file="").first()
    if evidence is None:
        raise Http404("No such file.")
    return document_attachment(evidence)


@with_innovation(rules.can_record_measurement)
def measurement_add(request, innovation, indicator_pk):
    indicator = innovation.indicators.filter(pk=indicator_pk).first()
    if indicator is None:
        raise Http404("No such indicator.")
    form = MeasurementForm(request.POST or None)
    return _small_form(
        request,
        innovation,
        form,
        _("Measurement of %(name)s") % {"name": indicator.name},
        lambda f: services.measurement_add(
            actor=request.membership, indicator=indicator, **f.cleaned_data
        ),
        done=_("The measurement is recorded: the indicator's chart shows it."),
    )


@with_innovation(rules.can_monitor_innovation)
def visit_add(request, innovation):
    form = VisitForm(request.POST or None)
    return _small_form(
        request,
        innovation,
        form,
        _("Plan an M&E visit"),
        lambda f: services.visit_plan(
            actor=request.membership, innovation=innovation, **f.cleaned_data
        ),
        done=_("The visit is planned. After it, record its findings on this page."),
    )


@with_innovation(rules.can_monitor_innovation)
def visit_record(request, innovation, visit_pk):
    visit = innovation.visits.filter(pk=visit_pk).first()
    if visit is None:
        raise Http404("No such visit.")
    form = VisitFindingsForm(request.POST or None, instance=visit)
    return _small_form(
        request,
        innovation,
        form,
        _("Findings of the visit of %(date)s") % {"date": visit.planned_on},
        lambda f: services.visit_record(actor=request.membership, visit=visit, **f.cleaned_data),
        done=_("The findings are recorded on the innovation's timeline."),
    )


@with_innovation(rules.can_monitor_innovation)
def action_add(request, innovation):
    form = ActionForm(request.POST or None, agency=request.agency)
    return _small_form(
        request,
        innovation,
        form,
        _("Agree a follow-up action"),
        lambda f: services.action_add(
            actor=request.membership, innovation=innovation, **f.cleaned_data
        ),
        done=_("The action is agreed: its owner sees it on their home until it is done."),
    )


@require_POST
@with_innovation(rules.can_view_innovation)
def action_done(request, innovation, action_pk):
    action = innovation.actions.filter(pk=action_pk).first()
    if action is None:
        raise Http404("No such action.")
    if not (
        action.owner_id == request.user.pk
        or rules.can_monitor_innovation(request.membership, innovation)
    ):
        raise PermissionDenied
    services.action_complete(actor=request.membership, action=action)
    messages.success(request, _("The action is marked done; it leaves its owner's home."))
    return redirect("innovations:detail", innovation.agency.slug, innovation.pk)


@with_innovation(rules.can_monitor_innovation)
def checkin_add(request, innovation):
    form = CheckInForm(request.POST or None)
    return _small_form(
        request,
        innovation,
        form,
        _("Sustainability check-in"),
        lambda f: services.checkin_record(
            actor=request.membership, innovation=innovation, **f.cleaned_data
        ),
        done=_("The check-in is recorded; the next one is due in %(days)s days.")
        % {"days": settings.CHECKIN_INTERVAL_DAYS},
    )


@rule_required(rules.can_manage_targets)
def targets(request, agency_slug):
    form = TargetForm(request.POST or None, agency=request.agency)
    if request.method == "POST" and form.is_valid():
        services.target_set(actor=request.membership, **form.cleaned_data)
        messages.success(request, _("The target is saved: the clinic's home shows the progress."))
        return redirect("innovations:targets", agency_slug)
    context = {
        "form": form,
        "progress": selectors.target_progress(request.agency),
        "regional": selectors.regional_target(request.agency, timezone.localdate().year),
    }
    return TemplateResponse(request, "innovations/targets.html", context)


# The catalogue (ruang inspirasi): published innovations of every agency, for any
# signed-in person; not under an agency's address.


@login_required
def catalogue(request):
    text = request.GET.get("q", "")[:100]
    page = Paginator(selectors.catalogue_list(text=text), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return TemplateResponse(
        request,
        "innovations/catalogue.html",
        {"page": page, "q": text, "query": f"q={text}" if text else ""},
    )


def _published(pk):
    innovation = selectors.catalogue_get(pk)
    if innovation is None:
        raise Http404("Not in the catalogue.")
    return innovation


@login_required
def catalogue_detail(request, pk):
    innovation = _published(pk)
    context = {
        "innovation": innovation,
        "evidence": selectors.catalogue_evidence(innovation),
        "memberships": clinic_selectors.membership_list_for_user(request.user),
        "family": selectors.family_tree(innovation, viewer_agency_id=None),
    }
    return TemplateResponse(request, "innovations/catalogue_detail.html", context)


@login_required
def catalogue_evidence(request, pk, evidence_pk):
    evidence = selectors.catalogue_evidence_get(_published(pk), evidence_pk)
    if evidence is None or not evidence.file:
        raise Http404("No such file.")
    return document_attachment(evidence)


@require_POST
@login_required
def catalogue_replicate(request, pk):
    """Start a new idea in one of the person's own agencies, with this one as its origin."""
    origin = _published(pk)
    memberships = {
        m.agency.slug: m for m in clinic_selectors.membership_list_for_user(request.user)
    }
    membership = memberships.get(request.POST.get("agency", ""))
    if membership is None:
        raise Http404("Not a member of that agency.")
    with scope(agency=membership.agency):
        innovation = services.innovation_replicate(actor=membership, origin=origin)
    messages.success(
        request,
        _("A new idea replicating “%(name)s” was started in %(agency)s.")
        % {"name": origin, "agency": membership.agency.name},
    )
    return redirect(_step_url(innovation, "idea"))
