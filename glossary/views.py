from __future__ import annotations

import difflib
from itertools import groupby

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from .forms import SearchForm
from .models import Alias, Term

SUGGESTION_COUNT = 5


def index(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    terms = Term.objects.visible_to(request.user).only("name", "slug", "definition", "status")
    if query:
        terms = terms.search(query)
    groups = [(letter, list(items)) for letter, items in groupby(terms, key=lambda term: term.initial)]
    context = {
        "query": query,
        "errors": form.errors.get("q"),
        "groups": groups,
        "count": sum(len(items) for _, items in groups),
    }
    template = "glossary/_results.html" if request.htmx else "glossary/index.html"
    return render(request, template, context, status=400 if form.errors else 200)


def term(request: HttpRequest, slug: str) -> HttpResponse:
    visible = Term.objects.visible_to(request.user)
    found = (
        visible.filter(slug=slug)
        .prefetch_related(
            # Aliases in other languages are addresses too (see below) but not this page's spellings.
            Prefetch("aliases", queryset=Alias.objects.filter(language=settings.LANGUAGE_CODE)),
            "related",
            "confused_with",
            "activities",
        )
        .first()
    )
    if found is None:
        alias = Alias.objects.filter(slug=slug, term__in=visible).select_related("term").first()
        if alias is not None:
            return redirect(alias.term, permanent=True)
        return not_found(request, slug)
    canonical_url = request.build_absolute_uri(found.get_absolute_url())
    structured = {
        "@context": "https://schema.org",
        "@type": "DefinedTerm",
        "name": found.name,
        "alternateName": [alias.name for alias in found.aliases.all()],
        "description": found.definition,
        "url": canonical_url,
        "inDefinedTermSet": request.build_absolute_uri(reverse("glossary:index")),
    }
    return render(
        request,
        "glossary/term.html",
        {"term": found, "canonical_url": canonical_url, "structured": structured},
    )


def not_found(request: HttpRequest, slug: str) -> HttpResponse:
    return render(
        request,
        "glossary/not_found.html",
        {"slug": slug, "suggestions": suggest(slug, Term.objects.visible_to(request.user))},
        status=404,
    )


def suggest(slug: str, terms) -> list[Term]:
    """The terms whose slug, name or alias reads closest to what was asked for."""
    asked = slug.lower()
    candidates: dict[str, Term] = {}
    for term in terms.prefetch_related("aliases"):
        for spelling in [term.slug, term.name.lower(), *(alias.slug for alias in term.aliases.all())]:
            candidates.setdefault(spelling, term)
    contained = [
        spelling for spelling in candidates if len(spelling) >= 3 and (spelling in asked or asked in spelling)
    ]
    close = difflib.get_close_matches(asked, list(candidates), n=SUGGESTION_COUNT * 2, cutoff=0.6)
    suggestions: list[Term] = []
    for spelling in close + contained:
        term = candidates[spelling]
        if term not in suggestions:
            suggestions.append(term)
    return suggestions[:SUGGESTION_COUNT]
