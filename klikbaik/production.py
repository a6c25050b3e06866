"""Refuse to serve without the settings production needs, loudly and early."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

MISSING_KEY = (
    "SECRET_KEY is not set. Set it in the environment, or set DEBUG=true for local "
    "development (make run sets DEMO=true for the demo)."
)


def ensure_ready_to_serve() -> None:
    """Called by the WSGI/ASGI application and the Celery app before they start."""
    if not settings.LOCAL and not settings.SECRET_KEY_FROM_ENVIRONMENT:
        raise ImproperlyConfigured(MISSING_KEY)


@checks.register(checks.Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    if settings.SECRET_KEY_FROM_ENVIRONMENT:
        return []
    return [checks.Error(MISSING_KEY, id="klikbaik.E001")]
