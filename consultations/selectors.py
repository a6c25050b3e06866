"""Reads of the booking. Cross-agency reads are named for their channel: a person's own
sessions in every agency, open clinics, and a facilitator's calendar feed."""

from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django_scopes import scopes_disabled

from clinics.models import Agency
from consultations import slots
from consultations.choices import ACTIVE, ParticipantStatus, Status
from consultations.models import (
    AvailabilityException,
    Consultation,
    FacilitatorProfile,
    Room,
    SessionType,
    WeeklyHours,
)


def facilitator_list(agency: Agency, *, expertise: str = "") -> list[FacilitatorProfile]:
    """The clinic's bookable facilitators (a clinic has tens, not thousands: the expertise
    filter runs in Python, the same on SQLite and PostgreSQL)."""
    profiles = FacilitatorProfile.objects.filter(agency=agency, is_active=True).select_related(
        "user", "partner"
    )
    return [p for p in profiles if not expertise or expertise in p.expertise]


def session_type_list(agency: Agency) -> QuerySet[SessionType]:
    return (
        SessionType.objects.filter(agency=agency)
        .select_related("room")
        .order_by("-is_active", "name")
    )


def room_list(agency: Agency) -> QuerySet[Room]:
    return Room.objects.filter(agency=agency).order_by("name")


def session_types(agency: Agency) -> QuerySet[SessionType]:
    return SessionType.objects.filter(agency=agency, is_active=True).select_related("room")


def default_session_type_id(session_types: QuerySet[SessionType]) -> int | None:
    """The kind of session the booking page starts with: one-to-one before group sessions
    (those are joined, not booked), then by name."""
    return session_types.order_by("capacity", "name").values_list("pk", flat=True).first()


def rules_of(session_type: SessionType) -> slots.Rules:
    return slots.Rules(
        duration=timedelta(minutes=session_type.duration_minutes),
        buffer=timedelta(minutes=session_type.buffer_minutes),
        min_notice=timedelta(hours=session_type.min_notice_hours),
        max_ahead=timedelta(days=session_type.max_days_ahead),
        max_per_day=session_type.max_per_day,
        max_per_week=session_type.max_per_week,
    )


def free_slots(
    facilitator: FacilitatorProfile,
    session_type: SessionType,
    days: list[date],
    *,
    now: datetime | None = None,
    ignore: Consultation | None = None,
) -> list[datetime]:
    """When ``facilitator`` can give a ``session_type`` session on ``days`` (three queries)."""
    agency = facilitator.agency
    tz = agency.zoneinfo
    now = now or timezone.now()
    weekly = [
        (w.weekday, slots.Window(w.start, w.end))
        for w in WeeklyHours.objects.filter(facilitator=facilitator)
    ]
    exceptions = [
        slots.DayException(e.day, e.kind, e.start, e.end)
        for e in AvailabilityException.objects.filter(
            facilitator=facilitator, day__range=(min(days), max(days))
        )
    ]
    span_start = datetime.combine(min(days) - timedelta(days=7), datetime.min.time(), tzinfo=tz)
    span_end = datetime.combine(max(days) + timedelta(days=8), datetime.min.time(), tzinfo=tz)
    holding = Q(facilitator=facilitator)
    if session_type.room_id:
        holding |= Q(room=session_type.room_id)
    active = Consultation.objects.filter(
        holding, agency=agency, status__in=ACTIVE, starts_at__lt=span_end, busy_until__gt=span_start
    )
    if ignore is not None:
        active = active.exclude(pk=ignore.pk)
    busy, per_day, per_week = [], {}, {}
    for start, until, facilitator_id in active.values_list(
        "starts_at", "busy_until", "facilitator_id"
    ):
        busy.append((start, until))
        if facilitator_id == facilitator.pk:
            local = timezone.localtime(start, tz).date()
            per_day[local] = per_day.get(local, 0) + 1
            week = local.isocalendar()[:2]
            per_week[week] = per_week.get(week, 0) + 1
    return slots.free_slots(
        days=days,
        weekly=weekly,
        exceptions=exceptions,
        busy=busy,
        counts_per_day=per_day,
        counts_per_week=per_week,
        rules=rules_of(session_type),
        tz=tz,
        now=now,
    )


