"""django-allauth hooks: sign-up only through an invitation, which it then accepts."""

from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clinics import services
from clinics.forms import INVITATION_SESSION_KEY
from clinics.selectors import invitation_for_token_hash


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
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # allauth's own Indonesian reads "dan/atau ... yang anda masukkan": say it plainly.
        "email_password_mismatch": _(
            "The e-mail address or the password is not right. Check both and try again."
        ),
    }

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
