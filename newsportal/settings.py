"""Newsportal settings: one module, every deploy-dependent value from the environment.

Values come from real environment variables first, then from a ``.env`` file in
the project root (``make run`` writes one with a random SECRET_KEY), then from the
safe local defaults below. ``.env.example`` lists every variable.
"""

import datetime
import re
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from newsportal.logs import logging_config
from newsportal.media_storage import media_storage

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
ENV_FILE = env.str("NEWSPORTAL_ENV_FILE", default=str(BASE_DIR / ".env"))
environ.Env.read_env(ENV_FILE, overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment or in .env "
            "(`make run` writes a random one), or set DEBUG=on for local development."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Django's admin with the desk's dashboard as its home (articles.dashboard).
    "articles.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Full-text search fields and functions; harmless on SQLite.
    "django.contrib.postgres",
    # The sitemaps framework; addresses come from SITE_URL, not django.contrib.sites.
    "django.contrib.sitemaps",
    # Revisions of articles (who, when, what), restored from the admin's History.
    "reversion",
    # The article body's rich-text editor (its static files; started by static/newsroom/).
    "django_prose_editor",
    # Bylines and related news ordered by drag and drop in the article form.
    "adminsortable2",
    # Failed admin logins counted per username and address; too many lock them out a while.
    "axes",
    # The task queue in the database (TASKS_BACKEND=database) and its db_worker command.
    "django_tasks_db",
    "articles",
]

MIDDLEWARE = [
    # A log line per request under a request id (X-Request-ID), whatever answers it.
    "newsportal.request_log.RequestLogMiddleware",
    # Cache-Control: private, no-store on every answer nothing below marked (404s, errors).
    "newsportal.cache_policy.PrivateByDefaultMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # /healthz and /readyz, answered before the page cache, the session and CSRF.
    "newsportal.health.HealthCheckMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # 304 answers from each page's ETag (the page cache stores it with the page).
    "django.middleware.http.ConditionalGetMiddleware",
    # Whole public pages for anonymous readers, before the session is looked at.
    "articles.page_cache.PageCacheMiddleware",
    # Public reads on a read replica, when DATABASE_REPLICA_URLS names any.
    "newsportal.replica_reads.ReplicaReadsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A 400 for admin query strings no list can use (a NUL, an unknown filter).
    "articles.admin.query_strings.AdminQueryStringMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Turns a locked-out login into the lockout page (templates/admin/locked_out.html).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsportal.urls"
WSGI_APPLICATION = "newsportal.wsgi.application"

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
                "articles.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the writer work at once; IMMEDIATE transactions make a
    # second writer wait (busy timeout) instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    # PostgreSQL's JIT compiles a query whose estimated cost is high, which for a
    # page's short queries costs far more than it saves: 0.2 s of compiling for a
    # 0.3 ms query was measured at a million articles. DATABASE_JIT=on brings it back.
    if not env.bool("DATABASE_JIT", default=False):
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
# Each worker keeps its connection between requests (a new one cost a request
# 0.5 ms on SQLite, with its PRAGMAs, and more on PostgreSQL over the network).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Read replicas of the primary (PostgreSQL streaming replicas), as replica_1, replica_2…
# newsportal/db_router.py sends public pages' reads to one of them and everything else
# (writes, the admin, an editor just after a save, commands) to the primary.
DATABASE_REPLICA_URLS = env.list("DATABASE_REPLICA_URLS", default=[])
for number, url in enumerate(DATABASE_REPLICA_URLS, start=1):
    replica = environ.Env.db_url_config(url)
    if replica.get("ENGINE") != "django.db.backends.postgresql" or (
        DATABASES["default"]["ENGINE"] != replica["ENGINE"]
    ):
        raise ImproperlyConfigured(
            f"DATABASE_REPLICA_URLS entry {number} ({replica.get('NAME') or 'no name'}) is not a "
            "PostgreSQL database of a PostgreSQL primary: read replicas need DATABASE_URL "
            "and every replica to be postgres://… addresses."
        )
    replica["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    replica["CONN_HEALTH_CHECKS"] = True
    if "OPTIONS" in DATABASES["default"]:  # JIT off there too.
        replica.setdefault("OPTIONS", {}).update(DATABASES["default"]["OPTIONS"])
    DATABASES[f"replica_{number}"] = replica
DATABASE_ROUTERS = ["newsportal.db_router.PrimaryReplicaRouter"]
# How long a client that wrote reads the primary only, and how long public pages do
# after any change: longer than the replicas ever lag behind.
DATABASE_REPLICA_PIN_SECONDS = env.int("DATABASE_REPLICA_PIN_SECONDS", default=10)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds read counts until they are folded into the database, and the
# related and most-read lists. Redis is shared by every worker; without it each
# process keeps its own in memory (and folds its own counts).
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's own Redis backend, with its redis-py clients reused.
            "BACKEND": "newsportal.redis_cache.ReusedClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsportal",
        },
        # Whole pages (articles/page_cache.py): the same Redis, under their own prefix.
        "pages": {
            "BACKEND": "newsportal.redis_cache.ReusedClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsportal-pages",
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "newsportal",
            # Room for a count per article read in the last hours, without culling them.
            "OPTIONS": {"MAX_ENTRIES": 20000},
        },
        # Whole pages, apart so they never cull the read counts; about 50 KB each.
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "newsportal-pages",
            "OPTIONS": {"MAX_ENTRIES": env.int("PAGE_CACHE_ENTRIES", default=1000)},
        },
    }
