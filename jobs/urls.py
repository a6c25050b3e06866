from django.urls import path

from jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.operations, name="operations"),
    path("<int:pk>/retry/", views.operations_retry, name="operations_retry"),
]
