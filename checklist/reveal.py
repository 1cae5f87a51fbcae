"""The privacy rule, as pure functions with no database access.

Every page, fragment and export that shows a partner anything about a comparison gets it from
`reveal()`: a match exists only where both partners said Yes, crosswise for directional
activities. Nothing else about either partner's answers ever leaves this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

Key = tuple[int, str]  # (activity id, "shared" | "give" | "receive")

SHARED, GIVE, RECEIVE = "shared", "give", "receive"


class Direction(StrEnum):
    TOGETHER = "together"  # a shared activity both said Yes to
    A_TO_B = "a_to_b"  # A would like to give, B would like to receive
    B_TO_A = "b_to_a"


@dataclass(frozen=True, order=True)
class Match:
    activity_id: int
    direction: Direction


def reveal(a_yes: set[Key], b_yes: set[Key]) -> set[Match]:
    """The matches of two Yes sets; the same set whichever partner asks (A and B are only labels)."""
    matches = set()
    for activity_id, side in a_yes:
        if side == SHARED and (activity_id, SHARED) in b_yes:
            matches.add(Match(activity_id, Direction.TOGETHER))
        elif side == GIVE and (activity_id, RECEIVE) in b_yes:
            matches.add(Match(activity_id, Direction.A_TO_B))
        elif side == RECEIVE and (activity_id, GIVE) in b_yes:
            matches.add(Match(activity_id, Direction.B_TO_A))
    return matches


def saturation(yes: set[Key], shared_count: int, directional_count: int) -> float:
    """How much of the checklist one partner's Yes answers cover, as the other partner would feel it.

    Directional answers match crosswise, so Yes to every shared activity plus every "receive" side
    already matches every Yes the other could give, in that direction: each half of the checklist
    (shared + give, shared + receive) is measured against its own size. Yes to both sides of every
    directional activity and to some shared ones covers most of the whole list while neither half
    looks full, so the whole list is measured too. The larger share counts. It depends on this
    partner's answers alone, so the other partner cannot use it to probe them.
    """
    half = shared_count + directional_count
    if half == 0:
        return 0.0
    shared = sum(1 for _, side in yes if side == SHARED)
    give = sum(1 for _, side in yes if side == GIVE)
    receive = sum(1 for _, side in yes if side == RECEIVE)
    halves = max(shared + give, shared + receive) / half
    whole = (shared + give + receive) / (half + directional_count)
    return max(halves, whole)


def by_activity(matches: set[Match]) -> dict[int, frozenset[Direction]]:
    """The matched directions of each activity: what one card of a comparison shows."""
    found: dict[int, set[Direction]] = {}
    for match in matches:
        found.setdefault(match.activity_id, set()).add(match.direction)
    return {activity_id: frozenset(directions) for activity_id, directions in found.items()}


def new_activities(matches: set[Match], before: set[Match]) -> set[int]:
    """Activities with a match that was not there before: new ones, and ones matched in a new direction."""
    return {match.activity_id for match in matches - before}