# Whole public pages kept for anonymous readers (articles/page_cache.py), for up to
# PAGE_CACHE_SECONDS (any change to what they show replaces them at once); and how
# long browsers (0: they revalidate, a 304 when nothing changed) and shared caches
# (nginx's micro-cache) may keep a public page (Cache-Control max-age, s-maxage).
PAGE_CACHE = env.bool("PAGE_CACHE", default=True)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
PAGE_MAX_AGE = env.int("PAGE_MAX_AGE", default=0)
PAGE_SHARED_MAX_AGE = env.int("PAGE_SHARED_MAX_AGE", default=10)
# Read counts are folded into the database when this many wait, or after this long.
READS_FOLD_BATCH = env.int("READS_FOLD_BATCH", default=200)
READS_FOLD_SECONDS = env.int("READS_FOLD_SECONDS", default=300)

# django-axes checks each login first: after AXES_FAILURE_LIMIT wrong passwords in a row
# for one username from one address, that pair is refused (the right password too) for
# AXES_COOLOFF_MINUTES. Other editors, and the same editor elsewhere, are not affected.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "articles.admin.lockout.locked_out"
# The address nginx saw, not one a client wrote into X-Forwarded-For (newsportal/client_ip.py).
AXES_CLIENT_IP_CALLABLE = "newsportal.client_ip.client_ip"
# Background work (picture renditions, folding read counts) through Django's tasks
# framework: "database" queues it in the database for `manage.py db_worker` (the
# compose file's worker service); "immediate" runs it in the web process at once,
# for a single machine without a worker, and for the tests.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND = env.str("TASKS_BACKEND", default="immediate")
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND={TASKS_BACKEND!r} is not a task backend: use "
        + " or ".join(sorted(TASK_BACKENDS))
        + "."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}
# The worker's healthcheck (manage.py check_worker) fails when a task has waited longer.
TASKS_STALE_SECONDS = env.int("TASKS_STALE_SECONDS", default=300)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en-gb")
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Brussels")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Django serves uploads itself only where nothing in front of it does (local use).
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)

