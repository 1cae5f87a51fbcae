"""Content operations that touch answers: a merge, a retirement, a change of kind.

None of them may invent a Yes, and a comparison revealed before them reads exactly the same after.
"""

from __future__ import annotations

import json

import pytest

from checklist import operations
from checklist.content import load_activities
from checklist.models import Activity, Rating, Snapshot
from kinklist.content import ContentError
from tests.helpers import answer, both_ready, field, matched_names

pytestmark = pytest.mark.django_db


def ratings() -> list[tuple[str, str, str, bool]]:
    return sorted(Rating.objects.values_list("activity__slug", "side", "answer", "review"))


def spanking_of(client) -> list[tuple[str, str, bool]]:
    return [(side, given, review) for slug, side, given, review in ratings() if slug == "spanking"]


def test_a_merge_keeps_a_yes_only_where_every_merged_activity_was_yes(alice, catalogue):
    answer(alice, catalogue, spanking__give="yes", paddling__give="yes", spanking__receive="yes")

    operations.merge(catalogue["spanking"], [catalogue["paddling"]])

    assert spanking_of(alice) == [
        ("give", "yes", False),  # Yes to both: a Yes, nothing to review
        ("receive", "maybe", True),  # paddling was never answered: no Yes was given to it
    ]


@pytest.mark.parametrize("other", ["maybe", "no"])
def test_a_merge_never_turns_a_maybe_or_a_no_into_a_yes(alice, catalogue, other):
    answer(alice, catalogue, spanking__give="yes", paddling__give=other)

    operations.merge(catalogue["spanking"], [catalogue["paddling"]])

    assert spanking_of(alice) == [("give", other, True)]


def test_a_merged_activity_is_retired_never_shown_rated_or_compared_again(alice, bob, paired, catalogue):
    answer(alice, catalogue, paddling__give="yes")
    answer(bob, catalogue, paddling__receive="yes")

    operations.merge(catalogue["spanking"], [catalogue["paddling"]])

    assert Activity.objects.get(slug="paddling").retired is not None
    page = alice.get("/checklist/?category=impact").content.decode()
    assert "Spanking" in page and "Paddling" not in page
    response = alice.post("/checklist/", {field(catalogue["paddling"], "give"): "no"})
    assert response.status_code == 400
    both_ready(paired, alice, bob)
    assert matched_names(alice, paired) == []  # a Yes to paddling was never a Yes to spanking
    assert all([catalogue["paddling"].pk, "give"] not in snapshot.yes for snapshot in Snapshot.objects.all())


def test_a_revealed_comparison_keeps_exactly_its_matches_after_a_merge(alice, bob, paired, catalogue):
    answer(alice, catalogue, kissing="yes", paddling__give="yes")
    answer(bob, catalogue, kissing="yes", paddling__receive="yes")
    both_ready(paired, alice, bob)
    before = matched_names(bob, paired)

    operations.merge(catalogue["spanking"], [catalogue["paddling"]])

    assert before == ["Kissing", "Paddling"]
    assert matched_names(alice, paired) == matched_names(bob, paired) == before


def test_a_retired_activity_keeps_its_answers_but_leaves_the_checklist(alice, catalogue):
    answer(alice, catalogue, kissing="maybe")

    operations.retire(catalogue["kissing"])
    operations.retire(catalogue["kissing"])

    assert ratings() == [("kissing", "shared", "maybe", False)]
    page = alice.get("/checklist/?category=talk").content.decode()
    assert "Negotiation talk" in page and "Kissing" not in page


def test_directional_to_shared_keeps_the_most_cautious_side_for_review(alice, catalogue):
    answer(alice, catalogue, spanking__give="yes", spanking__receive="no", kissing="yes")

    operations.change_kind(catalogue["spanking"], "shared")

    assert ratings() == [("kissing", "shared", "yes", False), ("spanking", "shared", "no", True)]


def test_directional_to_shared_with_one_side_unanswered_is_no_yes(alice, catalogue):
    answer(alice, catalogue, spanking__give="yes")

    operations.change_kind(catalogue["spanking"], "shared")

    assert ratings() == [("spanking", "shared", "maybe", True)]


def test_a_shared_yes_becomes_a_maybe_on_both_sides_when_an_activity_gets_a_direction(alice, catalogue):
    answer(alice, catalogue, kissing="yes")

    operations.change_kind(
        catalogue["kissing"], "directional", "I'd like to kiss my partner", "I'd like my partner to kiss me"
    )

    assert ratings() == [("kissing", "give", "maybe", True), ("kissing", "receive", "maybe", True)]


def test_an_answer_to_review_is_shown_so_and_saving_it_confirms_it(alice, catalogue):
    answer(alice, catalogue, spanking__give="yes", paddling__give="maybe")
    operations.merge(catalogue["spanking"], [catalogue["paddling"]])

    assert "please check it" in alice.get("/checklist/?category=impact").content.decode().lower()
    answer(alice, catalogue, spanking__give="maybe")

    assert spanking_of(alice) == [("give", "maybe", False)]
    assert "please check it" not in alice.get("/checklist/?category=impact").content.decode().lower()


def write_content(folder, operations_listed: dict | None, *slugs: str) -> None:
    folder.mkdir(exist_ok=True)
    activities = [
        {
            "slug": slug,
            "name": slug.capitalize(),
            "description": f"About {slug}.",
            "risk": "low",
            "kind": "directional",
            "give": f"I'd like to {slug} my partner",
            "receive": f"I'd like my partner to {slug} me",
            "terms": [],
        }
        for slug in slugs
    ]
    category = {"slug": "impact", "name": "Impact", "intro": "Impact.", "activities": activities}
    (folder / "01-impact.json").write_text(json.dumps(category), encoding="utf-8")
    if operations_listed is not None:
        (folder / "operations.json").write_text(json.dumps(operations_listed), encoding="utf-8")


def test_load_content_applies_a_listed_merge_once(tmp_path, person):
    folder = tmp_path / "checklist"
    write_content(folder, None, "spank", "paddle")
    load_activities(folder)
    alice = person()
    paddle, spank = Activity.objects.get(slug="paddle"), Activity.objects.get(slug="spank")
    alice.post("/checklist/", {field(spank, "give"): "yes", field(paddle, "give"): "yes"})
    merge = {"merges": [{"into": "spank", "replaces": ["paddle"], "why": "One item for both."}]}
    write_content(folder, merge, "spank")

    load_activities(folder)
    load_activities(folder)

    assert ratings() == [("paddle", "give", "yes", False), ("spank", "give", "yes", False)]
    assert Activity.objects.get(slug="paddle").retired is not None


def test_load_content_refuses_a_kind_change_that_is_not_listed(tmp_path):
    folder = tmp_path / "checklist"
    write_content(folder, None, "spank")
    load_activities(folder)
    category = json.loads((folder / "01-impact.json").read_text())
    item = category["activities"][0]
    item["kind"] = "shared"
    del item["give"], item["receive"]
    (folder / "01-impact.json").write_text(json.dumps(category), encoding="utf-8")

    with pytest.raises(ContentError, match="list it under kind_changes"):
        load_activities(folder)
    assert Activity.objects.get(slug="spank").kind == "directional"


def test_load_content_refuses_to_list_a_merged_activity_again(tmp_path):
    folder = tmp_path / "checklist"
    merge = {"merges": [{"into": "spank", "replaces": ["paddle"], "why": "One item for both."}]}
    write_content(folder, merge, "spank", "paddle")

    with pytest.raises(ContentError, match="merged or retired"):
        load_activities(folder)
