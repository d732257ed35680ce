"""Settings for the MCP dashboard, read from the environment (see README)."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from mcp_dashboard.lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)
DEVELOPMENT_KEY = "django-insecure-dev-only"


def check_secret_key(key: str, *, debug: bool) -> str:
    """The key, or ImproperlyConfigured when production would run on a guessable one:
    Django's own check (security.W009) only warns, and a warning scrolls by. The rule is
    W009's: at least 50 characters, at least 5 different ones, not "django-insecure-"."""
    if debug:
        return key
    weak = len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-")
    if weak:
        raise ImproperlyConfigured(
            "SECRET_KEY is the development key or too weak for DEBUG=0: set a random one "
            "of at least 50 characters (python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))')."
        )
    return key


# Only a development machine may run on a known key.
SECRET_KEY = check_secret_key(
    env_str("SECRET_KEY", default=DEVELOPMENT_KEY if DEBUG else None), debug=DEBUG
)
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Under `make run` too, static files go through whitenoise and GZipMiddleware.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "simple_history",
    "axes",
    # Background tasks: Django 6's tasks API (backported) and its database backend,
    # whose tables exist even while the immediate backend is chosen (see TASKS).
    "django_tasks",
    "django_tasks_db",
    # The project's apps, lowest layer first (docs/architecture.md).
    "pagecache",
    "jobs",
    "skpd",
    "scores",
    "actions",
    "workbook",
    "reminders",
    "dashboard",
    "ops",
]

MIDDLEWARE = [
    # First, so it compresses what every other middleware wrote (HTML about 98 KB -> 15 KB);
    # whitenoise serves static files precompressed and marked, which GZip leaves alone.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Indonesian unless the user chose English with the switch; never the browser language.
    "mcp_dashboard.lib.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before any view reads a parameter: a NUL byte never reaches a lookup or a write.
    "mcp_dashboard.lib.edge.RefuseUnstorableCharacters",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mcp_dashboard.lib.edge.PrivateCaching",
    "skpd.sessions.SessionIdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mcp_dashboard.urls"
WSGI_APPLICATION = "mcp_dashboard.wsgi.application"

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
                "reminders.context_processors.todo_counts",
                "dashboard.context_processors.national_actions",
            ],
            "builtins": ["django.templatetags.i18n", "django.templatetags.l10n"],
        },
    }
]


