from __future__ import annotations

from django.contrib.sitemaps import Sitemap

from kinklist.languages import offered_languages

from .models import Term


class TermSitemap(Sitemap):
    """Every published term in every language, each entry naming its translations (hreflang)."""

    changefreq = "monthly"
    i18n = True
    alternates = True
    x_default = True

    @property
    def languages(self) -> list[str]:
        return [code for code, _ in offered_languages()]

    def items(self):
        return Term.objects.published().only("slug", "updated")

    def lastmod(self, term: Term):
        return term.updated
