"""A participant's checklist: the catalogue of activities, their answers, and progress.

The catalogue comes from memory. A page adds one query for the participant's ratings (the sheet);
a save one to read their answers and one to write (the tally). Both cost the same whatever the number
of activities or answers.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from django.db.models import Prefetch, Q

from glossary.models import Term

from .models import Activity, Answer, Category, Participant, Rating, Side

SIDE_CODES = {Side.SHARED: "s", Side.GIVE: "g", Side.RECEIVE: "r"}
CODE_SIDES = {code: side for side, code in SIDE_CODES.items()}

Key = tuple[int, str]  # (activity id, side)


def field_name(activity_id: int, side: str) -> str:
    return f"r{activity_id}{SIDE_CODES[side]}"


def parse_field_name(name: str) -> Key | None:
    if len(name) < 3 or name[0] != "r" or name[-1] not in CODE_SIDES or not name[1:-1].isdigit():
        return None
    return int(name[1:-1]), CODE_SIDES[name[-1]]


@dataclass(slots=True)
class Item:
    """One thing to rate: a shared activity, or one side of a directional one."""

    activity: Activity
    side: str
    answer: str | None
    updated: datetime | None = None
    just_saved: bool = False

    @property
    def name(self) -> str:
        return field_name(self.activity.pk, self.side)

    @property
    def side_text(self) -> str:
        return self.activity.side_text(self.side)

    @property
    def choices(self) -> list[tuple[str, str]]:
        return Answer.choices

    @property
    def answer_label(self) -> str:
        return Answer(self.answer).label if self.answer else ""

    @property
    def legend(self) -> str:
        if self.side == Side.SHARED:
            return self.activity.name
        return f"{self.activity.name} — {self.side_text}"


@dataclass
class ActivityRow:
    activity: Activity
    items: list[Item]

    @property
    def has_unanswered(self) -> bool:
        return any(not item.answer for item in self.items)


class Progress:
    """How far along a list of items is; for one category and for the whole sheet."""

    items: list[Item]

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def answered(self) -> int:
        return sum(1 for item in self.items if item.answer)

    @property
    def has_unanswered(self) -> bool:
        return self.answered < self.total


@dataclass
class CategoryState(Progress):
    category: Category
    rows: list[ActivityRow] = field(default_factory=list)

    @cached_property
    def items(self) -> list[Item]:
        """Read once the rows are complete (build_sheet); an item's answer may change, the list not."""
        return [item for row in self.rows for item in row.items]


@dataclass
class Sheet(Progress):
    categories: list[CategoryState]

    @cached_property
    def items(self) -> list[Item]:
        return [item for state in self.categories for item in state.items]

    @property
    def next_unanswered(self) -> Item | None:
        return next((item for item in self.items if not item.answer), None)

    def item(self, key: Key) -> Item | None:
        return self._index.get(key)

    def category(self, slug: str) -> CategoryState | None:
        return next((state for state in self.categories if state.category.slug == slug), None)

    @property
    def resume_category(self) -> CategoryState:
        """Where to pick up: the category of the first unanswered rating, or the first one."""
        waiting = self.next_unanswered
        return self.category(waiting.activity.category.slug) if waiting else self.categories[0]

    def __post_init__(self) -> None:
        self._index = {(item.activity.pk, item.side): item for item in self.items}


@dataclass(slots=True)
class Catalogue:
    """The activities in checklist order, grouped by category, with every rateable key indexed."""

    categories: list[tuple[Category, list[Activity]]]
    placement: dict[Key, tuple[Activity, int]] = field(default_factory=dict)  # key: (activity, category)
    order: list[Key] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        for position, (_, activities) in enumerate(self.categories):
            self.totals.append(0)
            for activity in activities:
                activity.side_keys = tuple(
                    str(side) for side in activity.sides
                )  # plain strings: fast to look up
                for side in activity.side_keys:
                    self.placement[(activity.pk, side)] = (activity, position)
                    self.order.append((activity.pk, side))
                    self.totals[position] += 1

    def category(self, slug: str) -> Category | None:
        return next((category for category, _ in self.categories if category.slug == slug), None)


# The catalogue is content: it changes when an admin edits it, not per request. Each process keeps
# it for a minute (edits in this process drop it at once; other processes follow within the minute).
CATALOGUE_SECONDS = 60
_catalogues: dict[bool, tuple[float, Catalogue]] = {}


