"""Tenant resolution: the one place that turns ``/<agency_slug>/...`` into an agency.

``AgencyMiddleware`` resolves the agency and the user's active membership once per
request and runs the rest of the request inside ``scope(agency=...)`` and the agency's
time zone. Every URL that carries ``agency_slug`` is private to the agency's members:
anyone else gets the portal's 404 (never a 403 that would confirm the agency's pages
exist), and an anonymous visitor is sent to sign in. The one exception is an open clinic's
booking pages (``open_clinic_view``). Inside the agency, a member whose
role does not allow a page gets a 403 from ``rule_required``.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from clinics.context_processors import LAST_CLINIC_COOKIE
from clinics.models import Agency, Membership
from clinics.selectors import region_coordinators

Rule = Callable[[Membership | None, object], bool]


class AgencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.agency = None
        request.membership = None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)

        if match.namespace == "admin":
            # The operators' admin site sees every agency: a named cross-tenant channel,
            # open only to portal operators (is_staff), as the admin site itself checks.
            with scopes_disabled():
                return self._render(self.get_response(request))

        slug = match.kwargs.get("agency_slug")
        if slug is None:
            return self.get_response(request)

        agency = Agency.objects.select_related("region").filter(slug=slug).first()
        if agency is None:
            raise Http404("No such agency.")
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        membership = (
            Membership.objects.with_scope(agency=agency)
            .filter(user=request.user, is_active=True)
            .select_related("unit")
            .first()
        )
        if membership is None and not (
            agency.is_open and getattr(match.func, "open_clinic", False)
        ):
            raise Http404("Not a member of this agency.")
        if membership is not None:
            membership.agency = agency
        request.agency = agency
        request.membership = membership
        with scope(agency=agency), timezone.override(agency.zoneinfo):
            response = self._render(self.get_response(request))
        if membership is not None and request.COOKIES.get(LAST_CLINIC_COOKIE) != agency.slug:
            response.set_cookie(
                LAST_CLINIC_COOKIE,
                agency.slug,
                max_age=365 * 24 * 3600,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    @staticmethod
    def _render(response):
        """Render lazy template responses inside the scope, so template queries are scoped."""
        if isinstance(response, TemplateResponse) and not response.is_rendered:
            response.render()
        return response


def open_clinic_view(view):
    """Mark a view of a clinic's booking pages that signed-in staff of *other* agencies may
    use when the clinic is open to them (Agency.is_open); for them request.membership is
    None. A closed clinic stays a 404 for outsiders."""
    view.open_clinic = True
    return view


def rule_required(rule: Rule):
    """Let the view run only when ``rule(request.membership)`` holds; 403 otherwise."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not rule(request.membership, None):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.rule = rule
        return wrapper

    return decorator


def found_and_allowed(request, obj, rule: Rule):
    """``obj`` as the view's selector found it for the member, if ``rule`` allows: 404
    when it found nothing (another agency's or region's object, never said to exist), 403
    when the member may not."""
    if obj is None:
        raise Http404("Not found for this member.")
    if not rule(request.membership, obj):
        raise PermissionDenied
    return obj


def coordinators_scope(view):
    """For a coordinator of the region: run the view in the scope of every coordinating
    agency of the region, which keep the region's records together (its competitions, the
    index's seasons, editions and locker), and render it there. A second coordinating
    agency (Bagian Organisasi Setda beside Bappeda) then works on what the first keeps.
    For anyone else the view runs as it is, in their own agency's scope."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        membership = request.membership
        if membership is None or not membership.is_coordinator:
            return view(request, *args, **kwargs)
        keepers = [agency.pk for agency in region_coordinators(request.agency.region_id)]
        with scope(agency=keepers):
            return AgencyMiddleware._render(view(request, *args, **kwargs))

    return wrapper
