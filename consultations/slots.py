"""Free slots: a facilitator's availability minus what is booked, buffers, caps and rules.

Pure functions over plain values, so the rules can be tested without a database. Weekly
hours and exceptions are wall-clock times in the clinic's zone (WIB, WITA or WIT, none
of which has daylight saving); slots come out as aware datetimes.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

STEP = timedelta(minutes=30)


@dataclass(frozen=True)
class Rules:
    duration: timedelta
    buffer: timedelta
    min_notice: timedelta
    max_ahead: timedelta
    max_per_day: int
    max_per_week: int


@dataclass(frozen=True)
class Window:
    start: time
    end: time


@dataclass(frozen=True)
class DayException:
    day: date
    kind: str  # "leave", "holiday" or "extra"
    start: time | None = None
    end: time | None = None


def _subtract(windows: list[tuple[datetime, datetime]], cut: tuple[datetime, datetime]):
    out = []
    for start, end in windows:
        if cut[1] <= start or cut[0] >= end:
            out.append((start, end))
            continue
        if start < cut[0]:
            out.append((start, cut[0]))
        if cut[1] < end:
            out.append((cut[1], end))
    return out


def day_windows(
    day: date, weekly: list[tuple[int, Window]], exceptions: list[DayException], tz: ZoneInfo
) -> list[tuple[datetime, datetime]]:
    """The facilitator's open hours on ``day`` as aware (start, end) pairs."""

    def at(t: time) -> datetime:
        return datetime.combine(day, t, tzinfo=tz)

    windows = [(at(w.start), at(w.end)) for weekday, w in weekly if weekday == day.weekday()]
    todays = [e for e in exceptions if e.day == day]
    windows += [(at(e.start), at(e.end)) for e in todays if e.kind == "extra" and e.start and e.end]
    for e in todays:
        if e.kind == "extra":
            continue
        if e.start is None or e.end is None:
            return []
        windows = _subtract(windows, (at(e.start), at(e.end)))
    return sorted(windows)


def free_slots(
    *,
    days: list[date],
    weekly,
    exceptions,
    busy: list[tuple[datetime, datetime]],
    counts_per_day: dict[date, int],
    counts_per_week: dict[tuple[int, int], int],
    rules: Rules,
    tz: ZoneInfo,
    now: datetime,
) -> list[datetime]:
    """Start times a session can be booked at. ``busy`` holds the (start, busy_until) of
    the facilitator's and the room's active sessions."""
    earliest, latest = now + rules.min_notice, now + rules.max_ahead
    slots = []
    for day in days:
        if counts_per_day.get(day, 0) >= rules.max_per_day:
            continue
        if counts_per_week.get(day.isocalendar()[:2], 0) >= rules.max_per_week:
            continue
        for window_start, window_end in day_windows(day, weekly, exceptions, tz):
            start = window_start
            while start + rules.duration <= window_end:
                held_until = start + rules.duration + rules.buffer
                clash = any(start < b_end and b_start < held_until for b_start, b_end in busy)
                if earliest <= start <= latest and not clash:
                    slots.append(start)
                start += STEP
    return slots
