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
