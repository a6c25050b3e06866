"""Settings of the KLIK Baik portal, read from the environment (12-factor).

With nothing set and ``DEBUG=true`` (development) or ``DEMO=true`` (``make run``) the
portal runs on SQLite under ``var/``, with a filesystem Celery broker and e-mail printed to
the console. Production differs only by
values: set ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``DATABASE_URL`` and ``REDIS_URL`` and leave
``DEBUG`` unset; ``manage.py check --deploy`` then passes. See README "Configuration".
"""

import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from klikbaik.env import env_bool, env_int, env_list, env_origin, env_str
from klikbaik.errors import init_error_reporting
from klikbaik.logs import formatter_config

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)
# The demo (`make run`) behaves like production, DEBUG off, so that a mistyped address shows
# the portal's own 404 page and an error its 500 page, with what one machine needs: a
# throw-away key, localhost, plain HTTP and static files served from the app folders.
# Never set it on a server: `check --deploy` fails with it.
DEMO = env_bool("DEMO", default=False)
LOCAL = DEBUG or DEMO

# Without SECRET_KEY, management commands (makemigrations, shell, ...) still run with a
# throw-away key, but nothing serves: the web (wsgi/asgi) and Celery refuse to start and
# `check --deploy` reports klikbaik.E001 (klikbaik/production.py).
SECRET_KEY_FROM_ENVIRONMENT = bool(env_str("SECRET_KEY"))
SECRET_KEY = env_str("SECRET_KEY") or (
    "django-insecure-local-development-only" if LOCAL else secrets.token_urlsafe(50)
)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if LOCAL else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # the built-in widget templates, for the project's form renderer
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "template_partials",
    "csp",
    "klikbaik.apps.KlikbaikConfig",
    "jobs",
    "clinics",
    "innovations",
    "pelembagaan",
    "consultations",
    "competitions",
    "indexes",
]

MIDDLEWARE = [
    "klikbaik.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Indonesian unless the person chose English (never the browser's Accept-Language).
    "clinics.language.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "clinics.security.IdleTimeoutMiddleware",
    "clinics.security.SecondFactorMiddleware",
    "clinics.tenancy.AgencyMiddleware",
    "klikbaik.storage.StorageErrorMiddleware",
]

ROOT_URLCONF = "klikbaik.urls"
WSGI_APPLICATION = "klikbaik.wsgi.application"
ASGI_APPLICATION = "klikbaik.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "clinics.context_processors.tenant",
            ],
            "builtins": [
                "django.templatetags.i18n",
                "template_partials.templatetags.partials",
                "clinics.templatetags.rules",
            ],
        },
    },
]

FORM_RENDERER = "clinics.forms.PortalFormRenderer"

