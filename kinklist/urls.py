from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path

from glossary.sitemaps import TermSitemap

from . import languages, views

handler404 = views.page_not_found

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": {"glossary": TermSitemap}}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
    re_path(r"^en/(?P<rest>.*)$", languages.english_unprefixed),
    *i18n_patterns(
        path("", views.home, name="home"),
        path("glossary/", include("glossary.urls")),
        path("", include("checklist.urls")),
        prefix_default_language=False,
    ),
]
