"""Refuse to serve without the settings production needs, loudly and early."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

MISSING_KEY = (
    "SECRET_KEY is not set. Set it in the environment, or set DEBUG=true for local "
    "development (make run sets DEMO=true for the demo)."
)
PLACEHOLDER_KEY = (
    "SECRET_KEY is the placeholder from docs/env.example. Set a random one, e.g. "
    'python3 -c "import secrets; print(secrets.token_urlsafe(50))"'
)
WEAK_KEY = (
    "SECRET_KEY is too weak: Django advises at least 50 characters with at least 5 "
    'different ones. Make one with python3 -c "import secrets; print(secrets.token_urlsafe(50))"'
)
# The example value and anything derived from it ("change-me-...").
PLACEHOLDER_PREFIX = "change-me"


def secret_key_problem() -> tuple[str, str] | None:
    """(check id, message) when the secret key is missing, the placeholder or weak."""
    key = settings.SECRET_KEY
    if not settings.SECRET_KEY_FROM_ENVIRONMENT:
        return "klikbaik.E001", MISSING_KEY
    if key.strip().lower().startswith(PLACEHOLDER_PREFIX):
        return "klikbaik.E002", PLACEHOLDER_KEY
    if len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-"):
        return "klikbaik.E003", WEAK_KEY
    return None


def ensure_ready_to_serve() -> None:
    """Called by the WSGI/ASGI application and Celery (worker, beat) before they start."""
    problem = secret_key_problem()
    if not settings.LOCAL and problem:
        raise ImproperlyConfigured(problem[1])


@checks.register(checks.Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    problem = secret_key_problem()
    return [checks.Error(problem[1], id=problem[0])] if problem else []
