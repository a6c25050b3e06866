from django.apps import AppConfig


class KlikbaikConfig(AppConfig):
    """The project package: registers the portal-wide system checks."""

    name = "klikbaik"
    verbose_name = "KLIK Baik"

    def ready(self):
        from klikbaik import production  # noqa: F401 - registers the deploy checks
