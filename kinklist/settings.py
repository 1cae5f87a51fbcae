"""One settings module; every value that differs between machines comes from the environment.

Defaults are safe for a newcomer: SQLite in the project folder, debug off unless asked for.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from kinklist.environment import envbool, envfloat_within, envint, envlist

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = envbool("DEBUG")

# Required to serve outside debug: kinklist/wsgi.py refuses to start without it. Commands that sign
# nothing (migrate, makemigrations, load_content) run without it.
SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105 - DEBUG only.

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "django_ratelimit",
    "kinklist",
    "glossary",
    "checklist",
]

MIDDLEWARE = [
    "kinklist.middleware.RequestLog",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Below the header middleware so that static files carry the same headers as pages.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
]

# `make bench` serves its bare comparison view from a URL configuration of its own, so the one production
# serves never contains it.
BENCH_BASELINE = envbool("BENCH_BASELINE")
ROOT_URLCONF = "kinklist.bench_urls" if BENCH_BASELINE else "kinklist.urls"
WSGI_APPLICATION = "kinklist.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "kinklist.languages.switcher",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", "0"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several writers at once (two partners pressing "ready") must queue, never fail as "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English is the source and needs no prefix; every other language lives under its own (/de/…, /es/…), so
# a page's address says its language and secret-link paths keep their words. docs/translating.md adds one.
LANGUAGE_CODE = "en"
# Each language but English is a translation (kinklist.languages), its content loaded from
# fixtures/locale/<code>/ and its pages' words from locale/<code>/; English is what everything falls back to.
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("es", "Español")]
# Our pages' words; then Django's own words that our pages show, reworded (locale/django/: tú, not usted).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "django"]
FORMAT_MODULE_PATH = ["kinklist.formats"]  # English dates day first (kinklist/formats/en/)
# The languages people are offered: the switcher, hreflang and the sitemap name only these. Every language
# above is served at its prefix regardless, so a new translation can be read and reviewed before it is
# added here (docs/translating.md).
LANGUAGES_OFFERED = envlist("LANGUAGES_OFFERED", "en,de,es")
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# In development whitenoise serves straight from the source folders; in production from collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Pages that carry private answers must never be copied into another site's logs.
# "no-referrer" would make browsers send "Origin: null" on our own POSTs and fail CSRF.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "kinklist.views.csrf_failure"

# Production is HTTPS only: secure cookies bound to this exact host (the __Host- prefix), HSTS for a
# year, and plain HTTP redirected. Development (DEBUG) runs on http://127.0.0.1 without them.
HTTPS = envbool("HTTPS", str(not DEBUG))
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_NAME = "__Host-session" if HTTPS else "session"
CSRF_COOKIE_NAME = "__Host-csrftoken" if HTTPS else "csrftoken"
SECURE_HSTS_SECONDS = envint("HSTS_SECONDS", "31536000" if HTTPS else "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = envbool("HSTS_PRELOAD")
# Joining the browsers' preload list is hard to undo, so it is the operator's explicit choice;
# until then `check --deploy` need not remind us of it.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Behind a TLS-terminating proxy (opt in): trust its X-Forwarded-Proto for "is this HTTPS?" and the
# address it appends to X-Forwarded-For for rate limits. Never set this without such a proxy in front.
BEHIND_PROXY = envbool("BEHIND_PROXY")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
TRUST_X_FORWARDED_FOR = BEHIND_PROXY

LOGIN_URL = "/accounts/login/"

# Glossary terms and checklist activities, loaded by `manage.py load_content`.
CONTENT_DIR = Path(os.getenv("CONTENT_DIR", BASE_DIR / "fixtures"))

REDIS_URL = os.getenv("REDIS_URL", "")
# Without a shared cache each process counts rate limits on its own, multiplying every limit by the number of
# workers: kinklist/wsgi.py refuses to serve that way unless one process is meant (gunicorn then runs one).
SINGLE_PROCESS = envbool("SINGLE_PROCESS")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # An unreachable Redis must cost a request a fraction of a second, not hang it.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Sessions live in the database alone, even with Redis at hand: a cached copy can outlive a log-out (if
# deleting it from the cache fails after the database row is gone, or a cache is restored from a
# snapshot), and a session is all a copied cookie needs to open someone's answers.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Rate limits count in the cache; with several app servers that must be the shared Redis.
# django-ratelimit's check does not know Django's own Redis backend, and calls local memory unshared,
# which is true and fine for one process.
RATELIMIT_VIEW = "kinklist.views.rate_limited"
RATELIMIT_ENABLE = envbool("RATELIMIT_ENABLE", "True")
RATELIMIT_IP_META_KEY = "kinklist.responses.client_ip"
SILENCED_SYSTEM_CHECKS += ["django_ratelimit.W001", "django_ratelimit.E003"]
RATE_LIMITS = {
    # Resume and invite links, opening and accepting: guessing a secret must stay hopeless.
    "secret-links": os.getenv("RATE_LIMIT_SECRET_LINKS", "30/m"),
    # Log in and sign up, per client (and log in per username too).
    "accounts": os.getenv("RATE_LIMIT_ACCOUNTS", "10/m"),
    "start": os.getenv("RATE_LIMIT_START", "10/m"),
    # Generous: someone tapping through the checklist quickly must never meet it.
    "saves": os.getenv("RATE_LIMIT_SAVES", "600/m"),
}

# Pairing: how long an invite link stays valid, and when a partner's Yes answers are so many that
# revealing would expose nearly every Yes of the other (the saturation guard).
INVITE_DAYS = envint("INVITE_DAYS", "14")
# Above half, or an ordinary list would set off the warning; at most 1, or it could never go off.
SATURATION_THRESHOLD = envfloat_within("SATURATION_THRESHOLD", "0.9", above=0.5, at_most=1)
# Pressing Ready with less than this share of one's own checklist answered asks first.
READY_ASK_BELOW = 0.1
# How often a pairing's page, while waiting on the partner, asks the server whether the round moved on.
WAITING_POLL_MS = 3000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_secrets": {"()": "kinklist.logs.MaskSecrets"}},
    "formatters": {"json": {"()": "kinklist.logs.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_secrets"], "formatter": "json"},
    },
    # Everything reaches the one handler, so every line passes the secret mask.
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"level": "INFO"},
        "kinklist": {"level": "INFO"},
    },
}

# Anonymous checklists nobody has opened for this many days are deleted by `manage.py purge_inactive`;
# until then the browser that holds one keeps it (a session lasts as long).
PURGE_AFTER_DAYS = envint("PURGE_AFTER_DAYS", "180")
SESSION_COOKIE_AGE = PURGE_AFTER_DAYS * 24 * 60 * 60
