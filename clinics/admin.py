"""The operators' admin site (portal staff only; tenant pages are where clinics work)."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from clinics.models import ActivityLog, Agency, Invitation, Membership, Partner, Region, Unit, User

# Admin sign-in goes through allauth, so rate limits and two-factor apply there too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("KLIK Baik operators")


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "province"]
    prepopulated_fields = {"slug": ["name"]}


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "kind", "clinic_name", "is_open", "coordinates_region"]
    list_filter = ["region", "kind", "is_open", "coordinates_region"]
    search_fields = ["name", "clinic_name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [UnitInline]


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["agency"]
    raw_id_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "date_joined"]
    search_fields = ["email", "full_name", "nip"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "nip", "phone"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "role", "unit", "is_active"]
    list_filter = ["role", "is_active", "agency"]
    search_fields = ["user__email", "user__full_name"]
    list_select_related = ["user", "agency", "unit"]
    raw_id_fields = ["user", "unit"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "kind", "mou_start", "mou_end"]
    list_filter = ["kind", "agency"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "agency", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["agency", "role"]
    readonly_fields = ["token_hash"]


@admin.register(ActivityLog)
class ActivityLogAdmin(admin.ModelAdmin):
    """The audit trail: readable, never added to, edited or deleted, not even by a
    superuser (the portal writes it in the same transaction as what it records)."""

    list_display = ["created_at", "agency", "actor", "action", "target_type", "target_id"]
    list_filter = ["agency", "action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
