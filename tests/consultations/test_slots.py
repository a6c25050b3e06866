"""Slot computation: hours, time zones, buffers, notice, horizon, caps and exceptions."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from consultations.slots import DayException, Rules, Window, free_slots

MONDAY = date(2026, 12, 7)
RULES = Rules(
    duration=timedelta(minutes=60),
    buffer=timedelta(minutes=15),
    min_notice=timedelta(hours=24),
    max_ahead=timedelta(days=60),
    max_per_day=4,
    max_per_week=12,
)
NOW = datetime(2026, 12, 1, 0, 0, tzinfo=ZoneInfo("UTC"))
WEEKLY = [(0, Window(time(8), time(12)))]


def _slots(tz="Asia/Makassar", **overrides):
    args = {
        "days": [MONDAY],
        "weekly": WEEKLY,
        "exceptions": [],
        "busy": [],
        "counts_per_day": {},
        "counts_per_week": {},
        "rules": RULES,
        "tz": ZoneInfo(tz),
        "now": NOW,
        **overrides,
    }
    return free_slots(**args)


def _hours(slots, tz="Asia/Makassar"):
    return [s.astimezone(ZoneInfo(tz)).strftime("%H:%M") for s in slots]


def test_half_hourly_starts_inside_the_weekly_hours():
    assert _hours(_slots()) == ["08:00", "08:30", "09:00", "09:30", "10:00", "10:30", "11:00"]


@pytest.mark.parametrize(
    ("tz", "utc_hour"), [("Asia/Jakarta", 1), ("Asia/Makassar", 0), ("Asia/Jayapura", 23)]
)
def test_hours_are_the_clinics_wall_clock(tz, utc_hour):
    first = _slots(tz=tz)[0]
    assert first.astimezone(ZoneInfo("UTC")).hour == utc_hour
    assert _hours([first], tz) == ["08:00"]


def test_a_booked_session_and_its_buffer_are_not_offered():
    tz = ZoneInfo("Asia/Makassar")
    busy = [(datetime(2026, 12, 7, 9, 0, tzinfo=tz), datetime(2026, 12, 7, 10, 15, tzinfo=tz))]
    # 08:00 would run into 09:00 with its buffer; 10:00 starts inside the other's buffer.
    assert _hours(_slots(busy=busy)) == ["10:30", "11:00"]


def test_minimum_notice_and_horizon():
    tz = ZoneInfo("Asia/Makassar")
    now = datetime(2026, 12, 6, 9, 30, tzinfo=tz)  # 24 h notice: from Monday 09:30
    assert _hours(_slots(now=now))[0] == "09:30"
    far = datetime(2026, 9, 1, tzinfo=tz)  # more than 60 days ahead
    assert _slots(now=far) == []


def test_daily_and_weekly_caps():
    assert _slots(counts_per_day={MONDAY: 4}) == []
    assert _slots(counts_per_week={MONDAY.isocalendar()[:2]: 12}) == []


def test_leave_holidays_and_extra_hours():
    assert _slots(exceptions=[DayException(MONDAY, "holiday")]) == []
    partial = _slots(exceptions=[DayException(MONDAY, "leave", time(9), time(11))])
    assert _hours(partial) == ["08:00", "11:00"]
    extra = _slots(exceptions=[DayException(MONDAY, "extra", time(14), time(16))])
    assert _hours(extra)[-3:] == ["14:00", "14:30", "15:00"]


def test_no_hours_no_slots():
    assert _slots(weekly=[(1, Window(time(8), time(12)))]) == []
