"""Settings for the LPSA2 framework tool.

Everything that differs between a laptop and production comes from environment
variables (documented in .env.example). The defaults are safe for development;
with DEBUG off the site refuses to start without a real secret key and hosts.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from lpsa import cache_url

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.getenv(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: str) -> int:
    return int(os.getenv(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "true")

_DEV_SECRET = "dev-only-secret-key-never-used-in-production-0123456789abcdef"
SECRET_KEY = os.getenv("SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY: it is required when DEBUG is off.")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS: it is required when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

# The council's name as shown in the header of every page.
SITE_NAME = os.getenv("SITE_NAME", "LPSA2 framework")
DEMO_PASSWORD = os.getenv("DEMO_PASSWORD", "demo-pass-2004")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "axes",
    "django_tasks_db",
    "partners",
    "priorities",
    "lpsa",
    "delivery",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last so that it sees the result of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lpsa.urls"
WSGI_APPLICATION = "lpsa.wsgi.application"

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
                "django.template.context_processors.csp",
                "lpsa.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", "0"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a competing writer instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# What is derived from a framework's content (readiness, charts, the overview's tree) is
# cached per version of that content: Redis in production, memory by default (lpsa/cache_url.py).
CACHES = {"default": cache_url.parse(os.getenv("CACHE_URL", ""), prefix=os.getenv("CACHE_KEY_PREFIX", "lpsa"))}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "priorities:dashboard"
LOGOUT_REDIRECT_URL = "login"

# Failed-login throttling: lock a username, from the address that failed, for an hour
# after five failures.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Behind a reverse proxy every request comes from the proxy's address, and five bad guesses
# by anyone would lock the account out for everyone. TRUSTED_PROXY_COUNT is how many proxies
# in front of the site append to X-Forwarded-For (0: none; REMOTE_ADDR is the client). The
# AXES_IPWARE_* settings would need django-ipware, which is not installed.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "0")
AXES_CLIENT_IP_CALLABLE = "lpsa.client_address.client_address"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static" / "build"]
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # In production, collectstatic writes hashed, compressed copies that whitenoise serves
    # with long cache lifetimes; in development the files are served as they are.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Approved submission PDFs go through Django's storage API (a folder here, object
# storage in production by changing STORAGES).
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"

# Slow work (rendering PDFs) goes through Django's tasks interface to a worker
# (`manage.py db_worker`), queued in the database. Tests run tasks at once instead.
TASKS = {"default": {"BACKEND": os.getenv("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# Bounds on draft PDFs: how many each person may ask for in an hour, the largest framework
# (in targets) one may be made of, and how long they are kept (`manage.py clean_drafts`).
DRAFT_PDFS_PER_HOUR = envint("DRAFT_PDFS_PER_HOUR", "10")
DRAFT_PDF_MAX_TARGETS = envint("DRAFT_PDF_MAX_TARGETS", "500")
DRAFT_PDF_KEEP_HOURS = envint("DRAFT_PDF_KEEP_HOURS", "24")
# Every PDF the worker makes is rendered in a child process, stopped after this many seconds
# or when it needs more than this many megabytes of address space (lpsa/render_child.py).
PDF_RENDER_SECONDS = envint("PDF_RENDER_SECONDS", "120")
PDF_RENDER_MEMORY_MB = envint("PDF_RENDER_MEMORY_MB", "2048")
# Off only where no limit is wanted and each render's second of process start-up costs:
# the test suite, whose own tests of the limits turn it back on.
PDF_RENDER_IN_CHILD = envbool("PDF_RENDER_IN_CHILD", "true")

# The site's address, for links in e-mails.
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000")
# How many days an invitation's link works after it is sent.
INVITATION_DAYS = envint("INVITATION_DAYS", "14")
# How long a forgotten-password link works, in seconds (Django's setting; a day here).
PASSWORD_RESET_TIMEOUT = envint("PASSWORD_RESET_TIMEOUT", str(24 * 60 * 60))

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
# Date and file boxes are GOV.UK inputs too.
CRISPY_CLASS_CONVERTERS = {"dateinput": "govuk-input", "fileinput": "govuk-file-upload"}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Request bodies. The largest anything sends is an import, a file of 2 MB at most (refused
# with its own message above that), so a body over 3 MB is refused with a 400 before it is
# read: form fields by Django, files by lpsa.uploads. Uploads stay in memory, never in
# temporary files. The reward calculator sends two boxes per target (by GET, which counts
# too), so a thousand targets fit in the field limit; nothing takes more than one file.
REQUEST_BODY_MAX_BYTES = 3 * 1024 * 1024
# Evidence of a figure (an audit letter, a spreadsheet of results) is checked against these
# before it is kept: the request carrying it must also fit under REQUEST_BODY_MAX_BYTES.
EVIDENCE_MAX_BYTES = int(2.5 * 1024 * 1024)
EVIDENCE_MAX_FILES = 10
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_BODY_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = REQUEST_BODY_MAX_BYTES
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_NUMBER_FILES = 5
FILE_UPLOAD_HANDLERS = [
    "lpsa.uploads.RefuseLargeBodies",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# A strict Content Security Policy: no inline script or style anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(8 * 60 * 60))
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "true")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "true")

_DEFAULT_MAIL_BACKEND = "console" if DEBUG else "smtp"
MAILERS = {
    "default": {
        "BACKEND": os.getenv("EMAIL_BACKEND", f"django.core.mail.backends.{_DEFAULT_MAIL_BACKEND}.EmailBackend")
    },
}
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "lpsa2@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
    # The application's own records (e-mails not sent, PDFs not rendered, stored files that
    # fail their hash) reach the same console through the root, from INFO up by default.
    "loggers": {"lpsa": {"level": os.getenv("LPSA_LOG_LEVEL", "INFO")}},
}
