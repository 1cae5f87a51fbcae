"""WSGI entry point for gunicorn and other WSGI servers."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinklist.settings")

application = get_wsgi_application()

# Sessions and CSRF tokens are signed with it: serving without one must stop here, not at the first request.
if not settings.DEBUG and not os.getenv("SECRET_KEY"):
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set it in the environment (a long random string), "
        "or set DEBUG=1 for local development."
    )

if not settings.DEBUG and not settings.REDIS_URL and not settings.SINGLE_PROCESS:
    raise ImproperlyConfigured(
        "REDIS_URL is not set, so each worker process would count rate limits on its own and every limit "
        "would be multiplied by the number of workers. Set REDIS_URL to the shared Redis, or "
        "SINGLE_PROCESS=1 to serve with one worker."
    )
