"""The checklist's activities in order, as plain frozen data kept in memory.

The catalogue is content: it changes when an admin edits it, not per request. Each process keeps it for a
minute (edits in this process drop it at once; other processes follow within the minute). Its entries are
plain data, never model instances, so a page that shows them can reach nothing else.

Each language has its own catalogue, made from the English one: the same sections, activities, ids and
sides in the same order, only their wording translated. Partners reading different languages therefore
rate, and compare, exactly the same things.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from glossary.models import Term, TermTranslation
from kinklist.languages import with_fallback

from .models import Activity, ActivityTranslation, Category, CategoryTranslation, Risk, Side
from .reveal import Key

RISK_LABELS = {
    Risk.LOW: gettext_noop("Low risk"),
    Risk.MEDIUM: gettext_noop("Medium risk"),
    Risk.HIGH: gettext_noop("High risk"),
}


def risk_label(risk: str) -> str:
    """In the language active while a catalogue is built."""
    return gettext(RISK_LABELS[risk])


# Empty in English. In another language, the names of the fields shown in English for want of a
# translation: a page marks them (lang="en") and says so.
NO_FALLBACK: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class TermLink:
    name: str
    url: str
    slug: str
    fallback: frozenset[str] = NO_FALLBACK


@dataclass(frozen=True, slots=True)
class Entry:
    """One activity as every page shows it: its facts, its sides and their wording."""

    id: int
    slug: str
    name: str
    description: str
    risk: str
    risk_label: str
    sides: tuple[str, ...]
    give_text: str
    receive_text: str
    terms: tuple[TermLink, ...]
    section_slug: str
    fallback: frozenset[str] = NO_FALLBACK

    def side_text(self, side: str) -> str:
        return {Side.GIVE: self.give_text, Side.RECEIVE: self.receive_text}.get(side, "")


@dataclass(frozen=True, slots=True)
class Section:
    """A category of the checklist with its activities."""

    id: int
    slug: str
    name: str
    intro: str
    starts_hidden: bool
    entries: tuple[Entry, ...]
    retired: tuple[Entry, ...] = ()  # shown only in comparisons revealed before they were retired
    fallback: frozenset[str] = NO_FALLBACK
    # How many answers the section asks for: one per shared activity, two per directional one. Counted
    # once: every page reads it for every section.
    size: int = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "size", sum(len(entry.sides) for entry in self.entries))


@dataclass(slots=True)
class Catalogue:
    """The sections in checklist order, with every rateable key indexed.

    `placement` and `order` hold what can be rated now; `known` also the sides of retired activities,
    which revealed comparisons keep showing.
    """

    sections: tuple[Section, ...]
    placement: dict[Key, tuple[Entry, int]] = field(default_factory=dict)  # key: (entry, section position)
    order: list[Key] = field(default_factory=list)
    known: set[Key] = field(default_factory=set)

    def __post_init__(self) -> None:
        for position, section in enumerate(self.sections):
            for entry in section.entries:
                for side in entry.sides:
                    self.placement[(entry.id, side)] = (entry, position)
                    self.order.append((entry.id, side))
            self.known.update((entry.id, side) for entry in section.retired for side in entry.sides)
        self.known.update(self.placement)

    def section(self, slug: str) -> Section | None:
        return next((section for section in self.sections if section.slug == slug), None)


CATALOGUE_SECONDS = 60
_cached: dict[str, tuple[float, Catalogue]] = {}  # language: (when made, catalogue)


def catalogue(language: str | None = None) -> Catalogue:
    """The checklist in `language` (English if none), from memory or from the database: two queries for
    English, three more for a translation."""
    language = language or settings.LANGUAGE_CODE
    cached = _cached.get(language)
    if cached and time.monotonic() - cached[0] < CATALOGUE_SECONDS:
        return cached[1]
    # Built in its language, whatever the page asking first is in: its glossary links lead there.
    with translation.override(language):
        result = _english() if language == settings.LANGUAGE_CODE else _translated(catalogue(), language)
    _cached[language] = (time.monotonic(), result)
    return result


def _english() -> Catalogue:
    published = Term.objects.published().only("name", "slug")
    activities = (
        Activity.objects.select_related("category")
        .prefetch_related(Prefetch("terms", queryset=published))
        .order_by("category__order", "category__name", "order", "name", "pk")
    )
    grouped: dict[int, tuple[Category, list[Entry], list[Entry]]] = {}
    for activity in activities:
        category = activity.category
        current, retired = grouped.setdefault(category.pk, (category, [], []))[1:]
        (retired if activity.retired else current).append(_entry(activity))
    return Catalogue(
        tuple(
            Section(
                category.pk,
                category.slug,
                category.name,
                category.intro,
                category.starts_hidden,
                tuple(current),
                tuple(retired),
            )
            for category, current, retired in grouped.values()
        )
    )


def _entry(activity: Activity) -> Entry:
    return Entry(
        id=activity.pk,
        slug=activity.slug,
        name=activity.name,
        description=activity.description,
        risk=activity.risk,
        risk_label=risk_label(activity.risk),
        sides=tuple(str(side) for side in activity.sides),
        give_text=activity.give_text,
        receive_text=activity.receive_text,
        terms=tuple(TermLink(term.name, term.get_absolute_url(), term.slug) for term in activity.terms.all()),
        section_slug=activity.category.slug,
    )


def _translated(english: Catalogue, language: str) -> Catalogue:
    """The English catalogue with each text replaced by its translation where there is one."""
    sections = {t.category_id: t for t in CategoryTranslation.objects.filter(language=language)}
    entries = {t.activity_id: t for t in ActivityTranslation.objects.filter(language=language)}
    term_names = dict(
        TermTranslation.objects.filter(language=language).exclude(name="").values_list("term__slug", "name")
    )

    urls: dict[str, str] = {}

    def term(link: TermLink) -> TermLink:
        if link.slug not in urls:
            urls[link.slug] = reverse("glossary:term", args=[link.slug])  # this language's page
        name = term_names.get(link.slug)
        texts = {"name": name} if name else {"fallback": frozenset({"name"})}
        return replace(link, url=urls[link.slug], **texts)

    def entry(english_entry: Entry) -> Entry:
        texts, fallback = _texts(english_entry, entries.get(english_entry.id), ENTRY_TEXTS)
        return replace(
            english_entry,
            **texts,
            risk_label=risk_label(english_entry.risk),
            terms=tuple(map(term, english_entry.terms)),
            fallback=fallback,
        )

    def section(english_section: Section) -> Section:
        texts, fallback = _texts(english_section, sections.get(english_section.id), SECTION_TEXTS)
        return replace(
            english_section,
            **texts,
            entries=tuple(map(entry, english_section.entries)),
            retired=tuple(map(entry, english_section.retired)),
            fallback=fallback,
        )

    return Catalogue(tuple(map(section, english.sections)))


SECTION_TEXTS = ("name", "intro")
ENTRY_TEXTS = ("name", "description", "give_text", "receive_text")


def _texts(english, translation, names: tuple[str, ...]) -> tuple[dict[str, str], frozenset[str]]:
    return with_fallback(
        {name: getattr(english, name) for name in names},
        {name: getattr(translation, name) for name in names} if translation else {},
    )


def forget_catalogue(**kwargs) -> None:
    _cached.clear()
