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
COUNTERPART = {SHARED: SHARED, GIVE: RECEIVE, RECEIVE: GIVE}


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


def is_saturated(yes_count: int, checklist_size: int, threshold: float) -> bool:
    """Whether one partner said Yes to nearly everything on the checklist (the saturation guard).

    Such a partner's Yes answers would reveal nearly every Yes of the other. The measure depends on
    the saturating partner's answers alone, so the other cannot use it to probe them.
    """
    return checklist_size > 0 and yes_count >= threshold * checklist_size
