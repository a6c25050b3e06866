"""Pelembagaan tracker pages, all under ``/<agency_slug>/pelembagaan/``."""

from django.urls import path

from pelembagaan import views

app_name = "pelembagaan"

urlpatterns = [
    path("", views.tracker, name="tracker"),
    path("regulations/new/", views.regulation_add, name="regulation_add"),
    path("regulations/<int:pk>/", views.regulation_detail, name="regulation"),
    path("regulations/<int:pk>/edit/", views.regulation_edit, name="regulation_edit"),
    path("regulations/<int:pk>/move/", views.regulation_move, name="regulation_move"),
    path("regulations/<int:pk>/file/", views.regulation_file, name="regulation_file"),
    path("budget/new/", views.budget_add, name="budget_add"),
    path("budget/<int:pk>/", views.budget_edit, name="budget_edit"),
    path("budget/<int:pk>/delete/", views.budget_delete, name="budget_delete"),
    path("budget/<int:pk>/file/", views.budget_file, name="budget_file"),
]
