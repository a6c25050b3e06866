"""Pages of competitions: the region's competitions and their set-up, entering an
innovation, the dossier workbench (sections edited in place, documents, review, mock
score, moves, portfolio) and the coordinator's regional table with its ZIP export."""

from decimal import Decimal, InvalidOperation
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from clinics import selectors as clinic_selectors
from clinics.downloads import private_attachment
from clinics.models import User
from clinics.tenancy import coordinators_scope, found_and_allowed, rule_required
from competitions import pembina, rules, selectors, services
from competitions.choices import COPY_PAGE_JOB, PORTFOLIO_JOB, CategoryRule
from competitions.forms import (
    BlueprintForm,
    CandidateForm,
    CategoryForm,
    CommentForm,
    CompetitionForm,
    CopyForm,
    DocumentFormSet,
    EnterForm,
    InvitationForm,
    JurorForm,
    MoveForm,
    PembinaForm,
    PickForm,
    RegionFilterForm,
    ScoreForm,
    SectionForm,
    SectionFormSet,
    ShortlistFilterForm,
    StageFormSet,
)
from competitions.models import Category, Competition, DossierSection
from indexes import selectors as index_selectors
from innovations import selectors as innovation_selectors
from innovations.choices import Status
from innovations.models import Innovation
from jobs import services as jobs
from jobs.models import Status as JobStatus
from pelembagaan import selectors as pelembagaan

PAGE_SIZE = 20


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- Competitions -------------------------------------------------------------------------


