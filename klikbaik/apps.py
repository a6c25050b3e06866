from django.apps import AppConfig


class KlikbaikConfig(AppConfig):
    """The project package: registers the portal-wide system checks."""

    name = "klikbaik"
    verbose_name = "KLIK Baik"

    def ready(self):
        from django.core.signals import request_finished

        from klikbaik import production  # noqa: F401 - registers the deploy checks
        from klikbaik.logs import end_request

        request_finished.connect(end_request, dispatch_uid="klikbaik.logs.end_request")
