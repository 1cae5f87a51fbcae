from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from checklist.answers import Answers
from checklist.catalogue import catalogue
from checklist.participants import current_participant

from .languages import language_prefixes
from .responses import HtmxHttpRequest, private_page, refusal


@require_GET
@private_page  # to someone who started, it shows their progress
def home(request: HttpRequest) -> HttpResponse:
    participant = current_participant(request)
    progress = Answers(participant, catalogue()).overall if participant else None
    return render(request, "kinklist/home.html", {"progress": progress})


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        # Private pages answer only to their owner; there is nothing there to index.
        *(f"Disallow: {prefix}/checklist/" for prefix in language_prefixes()),
        "Disallow: /admin/",
        f"Sitemap: {sitemap_url}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: 503 only when the database does not answer. Without the cache the site still
    serves (only guessing defences pause), so a Redis restart must not take every app server out of the
    balancer at once: it reports itself degraded instead. No cookie, nothing private."""
    checks = {"database": _database_answers(), "cache": _cache_answers()}
    if not checks["database"]:
        status = "unavailable"
    elif not checks["cache"]:
        status = "degraded: cache"
    else:
        status = "ok"
    body = {"status": status, **{name: "ok" if ok else "down" for name, ok in checks.items()}}
    return JsonResponse(body, status=503 if status == "unavailable" else 200)


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any failure means "down"; the reason belongs in the server's logs.
        return False
    return True


def _cache_answers() -> bool:
    try:
        cache.set("healthz", "ok", 10)
        return cache.get("healthz") == "ok"
    except Exception:  # noqa: BLE001 - as above
        return False


TOO_MANY = gettext_lazy(
    "There have been many attempts from your connection in a short time, so we paused them for a minute. "
    "Nothing you saved was lost."
)
NOT_FOUND = gettext_lazy(
    "That is not here any more: it may have been ended or deleted. Reload the page to see what is."
)
STALE_FORM = gettext_lazy(
    "This page was open for a long time, or you logged in or out in another tab, so we could not be sure "
    "the request came from you. Reload the page and try again. Nothing you saved before was changed."
)


def rate_limited(request: HtmxHttpRequest, exception: Exception) -> HttpResponse:
    return refusal(request, "429.html", TOO_MANY, status=429)


def page_not_found(request: HtmxHttpRequest, exception: Exception) -> HttpResponse:
    # A page polling for news (a comparison that is waiting) asks for itself; once a partner ends the
    # pairing it is gone, and htmx would otherwise put a whole 404 page inside it.
    return refusal(request, "404.html", NOT_FOUND, status=404)


def csrf_failure(request: HtmxHttpRequest, reason: str = "") -> HttpResponse:
    """Django's own page says "CSRF verification failed", which tells a person nothing they can act on."""
    return refusal(request, "403.html", STALE_FORM, status=403)
