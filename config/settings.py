"""Settings for the head-teacher studio platform.

One file, read from the environment, so the same code runs a school's laptop (SQLite, DEBUG) and a
province's cluster (PostgreSQL, several stateless processes). Production refuses to start without
SECRET_KEY and ALLOWED_HOSTS.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_DEBUG is off.")
    # Development only: a fixed key keeps sessions across restarts of `make run`.
    SECRET_KEY = "dev-only-insecure-key-never-used-in-production-0123456789abcdef"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "hts.core",
    "hts.accounts",
    "hts.org",
    "hts.studios",
    "hts.activities",
    "hts.notifications",
    "hts.funds",
    "hts.classwork",
    "hts.research",
    "hts.archives",
    "hts.evaluation",
    "hts.corps",
    "hts.portal",
    "hts.dashboards",
    "hts.demo",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hts.core.middleware.SecurityHeadersMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "hts.core.middleware.AuditContextMiddleware",
    "hts.accounts.middleware.ForcePasswordChangeMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must be last: it turns a locked-out sign-in into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "hts.accounts.context_processors.navigation",
                "hts.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite (WAL, set on connect in hts.core.apps) by default; PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{os.environ.get('SQLITE_PATH', BASE_DIR / 'var' / 'db.sqlite3')}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    # Axes first, so a locked account is refused before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "hts.accounts.backends.UsernameOrMobileBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if env_bool("FAST_PASSWORD_HASHER"):
    # Tests only: argon2 is deliberately slow, and the suite signs in hundreds of times.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "hts.core.validators.NotBlankPasswordValidator", "OPTIONS": {"min_visible": 8}},
]

LOGIN_URL = "accounts-login"
LOGIN_REDIRECT_URL = "core-home"
LOGOUT_REDIRECT_URL = "accounts-login"

# Sessions end after this much inactivity: every request pushes the expiry forward.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", str(2 * 60 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Account lockout (django-axes): 5 failures lock the account (not the IP: a whole school shares one
# NAT address) for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "hts.accounts.backends.axes_username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# axes.W006 asks to also lock by IP address; a whole school signs in through one NAT address, so one
# person's typos would lock out every colleague. Lockout is per account, deliberately.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Front-end libraries come from npm and are served by WhiteNoise: an intranet has no CDN.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    # Only the browser tests load axe-core (accessibility checks); it is served like the others.
    ("vendor/axe-core", BASE_DIR / "node_modules" / "axe-core"),
]
# Production serves the hashed, compressed files that `collectstatic` wrote; development and the
# tests serve straight from the source folders.
STATIC_FROM_SOURCE = DEBUG or env_bool("STATIC_FROM_SOURCE")
WHITENOISE_USE_FINDERS = STATIC_FROM_SOURCE
WHITENOISE_AUTOREFRESH = STATIC_FROM_SOURCE
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if STATIC_FROM_SOURCE
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "media/"

# Uploads: rosters are small; a larger file is refused before it is parsed.
ROSTER_UPLOAD_MAX_BYTES = int(os.environ.get("ROSTER_UPLOAD_MAX_BYTES", str(5 * 1024 * 1024)))
# Stored files: one size limit per use (the key of its hts.core.files.FileUse). The environment sets
# the two groups: attachments, and growth-archive files, which include lesson videos.
attachment_max_bytes = int(os.environ.get("ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)))
archive_max_bytes = int(os.environ.get("ARCHIVE_MAX_BYTES", str(50 * 1024 * 1024)))
UPLOAD_MAX_BYTES = {
    "activities.attachment": attachment_max_bytes,
    "archives.file": archive_max_bytes,
    "funds.receipt": attachment_max_bytes,
    "classwork.photo": attachment_max_bytes,
    "portal.photo": attachment_max_bytes,
    "portal.member_photo": attachment_max_bytes,
    "portal.contest": attachment_max_bytes,  # an essay's document, and the book of winning essays
    "research.document": attachment_max_bytes,
    "research.evidence": attachment_max_bytes,
}
ROSTER_MAX_ROWS = int(os.environ.get("ROSTER_MAX_ROWS", "5000"))
DATA_UPLOAD_MAX_MEMORY_SIZE = ROSTER_UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = ROSTER_UPLOAD_MAX_BYTES + 1024 * 1024  # larger uploads spool to a temp file

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Everything is served from this origin (no CDN: intranets have no internet). Scripts are static files
# only; styles allow inline attributes, which templates and Bootstrap's components use. Not sent under
# DEBUG, whose error pages carry inline scripts.
CONTENT_SECURITY_POLICY = (
    ""
    if DEBUG
    else os.environ.get(
        "CONTENT_SECURITY_POLICY",
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
        "frame-ancestors 'none'",
    )
)
# No page uses the camera, microphone, location or payment (a check-in QR code is scanned by the
# phone's own camera app and opens a link).
PERMISSIONS_POLICY = os.environ.get(
    "PERMISSIONS_POLICY",
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "magnetometer=(), gyroscope=(), accelerometer=()",
)
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    # Behind a reverse proxy that terminates TLS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Demo accounts share one known password; they only exist where `seed_demo` ran.
DEMO_PASSWORD = "Demo@2026"  # noqa: S105

PAGE_SIZE = 20

# Background work (django-tasks): queued in the database and run by `manage.py db_worker`; the tests
# run each task at once (TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Email: SMTP when EMAIL_HOST is set, printed to the console in DEBUG, otherwise not sent at all.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.dummy.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")
# Notifications are also emailed (to users with an address) only where email is configured.
NOTIFICATIONS_EMAIL = env_bool("NOTIFICATIONS_EMAIL", bool(EMAIL_HOST) or DEBUG)
# The platform's public address, for links in emails (e.g. https://bzr.jyj.example.gov.cn).
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")

# The bureau portal (issue 16): the region whose portal `/` shows (its code; unset: the only top-level
# region, or the list of the bureaus' portals), and the size limits of its logos and notice attachments.
PORTAL_HOME_REGION = os.environ.get("PORTAL_HOME_REGION", "")
UPLOAD_MAX_BYTES |= {"portal.logo": 2 * 1024 * 1024, "portal.notice": attachment_max_bytes}
# A guardian's signed consent form: one scanned page or a phone's photo of it.
UPLOAD_MAX_BYTES |= {"portal.consent_form": 5 * 1024 * 1024}