def catalogue(with_terms: bool = True) -> Catalogue:
    """From memory, or one query (two with glossary links)."""
    cached = _catalogues.get(with_terms)
    if cached is not None and time.monotonic() - cached[0] < CATALOGUE_SECONDS:
        return cached[1]
    activities = Activity.objects.select_related("category").order_by(
        "category__order", "category__name", "order", "name", "pk"
    )
    if with_terms:
        published = Term.objects.published().only("name", "slug")
        activities = activities.prefetch_related(Prefetch("terms", queryset=published))
    grouped: dict[int, tuple[Category, list[Activity]]] = {}
    for activity in activities:
        grouped.setdefault(activity.category_id, (activity.category, []))[1].append(activity)
    result = Catalogue(list(grouped.values()))
    _catalogues[with_terms] = (time.monotonic(), result)
    return result


def forget_catalogue(**kwargs) -> None:
    _catalogues.clear()


NO_ANSWER = (None, None)


def build_sheet(participant: Participant, with_terms: bool = True) -> Sheet:
    rows = Rating.objects.filter(participant=participant).values_list(
        "activity_id", "side", "answer", "updated"
    )
    answers = {(activity_id, side): (answer, updated) for activity_id, side, answer, updated in rows}
    states = []
    for category, activities in catalogue(with_terms).categories:
        state = CategoryState(category)
        for activity in activities:
            pk = activity.pk
            items = [Item(activity, side, *answers.get((pk, side), NO_ANSWER)) for side in activity.side_keys]
            state.rows.append(ActivityRow(activity, items))
        states.append(state)
    return Sheet(states)


@dataclass(slots=True)
class CategoryCount:
    category: Category
    answered: int
    total: int


class Tally:
    """A participant's answers as plain keys, counted against the catalogue.

    All a save needs (check a tap, write what changed, report progress) without building the sheet,
    whose items and timestamps only the pages show.
    """

    def __init__(self, participant: Participant, catalogue: Catalogue) -> None:
        self.participant = participant
        self.catalogue = catalogue
        rows = Rating.objects.filter(participant=participant).values_list("activity_id", "side", "answer")
        self.answers: dict[Key, str] = {(activity_id, side): answer for activity_id, side, answer in rows}

    @property
    def total(self) -> int:
        return len(self.catalogue.order)

    @property
    def answered(self) -> int:
        return sum(1 for key in self.answers if key in self.catalogue.placement)

    @property
    def next_unanswered(self) -> Item | None:
        key = next((key for key in self.catalogue.order if key not in self.answers), None)
        return self._item(key) if key else None

    def categories_of(self, items: list[Item]) -> list[CategoryCount]:
        """The progress of the categories these items belong to, in checklist order."""
        positions = sorted({self.catalogue.placement[item.activity.pk, item.side][1] for item in items})
        answered = dict.fromkeys(positions, 0)
        for key in self.answers:
            placed = self.catalogue.placement.get(key)
            if placed is not None and placed[1] in answered:
                answered[placed[1]] += 1
        return [
            CategoryCount(self.catalogue.categories[at][0], answered[at], self.catalogue.totals[at])
            for at in positions
        ]

    def save(self, changes: dict[Key, str | None]) -> list[Item]:
        """Writes what differs (one upsert, one delete at most); returns the changed items, marked saved."""
        changed = {key: answer for key, answer in changes.items() if self.answers.get(key) != answer}
        to_store = {key: answer for key, answer in changed.items() if answer}
        to_clear = [key for key, answer in changed.items() if not answer]
        if to_store:
            Rating.objects.bulk_create(
                [
                    Rating(participant=self.participant, activity_id=pk, side=side, answer=answer)
                    for (pk, side), answer in to_store.items()
                ],
                update_conflicts=True,
                unique_fields=["participant", "activity", "side"],
                update_fields=["answer", "updated"],
            )
        if to_clear:
            exactly = Q()
            for pk, side in to_clear:
                exactly |= Q(activity_id=pk, side=side)
            Rating.objects.filter(participant=self.participant).filter(exactly).delete()
        self.answers.update(to_store)
        for key in to_clear:
            del self.answers[key]
        return [self._item(key, just_saved=True) for key in changed]

    def _item(self, key: Key, just_saved: bool = False) -> Item:
        activity = self.catalogue.placement[key][0]
        return Item(activity, key[1], self.answers.get(key), just_saved=just_saved)
