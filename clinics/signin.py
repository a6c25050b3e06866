"""Sign-in limits that protect without locking anyone out, and the 429 page.

Failed sign-ins are limited per client address and per account (``login_failed`` in
``ACCOUNT_RATE_LIMITS``). A per-account limit alone would let anyone lock a named person
out by typing wrong passwords for them, so a browser that has signed in to the account
before is recognised by a signed *device cookie* (OWASP, "Slow down online guessing
attacks with device cookies") and counts only its own failures (``login_failed_device``):
a stranger's guessing never refuses the owner's right password on their own computer.
New browsers during a lockout are told how long to wait (or to reset the password, which
clears the lock). Successful sign-ins are not limited at all.

The cookie holds, per account that signed in on this browser (a shared office computer
serves several people), a keyed hash of the address and a random device id: no address,
nothing that signs anyone in.
"""

import math
import secrets
import time

from allauth.core.internal.ratelimit import get_cache_key, get_rates
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

DEVICE_COOKIE = "klikbaik_device"
_SALT = "clinics.signin.device"
# Accounts remembered per browser; the oldest is forgotten first.
MAX_ACCOUNTS_PER_DEVICE = 8
RATE_APP = "allauth.account"


def _account_tag(login: str) -> str:
    return salted_hmac(_SALT, login.strip().lower()).hexdigest()[:32]


def _devices(request) -> dict:
    raw = request.COOKIES.get(DEVICE_COOKIE)
    if not raw:
        return {}
    try:
        devices = signing.loads(raw, salt=_SALT, max_age=settings.SIGNIN_DEVICE_DAYS * 86400)
    except signing.BadSignature:
        return {}
    return devices if isinstance(devices, dict) else {}


def known_device(request, login: str) -> str | None:
    """This browser's device id for the account ``login`` if it signed in to it before."""
    return _devices(request).get(_account_tag(login))


def remember_device(request, response, user) -> None:
    """After a successful sign-in (all factors): remember this browser for the account."""
    devices = _devices(request)
    tag = _account_tag(user.email)
    device = devices.pop(tag, None) or secrets.token_urlsafe(16)
    devices[tag] = device
    kept = dict(list(devices.items())[-MAX_ACCOUNTS_PER_DEVICE:])
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(kept, salt=_SALT, compress=True),
        max_age=settings.SIGNIN_DEVICE_DAYS * 86400,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def seconds_to_wait(request, action: str, key: str | None = None) -> int:
    """How long until ``action`` is allowed again for this request: exact for the limits
    that can be read back (per address, per user, per the given key), otherwise the longest
    window of the action's limits (after it every one of them has cleared)."""
    now = time.time()
    exact, windows = [], []
    for rate in get_rates(app=RATE_APP, action=action):
        windows.append(rate.duration)
        if (rate.per == "key" and key is None) or (
            rate.per == "user" and not request.user.is_authenticated
        ):
            continue
        cache_key = get_cache_key(request, app=RATE_APP, action=action, rate=rate, key=key)
        recent = [stamp for stamp in cache.get(cache_key, []) if stamp > now - rate.duration]
        if len(recent) >= rate.amount:
            exact.append(min(recent) + rate.duration - now)
    return max(1, math.ceil(max(exact or windows or [60])))


def wait_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "Please wait %(minutes)d minute before you try again.",
        "Please wait %(minutes)d minutes before you try again.",
        minutes,
    ) % {"minutes": minutes}


def too_many_failures_message(seconds: int) -> str:
    return " ".join(
        [
            _("Too many failed sign-ins for this account from this browser."),
            wait_message(seconds),
            _("If you forgot your password, reset it: that lifts the wait at once."),
        ]
    )


# allauth's limited views, by URL name, and the limit each one uses.
_ACTIONS = {
    "account_login": "login",
    "account_signup": "signup",
    "account_reset_password": "reset_password",
    "account_reset_password_from_key": "reset_password_from_key",
    "account_change_password": "change_password",
    "account_email": "manage_email",
    "account_reauthenticate": "reauthenticate",
    "account_email_verification_sent": "confirm_email",
    "account_request_login_code": "request_login_code",
}


def too_many_requests(request, exception=None):
    """The 429 page (allauth's ``handler429``): the portal's look, the visitor's language,
    and when to try again (also as ``Retry-After``)."""
    try:
        action = _ACTIONS.get(resolve(request.path_info).url_name)
    except Resolver404:
        action = None
    seconds = seconds_to_wait(request, action) if action else 60
    response = TemplateResponse(
        request, "429.html", {"wait_message": wait_message(seconds)}, status=429
    )
    response["Retry-After"] = str(seconds)
    return response
