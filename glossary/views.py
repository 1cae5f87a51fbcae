from __future__ import annotations

import difflib
from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation

from checklist.models import Activity
from kinklist.languages import translated_texts, with_translation

from .forms import SearchForm
from .models import Alias, Term, alphabetical

SUGGESTION_COUNT = 5
ACTIVITY_TEXTS = ("name", "description")


def index(request: HttpRequest) -> HttpResponse:
    language = translation.get_language()
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    terms = Term.objects.visible_to(request.user).listed(language)
    if query:
        terms = terms.search(query, language)
    listed = [term.listed(language) for term in terms]
    if language != settings.LANGUAGE_CODE:  # the database sorts by the English names
        listed.sort(key=lambda term: alphabetical(term.name))
    groups = [(letter, list(items)) for letter, items in groupby(listed, key=lambda term: term.initial)]
    context = {
        "query": query,
        "errors": form.errors.get("q"),
        "groups": groups,
        "count": sum(len(items) for _, items in groups),
    }
    template = "glossary/_results.html" if request.htmx else "glossary/index.html"
    return render(request, template, context, status=400 if form.errors else 200)


@dataclass(frozen=True)
class ActivityLink:
    """A checklist activity that a term's page points to, in the page's language."""

    url: str
    name: str
    description: str
    fallback: frozenset[str]


def term(request: HttpRequest, slug: str) -> HttpResponse:
    language = translation.get_language()
    visible = Term.objects.visible_to(request.user)
    listed = Term.objects.listed(language)
    found = (
        visible.filter(slug=slug)
        # Aliases in other languages are addresses too (see below) but not this page's spellings.
        .in_language(language)
        .prefetch_related(
            Prefetch("related", queryset=listed),
            Prefetch("confused_with", queryset=listed),
            Prefetch(
                "activities", queryset=with_translation(Activity.objects.all(), language, ACTIVITY_TEXTS)
            ),
        )
        .first()
    )
    if found is None:
        alias = Alias.objects.filter(slug=slug, term__in=visible).select_related("term").first()
        if alias is not None:
            return redirect(alias.term, permanent=True)
        return not_found(request, slug)
    texts = found.texts(language)
    canonical_url = request.build_absolute_uri(found.get_absolute_url())
    structured = {
        "@context": "https://schema.org",
        "@type": "DefinedTerm",
        "name": texts.name,
        "alternateName": list(texts.aliases),
        "description": texts.definition,
        "url": canonical_url,
        "inDefinedTermSet": request.build_absolute_uri(reverse("glossary:index")),
    }
    context = {
        "term": found,
        "texts": texts,
        "related": [other.listed(language) for other in found.related.all()],
        "confused": [other.listed(language) for other in found.confused_with.all()],
        "activities": [_activity_link(activity, language) for activity in found.activities.all()],
        "canonical_url": canonical_url,
        "structured": structured,
    }
    return render(request, "glossary/term.html", context)


def _activity_link(activity: Activity, language: str) -> ActivityLink:
    texts, fallback = translated_texts(activity, language, ACTIVITY_TEXTS)
    return ActivityLink(activity.get_absolute_url(), fallback=fallback, **texts)


def not_found(request: HttpRequest, slug: str) -> HttpResponse:
    language = translation.get_language()
    suggestions = suggest(slug, Term.objects.visible_to(request.user).listed(language))
    return render(
        request,
        "glossary/not_found.html",
        {"slug": slug, "suggestions": [term.listed(language) for term in suggestions]},
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