@rule_required(rules.can_view_competitions)
def competition_list(request, agency_slug):
    page = Paginator(selectors.competitions_for(request.agency), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = selectors.with_stages(page.object_list)
    dossiers = selectors.dossier_list(request.membership)[:10]
    return TemplateResponse(
        request,
        "competitions/competition_list.html",
        {
            "page": page,
            "dossiers": dossiers,
            "blueprint_form": BlueprintForm(),
            "coordinators": clinic_selectors.region_coordinators(request.agency.region_id),
        },
    )


@require_POST
@rule_required(rules.can_manage_competitions)
def competition_from_blueprint(request, agency_slug):
    form = BlueprintForm(request.POST)
    if form.is_valid():
        try:
            competition = services.competition_from_blueprint(
                actor=request.membership, key=form.cleaned_data["blueprint"]
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("%(name)s is ready to edit.") % {"name": competition})
            return redirect("competitions:detail", agency_slug, competition.pk)
    return redirect("competitions:list", agency_slug)


@rule_required(rules.can_manage_competitions)
def competition_create(request, agency_slug):
    """A new competition from scratch (typically an internal one), with one category."""
    form = CompetitionForm(request.POST or None, initial={"kind": "internal"})
    if request.method == "POST" and form.is_valid():
        competition = form.save(commit=False)
        competition.agency = request.agency
        try:
            competition.validate_constraints()
        except ValidationError as error:
            form.add_error(None, error)
        else:
            with transaction.atomic():
                competition.save()
                Category.objects.create(
                    agency=request.agency, competition=competition, name=_("General")
                )
            return redirect("competitions:edit", agency_slug, competition.pk)
    return TemplateResponse(
        request,
        "competitions/competition_form.html",
        {"form": form, "formset": None},
        status=400 if form.errors else 200,
    )


def _kept_competition(request, pk) -> Competition:
    """A competition the region's coordinating agencies keep, asked for at one of their
    addresses (404 otherwise), if the member may manage it (403)."""
    competition = selectors.kept_competition(request.agency, pk)
    return found_and_allowed(request, competition, rules.can_manage_competitions)


def _refuse_deletions_once_entered(formset, competition_id: int) -> None:
    """Removing a stage, section or document would delete what every entrant wrote,
    picked or was assessed on: refused once the competition has dossiers."""
    if formset.deleted_forms and selectors.has_dossiers(competition_id):
        raise ValidationError(ERRORS_ENTERED)


ERRORS_ENTERED = gettext_lazy(
    "Stages, sections and documents cannot be removed once agencies have entered; "
    "change their text instead."
)


def _save_inline(formset, agency):
    rows = formset.save(commit=False)
    for row in rows:
        row.agency = agency
        row.save()
    for row in formset.deleted_objects:
        row.delete()


@coordinators_scope
def competition_edit(request, agency_slug, pk):
    competition = _kept_competition(request, pk)
    form = CompetitionForm(request.POST or None, instance=competition)
    formset = StageFormSet(request.POST or None, instance=competition, prefix="stages")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            form.instance.validate_constraints()
            _refuse_deletions_once_entered(formset, competition.pk)
        except ValidationError as error:
            form.add_error(None, error)
    if request.method == "POST" and not form.errors and formset.is_valid():
        with transaction.atomic():
            form.save()
            _save_inline(formset, competition.agency)
        messages.success(
            request, _("Saved: every agency of the region sees the competition as it is now.")
        )
        return redirect("competitions:detail", agency_slug, competition.pk)
    return TemplateResponse(
        request,
        "competitions/competition_form.html",
        {"form": form, "formset": formset, "competition": competition},
        status=400 if request.method == "POST" else 200,
    )


@coordinators_scope
def category_edit(request, agency_slug, pk):
    category = selectors.kept_category(request.agency, pk)
    if category is None:
        raise Http404("No such category.")
    if not rules.can_manage_competitions(request.membership, category):
        raise PermissionDenied
    data = request.POST or None
    form = CategoryForm(data, instance=category)
    sections = SectionFormSet(data, instance=category, prefix="sections")
    documents = DocumentFormSet(data, instance=category, prefix="documents")
    if request.method == "POST" and all(f.is_valid() for f in (form, sections, documents)):
        try:
            _refuse_deletions_once_entered(sections, category.competition_id)
            _refuse_deletions_once_entered(documents, category.competition_id)
        except ValidationError as error:
            form.add_error(None, error)
    if (
        request.method == "POST"
        and not form.errors
        and sections.is_valid()
        and documents.is_valid()
    ):
        with transaction.atomic():
            form.save()
            _save_inline(sections, category.agency)
            _save_inline(documents, category.agency)
            services.sections_sync(category)
        messages.success(
            request, _("Saved: every dossier of this category has the sections as they are now.")
        )
        return redirect("competitions:detail", agency_slug, category.competition_id)
    return TemplateResponse(
        request,
        "competitions/category_form.html",
        {"form": form, "sections": sections, "documents": documents, "category": category},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@coordinators_scope
def competition_copy(request, agency_slug, pk):
    competition = _kept_competition(request, pk)
    form = CopyForm(request.POST)
    if form.is_valid():
        try:
            copy = services.competition_copy(
                actor=request.membership, competition=competition, year=form.cleaned_data["year"]
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("Copied to %(year)s.") % {"year": copy.year})
            return redirect("competitions:detail", agency_slug, copy.pk)
    else:
        messages.error(request, _("Give the year of the copy."))
    return redirect("competitions:detail", agency_slug, pk)


def _entry_choices(request):
    return Innovation.objects.filter(agency=request.agency).exclude(
        status__in=[Status.DRAFT, Status.WITHDRAWN, Status.ARCHIVED]
    )


def _competition_page(request, competition, *, enter_forms=None, status=200):
    enter_forms = enter_forms or {}
    shortlisted = selectors.shortlisted_of_agency(request.agency, competition)
    for category in competition.category_list:
        category.shortlisted = shortlisted.get(category.pk, [])
        category.enter_form = enter_forms.get(category.pk) or EnterForm(
            innovations=_entry_choices(request), prefix=f"c{category.pk}"
        )
    return TemplateResponse(
        request,
        "competitions/competition_detail.html",
        {
            "competition": competition,
            "copy_form": CopyForm(initial={"year": competition.year + 1}),
            "season_job": selectors.season_report_job(competition)
            if rules.can_manage_competitions(request.membership)
            else None,
            "dossiers": selectors.dossier_list(request.membership, competition=competition),
        },
        status=status,
    )


@rule_required(rules.can_view_competitions)
def competition_detail(request, agency_slug, pk):
    competition = selectors.competition_get(request.agency, pk)
    if competition is None:
        raise Http404("No such competition.")
    return _competition_page(request, competition)


@require_POST
@rule_required(rules.can_enter)
def dossier_enter(request, agency_slug, pk, category_pk):
    competition = selectors.competition_get(request.agency, pk)
    category = next(
        (c for c in getattr(competition, "category_list", []) if c.pk == category_pk), None
    )
    if category is None:
        raise Http404("No such category.")
    form = EnterForm(request.POST, innovations=_entry_choices(request), prefix=f"c{category.pk}")
    if form.is_valid():
        try:
            dossier = services.dossier_create(
                actor=request.membership,
                category=category,
                innovation=form.cleaned_data["innovation"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The dossier is started from the registry's data."))
            return redirect("competitions:dossier", agency_slug, dossier.pk)
    return _competition_page(request, competition, enter_forms={category.pk: form}, status=400)


# --- The shortlist and the invitation list --------------------------------------------------


def _kept_in_full(request, pk) -> Competition:
    """A competition the region's coordinators keep (as ``_kept_competition``), with its
    stages and categories loaded."""
    return selectors.competition_get(request.agency, _kept_competition(request, pk).pk)


def _shortlisted_categories(competition) -> list[Category]:
    """The categories innovations enter (the region itself enters Instansi Pembina)."""
    categories = [c for c in competition.category_list if c.rule != CategoryRule.INSTITUTION]
    for category in categories:
        category.competition = competition
    return categories


def _shortlist_category(competition, pk) -> Category:
    category = next((c for c in _shortlisted_categories(competition) if c.pk == pk), None)
    if category is None:
        raise Http404("No such category.")
    return category


def _region_choices(request):
    return innovation_selectors.region_choices(request.agency.region_id)


def shortlist(request, agency_slug, pk):
    """The coordinator's candidates for one category: the eligibility check run across the
    region's innovations; for a category by invitation, the season's invitation list."""
    competition = _kept_in_full(request, pk)
    categories = _shortlisted_categories(competition)
    if not categories:
        raise Http404("No category entered by innovations.")
    chosen = request.GET.get("category", "")
    category = next((c for c in categories if str(c.pk) == chosen), categories[0])
    filters = ShortlistFilterForm(
        request.GET or None, agencies=selectors.region_agencies(request.agency)
    )
    criteria = filters.cleaned_data if filters.is_valid() else {}
    rows = selectors.shortlist(
        category,
        request.agency.region_id,
        agency_id=criteria.get("agency") and criteria["agency"].pk,
    )
    if criteria.get("eligible"):
        rows = [row for row in rows if not row.reasons]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "competition": competition,
        "categories": categories,
        "category": category,
        "filters": filters,
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "query": query.urlencode(),
        "eligible_count": sum(1 for row in rows if not row.reasons),
    }
    if category.rule == CategoryRule.SUSTAINABILITY:
        context["invitations"] = selectors.invitations_of(category)
        context["invitation_form"] = InvitationForm(innovations=_region_choices(request))
    return TemplateResponse(request, "competitions/shortlist.html", context)


def _back_to_shortlist(agency_slug, competition, category):
    return redirect(
        reverse("competitions:shortlist", args=[agency_slug, competition.pk])
        + f"?category={category.pk}"
    )


@require_POST
@coordinators_scope
def shortlist_change(request, agency_slug, pk, category_pk):
    competition = _kept_in_full(request, pk)
    category = _shortlist_category(competition, category_pk)
    form = CandidateForm(request.POST, innovations=_region_choices(request))
    if not form.is_valid():
        messages.error(request, _("Choose an innovation of the region."))
    elif form.cleaned_data["action"] == "add":
        services.shortlist_add(
            actor=request.membership,
            category=category,
            innovation=form.cleaned_data["innovation"],
            note=form.cleaned_data["note"],
        )
        messages.success(
            request,
            _("%(innovation)s is on the shortlist of %(category)s; its agency sees it there.")
            % {"innovation": form.cleaned_data["innovation"], "category": category.name},
        )
    else:
        services.shortlist_remove(
            actor=request.membership, category=category, innovation=form.cleaned_data["innovation"]
        )
    return _back_to_shortlist(agency_slug, competition, category)


@require_POST
@coordinators_scope
def invitation_change(request, agency_slug, pk, category_pk):
    """Record an invitation of the organiser (POST innovation, award, letter) or remove one
    (POST ``remove`` with its id)."""
    competition = _kept_in_full(request, pk)
    category = _shortlist_category(competition, category_pk)
    if request.POST.get("remove"):
        invitation = next(
            (i for i in selectors.invitations_of(category) if str(i.pk) == request.POST["remove"]),
            None,
        )
        if invitation is None:
            raise Http404("No such invitation.")
        services.invitation_remove(actor=request.membership, invitation=invitation)
        return _back_to_shortlist(agency_slug, competition, category)
    form = InvitationForm(request.POST, innovations=_region_choices(request))
    if form.is_valid():
        try:
            services.invitation_add(
                actor=request.membership, category=category, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("The invitation is recorded."))
    else:
        messages.error(request, _("Choose the innovation that was invited."))
    return _back_to_shortlist(agency_slug, competition, category)


# --- Dossiers -----------------------------------------------------------------------------


def with_dossier(rule):
    """Load the dossier of the URL (404 when the member may not see it), then let the view
    run only if ``rule`` allows (403)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, agency_slug, pk, *args, **kwargs):
            dossier = selectors.dossier_get(request.membership, pk)
            if dossier is None or not rules.can_view_dossier(request.membership, dossier):
                raise Http404("No such dossier.")
            if not rule(request.membership, dossier):
                raise PermissionDenied
            return view(request, dossier, *args, **kwargs)

        return wrapper

    return decorator


@rule_required(rules.can_view_competitions)
def dossier_list(request, agency_slug):
    page = Paginator(selectors.dossier_list(request.membership), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return TemplateResponse(request, "competitions/dossier_list.html", {"page": page})


def _dossier_page(request, dossier, *, status=200, **forms):
    membership = request.membership
    parts = selectors.dossier_parts(dossier)
    editable = rules.can_edit_dossier(membership, dossier)
    reviewer = rules.can_review_dossier(membership, dossier)
    context = {
        "dossier": dossier,
        **parts,
        "editable": editable,
        "reviewer": reviewer,
        "moves": services.allowed_moves(membership, dossier),
        "move_form": forms.get("move_form") or MoveForm(),
        "timeline": selectors.dossier_timeline(dossier),
        "job": selectors.latest_job(dossier),
        "copy_job": selectors.latest_job(dossier, COPY_PAGE_JOB),
        "jury_total": selectors.published_jury_total(dossier),
    }
    if editable:
        context["pick_form"] = forms.get("pick_form") or _pick_form(dossier)
    if reviewer:
        section_rows = [row.section for row in parts["sections"]]
        context["comment_form"] = forms.get("comment_form") or CommentForm(
            sections=selectors.sections_qs(dossier)
        )
        context["score_form"] = forms.get("score_form") or ScoreForm(
            sections=[s for s in section_rows if s.weight]
        )
    return TemplateResponse(request, "competitions/dossier_detail.html", context, status=status)


@with_dossier(rules.can_view_dossier)
def dossier_detail(request, dossier):
    return _dossier_page(request, dossier)


def _section_row(dossier, row_pk) -> DossierSection:
    row = (
        DossierSection.objects.filter(dossier=dossier, pk=row_pk).select_related("section").first()
    )
    if row is None:
        raise Http404("No such section.")
    return row


@with_dossier(rules.can_edit_dossier)
def section_edit(request, dossier, row_pk):
    """The in-place editor of one section (htmx): GET gives the form, POST saves it and
    gives the section back with the refreshed checklist."""
    row = _section_row(dossier, row_pk)
    form = SectionForm(request.POST or None, initial={"text": row.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.section_save(
                actor=request.membership, dossier=dossier, row=row, text=form.cleaned_data["text"]
            )
        except ValidationError as error:  # moved on meanwhile (e.g. marked ready)
            raise PermissionDenied from error
        if not request.htmx:
            return redirect("competitions:dossier", request.agency.slug, dossier.pk)
        parts = selectors.dossier_parts(dossier)
        row = next(r for r in parts["sections"] if r.pk == row.pk)
        return TemplateResponse(
            request,
            "competitions/partials/section_saved.html",
            {"dossier": dossier, "row": row, "checklist": parts["checklist"], "editable": True},
        )
    if not request.htmx and request.method == "GET":
        return redirect(
            reverse("competitions:dossier", args=[request.agency.slug, dossier.pk])
            + f"#section-{row.pk}"
        )
    return TemplateResponse(
        request,
        "competitions/partials/section_form.html",
        {"dossier": dossier, "row": row, "form": form},
    )


def _pick_form(dossier, data=None) -> PickForm:
    """What may be attached: the innovation's evidence, or for the region's own entry
    (Instansi Pembina) the region's evidence locker and its regulations in force."""
    if dossier.innovation_id:
        groups = [(_("Evidence of the innovation"), "e", dossier.innovation.evidence.all())]
    else:
        groups = [
            (
                _("The region's evidence locker"),
                "r",
                index_selectors.region_locker(dossier.agency),
            ),
            (
                _("Regulations in force (pelembagaan)"),
                "g",
                [r for r in pelembagaan.regulations_in_force(dossier.region_id) if r.file],
            ),
        ]
    return PickForm(data, requirements=selectors.requirements_qs(dossier), groups=groups)


@require_POST
@with_dossier(rules.can_edit_dossier)
def document_pick(request, dossier):
    form = _pick_form(dossier, request.POST)
    if form.is_valid():
        try:
            services.document_pick(actor=request.membership, dossier=dossier, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("competitions:dossier", request.agency.slug, dossier.pk)
    return _dossier_page(request, dossier, pick_form=form, status=400)


@require_POST
@with_dossier(rules.can_edit_dossier)
def document_drop(request, dossier, document_pk):
    document = dossier.documents.filter(pk=document_pk).select_related("evidence").first()
    if document is None:
        raise Http404("No such document.")
    try:
        services.document_drop(actor=request.membership, dossier=dossier, document=document)
    except ValidationError as error:
        raise PermissionDenied from error
    return redirect("competitions:dossier", request.agency.slug, dossier.pk)


@require_POST
@with_dossier(rules.can_review_dossier)
def comment_add(request, dossier):
    form = CommentForm(request.POST, sections=selectors.sections_qs(dossier))
    if not form.is_valid():
        return _dossier_page(request, dossier, comment_form=form, status=400)
    services.comment_add(actor=request.membership, dossier=dossier, **form.cleaned_data)
    return redirect("competitions:dossier", request.agency.slug, dossier.pk)


@require_POST
@with_dossier(rules.can_view_dossier)
def comment_resolve(request, dossier, comment_pk):
    comment = dossier.comments.filter(pk=comment_pk, resolved_at=None).first()
    if comment is None:
        raise Http404("No such open comment.")
    try:
        services.comment_resolve(actor=request.membership, dossier=dossier, comment=comment)
    except ValidationError as error:
        raise PermissionDenied from error
    return redirect("competitions:dossier", request.agency.slug, dossier.pk)


@require_POST
@with_dossier(rules.can_review_dossier)
def mock_score(request, dossier):
    sections = [row.section for row in selectors.dossier_parts(dossier)["sections"]]
    form = ScoreForm(request.POST, sections=[s for s in sections if s.weight])
    if not form.is_valid():
        return _dossier_page(request, dossier, score_form=form, status=400)
    services.mock_score_set(actor=request.membership, dossier=dossier, scores=form.scores())
    messages.success(request, _("Mock score saved."))
    return redirect("competitions:dossier", request.agency.slug, dossier.pk)


@require_POST
@with_dossier(rules.can_view_dossier)
def dossier_move(request, dossier):
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            services.dossier_move(
                actor=request.membership,
                dossier=dossier,
                move=form.cleaned_data["move"],
                result=form.cleaned_data["result"],
                reference=form.cleaned_data["reference"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            if error.code == "not_allowed":
                raise PermissionDenied from error
            form.add_error(None, error)
        else:
            messages.success(request, DOSSIER_MOVE_DONE[form.cleaned_data["move"]])
            return redirect("competitions:dossier", request.agency.slug, dossier.pk)
    return _dossier_page(request, dossier, move_form=form, status=400)


# What a dossier's move did and what comes next (no e-mail goes out for them: the team
# and the coaches see them here and on the dossier's timeline).
DOSSIER_MOVE_DONE = {
    "review": gettext_lazy(
        "Sent for internal review: the clinic's facilitators and admins comment on each "
        "section here."
    ),
    "draft": gettext_lazy("Back to draft: the team can edit its sections again."),
    "ready": gettext_lazy(
        "Marked ready: everything the checklist asks is there. Render the PDF portfolio and "
        "submit it to the organiser."
    ),
    "submit": gettext_lazy(
        "Recorded as submitted. Record each assessed stage's outcome here as it comes."
    ),
    "withdraw": gettext_lazy(
        "Withdrawn from the competition; it stays on record, and the innovation may enter again."
    ),
    "passed": gettext_lazy(
        "The stage is recorded as passed; record the next stage's outcome, or the result, here."
    ),
    "not_passed": gettext_lazy("The stage is recorded as not passed; the dossier is decided."),
    "result": gettext_lazy(
        "The result is recorded. A winning one shows on the agency's awards wall (for an "
        "internal competition, once its results are published)."
    ),
}


# --- The Instansi Pembina workspace -------------------------------------------------------


def _institution_only(dossier):
    if dossier.innovation_id is not None:
        raise Http404("Not the region's own entry.")


def _worksheet_page(request, dossier, form=None, status=200):
    figures = pembina.figures(dossier, request.agency.slug)
    worksheet = selectors.worksheet_of(dossier)
    editable = rules.can_edit_dossier(request.membership, dossier)
    form = form or PembinaForm(figures=figures, worksheet=worksheet)
    aspects = [
        (
            title,
            [
                (figure, form.field_of(figure), _corrected(form.field_of(figure), figure))
                for figure in figures
                if figure.aspect == aspect
            ],
            form[f"note_{aspect}"],
        )
        for aspect, title in pembina.ASPECTS
    ]
    return TemplateResponse(
        request,
        "competitions/pembina.html",
        {
            "dossier": dossier,
            "form": form,
            "aspects": aspects,
            "worksheet": worksheet,
            "editable": editable,
            "until": pembina.until_of(dossier),
        },
        status=status,
    )


def _corrected(field, figure) -> bool:
    """Whether the value in the dossier is not the one the portal counted."""
    try:
        return Decimal(str(field.value())) != figure.value
    except (InvalidOperation, TypeError):
        return True


@with_dossier(rules.can_view_dossier)
def pembina_workspace(request, dossier):
    """The region's own entry: each aspect's figures counted from the portal, linked to
    their records, checked and corrected, then frozen into the dossier's sections."""
    _institution_only(dossier)
    if request.method != "POST":
        return _worksheet_page(request, dossier)
    if not rules.can_edit_dossier(request.membership, dossier):
        raise PermissionDenied
    figures = pembina.figures(dossier, request.agency.slug)
    form = PembinaForm(request.POST, figures=figures)
    if form.is_valid():
        freeze = request.POST.get("action") == "freeze"
        try:
            services.worksheet_save(
                actor=request.membership,
                dossier=dossier,
                values=form.values(),
                notes=form.notes(),
                freeze=freeze,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, WORKSHEET_DONE[freeze])
            if freeze:
                return redirect("competitions:dossier", request.agency.slug, dossier.pk)
            return redirect("competitions:pembina", request.agency.slug, dossier.pk)
    return _worksheet_page(request, dossier, form, status=400)


WORKSHEET_DONE = {
    False: gettext_lazy("The figures are saved; freeze them into the dossier when they are right."),
    True: gettext_lazy(
        "The figures are written into the three aspects' sections: read them, complete them "
        "in place, pick the documents and mark the dossier ready."
    ),
}


@with_dossier(rules.can_view_dossier)
def pembina_records(request, dossier, key):
    """The records one figure counts."""
    _institution_only(dossier)
    figure = next((f for f in pembina.figures(dossier, request.agency.slug) if f.key == key), None)
    if figure is None:
        raise Http404("No such figure.")
    return TemplateResponse(
        request,
        "competitions/pembina_records.html",
        {"dossier": dossier, "figure": figure, "until": pembina.until_of(dossier)},
    )


# --- Portfolio and regional export jobs ---------------------------------------------------


# A dossier's documents made in the background: the job partial and the file's name.
DOSSIER_JOBS = {
    PORTFOLIO_JOB: ("competitions/partials/portfolio_job.html", "{title}.pdf"),
    COPY_PAGE_JOB: ("competitions/partials/copy_page_job.html", "{title} - salin.html"),
}


def _dossier_job(request, dossier, kind):
    """GET: the job's state (polled by htmx). POST: make it (again), cancel or retry the
    job shown."""
    job = selectors.latest_job(dossier, kind)
    if request.method == "POST":
        jobs.act(
            request.POST.get("action", ""),
            job,
            start=lambda: services.dossier_job_request(
                user=request.user, dossier=dossier, kind=kind
            ),
        )
        if not request.htmx:
            return redirect("competitions:dossier", request.agency.slug, dossier.pk)
        job = selectors.latest_job(dossier, kind)
    return TemplateResponse(request, DOSSIER_JOBS[kind][0], {"dossier": dossier, "job": job})


def _dossier_download(dossier, kind):
    job = selectors.latest_job(dossier, kind, ready=True)
    if job is None:
        raise Http404("Not made yet.")
    return private_attachment(job.file, DOSSIER_JOBS[kind][1].format(title=dossier.title))


@with_dossier(rules.can_render_portfolio)
def portfolio(request, dossier):
    return _dossier_job(request, dossier, PORTFOLIO_JOB)


@with_dossier(rules.can_render_portfolio)
def portfolio_download(request, dossier):
    return _dossier_download(dossier, PORTFOLIO_JOB)


@with_dossier(rules.can_render_portfolio)
def copy_page(request, dossier):
    """The copy-ready page for the organiser's application (SINOVIK, PKRI)."""
    return _dossier_job(request, dossier, COPY_PAGE_JOB)


@with_dossier(rules.can_render_portfolio)
def copy_page_download(request, dossier):
    return _dossier_download(dossier, COPY_PAGE_JOB)


def season_report(request, agency_slug, pk):
    """The competition's season report for the head of region (a job; the coordinator)."""
    competition = _kept_competition(request, pk)
    job = selectors.season_report_job(competition)
    if request.method == "POST":
        jobs.act(
            request.POST.get("action", ""),
            job,
            start=lambda: services.season_report_request(
                user=request.user, competition=competition
            ),
        )
        if not request.htmx:
            return redirect("competitions:detail", agency_slug, pk)
        job = selectors.season_report_job(competition)
    return TemplateResponse(
        request,
        "competitions/partials/season_report_job.html",
        {"competition": competition, "job": job},
    )


def season_report_download(request, agency_slug, pk):
    competition = _kept_competition(request, pk)
    job = selectors.season_report_job(competition, ready=True)
    if job is None:
        raise Http404("Not made yet.")
    return private_attachment(job.file, f"Laporan musim {competition}.pdf")


EXPORT_MAX = 200


def _region_filter_form(request, data):
    return RegionFilterForm(
        data or None,
        competitions=selectors.competitions_for(request.agency),
        agencies=selectors.region_agencies(request.agency),
    )


def _region_filters(request, data) -> dict:
    form = _region_filter_form(request, data)
    return form.cleaned_data if form.is_valid() else {}


@rule_required(rules.can_view_region)
def region(request, agency_slug):
    filters = _region_filter_form(request, request.GET)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    page = Paginator(selectors.region_dossiers(request.agency, criteria), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "results": selectors.region_results(request.agency),
        "jobs": selectors.region_jobs(request.agency),
    }
    if request.htmx and request.htmx.target == "region-rows":
        return TemplateResponse(request, "competitions/region.html#region-rows", context)
    return TemplateResponse(request, "competitions/region.html", context)


@require_POST
@rule_required(rules.can_view_region)
def region_export(request, agency_slug):
    """Export the ticked dossiers, or with ``all`` every dossier the filters match (the
    table shows one page at a time), at most EXPORT_MAX."""
    dossiers = selectors.region_dossiers(request.agency, _region_filters(request, request.POST))
    if not request.POST.get("all"):
        ids = [int(i) for i in request.POST.getlist("dossier") if i.isdigit()]
        dossiers = dossiers.filter(pk__in=ids)
    chosen = list(dossiers.values_list("pk", flat=True)[: EXPORT_MAX + 1])
    if not chosen:
        messages.error(request, _("Tick at least one dossier to export."))
        return redirect("competitions:region", agency_slug)
    if len(chosen) > EXPORT_MAX:
        chosen = chosen[:EXPORT_MAX]
        messages.warning(
            request,
            _("One export holds at most %(max)s dossiers; narrow the filters to export the rest.")
            % {"max": EXPORT_MAX},
        )
    job = services.region_export_request(
        user=request.user, coordinator=request.agency, dossier_ids=chosen
    )
    return redirect("competitions:region_job", agency_slug, job.pk)


def _region_job(request, pk):
    job = selectors.region_job(request.agency, pk)
    if job is None:
        raise Http404("No such export.")
    if not rules.can_view_region(request.membership, job):
        raise PermissionDenied
    return job


def region_job(request, agency_slug, pk):
    """The export's page; POST cancels or retries it (from the job partial)."""
    job = _region_job(request, pk)
    if request.method == "POST":
        job = jobs.act(request.POST.get("action", ""), job, start=lambda: job)
        if not request.htmx:
            return redirect("competitions:region_job", agency_slug, job.pk)
    template = "competitions/region_job.html"
    if request.htmx:
        template += "#job-state"
    return TemplateResponse(request, template, {"job": job})


def region_job_download(request, agency_slug, pk):
    job = _region_job(request, pk)
    if job.status != JobStatus.READY or not job.file:
        raise Http404("The export is not ready.")
    return private_attachment(job.file, job.file.name.rsplit("/", 1)[-1])


# --- Internal judging ---------------------------------------------------------------------


def _jury_competition(request, pk, rule=None) -> Competition:
    """An internal competition the agency keeps (404 otherwise), if ``rule`` allows (403)."""
    competition = selectors.jury_competition(request.agency, pk)
    if competition is None:
        raise Http404("No such internal competition.")
    if rule is not None and not rule(request.membership, competition):
        raise PermissionDenied
    return competition


def _keeper_members(request):
    return User.objects.filter(
        memberships__agency=request.agency, memberships__is_active=True
    ).order_by("email")


def jury(request, agency_slug, pk):
    """The coordinator appoints jurors and sees the ranking; a juror sees what to score."""
    competition = _jury_competition(request, pk)
    manager = rules.can_manage_jury(request.membership, competition)
    if not (manager or rules.can_judge(request.membership, competition)):
        raise PermissionDenied
    context = {
        "competition": competition,
        "manager": manager,
        "board": selectors.jury_board(competition, juror=None if manager else request.user),
    }
    if manager:
        context["juror_form"] = JurorForm(members=_keeper_members(request))
    return TemplateResponse(request, "competitions/jury.html", context)


@require_POST
def jury_add(request, agency_slug, pk):
    competition = _jury_competition(request, pk, rules.can_manage_jury)
    form = JurorForm(request.POST, members=_keeper_members(request))
    if form.is_valid():
        try:
            services.juror_add(
                actor=request.membership, competition=competition, user=form.cleaned_data["user"]
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
    else:
        messages.error(request, _("Choose a member of the agency."))
    return redirect("competitions:jury", agency_slug, competition.pk)


@require_POST
def jury_remove(request, agency_slug, pk, juror_pk):
    competition = _jury_competition(request, pk, rules.can_manage_jury)
    competition.jurors.filter(pk=juror_pk).delete()
    return redirect("competitions:jury", agency_slug, competition.pk)


def jury_score(request, agency_slug, pk, dossier_pk):
    competition = _jury_competition(request, pk, rules.can_judge)
    dossier = selectors.jury_dossier(competition, dossier_pk)
    if dossier is None:
        raise Http404("No such dossier.")
    parts = selectors.dossier_parts(dossier)
    sections = [row.section for row in parts["sections"] if row.section.weight]
    form = ScoreForm(request.POST or None, sections=sections, required=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.jury_score_set(
                actor=request.membership,
                competition=competition,
                dossier=dossier,
                scores=form.scores(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your scores are saved."))
            return redirect("competitions:jury", agency_slug, competition.pk)
    return TemplateResponse(
        request,
        "competitions/jury_score.html",
        {"competition": competition, "dossier": dossier, "form": form, **parts},
        status=400 if form.errors else 200,
    )
