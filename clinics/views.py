"""Pages of the clinics app: the portal's front door, invitations and the clinic itself.

Views parse, authorise (``rule_required``), call a service or selector and render.
Every page under ``/<agency_slug>/`` runs inside the agency's scope (clinics.tenancy).
"""

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import i18n
from django.views.decorators.http import require_POST

from clinics import rules, selectors, services
from clinics.forms import (
    INVITATION_SESSION_KEY,
    AdminInvitationForm,
    AgencyOnboardingForm,
    ClinicSettingsForm,
    InvitationForm,
    MemberFilterForm,
    MembershipForm,
    PartnerForm,
    UnitForm,
)
from clinics.models import Invitation, Membership, Partner, Unit, User
from clinics.records import PAGE_SIZE, AgencyRecords
from clinics.tenancy import found_and_allowed, rule_required
from competitions import selectors as competition_selectors
from consultations import rules as consultation_rules
from consultations import selectors as consultation_selectors
from innovations import selectors as innovation_selectors
from klikbaik.links import portal_url


def home(request):
    """The front door: a welcome for visitors, the right clinic (or a picker) for members."""
    if not request.user.is_authenticated:
        return TemplateResponse(request, "clinics/welcome.html")
    memberships = selectors.membership_list_for_user(request.user)
    if len(memberships) == 1 and not request.GET.get("pick"):
        return redirect("clinics:home", agency_slug=memberships[0].agency.slug)
    return TemplateResponse(request, "clinics/agency_picker.html", {"memberships": memberships})


@require_POST
def language_set(request):
    """The header's language switch: Django's own (cookie and the way back), and for a
    signed-in person the choice kept on their profile (clinics.language)."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in {code for code, _n in settings.LANGUAGES}:
        services.user_language_set(user=request.user, language=language)
    return response


def invitation_accept(request, token):
    """Where an invitation link lands: explain it, then sign up or sign in to accept."""
    invitation = selectors.invitation_for_token_hash(services.token_hash(token))
    if invitation is None:
        raise Http404("Unknown invitation.")
    context = {"invitation": invitation, "agency": invitation.agency}
    try:
        services.invitation_check(invitation)
    except ValidationError as exc:
        context["problem"] = exc.messages[0]
        return TemplateResponse(request, "clinics/invitation.html", context, status=410)

    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                membership = services.invitation_accept(invitation=invitation, user=request.user)
            except ValidationError as exc:
                context["problem"] = exc.messages[0]
            else:
                messages.success(
                    request, _("Welcome to %(clinic)s!") % {"clinic": membership.agency.clinic_name}
                )
                return redirect("clinics:home", agency_slug=membership.agency.slug)
        elif request.user.email.lower() != invitation.email.lower():
            context["problem"] = services.ERRORS["invitation_other_email"] % {
                "email": invitation.email
            }
        return TemplateResponse(request, "clinics/invitation.html", context)

    context["has_account"] = User.objects.filter(email__iexact=invitation.email).exists()
    if request.method == "POST" and not context["has_account"]:
        request.session[INVITATION_SESSION_KEY] = {
            "token_hash": invitation.token_hash,
            "email": invitation.email,
        }
        # The link came by e-mail to this address: that proves the address is theirs.
        get_adapter(request).stash_verified_email(request, invitation.email)
        return redirect("account_signup")
    context["login_url"] = reverse("account_login") + "?next=" + request.path
    return TemplateResponse(request, "clinics/invitation.html", context)


@rule_required(rules.can_view_clinic)
def clinic_home(request, agency_slug):
    membership = request.membership
    context = {
        "overview": selectors.clinic_overview(request.agency) if membership.is_admin else None,
        **innovation_selectors.home_summary(membership),
        **_next_steps(request),
    }
    return TemplateResponse(request, "clinics/clinic_home.html", context)


def _next_steps(request) -> dict:
    """What a person's home starts with, by role: their own ideas and sessions; for a
    facilitator the requests to confirm, today's sessions and the ideas in coaching; for
    an admin the region's competition deadlines (the rest comes from home_summary)."""
    membership, agency = request.membership, request.agency
    steps = {
        "my_ideas": list(
            innovation_selectors.innovation_list(membership, filters={"mine": True})[:10]
        ),
        "my_sessions": consultation_selectors.sessions_for_user(request.user)[:5],
        "open_clinics": selectors.open_clinics(request.user, here=agency),
    }
    if consultation_rules.can_keep_calendar(membership):
        steps["waiting"] = consultation_selectors.requests_waiting(request.user, agency)
        steps["today"] = consultation_selectors.sessions_on(
            request.user, agency, timezone.localdate()
        )
        steps["coaching"] = list(innovation_selectors.in_coaching(agency)[:8])
    if membership.is_admin:
        steps["deadlines"] = competition_selectors.deadlines_ahead(agency)
    return steps


@rule_required(rules.can_view_clinic)
def clinic_help(request, agency_slug):
    """A short help page for the person's role: what the portal does for them, the steps
    of their main job, and who to ask."""
    return TemplateResponse(
        request,
        "clinics/help.html",
        {"admins": selectors.admins_of(request.agency)},
    )


@rule_required(rules.can_view_clinic)
def floor(request, agency_slug):
    """The base template behind the same middleware and nothing else: the floor that the
    benchmark (``make bench``) compares every page with."""
    return TemplateResponse(request, "clinics/floor.html")


@rule_required(rules.can_view_clinic)
def agency_logo(request, agency_slug):
    logo = request.agency.logo
    if not logo:
        raise Http404("No logo.")
    response = FileResponse(logo.open("rb"), content_type=None)
    response["Cache-Control"] = "private, max-age=3600"
    return response