def is_taken(
    facilitator: FacilitatorProfile,
    session_type: SessionType,
    starts_at: datetime,
    *,
    ignore: Consultation | None = None,
) -> bool:
    """Whether another active session holds the facilitator, or the type's room, at any
    moment a session starting then would need (with its buffer): someone booked it first."""
    _ends_at, busy_until = session_type.span(starts_at)
    holding = Q(facilitator=facilitator)
    if session_type.room_id:
        holding |= Q(room=session_type.room_id)
    clashing = Consultation.objects.filter(
        holding,
        agency=facilitator.agency_id,
        status__in=ACTIVE,
        starts_at__lt=busy_until,
        busy_until__gt=starts_at,
    )
    if ignore is not None:
        clashing = clashing.exclude(pk=ignore.pk)
    return clashing.exists()


def week_days(monday: date) -> list[date]:
    return [monday + timedelta(days=i) for i in range(7)]


def load_this_week(facilitators, day: date) -> dict[int, int]:
    """Active sessions per facilitator in the ISO week of ``day`` ("least booked" wins)."""
    monday = day - timedelta(days=day.weekday())
    counts = (
        Consultation.objects.filter(
            facilitator__in=facilitators,
            status__in=ACTIVE,
            starts_at__date__gte=monday,
            starts_at__date__lt=monday + timedelta(days=7),
        )
        .values_list("facilitator")
        .annotate(n=Count("id"))
    )
    return dict(counts)


def session_list(
    agency: Agency, *, start: datetime, end: datetime, facilitator: FacilitatorProfile | None = None
) -> QuerySet[Consultation]:
    sessions = Consultation.objects.filter(agency=agency, starts_at__gte=start, starts_at__lt=end)
    if facilitator is not None:
        sessions = sessions.filter(facilitator=facilitator)
    return sessions.select_related(
        "session_type", "facilitator__user", "requested_by", "room", "requester_agency"
    )


def sessions_for_user(user, *, upcoming_only: bool = True) -> list[Consultation]:
    """A person's sessions in every agency: booked by them, coached by them, or joined.
    Cross-agency by nature (an open clinic's sessions show under the booker's own)."""
    with scopes_disabled():
        mine = Consultation.objects.filter(
            Q(requested_by=user)
            | Q(facilitator__user=user)
            | Q(
                participants__user=user,
                participants__status__in=[
                    ParticipantStatus.ACCEPTED,
                    ParticipantStatus.INVITED,
                    ParticipantStatus.WAITLISTED,
                ],
            )
        )
        if upcoming_only:
            mine = mine.filter(ends_at__gte=timezone.now()).exclude(
                status__in=[Status.CANCELLED, Status.DECLINED]
            )
        return list(
            mine.distinct()
            .select_related("agency", "session_type", "facilitator__user", "room")
            .order_by("starts_at")[:100]
        )


def requests_waiting(user, agency: Agency, *, limit: int = 20) -> list[Consultation]:
    """Sessions booked with this person as facilitator that wait for their answer."""
    return list(
        Consultation.objects.filter(
            agency=agency,
            facilitator__user=user,
            status=Status.REQUESTED,
            starts_at__gte=timezone.now(),
        )
        .select_related("session_type", "requested_by", "requester_agency", "innovation")
        .order_by("starts_at")[:limit]
    )


def sessions_on(user, agency: Agency, day: date) -> list[Consultation]:
    """A facilitator's confirmed sessions of the day (in the clinic's zone)."""
    tz = agency.zoneinfo
    start = datetime.combine(day, datetime.min.time(), tzinfo=tz)
    return list(
        Consultation.objects.filter(
            agency=agency,
            facilitator__user=user,
            status=Status.CONFIRMED,
            starts_at__gte=start,
            starts_at__lt=start + timedelta(days=1),
        )
        .select_related("session_type", "requested_by", "room", "innovation")
        .order_by("starts_at")
    )


