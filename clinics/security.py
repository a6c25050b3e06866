"""Sessions fit for a shared office computer, and the second factor that admins must use.

- **Idle sessions end.** A session unused for ``SESSION_IDLE_MINUTES`` is signed out on
  its next request (the cookie itself ends when the browser closes, and after
  ``SESSION_COOKIE_AGE`` at the latest). The last activity is written at most once a
  minute, so pages do not pay a session write each.
- **Admins use a second factor.** Portal operators (staff, superusers) and every clinic or
  regional admin must turn on TOTP two-factor sign-in (with recovery codes). From the
  moment the portal first sees someone in such a role they have ``MFA_GRACE_DAYS`` to do
  it, with a reminder on every page; after that every page but the account pages leads to
  the set-up. The requirement is worked out when they sign in and kept in the session;
  the two-factor pages (where it is turned on or off) work it out again.
"""

import time
from datetime import datetime, timedelta

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clinics.selectors import membership_list_for_user

LAST_SEEN = "klikbaik.last_seen"
MFA_DUE = "klikbaik.mfa_due"
# Pages open to someone whose second factor is overdue: setting it up, and the account.
MFA_EXEMPT_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/healthz")
MFA_PAGES = "/accounts/2fa/"


def _leave(request, url):
    """Send the browser to ``url``; an htmx request is told to go there as a whole page."""
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN, now)
            if now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
                logout(request)
                messages.info(
                    request,
                    _("You were signed out after %(minutes)d minutes without activity.")
                    % {"minutes": settings.SESSION_IDLE_MINUTES},
                )
                return _leave(request, f"{reverse('account_login')}?next={request.path}")
            if now - request.session.get(LAST_SEEN, 0) >= 60:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


def second_factor_required(user) -> bool:
    return (
        user.is_staff
        or user.is_superuser
        or any(m.is_admin for m in membership_list_for_user(user))
    )


def _has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def second_factor_due(user) -> datetime | None:
    """When ``user`` must have a second factor by, or None if they need none or have it.
    The grace starts the first time this is asked while they need one."""
    required = second_factor_required(user)
    if not required and user.mfa_required_since is not None:
        user.mfa_required_since = None
        user.save(update_fields=["mfa_required_since"])
    if not required or _has_totp(user):
        return None
    if user.mfa_required_since is None:
        user.mfa_required_since = timezone.now()
        user.save(update_fields=["mfa_required_since"])
    return user.mfa_required_since + timedelta(days=settings.MFA_GRACE_DAYS)


def remember_second_factor_due(request, user, **kwargs) -> None:
    """On sign-in (``user_logged_in``) and on the two-factor pages: keep it in the session."""
    if hasattr(request, "session"):
        due = second_factor_due(user)
        request.session[MFA_DUE] = due.isoformat() if due else ""
        request.session[LAST_SEEN] = int(time.time())


class SecondFactorMiddleware:
    """Sets ``request.second_factor_due`` (the reminder in base.html) and, once it has
    passed, leads every page but the account pages to the two-factor set-up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.second_factor_due = None
        request.second_factor_overdue = False
        if request.user.is_authenticated:
            # Not yet known (a session older than this check), or maybe just turned on/off.
            if MFA_DUE not in request.session or request.path.startswith(MFA_PAGES):
                remember_second_factor_due(request, request.user)
            stored = request.session[MFA_DUE]
            request.second_factor_due = datetime.fromisoformat(stored) if stored else None
            request.second_factor_overdue = bool(
                request.second_factor_due and request.second_factor_due <= timezone.now()
            )
            if request.second_factor_overdue and not request.path.startswith(MFA_EXEMPT_PREFIXES):
                return _leave(request, reverse("mfa_activate_totp"))
        return self.get_response(request)
