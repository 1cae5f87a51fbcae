"""The checklist page: each shown section with its rows of items, its progress, and the section chooser,
built from a participant's `Answers` (one query; the catalogue comes from memory)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .answers import Answers, Item, Progress
from .catalogue import Catalogue, Entry, Section
from .models import Participant


@dataclass
class ActivityRow:
    activity: Entry
    items: list[Item]

    @property
    def has_unanswered(self) -> bool:
        return any(not item.answer for item in self.items)


@dataclass
class SectionSheet:
    """One shown section of the page: its rows, and its progress from `Answers`."""

    category: Section
    progress: Progress
    answers: Answers = field(repr=False)

    @cached_property
    def rows(self) -> list[ActivityRow]:
        """Built when asked for: a page shows one section's rows, and the others' progress alone."""
        return [
            ActivityRow(entry, [self.answers.item((entry.id, side)) for side in entry.sides])
            for entry in self.category.entries
        ]

    @property
    def answered(self) -> int:
        return self.progress.answered

    @property
    def total(self) -> int:
        return self.progress.total

    @property
    def has_unanswered(self) -> bool:
        return self.progress.has_unanswered

    @property
    def items(self) -> list[Item]:
        return [item for row in self.rows for item in row.items]


@dataclass(frozen=True, slots=True)
class SectionChoice:
    """One line of the section chooser."""

    section: Section
    shown: bool


class Sheet:
    """The checklist page: every shown section with its items, progress, and the section chooser."""

    def __init__(self, answers: Answers) -> None:
        self.answers = answers
        self.categories: list[SectionSheet] = []
        self.waiting = answers.waiting
        shown = set(answers.shown)
        self.chooser = [
            SectionChoice(section, at in shown) for at, section in enumerate(answers.catalogue.sections)
        ]
        progress_by_section = answers.section_progress()
        for at, progress in progress_by_section.items():
            self.categories.append(SectionSheet(answers.catalogue.sections[at], progress, answers))
        self.progress = Progress(
            sum(progress.answered for progress in progress_by_section.values()),
            sum(progress.total for progress in progress_by_section.values()),
        )

    @property
    def items(self) -> list[Item]:
        return [item for state in self.categories for item in state.items]

    @property
    def next_unanswered(self) -> Item | None:
        return self.answers.next_unanswered

    def category(self, slug: str) -> SectionSheet | None:
        return next((state for state in self.categories if state.category.slug == slug), None)

    @property
    def resume_category(self) -> SectionSheet | None:
        """Where to pick up: the section of the first unanswered rating, or the first one."""
        waiting = self.next_unanswered
        if waiting is not None:
            return self.category(waiting.activity.section_slug)
        return self.categories[0] if self.categories else None


def build_sheet(participant: Participant, catalogue: Catalogue) -> Sheet:
    return Sheet(Answers(participant, catalogue))


@dataclass(frozen=True)
class BlankSection:
    """A section with nothing answered: what a sealed checklist's page shows before its browser fills in
    the answers only it can read."""

    category: Section
    rows: list[ActivityRow]


def blank_sheet(catalogue: Catalogue) -> list[BlankSection]:
    return [
        BlankSection(
            section,
            [
                ActivityRow(entry, [Item(entry, side, None) for side in entry.sides])
                for entry in section.entries
            ],
        )
        for section in catalogue.sections
    ]
