"""Background work of the clinics app: e-mail that must not slow a page down (sent through
the outbox, ``jobs.outbox``)."""

from celery import shared_task
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from clinics.models import Invitation
from jobs.outbox import OutboxTask


@shared_task(base=OutboxTask, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation(agency_id: int, invitation_id: int, accept_url: str, language: str) -> None:
    """E-mail an invitation link. A withdrawn or used invitation is not sent."""
    invitation = (
        Invitation.objects.select_related("agency", "invited_by").filter(pk=invitation_id).first()
    )
    if invitation is None or invitation.status != Invitation.Status.PENDING:
        return
    context = {"invitation": invitation, "accept_url": accept_url}
    with translation.override(language):
        subject = render_to_string("clinics/email/invitation_subject.txt", context).strip()
        body = render_to_string("clinics/email/invitation_body.txt", context)
    send_mail(subject, body, None, [invitation.email])
