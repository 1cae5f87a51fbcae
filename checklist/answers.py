"""A participant's answers against the catalogue: what a save writes, and the one count of progress that
the checklist page, a save and the export all report.

Reading them costs one query (the catalogue comes from memory); a save one or two more to write. Neither
grows with the number of activities or answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from .catalogue import Catalogue, Entry, Key, Section
from .models import Answer, Participant, Rating, Side
from .sections import hides, waits_to_be_shown

SIDE_CODES = {Side.SHARED: "s", Side.GIVE: "g", Side.RECEIVE: "r"}
CODE_SIDES = {code: side for side, code in SIDE_CODES.items()}


def field_name(activity_id: int, side: str) -> str:
    return f"r{activity_id}{SIDE_CODES[side]}"


def parse_field_name(name: str) -> Key | None:
    digits = name[1:-1]
    # isdigit() alone also passes "²" (which int() refuses) and other scripts' digits (which it reads).
    if (
        len(name) < 3
        or name[0] != "r"
        or name[-1] not in CODE_SIDES
        or not (digits.isascii() and digits.isdigit())
    ):
        return None
    return int(digits), CODE_SIDES[name[-1]]


@dataclass(slots=True)
class Item:
    """One thing to rate: a shared activity, or one side of a directional one."""

    activity: Entry
    side: str
    answer: str | None
    updated: datetime | None = None
    just_saved: bool = False
    review: bool = False  # a content change chose this answer cautiously; its owner should check it

    @property
    def name(self) -> str:
        return field_name(self.activity.id, self.side)

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


@dataclass(frozen=True, slots=True)
class Progress:
    """How many of a section's (or the whole checklist's) items are answered."""

    answered: int
    total: int

    @property
    def has_unanswered(self) -> bool:
        return self.answered < self.total


@dataclass(frozen=True, slots=True)
class SectionProgress(Progress):
    category: Section


class Answers:
    """A participant's answers as plain keys, counted against the catalogue: the one model of progress.

    A save needs no more (check a tap, write what changed, report progress); the page builds its items
    from it. Sections the participant chose to leave out count as neither answered nor to answer.
    """

    def __init__(self, participant: Participant, catalogue: Catalogue, with_times: bool = False) -> None:
        self.participant = participant
        self.catalogue = catalogue
        columns = ["activity_id", "side", "answer", "review"] + (["updated"] if with_times else [])
        rows = Rating.objects.filter(participant=participant).values_list(*columns)
        self.answers: dict[Key, str] = {}
        self.updated: dict[Key, datetime] = {}
        self.to_review: set[Key] = set()
        for activity_id, side, answer, review, *updated in rows:
            self.answers[(activity_id, side)] = answer
            if review:
                self.to_review.add((activity_id, side))
            if updated:
                self.updated[(activity_id, side)] = updated[0]
        self.shown: list[int] = []
        self.waiting: list[Section] = []
        for position, section in enumerate(catalogue.sections):
            has_answers = self._has_answers_in(position)
            if not hides(participant, section, has_answers):
                self.shown.append(position)
            elif waits_to_be_shown(participant, section, has_answers):
                self.waiting.append(section)

    def _has_answers_in(self, position: int) -> bool:
        section = self.catalogue.sections[position]
        return any((entry.id, side) in self.answers for entry in section.entries for side in entry.sides)

    def section_progress(self) -> dict[int, SectionProgress]:
        """Each shown section's progress, by its position in the catalogue."""
        answered = dict.fromkeys(self.shown, 0)
        for key in self.answers:
            placed = self.catalogue.placement.get(key)
            if placed is not None and placed[1] in answered:
                answered[placed[1]] += 1
        sections = self.catalogue.sections
        return {at: SectionProgress(answered[at], sections[at].size, sections[at]) for at in self.shown}

    @property
    def overall(self) -> Progress:
        counts = self.section_progress().values()
        return Progress(sum(c.answered for c in counts), sum(c.total for c in counts))

    @property
    def hidden_keys(self) -> set[Key]:
        """The keys of the sections left out: never part of a comparison."""
        shown = set(self.shown)
        return {key for key, (_, at) in self.catalogue.placement.items() if at not in shown}

    @property
    def next_unanswered(self) -> Item | None:
        shown = set(self.shown)
        for key in self.catalogue.order:
            if key not in self.answers and self.catalogue.placement[key][1] in shown:
                return self.item(key)
        return None

    def progress_of(self, items: list[Item]) -> list[SectionProgress]:
        """The progress of the sections these items belong to, in checklist order."""
        positions = {self.catalogue.placement[item.activity.id, item.side][1] for item in items}
        return [progress for at, progress in sorted(self.section_progress().items()) if at in positions]

    def save(self, changes: dict[Key, str | None]) -> list[Item]:
        """Writes what differs (one upsert, one delete at most); returns the changed items, marked saved."""
        changed = {
            key: answer
            for key, answer in changes.items()
            if self.answers.get(key) != answer or key in self.to_review  # saving it again confirms it
        }
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
                update_fields=["answer", "review", "updated"],
            )
        if to_clear:
            exactly = Q()
            for pk, side in to_clear:
                exactly |= Q(activity_id=pk, side=side)
            Rating.objects.filter(participant=self.participant).filter(exactly).delete()
        self.answers.update(to_store)
        for key in to_clear:
            del self.answers[key]
        self.to_review -= changed.keys()
        return [self.item(key, just_saved=True) for key in changed]

    def export_rows(self) -> list[dict]:
        """Every answer, in checklist order, for the participant's own download; answers in sections
        they left out too (they are theirs), marked so."""
        shown = set(self.shown)
        rows = []
        for key in self.catalogue.order:
            if key in self.answers:
                item, position = self.item(key), self.catalogue.placement[key][1]
                rows.append(
                    {
                        "activity": item.activity.name,
                        "category": self.catalogue.sections[position].name,
                        "side": item.side,
                        "wording": item.side_text,
                        "answer": item.answer,
                        "updated": item.updated.isoformat() if item.updated else "",
                        "category_left_out": "no" if position in shown else "yes",
                    }
                )
        return rows

    @property
    def left_out(self) -> list[str]:
        """The names of the sections this participant leaves out, in checklist order."""
        shown = set(self.shown)
        return [section.name for at, section in enumerate(self.catalogue.sections) if at not in shown]

    def item(self, key: Key, just_saved: bool = False) -> Item:
        entry = self.catalogue.placement[key][0]
        return Item(
            entry, key[1], self.answers.get(key), self.updated.get(key), just_saved, key in self.to_review
        )
