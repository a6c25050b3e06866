"""django-allauth hooks: sign-up only through an invitation, which it then accepts; the
account e-mails built like every other e-mail of the portal (klikbaik.mail)."""

from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction
from django.urls import reverse

from clinics import services
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


class AccountAdapter(DefaultAccountAdapter):
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
