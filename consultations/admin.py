"""The operators' admin site for the booking's set-up."""

from django.contrib import admin

from consultations.models import (
    AvailabilityException,
    Consultation,
    FacilitatorProfile,
    Room,
    SessionType,
    WeeklyHours,
)


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "agency"]
    list_filter = ["agency"]


@admin.register(SessionType)
class SessionTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "kind", "duration_minutes", "capacity", "room", "is_active"]
    list_filter = ["agency", "kind", "is_active"]


class WeeklyHoursInline(admin.TabularInline):
    model = WeeklyHours
    extra = 0


@admin.register(FacilitatorProfile)
class FacilitatorProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "affiliation", "is_active"]
    list_filter = ["agency", "affiliation", "is_active"]
    raw_id_fields = ["user"]
    inlines = [WeeklyHoursInline]


@admin.register(AvailabilityException)
class AvailabilityExceptionAdmin(admin.ModelAdmin):
    list_display = ["facilitator", "kind", "day", "start", "end"]
    list_filter = ["agency", "kind"]


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["starts_at", "agency", "session_type", "facilitator", "requested_by", "status"]
    list_filter = ["agency", "status"]
    raw_id_fields = ["requested_by", "innovation", "follows"]
    readonly_fields = ["busy_until"]
