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
    # Deployment (issue 9): the request id first (every response, redirects too, carries it),
    # then the body cap, Permissions-Policy and Cache-Control for personal pages.
    "community.middleware.RequestIdMiddleware",
    "community.middleware.BodySizeLimitMiddleware",
    "community.middleware.PrivatePagesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who the events of this request are done by (after the user is known).
    "membership.acting.middleware.ActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A form sent twice counts once (its idempotency key: web/idempotency.py).
    "web.idempotency.IdempotencyMiddleware",
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
                # Last: a page being prepared holds a placeholder where the CSRF token goes.
                "web.prepared.csrf_placeholder",
            ],
            # {% idempotency_key %} in every form that sends a command.
            "builtins": ["web.idempotency"],
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
    # How often each process looks for keys destroyed elsewhere (eventstore/personal.py,
    # default 1 s): one query at a moment set by the clock, which would make the tests
    # that count a page's queries flaky. The key ring's own tests set the real interval.
    EVENTSTORE_KEY_CHECK_SECONDS = 3600.0
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

# --- Email (Django 6.1 MAILERS), from EMAIL_URL ----------------------------------------------
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Convene <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("EMAIL_BACKEND"):
    raise ImproperlyConfigured("EMAIL_BACKEND is not read: Django 6.1 configures email with MAILERS; set EMAIL_URL instead.")
# smtp://user:pass@host:port, smtp+tls:// (STARTTLS), smtp+ssl:// (implicit TLS); for staging
# and smoke tests console:// (mail printed) or file:///path/to/folder (one file per mail):
# allowed in production with a warning line at start-up (community/apps.py).
EMAIL_URL = os.environ.get("EMAIL_URL", "")
EMAIL_STAGING_BACKEND = None
if EMAIL_URL.startswith("smtp"):
    from urllib.parse import unquote, urlsplit

    _mail = urlsplit(EMAIL_URL)
    if _mail.scheme not in {"smtp", "smtp+tls", "smtp+ssl"}:
        raise ImproperlyConfigured(f"EMAIL_URL: unknown scheme {_mail.scheme!r} (smtp, smtp+tls, smtp+ssl, console, file).")
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _mail.hostname or "localhost",
                "port": _mail.port or (465 if _mail.scheme == "smtp+ssl" else 587),
                "username": unquote(_mail.username or ""),
                "password": unquote(_mail.password or ""),
                "use_tls": _mail.scheme == "smtp+tls",
                "use_ssl": _mail.scheme == "smtp+ssl",
                # Seconds before giving up on an unresponsive server (the worker retries later).
                "timeout": int(os.environ.get("EMAIL_TIMEOUT", "10")),
            },
        }
    }
elif EMAIL_URL.startswith("file://"):
    EMAIL_STAGING_BACKEND = "file"
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": EMAIL_URL.removeprefix("file://") or str(VAR_DIR / "mail")},
        }
    }
elif EMAIL_URL in {"console://", "console:"} or (not EMAIL_URL and not PRODUCTION):
    EMAIL_STAGING_BACKEND = "console" if EMAIL_URL else None
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
elif EMAIL_URL:
    raise ImproperlyConfigured(f"EMAIL_URL {EMAIL_URL.split(':', 1)[0]}:... is not smtp://, smtp+tls://, smtp+ssl://, console:// or file:///path.")
