"""The site's languages: English, the source every text is written in, and its translations; and which
language a page is in, with the same page in the others.

`settings.LANGUAGES` is the one list; everything here reads it when asked, so adding a language there adds
it to the loaders, the admin, the translation fields and the switcher, without a migration. A page's language
comes from its address alone (English has no prefix), never from a cookie or the browser's preferences, so
a link always opens in the language it was shared in.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import F, FilteredRelation, Q, QuerySet, Value
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve, translate_url
from django.utils import translation


def translated_languages() -> list[str]:
    """Every language but English, in the order settings.LANGUAGES lists them."""
    return [code for code, _ in translated_language_choices()]


def translated_language_choices() -> list[tuple[str, str]]:
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def language_choices() -> list[tuple[str, str]]:
    return list(settings.LANGUAGES)


def page_language() -> str:
    """The language of the page being answered (English outside a request)."""
    return translation.get_language() or settings.LANGUAGE_CODE


def with_fallback(english: dict[str, str], translated: dict[str, str]) -> tuple[dict[str, str], frozenset]:
    """Each field in the translation, or in English where the translation has none, and the names of the
    fields that fell back: a page marks those as English rather than showing an empty field."""
    texts = {name: translated.get(name) or value for name, value in english.items()}
    fallback = frozenset(name for name, value in english.items() if value and not translated.get(name))
    return texts, fallback


def with_translation(queryset: QuerySet, language: str, fields: tuple[str, ...]) -> QuerySet:
    """Each object with the `fields` of its translation into `language` read in the same query (a list
    costs no query per object), for `translated_texts`. English has nothing to add."""
    if language == settings.LANGUAGE_CODE:
        return queryset
    here = FilteredRelation("translations", condition=Q(translations__language=language))
    return queryset.annotate(translation_here=here).annotate(
        translated_language=Value(language),
        **{f"translated_{name}": F(f"translation_here__{name}") for name in fields},
    )


def translated_texts(
    obj: models.Model, language: str, fields: tuple[str, ...]
) -> tuple[dict[str, str], frozenset]:
    """The object's `fields` in `language` as `with_translation` read them, with the names of those that
    fell back to English."""
    english = {name: getattr(obj, name) for name in fields}
    if language == settings.LANGUAGE_CODE:
        return english, frozenset()
    return with_fallback(english, {name: getattr(obj, f"translated_{name}") or "" for name in fields})


class Translation(models.Model):
    """One object's texts in one translated language. An empty field is a missing translation: readers
    show the English one instead, marked."""

    # A callable, so that the list is read from settings and a new language needs no migration.
    language = models.CharField(max_length=10, choices=translated_language_choices)
    edited_here = models.BooleanField(
        default=False,
        help_text="Set when saved in the admin: loading content then leaves this translation alone. "
        "Untick to let the content files update it again.",
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.get_language_display()


# Which language a page is in, and the same page in the others


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    absolute: str
    current: bool


@dataclass(frozen=True)
class PageLanguage:
    code: str
    choices: tuple[LanguageLink, ...]  # every language, the current one marked
    same_page: bool  # the choices are this page in each language, not their home pages

    @property
    def alternates(self) -> tuple[LanguageLink, ...]:
        """hreflang alternates: every language but this page's own, then x-default (English)."""
        if not self.same_page or len(self.choices) < 2:
            return ()
        english = next(link for link in self.choices if link.code == settings.LANGUAGE_CODE)
        others = tuple(link for link in self.choices if not link.current)
        return (*others, LanguageLink("x-default", english.name, english.url, english.absolute, False))


def prefix(language: str) -> str:
    """A language's address prefix: "" for English, "/de" for German."""
    return "" if language == settings.LANGUAGE_CODE else f"/{language}"


def language_prefixes() -> list[str]:
    """Each language's address prefix: "" for English."""
    return [prefix(code) for code, _ in settings.LANGUAGES]


def _repeatable(request: HttpRequest) -> bool:
    """Whether a page's address may appear in its own links to other languages: a GET of a page whose
    address holds nothing but public words. Never a query (a page must not echo what it was sent), a
    secret link's secret or a pairing's id (those pages answer alike for what exists and what does not),
    nor an address that leads nowhere."""
    if request.method not in ("GET", "HEAD"):
        return False
    try:
        found = resolve(request.path_info)
    except Resolver404:
        return False
    return set(found.kwargs) <= {"slug"}


def offered_languages() -> list[tuple[str, str]]:
    """The languages people are offered (settings.LANGUAGES_OFFERED), in settings.LANGUAGES' order."""
    return [(code, name) for code, name in settings.LANGUAGES if code in settings.LANGUAGES_OFFERED]


def switcher(request: HttpRequest) -> dict:
    current = translation.get_language()
    same_page = _repeatable(request)
    here = request.path if same_page else "/"  # otherwise the languages' home pages stand in
    choices = []
    for code, name in offered_languages():
        url = translate_url(here, code)
        choices.append(LanguageLink(code, name, url, request.build_absolute_uri(url), code == current))
    return {"language": PageLanguage(current, tuple(choices), same_page)}


def english_unprefixed(request: HttpRequest, rest: str) -> HttpResponsePermanentRedirect:
    """English pages live without a prefix; /en/… says the same and goes there. Only ever to a path of
    this site: `/en//elsewhere.example/` must not become `//elsewhere.example/`, which browsers read as a
    host."""
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect("/" + rest.lstrip("/\\") + (f"?{query}" if query else ""))
