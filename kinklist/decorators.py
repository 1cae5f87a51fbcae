from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseRedirect
from django.views.decorators.cache import never_cache
from django.views.decorators.vary import vary_on_cookie


def private_page(view):
    """Pages with someone's answers or secrets: never stored by a browser cache or a proxy."""
    return vary_on_cookie(never_cache(view))


def see_other(url: str) -> HttpResponseRedirect:
    """303: after a POST, the browser GETs the new URL (and never re-posts on reload)."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def secret_link_rate(group: str, request) -> str:
    """How often one client may try resume and invite links: guessing them must stay hopeless."""
    return settings.RATE_LIMIT_SECRET_LINKS
