"""The region's register, for its coordinators (Bappeda, and Bagian Organisasi Setda where
it shares the role), under their own address ``/<agency_slug>/innovations/region/``:
every agency's innovations from "submitted" on, read-only; each one's read-only page; and
the "one agency, three innovations" board with the targets they set.

An agency's own pages stay its own: a coordinator reads another agency's innovation here,
never at that agency's address (which answers 404 to it)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from clinics.tenancy import found_and_allowed, rule_required
from innovations import rules, selectors, services
from innovations.forms import RegionalTargetForm, RegisterFilterForm
from innovations.views import export

PAGE_SIZE = 20


@rule_required(rules.can_view_register)
def register(request, agency_slug):
    form = RegisterFilterForm(request.GET or None, agency=request.agency)
    criteria = form.cleaned_data if form.is_valid() else {}
    items = selectors.region_register(request.membership, filters=criteria)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filters": form, "page": page, "query": query.urlencode(), "region": True}
    template = "innovations/register.html"
    if request.htmx and not request.htmx.boosted:
        template += "#register-rows"
    else:
        context["export_job"] = selectors.latest_export(request.membership, region=True)
    return TemplateResponse(request, template, context)


@rule_required(rules.can_view_register)
def register_export(request, agency_slug):
    """The register as XLSX or CSV, with its filters: a background job (as the list's)."""
    return export(request, region=True)


def register_detail(request, agency_slug, pk):
    """One innovation of the region, read-only: found first (404 for a draft, another
    region's, or anyone who is not a coordinator), then the rule."""
    innovation = found_and_allowed(
        request, selectors.region_innovation_get(request.membership, pk), rules.can_view_register
    )
    context = {"innovation": innovation, **selectors.region_innovation_parts(innovation)}
    return TemplateResponse(request, "innovations/register_detail.html", context)


def _year(request) -> int:
    value = request.GET.get("year", "")
    if value.isascii() and value.isdigit() and 2000 <= int(value) <= 2100:
        return int(value)
    return timezone.localdate().year


@rule_required(rules.can_view_register)
def register_targets(request, agency_slug):
    """The board (GET, for a year) and a target set for an agency (POST)."""
    year = _year(request)
    region_id = request.agency.region_id
    form = RegionalTargetForm(request.POST or None, region_id=region_id, initial={"year": year})
    if request.method == "POST":
        if not rules.can_set_regional_targets(request.membership):
            raise PermissionDenied
        if form.is_valid():
            try:
                target = services.regional_target_set(actor=request.membership, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("%(agency)s's target for %(year)s is %(count)s new innovations.")
                    % {"agency": target.agency, "year": target.year, "count": target.count},
                )
                return redirect(f"{request.path}?year={target.year}")
    context = {
        "year": year,
        "years": range(year - 2, year + 2),
        "board": selectors.region_board(region_id, year),
        "form": form,
    }
    status = 400 if form.errors else 200
    return TemplateResponse(request, "innovations/register_targets.html", context, status=status)
