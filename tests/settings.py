"""The project settings, with what a test run needs that production must never have."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from kinklist.settings import *  # noqa: E402, F403

# The test client and the live server speak plain HTTP; production's HTTPS settings are checked by
# running `check --deploy` with production values (tests/test_deploy.py).
HTTPS = False
SECURE_SSL_REDIRECT = SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SESSION_COOKIE_NAME, CSRF_COOKIE_NAME = "session", "csrftoken"

# A page waiting on a partner asks again soon: browser tests wait for it, not for a person's three seconds.
WAITING_POLL_MS = 250

# Argon2 is deliberately slow; tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Serve static files from the source folders, as in development, so no collectstatic is needed.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared-cache memory: the live server's threads then get their own connections and
    # queue on SQLite's real locks, as in production, which concurrency tests rely on.
    DATABASES["default"]["TEST"] = {"NAME": BASE_DIR / "test-db.sqlite3"}  # noqa: F405

# Parallel test workers (pytest-xdist) each get their own Redis database: a test's cache.clear() empties the
# whole database, which must not wipe the rate-limit counts another worker's test is in the middle of.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _WORKER:  # noqa: F405
    _base, _, _database = REDIS_URL.rpartition("/")  # noqa: F405
    CACHES["default"]["LOCATION"] = f"{_base}/{int(_database) - int(_WORKER.removeprefix('gw'))}"  # noqa: F405
