from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from consultations.models import FacilitatorProfile, Room, SessionType, WeeklyHours


@pytest.fixture
def room_a(agency_a, unscoped):
    return Room.objects.create(agency=agency_a, name="Ruang Konsultasi")


@pytest.fixture
def consult_a(agency_a, room_a, unscoped):
    return SessionType.objects.create(
        agency=agency_a,
        name="Konsultasi",
        kind="consultation",
        duration_minutes=60,
        room=None,
        min_notice_hours=1,
        buffer_minutes=15,
        cancel_cutoff_hours=24,
    )


@pytest.fixture
def coach_a(agency_a, facilitator_a, unscoped):
    profile = FacilitatorProfile.objects.create(
        agency=agency_a, user=facilitator_a, expertise=["design_thinking"]
    )
    WeeklyHours.objects.bulk_create(
        WeeklyHours(agency=agency_a, facilitator=profile, weekday=d, start=time(8), end=time(16))
        for d in range(7)
    )
    return profile


@pytest.fixture
def slot(agency_a):
    """A free start time: the day after tomorrow at 09:00 in the clinic's zone."""
    day = timezone.localdate() + timedelta(days=2)
    return datetime.combine(day, time(9), tzinfo=agency_a.zoneinfo)
