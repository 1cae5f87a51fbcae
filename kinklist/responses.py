"""What every app's views share: the request type, private pages, redirects, rate limits, client address."""

from __future__ import annotations

import logging
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.vary import vary_on_cookie
from django_htmx.middleware import HtmxDetails
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited
from django_ratelimit.exceptions import Ratelimited
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Limits that make guessing a secret link or a password hopeless: while they cannot be counted, those doors
# stay shut. Every other limit is about abuse by someone who already holds a session, and fails open.
GUESSING_DEFENCES = {"secret-links", "accounts"}
COUNT_UNAVAILABLE = gettext_lazy(
    "We cannot check this request just now, so we paused it to keep private links and accounts safe. "
    "Please try again in a minute."
)


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it, for type checkers."""

    htmx: HtmxDetails


def private_page(view):
    """Pages with someone's answers or secrets: never stored by a browser cache or a proxy."""
    return vary_on_cookie(never_cache(view))


def refusal(request: HtmxHttpRequest, page: str, message: str, status: int) -> HttpResponse:
    """A request refused with a 4xx: the whole page, or to htmx only the message. htmx puts what it gets
    into part of a page, or a status region reads it aloud, where another header and footer are noise."""
    template = "_refusal.html" if request.htmx else page
    return render(request, template, {"message": message}, status=status)


def see_other(url: str) -> HttpResponseRedirect:
    """303: after a POST, the browser GETs the new URL (and never re-posts on reload)."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def limit_rate(group: str, key: str = "ip", method=ALL):
    """Limits a view to the rate `settings.RATE_LIMITS[group]`, counted in the (shared) cache; a client
    over it gets the 429 page. Views sharing a group share one budget.

    While the cache cannot count (Redis is down), a guessing defence answers 503 with a human message and
    every other view goes on unlimited, with a warning in the log."""

    def decorate(view):
        @wraps(view)
        def limited(request: HtmxHttpRequest, *args, **kwargs) -> HttpResponse:
            try:
                over = is_ratelimited(
                    request,
                    group=group,
                    fn=view,
                    key=key,
                    rate=lambda group, request: settings.RATE_LIMITS[group],
                    method=method,
                    increment=True,
                )
            except RedisError:
                if group in GUESSING_DEFENCES:
                    return refusal(request, "503.html", COUNT_UNAVAILABLE, status=503)
                logger.warning("rate limit not counted: the cache is unavailable", extra={"group": group})
                over = False
            if over:
                raise Ratelimited
            return view(request, *args, **kwargs)

        return limited

    return decorate


def client_ip(request) -> str:
    """The client's address: the proxy's last X-Forwarded-For entry when we sit behind a trusted
    proxy (that entry is the one the proxy itself added; earlier ones are whatever the client sent)."""
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return request.META["REMOTE_ADDR"]
