"""The operators' admin site: the audit log is read-only for everyone, superusers too."""

from django.urls import reverse

from clinics.models import ActivityLog
from tests.clinics.factories import UserFactory


def test_the_audit_log_can_be_read_but_not_added_changed_or_deleted(client, agency_a, unscoped):
    entry = ActivityLog.objects.create(agency=agency_a, action="clinics.member.invited")
    operator = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(operator)

    listing = client.get(reverse("admin:clinics_activitylog_changelist"))
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "clinics.member.invited" in page
    assert reverse("admin:clinics_activitylog_add") not in page
    assert 'value="delete_selected"' not in page

    detail = client.get(reverse("admin:clinics_activitylog_change", args=[entry.pk]))
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    assert client.get(reverse("admin:clinics_activitylog_add")).status_code == 403
    assert client.post(reverse("admin:clinics_activitylog_add"), {"action": "x"}).status_code == 403
    delete = reverse("admin:clinics_activitylog_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    client.post(
        reverse("admin:clinics_activitylog_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    client.post(
        reverse("admin:clinics_activitylog_change", args=[entry.pk]),
        {"action": "tampered"},
    )
    entry.refresh_from_db()
    assert entry.action == "clinics.member.invited"
