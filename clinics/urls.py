"""The clinic's own pages, all under ``/<agency_slug>/`` (see klikbaik/urls.py)."""

from django.urls import path

from clinics import views

app_name = "clinics"

urlpatterns = [
    path("", views.clinic_home, name="home"),
    path("help/", views.clinic_help, name="help"),
    path("logo/", views.agency_logo, name="logo"),
    path("floor/", views.floor, name="floor"),
    path("settings/", views.clinic_settings, name="settings"),
    path("members/", views.member_list, name="members"),
    path("members/invite/", views.member_invite, name="member_invite"),
    path("members/<int:pk>/", views.member_edit, name="member_edit"),
    path("invitations/<int:pk>/resend/", views.invitation_resend, name="invitation_resend"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("units/", views.units.list_view(), name="units"),
    path("units/new/", views.units.form_view(), name="unit_add"),
    path("units/<int:pk>/", views.units.form_view(), name="unit_edit"),
    path("partners/", views.partners.list_view(), name="partners"),
    path("partners/new/", views.partners.form_view(), name="partner_add"),
    path("partners/<int:pk>/", views.partners.form_view(), name="partner_edit"),
    path("region/agencies/", views.region_agencies, name="region_agencies"),
    path("region/agencies/new/", views.agency_onboard, name="agency_onboard"),
    path(
        "region/agencies/<int:pk>/invite/",
        views.region_agency_invite,
        name="region_agency_invite",
    ),
]
