"""Biblio's one settings module: every deployment difference comes from the environment.

Variables (all optional for the demo; see `.env.example`):
SECRET_KEY, DEBUG, DATABASE_URL, ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS, EMAIL_URL, DEFAULT_FROM_EMAIL,
SITE_URL, REDIS_URL, TASKS_BACKEND, BIBLIO_VAR_DIR, BIBLIO_KEYS_DIR, SECURE_SSL_REDIRECT,
BIBLIO_RETENTION_DAYS_AUDIT, BIBLIO_RETENTION_DAYS_APPLICATIONS, BIBLIO_RETENTION_DAYS_EVIDENCE,
BIBLIO_RETENTION_DAYS_JOB_REPORTS, BIBLIO_JOB_STALLED_MINUTES,
BIBLIO_ERASURE_GRACE_DAYS, BIBLIO_SESSION_HOURS, BIBLIO_LOGIN_* (throttling), BIBLIO_PROXY_HOPS.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("BIBLIO_TESTING", False) or "pytest" in sys.modules
_DEV_KEY = "biblio-insecure-development-key-change-me-0123456789abcdefghijklmnop"
SECRET_KEY = os.environ.get("SECRET_KEY") or (_DEV_KEY if (DEBUG or TESTING) else "")
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
BIBLIO_DEMO = env_bool("BIBLIO_DEMO", False)  # show the demo log-ins on the log-in page
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

VAR_DIR = Path(os.environ.get("BIBLIO_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "biblio.core",
    "biblio.accounts",
    "biblio.competences",
    "biblio.programmes",
    "biblio.learning",
    "biblio.workplace",
    "biblio.recognition",
    "biblio.reports",
    "biblio.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "biblio.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "biblio.accounts.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "biblio.core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "biblio.urls"
WSGI_APPLICATION = "biblio.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "biblio" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "biblio.core.context_processors.site",
                "biblio.accounts.context_processors.nav",
            ],
        },
    },
]

# --- Database: SQLite under var/ by default (WAL, busy timeout), PostgreSQL via DATABASE_URL.
_default_sqlite = f"sqlite:///{VAR_DIR / 'biblio.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", _default_sqlite), conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Persistent like PostgreSQL's (60 s): opening a SQLite connection runs the PRAGMAs below and
    # registers Django's SQL functions, ~1 ms of CPU that every request paid (docs/performance.md).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA busy_timeout=20000;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ.get("BIBLIO_TEST_SQLITE")
else:
    # Server-side binding, and psycopg prepares a statement a connection has run five times (Django turns
    # that off unless asked): PostgreSQL stops parsing and planning the same reads on every request (the
    # session, the person, the roles, the enrolments, the budgets). The participants' mix under gunicorn
    # at L: 6.3 → 4.9 ms of CPU per request. Needs a direct connection (as here, persistent) or a pooler
    # that keeps prepared statements (PgBouncer 1.21+ with max_prepared_statements).
    DATABASES["default"]["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5}
    DATABASES["default"].setdefault("TEST", {})
    if os.environ.get("BIBLIO_TEST_DB_NAME"):
        DATABASES["default"]["TEST"]["NAME"] = os.environ["BIBLIO_TEST_DB_NAME"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.Person"
AUTHENTICATION_BACKENDS = [
    # ModelBackend reading the person of each request with one written-out statement (accounts/backends.py).
    "biblio.accounts.backends.PersonBackend",
    # Sessions opened before it name Django's (the session keeps the backend's path): listed, so nobody
    # is logged out; the same person, read by the ORM, until they log in again (SESSION_COOKIE_AGE).
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "catalogue"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; tests create hundreds of people.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Sessions and cache: in the database, or Redis when REDIS_URL is set (stateless app servers).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "biblio_cache",
        }
    }
    # Django's database sessions, read with one written-out statement (biblio/core/sessions.py).
    SESSION_ENGINE = "biblio.core.sessions"

# --- Background work: Django's Tasks API (django-tasks backport). A setting, not a code change.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend",
        )
    }
}

# --- Languages
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("lv", _("Latvian")),
    ("bg", _("Bulgarian")),
    ("el", _("Greek")),
    ("it", _("Italian")),
    ("sv", _("Swedish")),
]
LOCALE_PATHS = [BASE_DIR / "biblio" / "locale"]
FORMAT_MODULE_PATH = ["biblio.formats"]  # where Django's date formats are wrong for lv, bg, it
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# --- Static and uploaded files. Uploads live outside the web root and are served by views that check access.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "biblio" / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "private"), "base_url": "/private-not-served/"},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not (DEBUG or TESTING)
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
MEDIA_ROOT = VAR_DIR / "private"
BIBLIO_KEYS_DIR = Path(os.environ.get("BIBLIO_KEYS_DIR", VAR_DIR / "keys"))
BIBLIO_MAX_UPLOAD_BYTES = int(os.environ.get("BIBLIO_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))
BIBLIO_MAX_IMPORT_BYTES = int(os.environ.get("BIBLIO_MAX_IMPORT_BYTES", 16 * 1024 * 1024))  # a CSV to import
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- E-mail: EMAIL_URL = console:// | file:///path | smtp://user:pass@host:port?tls=1 | locmem://
EMAIL_URL = os.environ.get("EMAIL_URL", "locmem://" if TESTING else f"file://{VAR_DIR / 'mail'}")
_email = urlparse(EMAIL_URL)
if _email.scheme == "file":
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = _email.path
elif _email.scheme == "console":
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
elif _email.scheme == "locmem":
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
elif _email.scheme in {"smtp", "smtps"}:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email.hostname or "localhost"
    EMAIL_PORT = _email.port or (465 if _email.scheme == "smtps" else 25)
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    _q = parse_qs(_email.query)
    EMAIL_USE_TLS = _q.get("tls", ["0"])[0] in {"1", "true"}
    EMAIL_USE_SSL = _email.scheme == "smtps"
else:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"EMAIL_URL scheme not supported: {_email.scheme}")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Biblio <noreply@biblio.example.org>")

# --- Security. Production (DEBUG off) gets secure cookies, HSTS and HTTPS behind a proxy.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_AGE = int(float(os.environ.get("BIBLIO_SESSION_HOURS", 12)) * 3600)
CSRF_FAILURE_VIEW = "biblio.core.views.csrf_failure"
# Throttled log-in (docs/security.md): failures per account and per network address within the window.
BIBLIO_LOGIN_WINDOW_MINUTES = int(os.environ.get("BIBLIO_LOGIN_WINDOW_MINUTES", 15))
BIBLIO_LOGIN_FAILURES_PER_ACCOUNT = int(os.environ.get("BIBLIO_LOGIN_FAILURES_PER_ACCOUNT", 5))
BIBLIO_LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("BIBLIO_LOGIN_FAILURES_PER_ADDRESS", 30))
BIBLIO_RESET_REQUESTS_PER_ADDRESS = int(os.environ.get("BIBLIO_RESET_REQUESTS_PER_ADDRESS", 10))
# How many reverse proxies in front of gunicorn append to X-Forwarded-For (0: use REMOTE_ADDR).
BIBLIO_PROXY_HOPS = int(os.environ.get("BIBLIO_PROXY_HOPS", 0))
BIBLIO_TOTP_ISSUER = os.environ.get("BIBLIO_TOTP_ISSUER", "Biblio")
if not DEBUG and not TESTING:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
BIBLIO_MAP_TILES_URL = os.environ.get("BIBLIO_MAP_TILES_URL", "")  # optional online tiles
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:"
    + (
        " " + urlparse(BIBLIO_MAP_TILES_URL).scheme + "://" + urlparse(BIBLIO_MAP_TILES_URL).netloc
        if BIBLIO_MAP_TILES_URL
        else ""
    )
    + "; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'; object-src 'none'"
)

# A running background job with no progress written for this long is stalled: its worker died (core/models.py).
BIBLIO_JOB_STALLED_MINUTES = int(os.environ.get("BIBLIO_JOB_STALLED_MINUTES", 15))

# --- Privacy and retention (days); see docs/privacy.md.
BIBLIO_RETENTION_DAYS_AUDIT = int(os.environ.get("BIBLIO_RETENTION_DAYS_AUDIT", 3650))
BIBLIO_RETENTION_DAYS_APPLICATIONS = int(os.environ.get("BIBLIO_RETENTION_DAYS_APPLICATIONS", 730))
# Uploaded evidence (hour entries, exemptions) is deleted this long after the cohort ends.
BIBLIO_RETENTION_DAYS_EVIDENCE = int(os.environ.get("BIBLIO_RETENTION_DAYS_EVIDENCE", 1825))
# Background jobs' reports (unmatched e-mail addresses, quoted values, certificate numbers) are cut
# down to their counts this long after the job ended; the job row and its counts stay.
BIBLIO_RETENTION_DAYS_JOB_REPORTS = int(os.environ.get("BIBLIO_RETENTION_DAYS_JOB_REPORTS", 90))
# An erasure request is carried out by `apply_retention` this long after it is made (an administrator
# may carry it out sooner); the person may cancel it until then.
BIBLIO_ERASURE_GRACE_DAYS = int(os.environ.get("BIBLIO_ERASURE_GRACE_DAYS", 30))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