# Database: SQLite under var/ unless DATABASE_URL names another (PostgreSQL in production).
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            "OPTIONS": {
                # The demo runs a web server and a worker on one file: WAL lets them read
                # while the other writes, IMMEDIATE avoids lock upgrades that deadlock.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # Redis, degrading to a local cache while it is unreachable (klikbaik/cache.py): a
    # Redis outage must not stop anyone signing in.
    CACHES = {
        "default": {
            "BACKEND": "klikbaik.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "clinics.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Argon2id at OWASP's cost (klikbaik/hashers.py); older PBKDF2 hashes upgrade at sign-in.
PASSWORD_HASHERS = [
    "klikbaik.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: e-mail login, sign-up only through an invitation (clinics.adapters).
ACCOUNT_ADAPTER = "clinics.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_FORMS = {"signup": "clinics.forms.InvitationSignupForm"}
# Sign-in limits that protect without letting anyone lock another person out
# (clinics/signin.py): successful sign-ins are never limited (a whole office behind one
# address signs in at 08:00); failed ones are, per client address and per account, but a
# browser that has signed in to the account before counts its own failures instead, so a
# stranger's guessing never refuses the owner's right password on their own computer.
ACCOUNT_RATE_LIMITS = {
    "login": None,
    "login_failed": "30/5m/ip,5/5m/key",
    "login_failed_device": "10/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
# The client's address as the proxy saw it: the number of proxies in front of gunicorn
# that append to X-Forwarded-For (compose: 1, its nginx; 2 with a TLS gateway in front of
# that), or a header a trusted proxy sets (e.g. X-Real-IP). Without either, every visitor
# has the proxy's address and the per-address limit counts everyone together.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_str("TRUSTED_CLIENT_IP_HEADER") or None
# A browser that has signed in to an account is remembered this long (a signed cookie).
SIGNIN_DEVICE_DAYS = env_int("SIGNIN_DEVICE_DAYS", 90)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "KLIK Baik"
# Operators and clinic/regional admins must turn on two-factor sign-in within this many
# days of the portal first seeing them in that role (clinics/security.py).
MFA_GRACE_DAYS = env_int("MFA_GRACE_DAYS", 7)

# Sessions for a shared office computer: the cookie ends when the browser closes, a
# session unused for SESSION_IDLE_MINUTES is signed out, and none lasts longer than
# SESSION_MAX_HOURS (a working day). No "remember me".
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 45)
SESSION_COOKIE_AGE = env_int("SESSION_MAX_HOURS", 10) * 3600
ACCOUNT_SESSION_REMEMBER = False

# Internationalisation: Bahasa Indonesia first, English second, only for a person who
# picks it (clinics.language); times stored in UTC and shown in the agency's zone
# (clinics.tenancy activates it per request).
LANGUAGE_CODE = "id"
# Each language is named in itself, so that anyone can find their own in the switcher.
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Makassar"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Files (uploads, PDFs, ZIPs) go through the storage API: the local disk under MEDIA_ROOT,
# or an S3-compatible store when S3_BUCKET is set, so that web and workers on different
# machines share them. Either way they are private: no public URL; permission-checking
# views stream them, or (S3_PRESIGNED_DOWNLOADS) redirect to a URL valid for a minute.
S3_PRESIGNED_DOWNLOADS = env_bool("S3_PRESIGNED_DOWNLOADS", default=False)
S3_URL_SECONDS = 60


def default_storage_from_environment(media_root: Path) -> dict:
    """``STORAGES["default"]``: S3 when ``S3_BUCKET`` is set, else the local disk."""
    if not env_str("S3_BUCKET"):
        return {
            "BACKEND": "klikbaik.storage.FileSystemStorage",
            "OPTIONS": {"location": media_root, "base_url": None},
        }
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            "location": env_str("S3_PREFIX"),
            "addressing_style": env_str("S3_ADDRESSING_STYLE") or None,
            "signature_version": "s3v4",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": S3_URL_SECONDS,
            "file_overwrite": False,
        },
    }


STORAGES = {
    "default": default_storage_from_environment(MEDIA_ROOT),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if LOCAL
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# In development and the demo whitenoise serves straight from the app folders (no
# collectstatic).
WHITENOISE_USE_FINDERS = LOCAL
WHITENOISE_AUTOREFRESH = DEBUG
LOGO_MAX_BYTES = env_int("LOGO_MAX_BYTES", 2 * 1024 * 1024)
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 24 * 1024 * 1024)
# Spreadsheets of innovations to import (innovations.importing).
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 10 * 1024 * 1024)
# Uploaded images (evidence photos, logos) may have at most this many pixels: decoding one
# takes about 4 bytes a pixel, in the web process at upload and in the PDF worker.
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 40_000_000)
# A sustainability check-in is due this long after the last one (implemented innovations).
CHECKIN_INTERVAL_DAYS = env_int("CHECKIN_INTERVAL_DAYS", 90)
# Regional ZIP exports can be downloaded this long, then they are deleted.
EXPORT_KEEP_DAYS = env_int("EXPORT_KEEP_DAYS", 7)