# Uploads and renditions: an S3-compatible bucket when MEDIA_STORAGE_BUCKET is set
# (newsportal/media_storage.py), else files under MEDIA_ROOT.
MEDIA_STORAGE = media_storage(
    bucket=env.str("MEDIA_STORAGE_BUCKET", default=""),
    endpoint_url=env.str("MEDIA_STORAGE_ENDPOINT_URL", default=""),
    region=env.str("MEDIA_STORAGE_REGION", default=""),
    access_key=env.str("AWS_ACCESS_KEY_ID", default=""),
    secret_key=env.str("AWS_SECRET_ACCESS_KEY", default=""),
    media_url=MEDIA_URL,
)
STORAGES = {
    "default": MEDIA_STORAGE.backend,
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# Renditions made of each uploaded picture (pixels wide; never wider than the original):
# the picture at full shape, and the 3:2 card crops. After changing them, run
# `manage.py make_renditions`.
PICTURE_WIDTHS = env.list("PICTURE_WIDTHS", cast=int, default=[320, 640, 960, 1280, 1920])
PICTURE_CARD_WIDTHS = env.list("PICTURE_CARD_WIDTHS", cast=int, default=[320, 640, 960, 1280])

# Pictures editors upload: the largest file and picture accepted, and what the
# newsroom requires of each picture with a file (alt text for readers who cannot
# see it; a credit, photographer or agency).
PICTURE_MAX_BYTES = env.int("PICTURE_MAX_BYTES", default=20 * 1024 * 1024)
PICTURE_MAX_PIXELS = env.int("PICTURE_MAX_PIXELS", default=50_000_000)
PICTURES_REQUIRE_ALT_TEXT = env.bool("PICTURES_REQUIRE_ALT_TEXT", default=True)
PICTURES_REQUIRE_CREDIT = env.bool("PICTURES_REQUIRE_CREDIT", default=True)

# Uploads: pictures are the largest thing editors send.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Security. HTTPS is assumed (secure by default); `make run` on a laptop turns it off.
HTTPS = env.bool("HTTPS", default=True)
SECURE_SSL_REDIRECT = HTTPS
# A load balancer probes /healthz and /readyz over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$", r"^readyz/?$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=HTTPS)
# Behind a proxy (nginx) that terminates TLS, its X-Forwarded-Proto says whether the reader
# used HTTPS, and the last TRUSTED_PROXIES addresses of X-Forwarded-For were added by the
# proxies: the one before them is the reader's (for the login lockout). Without a proxy,
# both headers are the client's own words and are ignored.
BEHIND_TLS_PROXY = env.bool("BEHIND_TLS_PROXY", default=False)
TRUSTED_PROXIES = env.int("TRUSTED_PROXIES", default=1) if BEHIND_TLS_PROXY else 0
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_HTTPONLY = True
# Sessions in the database, read from the primary (newsportal/db_router.py): every web
# node finds them, and they survive a Redis restart or eviction (the page cache and the
# read counts fill Redis; editors are few, so their session reads cost the primary little).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_SAMESITE = "Lax"
# The admin's scripts send the token from the form (csrfmiddlewaretoken), never the cookie.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# An editor's login lasts a working day (seconds), or until the browser closes if asked.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=False)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *([MEDIA_STORAGE.origin] if MEDIA_STORAGE.origin else [])],
    "style-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Everything to standard error, one line a record: JSON objects with LOG_FORMAT=json
# (for a log collector), plain text otherwise; a line per request (LOG_REQUESTS) with
# its id, tracebacks under the same id (newsportal/logs.py, newsportal/request_log.py).
LOGGING = logging_config(
    env.str("LOG_FORMAT", default="plain"),
    env.str("LOG_LEVEL", default="WARNING"),
    requests=env.bool("LOG_REQUESTS", default=True),
)

# The site's own name and address, for titles, canonical links and feeds.
SITE_NAME = env.str("SITE_NAME", default="Newsportal")
# Every absolute address (canonical links, feeds, sitemaps, shares, the API) is built
# on SITE_URL, never on the request's Host header, which a client chooses. On plain
# HTTP (a laptop) it defaults to make run's address; with HTTPS on it must be set.
SITE_URL = env.str("SITE_URL", default="").rstrip("/")
if not SITE_URL:
    if HTTPS:
        raise ImproperlyConfigured(
            "SITE_URL is not set. Set it to the site's public address, for example "
            "SITE_URL=https://news.example.org, in the environment or in .env."
        )
    SITE_URL = "http://localhost:8000"
if not re.fullmatch(r"https?://[^/?#\s]+", SITE_URL):
    raise ImproperlyConfigured(
        f"SITE_URL={SITE_URL!r} is not a site address: give the scheme and host only, "
        "for example https://news.example.org (no path, query or trailing text)."
    )
# Where the newsroom's admin lives: a path of its own makes the login page harder to find
# for robots that try /admin/ on every site. Words of letters, digits, - and _, each
# followed by a slash.
ADMIN_URL = env.str("ADMIN_URL", default="admin/")
if not re.fullmatch(r"(?:[A-Za-z0-9_-]+/)+", ADMIN_URL):
    raise ImproperlyConfigured(
        f"ADMIN_URL={ADMIN_URL!r} is not an admin path: give one or more words of letters, "
        "digits, - and _, each ending with a slash and without a leading one, for example "
        "ADMIN_URL=newsroom-desk/."
    )
ARTICLES_PER_PAGE = env.int("ARTICLES_PER_PAGE", default=20)
# How long a draft's preview link works (articles/previews.py).
PREVIEW_LINK_HOURS = env.int("PREVIEW_LINK_HOURS", default=48)
