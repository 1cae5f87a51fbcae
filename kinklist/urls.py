from __future__ import annotations

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from glossary.sitemaps import TermSitemap

from . import views

handler404 = views.page_not_found

urlpatterns = [
    path("", views.home, name="home"),
    path("glossary/", include("glossary.urls")),
    path("", include("checklist.urls")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": {"glossary": TermSitemap}}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
]