# Background jobs (jobs app, DESIGN §4). A running job touches its heartbeat every
# JOB_HEARTBEAT_SECONDS; silent for JOB_HEARTBEAT_TIMEOUT_SECONDS, its worker is taken as
# lost and the job queued again after JOB_RETRY_BACKOFF_SECONDS × 2^n, at most
# JOB_MAX_REQUEUES times, then failed. The sweeper (every JOB_SWEEP_SECONDS, 30, read by
# klikbaik/celery.py's beat schedule) sends again what never reached the broker, or
# reached it JOB_RESEND_SECONDS ago and was not taken. Outbox messages are claimed for
# MESSAGE_LEASE_SECONDS and given up after MESSAGE_MAX_ATTEMPTS. /healthz answers 503 when
# a queue has had no worker heartbeat for WORKER_DOWN_SECONDS; workers write theirs every
# WORKER_BEAT_SECONDS.
JOB_HEARTBEAT_SECONDS = env_int("JOB_HEARTBEAT_SECONDS", 15)
JOB_HEARTBEAT_TIMEOUT_SECONDS = env_int("JOB_HEARTBEAT_TIMEOUT_SECONDS", 120)
JOB_RETRY_BACKOFF_SECONDS = env_int("JOB_RETRY_BACKOFF_SECONDS", 30)
JOB_MAX_REQUEUES = env_int("JOB_MAX_REQUEUES", 3)
JOB_RESEND_SECONDS = env_int("JOB_RESEND_SECONDS", 300)
MESSAGE_LEASE_SECONDS = env_int("MESSAGE_LEASE_SECONDS", 600)
MESSAGE_MAX_ATTEMPTS = env_int("MESSAGE_MAX_ATTEMPTS", 10)
WORKER_BEAT_SECONDS = env_int("WORKER_BEAT_SECONDS", 15)
WORKER_DOWN_SECONDS = env_int("WORKER_DOWN_SECONDS", 300)
# Beat holds a lock (Redis, or a file on the demo's filesystem broker) so that a second
# beat waits; a lock not renewed for this long is free again.
BEAT_LOCK_SECONDS = env_int("BEAT_LOCK_SECONDS", 60)

# E-mail: SMTP when EMAIL_HOST is set, printed to the console otherwise.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "KLIK Baik <no-reply@klikbaik.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The portal's address as people reach it: links in e-mails and calendar files are built
# from it (workers have no request, and a request's Host header is the client's choice).
# Default: the first CSRF_TRUSTED_ORIGINS entry, else https:// and the first plain
# ALLOWED_HOSTS entry, else the demo's address.
_PLAIN_HOSTS = [host for host in ALLOWED_HOSTS if host != "*" and not host.startswith(".")]
PORTAL_BASE_URL = env_origin(
    "PORTAL_BASE_URL",
    CSRF_TRUSTED_ORIGINS[0]
    if CSRF_TRUSTED_ORIGINS
    else (f"https://{_PLAIN_HOSTS[0]}" if _PLAIN_HOSTS and not LOCAL else "http://127.0.0.1:8000"),
)

# Celery: Redis when REDIS_URL is set, else kombu's filesystem transport so that the demo
# runs a real worker process without any server (DESIGN §4).
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
CELERY_BROKER_FOLDER = VAR_DIR / "celery"
CELERY_BROKER_TRANSPORT_OPTIONS = (
    # A message taken by a worker that vanished is delivered again after an hour; the
    # sweeper re-queues its job much sooner (heartbeat) and the task's claim drops the
    # late duplicate. Short socket timeouts: a request never hangs on a dead broker.
    {"visibility_timeout": 3600, "socket_timeout": 5, "socket_connect_timeout": 3}
    if REDIS_URL
    else {
        "data_folder_in": str(CELERY_BROKER_FOLDER / "queue"),
        "data_folder_out": str(CELERY_BROKER_FOLDER / "queue"),
        "processed_folder": str(CELERY_BROKER_FOLDER / "processed"),
        "control_folder": str(CELERY_BROKER_FOLDER / "control"),
        "store_processed": False,
    }
)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)

# Content Security Policy (django-csp): nothing is loaded from outside the portal.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Security: strict unless DEBUG. Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not LOCAL
CSRF_COOKIE_SECURE = not LOCAL
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not LOCAL)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if LOCAL else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not LOCAL)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not LOCAL)
if env_bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# /healthz is probed over plain HTTP by the container orchestrator.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Logs: one JSON object per line on stderr (web, workers, beat), with the request id,
# user and agency ids and UTC timestamps (klikbaik/logs.py); LOG_FORMAT=text for reading
# on a terminal (the default with DEBUG).
LOG_FORMAT = env_str("LOG_FORMAT", "text" if LOCAL else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "klikbaik.logs.ContextFilter"}},
    "formatters": {LOG_FORMAT: formatter_config(LOG_FORMAT)},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["context"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own lines (errors with their traceback included) go to the root's
        # handler, not to Django's default console handler as well.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # WeasyPrint narrates every layout step at INFO; keep its warnings only.
        "weasyprint.progress": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
    },
}

# Error reports to a Sentry-compatible service when SENTRY_DSN is set; off otherwise.
# No personal data is sent (send_default_pii off): the user travels as an id only.
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    init_error_reporting(
        SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        release=env_str("SENTRY_RELEASE") or None,
    )

# Invitations to join an agency stay valid this many days.
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14)
