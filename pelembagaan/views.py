"""Pages of the pelembagaan tracker, under ``/<agency_slug>/pelembagaan/``: the region's
regulations with their steps and the budget lines by year. The region's coordinators keep
them together (their changes run in every keeper's scope, ``coordinators_scope``); the
region's other admins read them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from clinics import selectors as clinic_selectors
from clinics.downloads import document_attachment
from clinics.tenancy import coordinators_scope, found_and_allowed, rule_required
from innovations import selectors as innovation_selectors
from pelembagaan import rules, selectors, services
from pelembagaan.forms import BudgetForm, MoveForm, RegulationForm

PAGE_SIZE = 20


def _choices(request) -> dict:
    region = request.agency.region_id
    return {
        "innovations": innovation_selectors.region_choices(region),
        "agencies": clinic_selectors.region_agencies(region),
    }


def _regulation(request, pk, rule=rules.can_view_tracker):
    """The region's regulation (404 otherwise: another region's ids tell nothing), if
    ``rule`` allows (403)."""
    regulation = selectors.regulation_get(request.agency.region_id, pk)
    return found_and_allowed(request, regulation, rule)


def _budget_line(request, pk, rule=rules.can_manage_tracker):
    line = selectors.budget_get(request.agency.region_id, pk)
    return found_and_allowed(request, line, rule)


@rule_required(rules.can_view_tracker)
def tracker(request, agency_slug):
    region = request.agency.region_id
    regulations = Paginator(selectors.regulations_of(region), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    budget = Paginator(selectors.budget_of(region), PAGE_SIZE).get_page(request.GET.get("lines"))
    return TemplateResponse(
        request,
        "pelembagaan/tracker.html",
        {
            "regulations": regulations,
            "budget": budget,
            "by_year": selectors.budget_by_year(region),
            "can_manage": rules.can_manage_tracker(request.membership),
        },
    )


def _regulation_form_page(request, form, regulation=None):
    return TemplateResponse(
        request,
        "pelembagaan/regulation_form.html",
        {"form": form, "regulation": regulation},
        status=400 if form.errors else 200,
    )


def _saved(form, save):
    """Call ``save()``; a rule of the data it breaks goes onto the form, by the field it
    names (the stored ``file`` is the form's ``upload``). True when saved."""
    try:
        save()
    except ValidationError as error:
        by_field = error.error_dict if hasattr(error, "error_dict") else {None: error.messages}
        for field, errors in by_field.items():
            name = "upload" if field == "file" else field
            form.add_error(name if name in form.fields else None, errors)
        return False
    return True


@rule_required(rules.can_manage_tracker)
def regulation_add(request, agency_slug):
    form = RegulationForm(request.POST or None, request.FILES or None, **_choices(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = []
        if _saved(
            form,
            lambda: created.append(
                services.regulation_create(
                    actor=request.membership,
                    fields=form.fields_to_save(),
                    innovations=data["innovations"],
                    agencies=data["agencies"],
                    upload=data["upload"],
                )
            ),
        ):
            messages.success(request, _("The regulation is recorded."))
            return redirect("pelembagaan:regulation", agency_slug, created[0].pk)
    return _regulation_form_page(request, form)


@coordinators_scope
def regulation_edit(request, agency_slug, pk):
    regulation = _regulation(request, pk, rules.can_manage_tracker)
    form = RegulationForm(
        request.POST or None, request.FILES or None, instance=regulation, **_choices(request)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _saved(
            form,
            lambda: services.regulation_update(
                actor=request.membership,
                regulation=regulation,
                fields=form.fields_to_save(),
                innovations=data["innovations"],
                agencies=data["agencies"],
                upload=data["upload"],
            ),
        ):
            messages.success(request, _("Saved; the change is on the regulation's history."))
            return redirect("pelembagaan:regulation", agency_slug, pk)
    return _regulation_form_page(request, form, regulation)


def _regulation_page(request, regulation, move_form=None, status=200):
    manage = rules.can_manage_tracker(request.membership, regulation)
    return TemplateResponse(
        request,
        "pelembagaan/regulation_detail.html",
        {
            "regulation": regulation,
            "can_manage": manage,
            "moves": services.allowed_moves(regulation) if manage else [],
            "move_form": move_form or MoveForm(initial={"number": regulation.number}),
            "history": selectors.history(regulation),
        },
        status=status,
    )


def regulation_detail(request, agency_slug, pk):
    return _regulation_page(request, _regulation(request, pk))


MOVE_DONE = {
    "discuss": gettext_lazy("The draft is in discussion (pembahasan)."),
    "redraft": gettext_lazy("The regulation is back in drafting."),
    "enact": gettext_lazy(
        "Recorded as enacted: the index and the Instansi Pembina entry now count it."
    ),
    "disseminate": gettext_lazy("Its dissemination is recorded."),
}


@require_POST
@coordinators_scope
def regulation_move(request, agency_slug, pk):
    regulation = _regulation(request, pk, rules.can_manage_tracker)
    form = MoveForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        if _saved(
            form,
            lambda: services.regulation_move(
                actor=request.membership, regulation=regulation, **data
            ),
        ):
            messages.success(request, MOVE_DONE[data["move"]])
            return redirect("pelembagaan:regulation", agency_slug, pk)
    return _regulation_page(
        request, selectors.regulation_get(request.agency.region_id, pk), form, status=400
    )


def regulation_file(request, agency_slug, pk):
    regulation = _regulation(request, pk)
    if not regulation.file:
        raise Http404("No document.")
    return document_attachment(regulation)


# --- Budget lines ------------------------------------------------------------------------


def _budget_page(request, form, line=None):
    return TemplateResponse(
        request,
        "pelembagaan/budget_form.html",
        {"form": form, "line": line, "history": selectors.history(line) if line else []},
        status=400 if form.errors else 200,
    )


def _budget_form(request, line=None):
    return BudgetForm(
        request.POST or None,
        request.FILES or None,
        instance=line,
        initial={} if line else {"holder": request.agency},
        **_choices(request),
    )


def _budget_saved(request, form, line=None) -> bool:
    return form.is_valid() and _saved(
        form,
        lambda: services.budget_save(
            actor=request.membership,
            fields=form.fields_to_save(),
            line=line,
            upload=form.cleaned_data["upload"],
        ),
    )


@rule_required(rules.can_manage_tracker)
def budget_add(request, agency_slug):
    form = _budget_form(request)
    if request.method == "POST" and _budget_saved(request, form):
        messages.success(request, _("The budget line is recorded."))
        return redirect("pelembagaan:tracker", agency_slug)
    return _budget_page(request, form)


@coordinators_scope
def budget_edit(request, agency_slug, pk):
    line = _budget_line(request, pk)
    form = _budget_form(request, line)
    if request.method == "POST" and _budget_saved(request, form, line):
        messages.success(request, _("Saved; the change is on the line's history."))
        return redirect("pelembagaan:tracker", agency_slug)
    return _budget_page(request, form, line)


@require_POST
@coordinators_scope
def budget_delete(request, agency_slug, pk):
    line = _budget_line(request, pk)
    services.budget_delete(actor=request.membership, line=line)
    messages.success(request, _("The budget line is deleted; its history keeps what it said."))
    return redirect("pelembagaan:tracker", agency_slug)


def budget_file(request, agency_slug, pk):
    line = _budget_line(request, pk, rules.can_view_tracker)
    if not line.file:
        raise Http404("No document.")
    return document_attachment(line)
