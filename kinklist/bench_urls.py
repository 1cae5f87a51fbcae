"""The URLs `make bench` serves (BENCH_BASELINE=1): the site's own, plus a bare view behind the same
middleware to measure pages against. Production's URL configuration, kinklist.urls, never contains it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from kinklist.urls import handler404
from kinklist.urls import urlpatterns as site_urlpatterns

__all__ = ["handler404", "urlpatterns"]


def baseline(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [*site_urlpatterns, path("bench/baseline/", baseline)]
