"""One settings module, driven by environment variables.

SQLite in a per-user data folder works out of the box; DATABASE_URL switches to
PostgreSQL. COFFEECHAT_HOME moves all local state (database, secret key), which is
also how every test run gets a fresh world.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from platformdirs import user_data_dir

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent


def envbool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from None


def envlist(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


ENVIRONMENT = os.environ.get("COFFEECHAT_ENV", "local")
PRODUCTION = ENVIRONMENT == "production"
DEBUG = envbool("COFFEECHAT_DEBUG", False)

HOME = Path(os.environ.get("COFFEECHAT_HOME") or user_data_dir("coffeechat", appauthor=False))


def _secret_key() -> str:
    key = os.environ.get("COFFEECHAT_SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "COFFEECHAT_SECRET_KEY must be set when COFFEECHAT_ENV=production"
        )
    # A local install keeps its own random key beside its database, so sessions
    # survive restarts without anyone having to invent a secret.
    HOME.mkdir(parents=True, exist_ok=True)
    path = HOME / "secret_key"
    if not path.exists():
        # Written aside and renamed into place, so a second process starting at the
        # same moment reads a whole key (its own rename just loses the race harmlessly).
        draft = HOME / f".secret_key.{os.getpid()}"
        draft.write_text(secrets.token_urlsafe(50))
        draft.chmod(0o600)
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = envlist("COFFEECHAT_ALLOWED_HOSTS") or (
    [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = envlist("COFFEECHAT_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "axes",
    "csp",
    "coffeechat.accounts",
    "coffeechat.network",
    "coffeechat.interviews",
    "coffeechat.today",
    "coffeechat.exchange",
    "coffeechat.outreach",
    "coffeechat.prep",
    "coffeechat.debrief",
    "coffeechat.search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "coffeechat.accounts.middleware.UserTimezoneMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its refusal page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "coffeechat.accounts.backends.ModelBackendWithProfile",
]
# Login throttling (django-axes): more than 10 failed logins for one account within
# 15 minutes are refused until the window has passed. The address counts on its own
# too, so one client can't try a password across many accounts.
AXES_FAILURE_LIMIT = envint("COFFEECHAT_LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_USE_ATTEMPT_EXPIRATION = True
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Behind a reverse proxy every client seems to come from the proxy's address; with
# COFFEECHAT_PROXY_COUNT=1 the client's own address is read from X-Forwarded-For.
if envint("COFFEECHAT_PROXY_COUNT", 0):
    AXES_IPWARE_PROXY_COUNT = envint("COFFEECHAT_PROXY_COUNT", 0)
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# No inline script or style anywhere: every script is a file served from here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

ROOT_URLCONF = "coffeechat.urls"
WSGI_APPLICATION = "coffeechat.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]


def _database() -> dict:
    url = os.environ.get("DATABASE_URL")
    if url:
        try:
            config = dj_database_url.parse(url, conn_max_age=envint("COFFEECHAT_CONN_MAX_AGE", 60))
        except ValueError as error:
            from django.core.exceptions import ImproperlyConfigured

            raise ImproperlyConfigured(
                f"DATABASE_URL is not a database URL coffeechat can use "
                f"(postgres://user@host:5432/name): {error}"
            ) from None
        config["CONN_HEALTH_CHECKS"] = True
        return config
    HOME.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": HOME / "coffeechat.sqlite3",
        # Keep each worker's connection: opening one and running the pragmas below
        # costs about a millisecond a request.
        "CONN_MAX_AGE": envint("COFFEECHAT_CONN_MAX_AGE", 600),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            # IMMEDIATE takes the write lock at BEGIN, so two writers queue on the
            # busy timeout instead of one failing with "database is locked" when it
            # upgrades a read lock mid-transaction.
            "transaction_mode": "IMMEDIATE",
            "timeout": 10,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA busy_timeout=10000;"
                "PRAGMA mmap_size=0;"
                "PRAGMA foreign_keys=ON;"
            ),
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "today"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("COFFEECHAT_TIME_ZONE", "UTC")
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
# Only a deployment collects static files; a local install serves them from the
# packages through WhiteNoise's finders.
STATIC_ROOT = os.environ.get("COFFEECHAT_STATIC_ROOT") or (
    PROJECT_DIR / "staticfiles" if PRODUCTION else None
)
# htmx comes from the npm registry (package.json, pinned); `make` installs it into
# node_modules and the app serves it from there. Pages work without it: every
# HTMX form is also a plain form.
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",
    ("vendor/htmx", PROJECT_DIR / "node_modules" / "htmx.org" / "dist"),
]
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("COFFEECHAT_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("COFFEECHAT_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Notes are about real people: nothing here logs request bodies, and the only
# handler is the console at WARNING.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

COFFEECHAT_PAGE_SIZE = envint("COFFEECHAT_PAGE_SIZE", 25)

# A web import runs in a thread of the process that received the upload, inside one
# transaction; on SQLite that transaction holds the only write lock, so its live progress
# can't go through the database. It goes through this cache instead: files, shared by
# every worker process on this machine.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("COFFEECHAT_CACHE_DIR") or str(HOME / "cache"),
        "TIMEOUT": 24 * 3600,
    }
}
# Off only in tests that want the import to finish within the request.
COFFEECHAT_IMPORT_IN_BACKGROUND = envbool("COFFEECHAT_IMPORT_IN_BACKGROUND", True)
# Larger than any contact export we've seen (30,000 LinkedIn rows are about 4 MB).
COFFEECHAT_IMPORT_MAX_BYTES = envint("COFFEECHAT_IMPORT_MAX_MB", 50) * 1024 * 1024


def _smtp(url: str) -> dict:
    """COFFEECHAT_SMTP_URL, e.g. smtp://user:password@mail.example.org:587 (STARTTLS),
    smtps://... (TLS from the start) or smtp://127.0.0.1:1025 (plain, for a local relay)."""
    from urllib.parse import unquote, urlsplit

    from django.core.exceptions import ImproperlyConfigured

    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
        raise ImproperlyConfigured(
            f"COFFEECHAT_SMTP_URL must look like smtp://user:password@host:587, got scheme "
            f"{parts.scheme!r}"
        )
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(
            "COFFEECHAT_SMTP_URL has a port that isn't a number from 1 to 65535"
        ) from None
    secure = parts.scheme == "smtps"
    plain = parts.hostname in {"127.0.0.1", "localhost", "::1"}
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port or (465 if secure else 587),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": secure,
        # STARTTLS on port 587 unless it is a relay on this machine.
        "EMAIL_USE_TLS": not secure and not plain,
        "EMAIL_TIMEOUT": 20,
    }


# Sending from coffeechat is optional: without an SMTP server the user copies the text,
# opens it in their mail program, or downloads it as .eml. Nothing is sent by default.
COFFEECHAT_SMTP_URL = os.environ.get("COFFEECHAT_SMTP_URL", "")
if COFFEECHAT_SMTP_URL:
    globals().update(_smtp(COFFEECHAT_SMTP_URL))
else:
    EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("COFFEECHAT_FROM_EMAIL", "coffeechat@localhost")
