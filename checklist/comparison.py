"""A revealed round as one partner sees it: the matches from `reveal()`, grouped for the page and exports."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404

from .models import Activity, Category, Pairing, Participant, Round, Side, Snapshot
from .pairing import direction_for, matches_of
from .reveal import Match
from .sheet import catalogue

DIRECTION_LABELS = {"together": "Together", "you": "You → your partner", "partner": "Your partner → you"}


@dataclass
class MatchRow:
    activity: Activity
    direction: str  # "together", "you" or "partner", from the viewer's side
    is_new: bool

    @property
    def direction_label(self) -> str:
        return DIRECTION_LABELS[self.direction]

    @property
    def your_wording(self) -> str:
        return self.activity.side_text({"you": Side.GIVE, "partner": Side.RECEIVE}.get(self.direction, ""))

    @property
    def partner_wording(self) -> str:
        return self.activity.side_text({"you": Side.RECEIVE, "partner": Side.GIVE}.get(self.direction, ""))


@dataclass
class CategoryMatches:
    category: Category
    rows: list[MatchRow] = field(default_factory=list)


@dataclass
class Comparison:
    round: Round
    categories: list[CategoryMatches]
    previous: Round | None

    @property
    def rows(self) -> list[MatchRow]:
        return [row for group in self.categories for row in group.rows]

    @property
    def new_count(self) -> int:
        return sum(1 for row in self.rows if row.is_new)


def comparison(pairing: Pairing, rounds: list[Round], number: int, viewer: Participant) -> Comparison:
    """Round `number` of the pairing (404 unless revealed) as `viewer` sees it, marking what is new
    since the previous revealed round."""
    revealed = [current for current in rounds if current.revealed is not None]
    current = next((each for each in revealed if each.number == number), None)
    if current is None:
        raise Http404
    earlier = [each for each in revealed if each.number < number]
    previous = earlier[-1] if earlier else None
    wanted = [current.pk] + ([previous.pk] if previous else [])
    snapshots = list(Snapshot.objects.filter(round_id__in=wanted))
    matches = matches_of(current, [s for s in snapshots if s.round_id == current.pk])
    before: set[Match] = (
        matches_of(previous, [s for s in snapshots if s.round_id == previous.pk]) if previous else set()
    )
    by_activity = {match.activity_id: [] for match in matches}
    for match in sorted(matches):
        by_activity[match.activity_id].append(match)
    groups = []
    for category, activities in catalogue().categories:
        group = CategoryMatches(category)
        for activity in activities:
            for match in by_activity.get(activity.pk, []):
                direction = direction_for(match, pairing, viewer)
                group.rows.append(MatchRow(activity, direction, previous is not None and match not in before))
        if group.rows:
            groups.append(group)
    return Comparison(current, groups, previous)