def open_clinic(slug: str) -> Agency | None:
    """A clinic other agencies may book (the open-clinic channel)."""
    return Agency.objects.filter(slug=slug, is_open=True).first()


def people_in_confirmed_sessions(user_ids, starts_at, busy_until, *, exclude=None) -> set[int]:
    """Which of these people have a confirmed session overlapping the time, in any agency
    (as booker, facilitator or accepted participant): a person's own sessions channel."""
    with scopes_disabled():
        clashing = Consultation.objects.filter(
            Q(requested_by__in=user_ids)
            | Q(facilitator__user__in=user_ids)
            | Q(participants__user__in=user_ids, participants__status=ParticipantStatus.ACCEPTED),
            status=Status.CONFIRMED,
            starts_at__lt=busy_until,
            busy_until__gt=starts_at,
        )
        if exclude is not None:
            clashing = clashing.exclude(pk=exclude.pk)
        busy = set()
        for session in (
            clashing.distinct().select_related("facilitator").prefetch_related("participants")
        ):
            busy |= {session.requested_by_id, session.facilitator.user_id}
            busy |= {
                p.user_id
                for p in session.participants.all()
                if p.status == ParticipantStatus.ACCEPTED
            }
    return busy & set(user_ids)


def group_sessions_open(agency: Agency) -> list[Consultation]:
    """Upcoming confirmed group sessions (coaching clinics, workshops) one can register for."""
    return list(
        Consultation.objects.filter(
            agency=agency,
            status=Status.CONFIRMED,
            session_type__capacity__gt=1,
            starts_at__gte=timezone.now(),
        )
        .select_related("session_type", "facilitator__user", "room")
        .annotate(
            taken=Count("participants", filter=Q(participants__status=ParticipantStatus.ACCEPTED))
        )
        .order_by("starts_at")[:20]
    )


def utilisation(agency: Agency, *, months: int = 12) -> dict:
    """Sessions per month, per facilitator and per type over the last months, with the
    no-show rate of the sessions that were due to happen."""
    from django.db.models.functions import TruncMonth

    since = timezone.now() - timedelta(days=31 * months)
    held = Consultation.objects.filter(
        agency=agency, starts_at__gte=since, starts_at__lte=timezone.now()
    )
    done = Q(status=Status.COMPLETED)
    missed = Q(status=Status.NO_SHOW)

    def grouped(*fields):
        return list(
            held.values(*fields)
            .annotate(
                total=Count("id"),
                completed=Count("id", filter=done),
                no_show=Count("id", filter=missed),
            )
            .order_by(*fields)
        )

    tz = agency.zoneinfo
    per_month = list(
        held.annotate(month=TruncMonth("starts_at", tzinfo=tz))
        .values("month")
        .annotate(
            total=Count("id"),
            completed=Count("id", filter=done),
            no_show=Count("id", filter=missed),
        )
        .order_by("month")
    )
    totals = held.aggregate(completed=Count("id", filter=done), no_show=Count("id", filter=missed))
    due = totals["completed"] + totals["no_show"]
    return {
        "per_month": per_month,
        "per_facilitator": grouped("facilitator__user__full_name"),
        "per_type": grouped("session_type__name"),
        "no_show_rate": round(100 * totals["no_show"] / due) if due else None,
        **totals,
    }


def region_sessions_held(region_id: int, kinds, until: date) -> list[Consultation]:
    """The sessions of the given kinds held (completed) by the region's clinics up to
    ``until``, with their participants counted (``people``): the capacity building and
    the competition assistance its coordinator reports (a named cross-agency channel)."""
    with scopes_disabled():
        return list(
            Consultation.objects.filter(
                agency__region=region_id,
                status=Status.COMPLETED,
                session_type__kind__in=list(kinds),
                starts_at__date__lte=until,
            )
            .select_related("agency", "session_type")
            .annotate(
                people=Count(
                    "participants",
                    filter=Q(participants__status=ParticipantStatus.ACCEPTED),
                )
                + 1
            )
            .order_by("starts_at", "pk")
        )
