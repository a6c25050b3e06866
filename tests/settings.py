"""Test settings: the real settings with values a test run needs, nothing else."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-" + "x" * 40)

from klikbaik.settings import *  # noqa: E402,F403

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# Links in e-mails and calendar files: the portal's address, not the test client's host.
PORTAL_BASE_URL = "https://klikbaik.test"
