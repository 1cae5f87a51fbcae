"""The project settings, with what a test run needs that production must never have."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from kinklist.settings import *  # noqa: E402, F403

# Argon2 is deliberately slow; tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Serve static files from the source folders, as in development, so no collectstatic is needed.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
