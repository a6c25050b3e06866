"""Background work of the registry: reminding clinics of sustainability check-ins."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone
from django_scopes import scopes_disabled

from clinics.models import ActivityLog, Agency, Membership, Role
from clinics.services import activity_record
from clinics.tenancy import AgencyTask
from innovations import selectors
from klikbaik.mail import build_email


@shared_task
def remind_checkins_everywhere() -> None:
    """Beat entry point: one reminder task per agency."""
    with scopes_disabled():
        agency_ids = list(Agency.objects.values_list("pk", flat=True))
    for agency_id in agency_ids:
        send_checkin_reminder.delay(agency_id)


@shared_task(base=AgencyTask, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_checkin_reminder(agency_id: int) -> int:
    """E-mail the agency's admins the implemented innovations whose check-in is due.
    Each innovation is reminded at most once per interval, however often this runs."""
    interval = settings.CHECKIN_INTERVAL_DAYS
    agency = Agency.objects.get(pk=agency_id)
    recently = timezone.now() - timedelta(days=interval)
    reminded = set(
        ActivityLog.objects.filter(
            agency=agency,
            action="innovations.checkin.reminded",
            created_at__gte=recently,
        ).values_list("target_id", flat=True)
    )
    due = [
        i for i in selectors.checkins_due(agency, interval_days=interval) if i.pk not in reminded
    ]
    admins = list(
        Membership.objects.filter(agency=agency, role=Role.ADMIN, is_active=True).select_related(
            "user"
        )
    )
    if not due or not admins:
        return 0
    build_email(
        "innovations/email/checkin_subject.txt",
        "innovations/email/checkin_body.txt",
        {"agency": agency, "innovations": due, "interval": interval},
        to=[m.user.email for m in admins],
        language=settings.LANGUAGE_CODE,
    ).send()
    for innovation in due:
        activity_record(
            agency=agency, actor=None, action="innovations.checkin.reminded", target=innovation
        )
    return len(due)
