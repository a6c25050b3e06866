"""Background work of the clinics app: e-mail that must not slow a page down."""

from celery import shared_task

from clinics.models import Invitation
from clinics.tenancy import AgencyTask
from klikbaik.mail import build_email


@shared_task(base=AgencyTask, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation(agency_id: int, invitation_id: int, accept_url: str, language: str) -> None:
    """E-mail an invitation link. A withdrawn or used invitation is not sent."""
    invitation = (
        Invitation.objects.select_related("agency", "invited_by").filter(pk=invitation_id).first()
    )
    if invitation is None or invitation.status != Invitation.Status.PENDING:
        return
    build_email(
        "clinics/email/invitation_subject.txt",
        "clinics/email/invitation_body.txt",
        {"invitation": invitation, "accept_url": accept_url},
        to=[invitation.email],
        language=language,
    ).send()