@rule_required(rules.can_manage_members)
def member_list(request, agency_slug):
    filters = MemberFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    members = selectors.member_list(
        request.agency, role=criteria.get("role", ""), query=criteria.get("q", "")
    )
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "invitations": selectors.invitation_open_list(request.agency),
    }
    template = "clinics/member_list.html"
    if request.htmx:
        template += "#member-rows"
    return TemplateResponse(request, template, context)


def _accept_url(raw_token: str) -> str:
    """The invitation's link, on the portal's own address (not the request's Host)."""
    return portal_url("invitation_accept", raw_token)


@rule_required(rules.can_manage_members)
def member_invite(request, agency_slug):
    form = InvitationForm(request.POST or None, agency=request.agency)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                actor=request.membership,
                build_url=_accept_url,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error("email", exc)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % form.cleaned_data)
            return redirect("clinics:members", agency_slug=agency_slug)
    return TemplateResponse(request, "clinics/member_invite.html", {"form": form})


@rule_required(rules.can_manage_members)
def member_edit(request, agency_slug, pk):
    membership = get_object_or_404(
        Membership.objects.select_related("user", "unit"), pk=pk, agency=request.agency
    )
    form = MembershipForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(
                actor=request.membership, membership=membership, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("%(name)s's membership was saved.") % {"name": membership.user}
            )
            return redirect("clinics:members", agency_slug=agency_slug)
    return TemplateResponse(
        request, "clinics/member_edit.html", {"form": form, "member": membership}
    )


def _pending_invitation_action(request, pk, action, done_message):
    invitation = get_object_or_404(Invitation, pk=pk, agency=request.agency)
    try:
        action(invitation)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, done_message % {"email": invitation.email})
    return redirect("clinics:members", agency_slug=request.agency.slug)


@require_POST
@rule_required(rules.can_manage_members)
def invitation_resend(request, agency_slug, pk):
    return _pending_invitation_action(
        request,
        pk,
        lambda inv: services.invitation_resend(
            actor=request.membership, invitation=inv, build_url=_accept_url
        ),
        _("A new invitation link was sent to %(email)s."),
    )


@require_POST
@rule_required(rules.can_manage_members)
def invitation_revoke(request, agency_slug, pk):
    return _pending_invitation_action(
        request,
        pk,
        lambda inv: services.invitation_revoke(actor=request.membership, invitation=inv),
        _("The invitation to %(email)s was withdrawn."),
    )


@rule_required(rules.can_edit_clinic)
def clinic_settings(request, agency_slug):
    form = ClinicSettingsForm(request.POST or None, request.FILES or None, instance=request.agency)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("The clinic's settings were saved."))
            return redirect("clinics:settings", agency_slug=agency_slug)
        messages.error(request, _("Please correct the errors below."))
    return TemplateResponse(request, "clinics/clinic_settings.html", {"form": form})


units = AgencyRecords(
    model=Unit,
    form_class=UnitForm,
    list_selector=selectors.unit_list,
    view_rule=rules.can_view_units,
    manage_rule=rules.can_manage_units,
    list_url_name="clinics:units",
    list_template="clinics/unit_list.html",
    title=gettext_lazy("Units"),
    add_label=gettext_lazy("Add a unit"),
)
partners = AgencyRecords(
    model=Partner,
    form_class=PartnerForm,
    list_selector=selectors.partner_list,
    view_rule=rules.can_view_partners,
    manage_rule=rules.can_manage_partners,
    list_url_name="clinics:partners",
    list_template="clinics/partner_list.html",
    title=gettext_lazy("Partners"),
    add_label=gettext_lazy("Add a partner"),
)


# Onboarding: the region's coordinators set up the region's agencies (operators keep the
# admin site for everything else).


@rule_required(rules.can_coordinate_region)
def region_agencies(request, agency_slug):
    agencies = selectors.region_agency_overview(request.agency.region_id)
    page = Paginator(agencies, PAGE_SIZE).get_page(request.GET.get("page"))
    return TemplateResponse(request, "clinics/region_agencies.html", {"page": page})


@rule_required(rules.can_coordinate_region)
def agency_onboard(request, agency_slug):
    form = AgencyOnboardingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.agency_onboard(
                actor=request.membership,
                fields=form.agency_fields(),
                units=form.cleaned_data["units"],
                admin_email=form.cleaned_data["admin_email"],
                build_url=_accept_url,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("%(agency)s is set up; its first admin's invitation is on its way to %(email)s.")
                % {"agency": agency.name, "email": form.cleaned_data["admin_email"]},
            )
            return redirect("clinics:region_agencies", agency_slug=agency_slug)
    status = 400 if form.errors else 200
    return TemplateResponse(request, "clinics/agency_onboard.html", {"form": form}, status=status)


def region_agency_invite(request, agency_slug, pk):
    """Invite an admin to an agency of the region (found first: 404 outside the region or
    for anyone who is not its coordinator; then the rule)."""
    agency = found_and_allowed(
        request, selectors.region_agency_get(request.membership, pk), rules.can_coordinate_region
    )
    form = AdminInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_admin_invite(
                actor=request.membership,
                agency=agency,
                email=form.cleaned_data["email"],
                build_url=_accept_url,
            )
        except ValidationError as exc:
            form.add_error("email", exc)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % form.cleaned_data)
            return redirect("clinics:region_agencies", agency_slug=agency_slug)
    status = 400 if form.errors else 200
    return TemplateResponse(
        request,
        "clinics/region_agency_invite.html",
        {"form": form, "invited_agency": agency},
        status=status,
    )
