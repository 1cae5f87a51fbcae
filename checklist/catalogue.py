"""The checklist's activities in order, as plain frozen data kept in memory.

The catalogue is content: it changes when an admin edits it, not per request. Each process keeps it for a
minute (edits in this process drop it at once; other processes follow within the minute). Its entries are
plain data, never model instances, so a page that shows them can reach nothing else.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.db.models import Prefetch

from glossary.models import Term

from .models import Activity, Category, Side
from .reveal import Key


@dataclass(frozen=True, slots=True)
class TermLink:
    name: str
    url: str


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
_cached: list[tuple[float, Catalogue]] = []


def catalogue() -> Catalogue:
    """From memory, or two queries: activities with their categories, and their published terms."""
    if _cached and time.monotonic() - _cached[0][0] < CATALOGUE_SECONDS:
        return _cached[0][1]
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
    result = Catalogue(
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
    _cached[:] = [(time.monotonic(), result)]
    return result


def _entry(activity: Activity) -> Entry:
    return Entry(
        id=activity.pk,
        slug=activity.slug,
        name=activity.name,
        description=activity.description,
        risk=activity.risk,
        risk_label=activity.get_risk_display(),
        sides=tuple(str(side) for side in activity.sides),
        give_text=activity.give_text,
        receive_text=activity.receive_text,
        terms=tuple(TermLink(term.name, term.get_absolute_url()) for term in activity.terms.all()),
        section_slug=activity.category.slug,
    )


def forget_catalogue(**kwargs) -> None:
    _cached.clear()
