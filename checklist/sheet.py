"""A participant's checklist: the catalogue of activities, their answers, and progress.

Everything is built from two queries (the catalogue and the participant's ratings), so the
page and each save cost the same whatever the number of activities or answers.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from django.db.models import Prefetch, Q
from django.utils import timezone

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


# The catalogue is content: it changes when an admin edits it, not per request. Each process keeps
# it for a minute (edits in this process drop it at once; other processes follow within the minute).
CATALOGUE_SECONDS = 60
_catalogues: dict[bool, tuple[float, list]] = {}


def catalogue(with_terms: bool = True) -> list[tuple[Category, list[Activity]]]:
    """Categories with their activities, in order: from memory, or one query (two with glossary links)."""
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
        activity.side_keys = tuple(str(side) for side in activity.sides)  # plain strings: fast to look up
        grouped.setdefault(activity.category_id, (activity.category, []))[1].append(activity)
    result = list(grouped.values())
    _catalogues[with_terms] = (time.monotonic(), result)
    return result


def forget_catalogue(**kwargs) -> None:
    _catalogues.clear()


def answers_of(participant: Participant) -> dict[Key, tuple[str, datetime]]:
    rows = Rating.objects.filter(participant=participant).values_list(
        "activity_id", "side", "answer", "updated"
    )
    return {(activity_id, side): (answer, updated) for activity_id, side, answer, updated in rows}


NO_ANSWER = (None, None)


def build_sheet(participant: Participant, with_terms: bool = True) -> Sheet:
    answers = answers_of(participant)
    states = []
    for category, activities in catalogue(with_terms):
        state = CategoryState(category)
        for activity in activities:
            pk = activity.pk
            items = [Item(activity, side, *answers.get((pk, side), NO_ANSWER)) for side in activity.side_keys]
            state.rows.append(ActivityRow(activity, items))
        states.append(state)
    return Sheet(states)


def save_changes(participant: Participant, sheet: Sheet, changes: dict[Key, str | None]) -> list[Item]:
    """Writes what differs from the sheet (one upsert, one delete at most); returns the items that changed."""
    changed = [
        (sheet.item(key), answer) for key, answer in changes.items() if sheet.item(key).answer != answer
    ]
    to_store = [(item, answer) for item, answer in changed if answer]
    to_clear = [item for item, answer in changed if not answer]
    if to_store:
        Rating.objects.bulk_create(
            [
                Rating(participant=participant, activity_id=item.activity.pk, side=item.side, answer=answer)
                for item, answer in to_store
            ],
            update_conflicts=True,
            unique_fields=["participant", "activity", "side"],
            update_fields=["answer", "updated"],
        )
    if to_clear:
        exactly = Q()
        for item in to_clear:
            exactly |= Q(activity_id=item.activity.pk, side=item.side)
        Rating.objects.filter(participant=participant).filter(exactly).delete()
    now = timezone.now()
    for item, answer in changed:
        item.answer, item.updated, item.just_saved = answer, now, True
    return [item for item, _ in changed]