else:
    raise ImproperlyConfigured(
        "Production mode needs EMAIL_URL (smtp://user:pass@host:port, smtp+tls://..., or console:// / file:///path for staging)."
    )

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("GROUP_TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

# --- Static files (whitenoise, hashed and compressed) --------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")  # deploy: nginx serves it
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise wants it even before collectstatic
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

# --- Deployment (issue 9): proxy, HTTPS, caps, cache, site address ------------------------
# How many reverse proxies of ours stand in front of gunicorn (deploy/nginx: 1). The client's
# address is the one that many entries from the right of X-Forwarded-For (allauth's rate
# limits, the request id), and X-Request-ID is taken from the proxy only when there is one.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Asking browsers to preload the domain is its owner's decision (and hard to undo):
        # off by default, and only then is Django's reminder about it silenced.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Sent on every response (community/middleware.py): no powerful browser features.
PERMISSIONS_POLICY = os.environ.get(
    "PERMISSIONS_POLICY",
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "magnetometer=(), gyroscope=(), accelerometer=(), interest-cohort=(), browsing-topics=()",
)
# Request bodies: no page takes a file; forms are small. Larger bodies answer 413 here
# (community/middleware.py, by Content-Length) and in the proxy (client_max_body_size).
REQUEST_BODY_MAX_BYTES = int(os.environ.get("REQUEST_BODY_MAX_BYTES", str(1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_BODY_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 0
# /healthz answers 503 when a projection or automation is this far behind the log.
HEALTHZ_MAX_LAG_EVENTS = int(os.environ.get("HEALTHZ_MAX_LAG_EVENTS", "1000"))
HEALTHZ_MAX_LAG_SECONDS = int(os.environ.get("HEALTHZ_MAX_LAG_SECONDS", "300"))

# A cache every worker and host shares (allauth's rate limits live in it): the database
# (the table is made by migrate: community/migrations/0001) unless CACHE_URL says
# redis://host:6379/0 (Django's RedisCache) or locmem:// (one process only: development).
CACHE_URL = os.environ.get("CACHE_URL", "db://convene_cache")
if CACHE_URL.startswith("db://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": CACHE_URL[5:] or "convene_cache"}}
elif CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL.startswith("locmem://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured(f"CACHE_URL {CACHE_URL!r}: use db://TABLE, redis://host:port/db or locmem://.")
CACHES["default"]["KEY_PREFIX"] = os.environ.get("CACHE_KEY_PREFIX", "convene")

SITE_NAME = os.environ.get("SITE_NAME", "Convene")
# Every absolute link (mail, feeds, calendars) starts with SITE_URL, not with whatever Host
# a request came with. Required in production.
# (Tests: the test client's own host.)
_site_url_default = "" if PRODUCTION else "http://testserver" if TESTING else "http://127.0.0.1:8000"
SITE_URL = os.environ.get("SITE_URL", _site_url_default).rstrip("/")
if not SITE_URL.startswith(("http://", "https://")) or "://" not in SITE_URL or not SITE_URL.split("://", 1)[1]:
    raise ImproperlyConfigured(
        "SITE_URL must be set to the site's address, e.g. https://convene.example.org (production needs it)."
    )
if PRODUCTION and not CSRF_TRUSTED_ORIGINS and SITE_URL.startswith("https://"):
    CSRF_TRUSTED_ORIGINS = [SITE_URL]

# --- Meetup reminders (issue 11, meetups/reminders/) -----------------------------------------
# Hours before a meetup that members going or waitlisted are reminded: "24", or "24,2" for a
# second reminder two hours before.
# Public pages served from prepared output (web/prepared.py, docs/decisions/0019-prepared-pages.md):
# off (PREPARED_PAGES=0) every page renders fresh on every request, the same bytes, slower.
PREPARED_PAGES = env_bool("PREPARED_PAGES", True)
# Past this many prepared rows, pages with a query string (open values: ?tag=, ?page=) are
# no longer kept, only rendered (web/prepared.py).
PREPARED_PAGES_MAX = int(os.environ.get("PREPARED_PAGES_MAX", "5000"))
# Each web process also keeps prepared pages in memory, up to this many megabytes (0: off),
# trusted without a query while the generation file (shared by every process of the site on
# this host: keep VAR_DIR common to the web and the worker) has not moved, and rechecked
# against the database at least every PREPARED_PAGES_MEMORY_SECONDS. Off in tests (a test's
# rolled-back transaction never moves the number); tests that need it turn it on.
PREPARED_PAGES_MEMORY_MB = float(os.environ.get("PREPARED_PAGES_MEMORY_MB", "0" if TESTING else "16"))
PREPARED_PAGES_MEMORY_SECONDS = float(os.environ.get("PREPARED_PAGES_MEMORY_SECONDS", "2"))
PREPARED_PAGES_GENERATION_FILE = Path(
    os.environ.get("PREPARED_PAGES_GENERATION_FILE", VAR_DIR / "prepared-pages.generation")
)
MEETUP_REMINDER_HOURS = [int(h) for h in os.environ.get("MEETUP_REMINDER_HOURS", "24").split(",") if h.strip()]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # The start-up notes (community/apps.py): staging mail backends, the settings in force.
    "loggers": {"convene.startup": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
