"""Coaching sessions: who coaches, when they can, and what was booked.

Times are stored in UTC; weekly hours are wall-clock times in the clinic's zone. A
session holds its facilitator's (and room's) time from ``starts_at`` to ``busy_until``
(the end plus the type's buffer). On PostgreSQL an exclusion constraint refuses two
active sessions whose held times overlap for the same facilitator or room (migration
0002), so a double booking cannot be written even by two requests at the same moment.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from clinics.models import Agency, Partner
from consultations.choices import (
    Affiliation,
    ExceptionKind,
    ParticipantStatus,
    SessionKind,
    Status,
)


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class Room(models.Model):
    """One of the clinic's rooms: ruang inspirasi, konsultasi, implementasi."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=120)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="room_name_per_agency")
        ]

    def __str__(self):
        return self.name


class FacilitatorProfile(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="facilitator_profiles"
    )
    expertise = models.JSONField(_("expertise"), default=list, blank=True)
    bio = models.TextField(_("about"), blank=True)
    affiliation = models.CharField(
        _("affiliation"), max_length=12, choices=Affiliation.choices, default=Affiliation.CLINIC
    )
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    photo = models.ImageField(_("photo"), upload_to="facilitators/", blank=True)
    is_active = models.BooleanField(_("taking bookings"), default=True)
    calendar_token = models.CharField(max_length=64, unique=True, default=new_calendar_token)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "user"], name="one_profile_per_agency")
        ]

    def __str__(self):
        return str(self.user)


class SessionType(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), default=1, help_text=_("More than 1 makes it a group session.")
    )
    room = models.ForeignKey(
        Room,
        verbose_name=_("room"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    meeting_link = models.URLField(_("online meeting link"), blank=True)
    min_notice_hours = models.PositiveSmallIntegerField(_("minimum notice (hours)"), default=24)
    max_days_ahead = models.PositiveSmallIntegerField(_("bookable up to (days ahead)"), default=60)
    buffer_minutes = models.PositiveSmallIntegerField(_("buffer after (minutes)"), default=15)
    cancel_cutoff_hours = models.PositiveSmallIntegerField(
        _("cancel or reschedule up to (hours before)"), default=24
    )
    max_per_day = models.PositiveSmallIntegerField(_("per facilitator per day (max)"), default=4)
    max_per_week = models.PositiveSmallIntegerField(_("per facilitator per week (max)"), default=12)
    is_active = models.BooleanField(_("bookable"), default=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=15), name="session_type_min_duration"
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="session_type_capacity"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_group(self) -> bool:
        return self.capacity > 1

    def span(self, starts_at):
        """When a session of this type starting at ``starts_at`` ends, and until when it
        holds its facilitator and room (the end plus the buffer)."""
        ends_at = starts_at + timedelta(minutes=self.duration_minutes)
        return ends_at, ends_at + timedelta(minutes=self.buffer_minutes)


class WeeklyHours(models.Model):
    """A recurring window of availability, in the clinic's local time."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    facilitator = models.ForeignKey(
        FacilitatorProfile, on_delete=models.CASCADE, related_name="weekly_hours"
    )
    weekday = models.PositiveSmallIntegerField(
        _("day"),
        choices=[
            (0, _("Monday")),
            (1, _("Tuesday")),
            (2, _("Wednesday")),
            (3, _("Thursday")),
            (4, _("Friday")),
            (5, _("Saturday")),
            (6, _("Sunday")),
        ],
    )
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["weekday", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="weekly_hours_end_after_start"
            )
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"


class AvailabilityException(models.Model):
    """Leave or a public holiday (no hours that day, or only some), or one-off extra hours."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    facilitator = models.ForeignKey(
        FacilitatorProfile, on_delete=models.CASCADE, related_name="exceptions"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=ExceptionKind.choices)
    day = models.DateField(_("date"))
    start = models.TimeField(
        _("from"), null=True, blank=True, help_text=_("Leave empty for the whole day.")
    )
    end = models.TimeField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["day", "start"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.day}"


class Consultation(models.Model):
    """A booked coaching session of the clinic's agency (also when an open clinic is booked
    by someone of another agency: ``requester_agency`` says whose)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    session_type = models.ForeignKey(SessionType, on_delete=models.PROTECT, related_name="+")
    facilitator = models.ForeignKey(
        FacilitatorProfile, on_delete=models.PROTECT, related_name="sessions"
    )
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    busy_until = models.DateTimeField(editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="requested_sessions"
    )
    requester_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    innovation = models.ForeignKey(
        "innovations.Innovation",
        verbose_name=_("innovation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
    )
    dossier_section = models.CharField(_("dossier section"), max_length=120, blank=True)
    need = models.TextField(_("what you need help with"), blank=True)
    proposed_starts_at = models.DateTimeField(_("proposed new time"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    follows = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_ups"
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # The revision counter of the session's calendar event (iCalendar SEQUENCE): raised by
    # every change of time, place or status (services.revise), never lowered.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["agency", "starts_at"], name="session_agency_start"),
            models.Index(fields=["facilitator", "starts_at"], name="session_facilitator_start"),
            models.Index(fields=["requested_by", "starts_at"], name="session_requester_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(busy_until__gte=models.F("ends_at")),
                name="session_busy_covers_session",
            ),
        ]

    def __str__(self):
        return f"{self.session_type} · {self.starts_at:%Y-%m-%d %H:%M}"


class Participant(models.Model):
    """Someone in a session besides the booker: a registrant of a group session (up to
    capacity, then the waiting list) or an invited member of an innovation's team."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_participations"
    )
    status = models.CharField(max_length=12, choices=ParticipantStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "user"], name="participant_once")
        ]

    def __str__(self):
        return f"{self.user} · {self.get_status_display()}"
