"""The registry list, exports, monitoring, targets and the clinic home."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from innovations.models import (
    FollowUpAction,
    ImpactIndicator,
    Measurement,
    MonitoringVisit,
    SustainabilityCheckIn,
    Target,
)
from innovations.tasks import send_checkin_reminder
from tests.clinics.factories import UnitFactory
from tests.innovations.factories import InnovationFactory


def test_list_filters_and_searches(client, agency_a, staff_a, unit_a):
    InnovationFactory(
        agency=agency_a,
        author=staff_a,
        name="Jemput Antar",
        unit=unit_a,
        status="coaching",
        phase="diagnose",
        is_digital=True,
    )
    InnovationFactory(agency=agency_a, author=staff_a, name="Kebun Gizi", status="submitted")
    client.force_login(staff_a)
    url = reverse("innovations:list", args=[agency_a.slug])
    for params, expected in [
        ({"status": "coaching"}, "Jemput Antar"),
        ({"phase": "diagnose"}, "Jemput Antar"),
        ({"digital": "no"}, "Kebun Gizi"),
        ({"unit": unit_a.pk}, "Jemput Antar"),
        ({"q": "gizi"}, "Kebun Gizi"),
    ]:
        page = client.get(url, params).content.decode()
        other = "Kebun Gizi" if expected == "Jemput Antar" else "Jemput Antar"
        assert expected in page and other not in page, params


def test_my_innovations_lists_only_mine(client, agency_a, staff_a, facilitator_a):
    InnovationFactory(agency=agency_a, author=staff_a, name="Punya Saya", status="submitted")
    InnovationFactory(agency=agency_a, author=facilitator_a, name="Punya Orang", status="submitted")
    client.force_login(staff_a)
    page = client.get(reverse("innovations:mine", args=[agency_a.slug])).content.decode()
    assert "Punya Saya" in page and "Punya Orang" not in page


@pytest.mark.parametrize("rows", [10, 500])
def test_list_queries_do_not_grow_with_innovations(
    client, agency_a, staff_a, rows, django_assert_max_num_queries
):
    unit = UnitFactory(agency=agency_a)
    InnovationFactory.create_batch(
        rows, agency=agency_a, author=staff_a, unit=unit, status="coaching"
    )
    client.force_login(staff_a)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("innovations:list", args=[agency_a.slug]))
    assert response.status_code == 200


def test_monitoring_shows_on_the_timeline(client, agency_a, facilitator_a, staff_a, unscoped):
    idea = InnovationFactory(agency=agency_a, author=staff_a, status="coaching")
    indicator = ImpactIndicator.objects.create(
        agency=agency_a, innovation=idea, name="Akta", baseline=50, target=100
    )
    client.force_login(facilitator_a)
    base = f"/{agency_a.slug}/innovations/{idea.pk}"
    assert (
        client.post(
            f"{base}/visits/new/", {"planned_on": "2026-02-01", "instrument": "Survei pengguna"}
        ).status_code
        == 302
    )
    visit = MonitoringVisit.objects.get()
    client.post(f"{base}/visits/{visit.pk}/", {"done_on": "2026-02-02", "findings": "Warga puas."})
    client.post(
        f"{base}/actions/new/",
        {"description": "Cetak SOP", "owner": staff_a.pk, "due_on": "2026-03-01"},
    )
    client.post(
        f"{base}/checkins/new/",
        {"status": "running", "checked_on": "2026-02-03", "note": "Berjalan."},
    )
    client.force_login(staff_a)  # the owner completes the action; the author measures
    action = FollowUpAction.objects.get()
    client.post(f"{base}/actions/{action.pk}/done/")
    client.post(
        f"{base}/indicators/{indicator.pk}/measure/",
        {"value": "80", "measured_on": "2026-02-10", "source": "SIAK"},
    )
    assert Measurement.objects.get().value == 80
    page = client.get(f"{base}/").content.decode()
    for sentence in (
        "planned an M&amp;E visit",
        "recorded an M&amp;E visit",
        "agreed a follow-up",
        "completed a follow-up",
        "sustainability check-in",
        "recorded a measurement",
    ):
        assert sentence in page, sentence
    assert "<svg" in page


def test_staff_cannot_plan_visits(client, agency_a, staff_a, unscoped):
    idea = InnovationFactory(agency=agency_a, author=staff_a, status="coaching")
    client.force_login(staff_a)
    assert client.get(f"/{agency_a.slug}/innovations/{idea.pk}/visits/new/").status_code == 403


def test_targets_and_the_clinic_home(client, agency_a, admin_a, staff_a, unit_a, unscoped):
    client.force_login(admin_a)
    year = timezone.localdate().year
    client.post(reverse("innovations:targets", args=[agency_a.slug]), {"year": year, "count": 3})
    client.post(
        reverse("innovations:targets", args=[agency_a.slug]),
        {"year": year, "unit": unit_a.pk, "count": 1},
    )
    client.post(
        reverse("innovations:targets", args=[agency_a.slug]), {"year": year, "count": 4}
    )  # changes, does not duplicate
    assert sorted(Target.objects.values_list("count", flat=True)) == [1, 4]
    InnovationFactory(agency=agency_a, author=staff_a, unit=unit_a, status="submitted")
    InnovationFactory(agency=agency_a, author=staff_a, status="draft")
    page = client.get(reverse("clinics:home", args=[agency_a.slug])).content.decode()
    assert "1 / 4" in page and "Puskesmas Sinoa: 1 / 1" in page
    assert "Ideas to review" in page


def test_checkin_reminder_is_sent_once(agency_a, admin_a, staff_a, unscoped, settings):
    due = InnovationFactory(
        agency=agency_a,
        author=staff_a,
        status="sustained",
        maturity="penerapan",
        name="Brigade Siaga Bencana",
    )
    fresh = InnovationFactory(
        agency=agency_a, author=staff_a, status="sustained", maturity="penerapan", name="Fresh"
    )
    SustainabilityCheckIn.objects.create(
        agency=agency_a,
        innovation=fresh,
        status="running",
        checked_on=timezone.localdate() - timedelta(days=3),
    )
    assert send_checkin_reminder(agency_a.pk) == 1
    assert send_checkin_reminder(agency_a.pk) == 0
    assert len(mail.outbox) == 1
    assert "Brigade Siaga Bencana" in mail.outbox[0].body and "Fresh" not in mail.outbox[0].body
    assert mail.outbox[0].to == ["admin@a.test"]
    assert due.pk


def test_two_beats_at_the_same_moment_send_the_checkin_reminder_once(
    transactional_db, agency_a, admin_a, staff_a, unscoped
):
    from innovations.tasks import remind_checkins_everywhere
    from tests.concurrency import at_once

    InnovationFactory(agency=agency_a, author=staff_a, status="sustained", maturity="penerapan")
    assert sorted(at_once(remind_checkins_everywhere)) == [0, 1]
    assert len(mail.outbox) == 1
