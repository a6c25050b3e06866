"""Root URLs. Everything an agency owns lives under ``/<agency_slug>/`` (last, so that the
portal's own top-level paths win; clinics.models.RESERVED_SLUGS keeps agencies off them)."""

from django.contrib import admin
from django.urls import include, path

from clinics import signin
from clinics import views as clinic_views
from consultations import views as consultation_views
from innovations.urls import catalogue_patterns
from klikbaik.health import healthz

# allauth's rate limits answer with the portal's 429 page (when to try again).
handler429 = signin.too_many_requests

tenant_patterns = [
    path("", include("clinics.urls")),
    path("innovations/", include("innovations.urls")),
    path("consultations/", include("consultations.urls")),
    path("competitions/", include("competitions.urls")),
    path("index/", include("indexes.urls")),
    path("pelembagaan/", include("pelembagaan.urls")),
]

urlpatterns = [
    path("", clinic_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", clinic_views.language_set, name="set_language"),
    path("admin/", admin.site.urls),
    path("jobs/", include("jobs.urls")),
    path("catalogue/", include(catalogue_patterns)),
    path("sessions/", consultation_views.my_sessions, name="my_sessions"),
    path("calendar/<str:token>.ics", consultation_views.calendar_feed, name="calendar_feed"),
    path("invitations/<str:token>/", clinic_views.invitation_accept, name="invitation_accept"),
    path("<slug:agency_slug>/", include(tenant_patterns)),
]