def database_settings(url: str) -> dict:
    database = dj_database_url.parse(
        # Persistent connections: opening one per request costs PostgreSQL a process.
        url,
        conn_max_age=env_int("CONN_MAX_AGE", default=60),
        conn_health_checks=True,
    )
    if env_bool("PGBOUNCER_TRANSACTION_POOLING", default=False):
        # Behind PgBouncer in transaction mode a connection may change between two
        # transactions, so no server-side cursor (the CSV export's .iterator()) may
        # outlive one: Django then reads such results in chunks on the client.
        database["DISABLE_SERVER_SIDE_CURSORS"] = True
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # Several gunicorn workers share one file: take the write lock at the start of
        # each transaction and wait for it, instead of failing with "database is locked".
        database["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    return database


DATABASES = {
    "default": database_settings(
        env_str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def cache_settings(url: str) -> dict:
    """Rendered pages, aggregates and permissions, keyed by version numbers in the
    database (pagecache.versioned). Without CACHE_URL each worker keeps them in its own
    memory (LocMemCache: nothing else to run, as `make run` wants); with a Redis URL
    (redis://host:port/db) every worker of every server shares one cache, so a page is
    computed once for all of them and a restarted worker starts warm."""
    if not url:
        # Django's default of 300 entries is too few for the national view's 546 pemda.
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", default=2000)},
        }
    if not url.startswith(REDIS_SCHEMES):
        raise ImproperlyConfigured(
            f"CACHE_URL must be a Redis URL ({', '.join(REDIS_SCHEMES)}…), not {url!r}."
        )
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        # Several deployments (or a test run) may share one Redis server.
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", default="mcp"),
    }


CACHES = {"default": cache_settings(env_str("CACHE_URL", default=""))}

TASK_BACKENDS = {
    # In the request that enqueues the task: nothing else to run (`make run`, tests).
    "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    # A row in the database, run by `manage.py db_worker` (docs/deploy.md).
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}


def task_settings(name: str) -> dict:
    """Where background jobs (jobs.services) run: TASK_BACKEND=immediate (the default)
    runs each in the request that starts it, so a development server needs no worker;
    TASK_BACKEND=database queues it in PostgreSQL for `manage.py db_worker`. Raises
    ImproperlyConfigured for any other name."""
    if name not in TASK_BACKENDS:
        raise ImproperlyConfigured(
            f"TASK_BACKEND must be one of {sorted(TASK_BACKENDS)}, not {name!r}."
        )
    return {"default": TASK_BACKENDS[name]}


TASKS = task_settings(env_str("TASK_BACKEND", default="immediate"))
# Above these sizes an import's Apply and an xlsx export run as background jobs.
IMPORT_BACKGROUND_ROWS = env_int("IMPORT_BACKGROUND_ROWS", default=2000)
EXPORT_BACKGROUND_ROWS = env_int("EXPORT_BACKGROUND_ROWS", default=50_000)
# `manage.py prune_jobs` deletes finished jobs (and their export files) older than this.
JOB_KEEP_DAYS = env_int("JOB_KEEP_DAYS", default=14)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "skpd.auth_backends.LoginThrottleBackend",
    "skpd.auth_backends.CachedPermissionsBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# The entry grid posts three fields per cell: 40 SKPD × 15 columns exceeds the default 1000.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language switch keeps its choice for a year, not just the browser session.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
USE_I18N = True
TIME_ZONE = "Asia/Makassar"
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["mcp_dashboard.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
# Evidence files (bukti dukung): outside static and media, served only by a view that
# checks access. Keep it out of the web server's document roots and back it up.
EVIDENCE_ROOT = Path(env_str("EVIDENCE_ROOT", default=str(BASE_DIR / "var" / "evidence")))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        # STATIC_MANIFEST=0: tests that run the production server without static files
        # skip collectstatic (about a minute of Brotli compression).
        if DEBUG or not env_bool("STATIC_MANIFEST", default=True)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Security. Production defaults are strict; behind a TLS-terminating proxy set
# BEHIND_TLS_PROXY=1, and for a trial over plain HTTP SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", default=False) else None
)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# A load balancer checks each app server directly over plain HTTP: a redirect to
# HTTPS would read as "down".
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# A session ends after 8 hours without a request (see SessionIdleTimeoutMiddleware).
SESSION_COOKIE_AGE = 8 * 60 * 60

# Scripts only from this server: no inline script, no eval. Plotly sets style
# attributes on the SVG it draws, which is the one reason for inline styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Login throttling: 5 failures for one username from one address lock that pair
# out for 15 minutes, with the Indonesian page and HTTP 429.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False


def ipware_settings(*, behind_proxy: bool, proxy_count: int) -> dict:
    """How django-axes (through django-ipware) finds the client's address.

    Without a proxy only REMOTE_ADDR counts: an X-Forwarded-For header is the client's
    own words. Behind `proxy_count` trusted proxies, each appends the address it saw to
    X-Forwarded-For, so the client is the proxy_count-th entry from the right; ipware
    counts the proxies listed in the header (the first proxy lists the client, not
    itself), hence proxy_count - 1, and requires exactly that many (strict), so a header
    with entries forged in front does not match and falls back to REMOTE_ADDR (the
    proxy): a forger shares one lock-out bucket with other forgers, never with the
    real clients. Raises ImproperlyConfigured for a proxy_count below 1."""
    if not behind_proxy:
        return {"AXES_IPWARE_META_PRECEDENCE_ORDER": ["REMOTE_ADDR"]}
    if proxy_count < 1:
        raise ImproperlyConfigured("PROXY_COUNT must be at least 1 with BEHIND_TLS_PROXY=1.")
    return {
        "AXES_IPWARE_PROXY_COUNT": proxy_count - 1,
        "AXES_IPWARE_PROXY_ORDER": "left-most",
        "AXES_IPWARE_META_PRECEDENCE_ORDER": ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"],
    }


globals().update(
    ipware_settings(
        behind_proxy=SECURE_PROXY_SSL_HEADER is not None,
        proxy_count=env_int("PROXY_COUNT", default=1),
    )
)

# Reminder mails (send_reminders). Production sends through an SMTP server named by the
# environment; development prints them on the console.
EMAIL_BACKEND = (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env_str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env_int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="mcp-dashboard@localhost")
# The site's address, for the links in reminder mails (https://mcp.example.go.id/).
SITE_URL = env_str("SITE_URL", default="http://127.0.0.1:8000/" if DEBUG else "")

# Reasons for changes (a corrected score, a locked year, an import) can be long.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", default="WARNING")},
}
