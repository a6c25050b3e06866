"""django-allauth hooks: sign-up only through an invitation, which it then accepts;
failed sign-ins limited without locking anyone out (clinics/signin.py); the account
e-mails built like every other e-mail of the portal (klikbaik.mail)."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clinics import services, signin
from clinics.forms import INVITATION_SESSION_KEY
from clinics.selectors import invitation_for_token_hash
from klikbaik.mail import build_email


def pending_invitation(request):
    """The still-valid invitation this browser is signing up with, if any."""
    stored = request.session.get(INVITATION_SESSION_KEY)
    if not stored:
        return None
    invitation = invitation_for_token_hash(stored["token_hash"])
    if invitation is None or invitation.status != invitation.Status.PENDING:
        return None
    return invitation


logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # allauth's own Indonesian reads "dan/atau ... yang anda masukkan": say it plainly.
        "email_password_mismatch": _(
            "The e-mail address or the password is not right. Check both and try again."
        ),
    }

    def get_client_ip(self, request):
        """The client's address per TRUSTED_PROXY_COUNT / TRUSTED_CLIENT_IP_HEADER; a request
        with fewer forwarded addresses than proxies configured (one that bypassed a proxy)
        counts under the address that connected, instead of failing."""
        try:
            return super().get_client_ip(request)
        except ImproperlyConfigured:
            logger.warning("X-Forwarded-For has fewer addresses than TRUSTED_PROXY_COUNT.")
            return request.META["REMOTE_ADDR"]

    def pre_authenticate(self, request, **credentials):
        """Count this attempt before the password is checked: against this browser's own
        limit when it signed in to the account before, else against the client address
        and the account (allauth's). Refused attempts say how long to wait."""
        login = credentials.get("email", "")
        device = signin.known_device(request, login)
        if device is None:
            action, key = "login_failed", self._get_login_attempts_cache_key(request, **credentials)
        else:
            action, key = "login_failed_device", device
        self._login_failed_rl_usage = ratelimit.consume(
            request, app=signin.RATE_APP, action=action, key=key
        )
        if not self._login_failed_rl_usage:
            seconds = signin.seconds_to_wait(request, action, key=key)
            raise ValidationError(signin.too_many_failures_message(seconds))

    def is_open_for_signup(self, request):
        return pending_invitation(request) is not None

    @transaction.atomic
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        invitation = pending_invitation(request)
        if commit and invitation is not None:
            membership = services.invitation_accept(invitation=invitation, user=user)
            request.session.pop(INVITATION_SESSION_KEY, None)
            request.session["klikbaik_joined_agency"] = membership.agency.slug
        return user

    def get_signup_redirect_url(self, request):
        slug = request.session.pop("klikbaik_joined_agency", None)
        if slug:
            return reverse("clinics:home", kwargs={"agency_slug": slug})
        return super().get_signup_redirect_url(request)

    def render_mail(self, template_prefix, email, context, headers=None):
        """An account e-mail (password reset, address confirmation, ...) in the portal's
        own words (templates/account/email/), as text and HTML, in the request's
        language; no subject prefix with the server's host name."""
        return build_email(
            f"{template_prefix}_subject.txt",
            f"{template_prefix}_message.txt",
            context,
            to=[email] if isinstance(email, str) else email,
            headers=headers,
        )
