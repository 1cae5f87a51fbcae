"""The URLs `make bench` serves (BENCH_BASELINE=1): the site's own, plus baseline views behind the same
middleware to measure pages against. Production's URL configuration, kinklist.urls, never contains them."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from checklist.models import Participant
from checklist.participants import SESSION_KEY
from kinklist.urls import handler404
from kinklist.urls import urlpatterns as site_urlpatterns

__all__ = ["handler404", "urlpatterns"]


def baseline(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


@require_GET
def read_baseline(request: HttpRequest) -> HttpResponse:
    """The least any page of a person's own must do: read the session, then the one row it names."""
    participant = Participant.objects.filter(pk=request.session.get(SESSION_KEY)).first()
    return HttpResponse("ok" if participant else "nobody")


@require_POST
def write_baseline(request: HttpRequest) -> HttpResponse:
    """The least any save must do: read the session, then write one row by its index, durably."""
    with transaction.atomic():
        written = Participant.objects.filter(pk=request.session.get(SESSION_KEY)).update(
            last_seen=timezone.now()
        )
    return HttpResponse("ok" if written else "nobody")


urlpatterns = [
    *site_urlpatterns,
    path("bench/baseline/", baseline),
    path("bench/baseline/read/", read_baseline),
    path("bench/baseline/write/", write_baseline),
]
