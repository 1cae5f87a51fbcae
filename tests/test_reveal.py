"""The privacy rule itself, proved over random answer sets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from checklist.reveal import Direction, Match, reveal, saturation

SHARED_IDS = range(1, 8)
DIRECTIONAL_IDS = range(8, 16)

shared_keys = st.sampled_from(SHARED_IDS).map(lambda activity: (activity, "shared"))
directional_keys = st.tuples(st.sampled_from(DIRECTIONAL_IDS), st.sampled_from(["give", "receive"]))
yes_sets = st.sets(st.one_of(shared_keys, directional_keys), max_size=30)


def specified(a_yes: set, b_yes: set) -> set[Match]:
    """The rule as the product states it, written out case by case."""
    expected = set()
    for activity in SHARED_IDS:
        if (activity, "shared") in a_yes and (activity, "shared") in b_yes:
            expected.add(Match(activity, Direction.TOGETHER))
    for activity in DIRECTIONAL_IDS:
        if (activity, "give") in a_yes and (activity, "receive") in b_yes:
            expected.add(Match(activity, Direction.A_TO_B))
        if (activity, "give") in b_yes and (activity, "receive") in a_yes:
            expected.add(Match(activity, Direction.B_TO_A))
    return expected


def mirrored(matches: set[Match]) -> set[Match]:
    swap = {Direction.A_TO_B: Direction.B_TO_A, Direction.B_TO_A: Direction.A_TO_B}
    return {Match(match.activity_id, swap.get(match.direction, match.direction)) for match in matches}


@given(yes_sets, yes_sets)
def test_the_reveal_is_exactly_the_specified_set(a_yes, b_yes):
    assert reveal(a_yes, b_yes) == specified(a_yes, b_yes)


@given(yes_sets, yes_sets)
def test_both_partners_see_the_same_matches(a_yes, b_yes):
    assert reveal(b_yes, a_yes) == mirrored(reveal(a_yes, b_yes))


@given(yes_sets, yes_sets)
def test_a_match_needs_a_yes_from_each_partner(a_yes, b_yes):
    for match in reveal(a_yes, b_yes):
        if match.direction == Direction.TOGETHER:
            assert (match.activity_id, "shared") in a_yes & b_yes
        elif match.direction == Direction.A_TO_B:
            assert (match.activity_id, "give") in a_yes and (match.activity_id, "receive") in b_yes
        else:
            assert (match.activity_id, "receive") in a_yes and (match.activity_id, "give") in b_yes


@given(yes_sets, yes_sets, yes_sets)
def test_fewer_yes_answers_never_reveal_more(a_yes, b_yes, withdrawn):
    assert reveal(a_yes - withdrawn, b_yes) <= reveal(a_yes, b_yes)
    assert reveal(a_yes, b_yes - withdrawn) <= reveal(a_yes, b_yes)


@given(yes_sets)
def test_a_one_sided_yes_reveals_nothing(a_yes):
    assert reveal(a_yes, set()) == set()
    assert reveal(set(), a_yes) == set()


def test_both_directions_can_hold_at_once():
    a_yes = {(9, "give"), (9, "receive")}
    b_yes = {(9, "give"), (9, "receive")}

    assert reveal(a_yes, b_yes) == {Match(9, Direction.A_TO_B), Match(9, Direction.B_TO_A)}


def test_the_same_side_on_both_does_not_match():
    assert reveal({(9, "give")}, {(9, "give")}) == set()
    assert reveal({(9, "receive")}, {(9, "receive")}) == set()


@given(yes_sets)
def test_saturation_is_the_largest_share_of_either_half_or_the_whole_list_the_yes_answers_cover(yes):
    shared, directional = len(SHARED_IDS), len(DIRECTIONAL_IDS)
    give = {key for key in yes if key[1] in ("shared", "give")}
    receive = {key for key in yes if key[1] in ("shared", "receive")}
    halves = max(len(give), len(receive)) / (shared + directional)
    whole = len(give | receive) / (shared + 2 * directional)
    assert saturation(yes, shared, directional) == max(halves, whole)


def test_yes_to_every_shared_and_receive_side_is_full_saturation():
    # It would match every Yes the other partner could give in that direction: the split-direction probe.
    yes = {(activity, "shared") for activity in SHARED_IDS} | {
        (activity, "receive") for activity in DIRECTIONAL_IDS
    }

    assert saturation(yes, len(SHARED_IDS), len(DIRECTIONAL_IDS)) == 1.0
    assert saturation(set(), 0, 0) == 0.0
    assert saturation({(1, "shared")}, len(SHARED_IDS), len(DIRECTIONAL_IDS)) < 0.9


def test_yes_to_both_sides_of_everything_directional_and_half_the_shared_warns():
    # As in the real checklist: 31 shared and 124 directional activities. Each half is 139 of 155
    # (0.897), under the threshold, but 263 of the 279 ratings (0.94) say Yes.
    yes = {(activity, "shared") for activity in range(15)} | {
        (activity, side) for activity in range(100, 224) for side in ("give", "receive")
    }

    assert saturation(yes, 31, 124) == 263 / 279 > 0.9
