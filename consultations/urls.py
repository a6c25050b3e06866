"""The booking's pages under ``/<agency_slug>/consultations/``."""

from django.urls import path

from consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.facilitators, name="facilitators"),
    path("book/", views.book, name="book"),
    path("week/", views.week, name="week"),
    path("availability/", views.availability, name="availability"),
    path(
        "availability/<slug:kind>/<int:pk>/remove/",
        views.availability_remove,
        name="availability_remove",
    ),
    path("availability/feed/renew/", views.feed_renew, name="feed_renew"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<slug:action>/", views.move, name="move"),
]
