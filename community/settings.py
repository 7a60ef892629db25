"""Convene settings, read from the environment.

Development needs nothing set: SQLite under var/ and console email. Production
(DJANGO_ENV=production, or DEBUG off without DJANGO_ENV=development) refuses to
start without SECRET_KEY and ALLOWED_HOSTS.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CONVENE_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DJANGO_ENV = os.environ.get("DJANGO_ENV", "development").strip().lower()
PRODUCTION = DJANGO_ENV == "production"
TESTING = DJANGO_ENV == "test"
DEBUG = env_bool("DEBUG", default=not PRODUCTION and not TESTING)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if PRODUCTION:
    missing = [name for name, value in (("SECRET_KEY", SECRET_KEY), ("ALLOWED_HOSTS", ALLOWED_HOSTS)) if not value]
    if missing:
        raise ImproperlyConfigured(
            f"Production mode (DJANGO_ENV=production) needs {' and '.join(missing)} set in the environment."
        )
else:
    SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "allauth",
    "allauth.account",
    "eventstore",
    "membership",
    "meetups",
    "talks",
    "community",
]
if TESTING:
    # The event store's own test events, projection and table (eventstore/tests/app).
    INSTALLED_APPS.append("eventstore.tests.app")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "community.urls"
WSGI_APPLICATION = "community.wsgi.application"
ASGI_APPLICATION = "community.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # Site-wide templates, then those kept in their use case's folder
            # (meetups/rsvp/panel.html: web/templates.py), then the apps' (admin, allauth).
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "django.template.loaders.filesystem.Loader",
                        "web.templates.SliceLoader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "community.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# DATABASE_URL selects the database; the default is a SQLite file under var/.
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'convene.sqlite3'}"
_db = dj_database_url.parse(DATABASE_URL, conn_max_age=0)
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["OPTIONS"] = {
        # Writers take the lock when the transaction begins: no deadlocked upgrades,
        # and notification ids commit in the order they were given.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    # One test database per run (runs side by side don't collide), or a named one that
    # `make test-fast` keeps between runs.
    _db["TEST"] = {"NAME": os.environ.get("TEST_DB_NAME") or str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
elif _db["ENGINE"] == "django.db.backends.postgresql":
    # Reuse connections: opening one costs more CPU than most pages do
    # (docs/decisions/0010-web-workers-and-connections.md).
    _db["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "600"))
    _db["CONN_HEALTH_CHECKS"] = True
    _db.setdefault("OPTIONS", {})
    # A named test database lets runs side by side (several worktrees) not collide.
    if os.environ.get("TEST_PG_DB_NAME"):
        _db["TEST"] = {"NAME": os.environ["TEST_PG_DB_NAME"]}
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The eventsourcing library finds our Django-connection persistence through this.
EVENTSOURCING = {"PERSISTENCE_MODULE": "eventstore.persistence"}

# --- Auth (django-allauth) -------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Password hashing is deliberately slow; tests create many accounts.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_DISPLAY = "membership.join.forms.user_display"
ACCOUNT_EMAIL_VERIFICATION = os.environ.get(
    "ACCOUNT_EMAIL_VERIFICATION", "mandatory" if PRODUCTION else "optional"
)
ACCOUNT_FORMS = {"signup": "membership.join.forms.SignupForm", "login": "membership.join.forms.LoginForm"}
# Account mail (verification, password reset) goes through the outbox: never a 500 when
# the mail server is down, and retried until it is back.
ACCOUNT_ADAPTER = "community.accounts.AccountAdapter"  # membership's (mail through the outbox), naming the group
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
LOGIN_REDIRECT_URL = "/members/me/"
LOGIN_URL = "/accounts/login/"

# --- Email (Django 6.1 MAILERS) -----------------------------------------------------------
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Convene <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("EMAIL_URL", "").startswith("smtp"):
    from urllib.parse import unquote, urlsplit

    _mail = urlsplit(os.environ["EMAIL_URL"])
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _mail.hostname or "localhost",
                "port": _mail.port or 587,
                "username": unquote(_mail.username or ""),
                "password": unquote(_mail.password or ""),
                "use_tls": _mail.scheme == "smtp+tls",
                # Seconds before giving up on an unresponsive server (the worker retries later).
                "timeout": int(os.environ.get("EMAIL_TIMEOUT", "10")),
            },
        }
    }
elif PRODUCTION:
    raise ImproperlyConfigured("Production mode needs EMAIL_URL (smtp://user:pass@host:port or smtp+tls://...).")
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("GROUP_TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

# --- Static files (whitenoise, hashed and compressed) --------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise wants it even before collectstatic
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Security ---------------------------------------------------------------------------------
# Django's built-in CSP: no inline script anywhere; htmx is served from our static files.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "https:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "3600"))

SITE_NAME = os.environ.get("SITE_NAME", "Convene")
# Absolute links in emails and calendar feeds sent outside a request.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
