from __future__ import annotations

from django.contrib.sitemaps import Sitemap

from .models import Term


class TermSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Term.objects.published().only("slug", "updated")

    def lastmod(self, term: Term):
        return term.updated
