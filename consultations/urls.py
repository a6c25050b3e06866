"""The booking's pages under ``/<agency_slug>/consultations/``."""

from django.urls import path

from consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.facilitators, name="facilitators"),
    path("book/", views.book, name="book"),
    path("profile/", views.profile, name="profile"),
    path("facilitators/<int:pk>/photo/", views.photo, name="photo"),
    path("week/", views.week, name="week"),
    path("availability/", views.availability, name="availability"),
    path(
        "availability/<slug:kind>/<int:pk>/remove/",
        views.availability_remove,
        name="availability_remove",
    ),
    path("availability/feed/renew/", views.feed_renew, name="feed_renew"),
    path("types/", views.session_types.list_view(), name="session_types"),
    path("types/new/", views.session_types.form_view(), name="session_type_add"),
    path("types/<int:pk>/", views.session_types.form_view(), name="session_type_edit"),
    path("rooms/", views.rooms.list_view(), name="rooms"),
    path("rooms/new/", views.rooms.form_view(), name="room_add"),
    path("rooms/<int:pk>/", views.rooms.form_view(), name="room_edit"),
    path("<int:pk>/", views.detail, name="detail"),
    path("schedule/", views.schedule, name="schedule"),
    path("utilisation/", views.utilisation, name="utilisation"),
    path("<int:pk>/complete/", views.complete, name="complete"),
    path("<int:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("<int:pk>/take-part/<slug:action>/", views.take_part, name="take_part"),
    path("<int:pk>/<slug:action>/", views.move, name="move"),
]
