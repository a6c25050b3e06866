"""The operators' jobs page: stuck and failed jobs of every agency with both reasons, the
queues, and a retry; staff and superusers only (anyone else gets the 404)."""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.models import Job, Message
from jobs.services import WORKER_LOST
from tests.clinics.factories import UserFactory


@pytest.fixture
def operator(db):
    return UserFactory(email="ops@klikbaik.test", is_staff=True)


@pytest.fixture
def troubles(agency_a, agency_c, unscoped):
    failed = Job.objects.create(
        agency=agency_a,
        kind="portfolio",
        status="failed",
        reason=WORKER_LOST,
        reason_params={"times": 4},
        detail="no heartbeat since 10:02:03",
    )
    stuck = Job.objects.create(
        agency=agency_c,
        kind="region_zip",
        queued_at=timezone.now() - timedelta(hours=1),
    )
    fine = Job.objects.create(agency=agency_a, kind="portfolio", status="ready")
    Message.objects.create(agency=agency_a, task="clinics.tasks.send_invitation", attempts=3)
    return failed, stuck, fine


def test_operators_see_every_agencys_stuck_and_failed_jobs_with_both_reasons(
    client, operator, troubles
):
    failed, stuck, fine = troubles
    client.force_login(operator)
    page = html.unescape(client.get(reverse("jobs:operations")).content.decode())
    assert f'data-testid="job-{failed.pk}"' in page and f'data-testid="job-{stuck.pk}"' in page
    assert f'data-testid="job-{fine.pk}"' not in page
    assert "The worker stopped 4 times" in page and "no heartbeat since 10:02:03" in page
    assert "Dinas Kesehatan" in page and "Balitbangda" in page
    assert "clinics.tasks.send_invitation" in page and "3 attempts" in page
    assert 'data-testid="queues"' in page


def test_an_operator_retries_a_failed_job(
    client, operator, troubles, django_capture_on_commit_callbacks
):
    failed, _stuck, _fine = troubles
    client.force_login(operator)
    with django_capture_on_commit_callbacks() as sent:
        response = client.post(reverse("jobs:operations_retry", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == "queued" and failed.reason == "" and len(sent) == 1


@pytest.mark.parametrize("who", ["admin_a", "coordinator", "staff_a"])
def test_no_one_else_sees_the_page_or_retries(client, troubles, who, request):
    failed, _stuck, _fine = troubles
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("jobs:operations")).status_code == 404
    assert client.post(reverse("jobs:operations_retry", args=[failed.pk])).status_code == 404
    failed.refresh_from_db()
    assert failed.status == "failed"


def test_anonymous_visitors_get_the_404(client, troubles):
    assert client.get(reverse("jobs:operations")).status_code == 404
