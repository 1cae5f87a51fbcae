"""The shipped activities, and the loader that never overwrites an admin's edits."""

from __future__ import annotations

import json
import re

import pytest
from django.conf import settings

from checklist.content import load_activities, read_category_files
from checklist.models import Activity, Category, Rating
from glossary.content import load_terms, read_term_files
from kinklist.content import ContentError
from tests.helpers import field

CHECKLIST = settings.CONTENT_DIR / "checklist"


@pytest.fixture(scope="module")
def categories() -> list[dict]:
    return read_category_files(CHECKLIST)


def activities_in(categories) -> list[dict]:
    return [activity for category in categories for activity in category["activities"]]


def test_there_are_at_least_300_activities_in_14_to_18_categories(categories):
    assert 14 <= len(categories) <= 18
    assert len(activities_in(categories)) >= 300
    assert all(category["name"] and category["intro"] for category in categories)


def test_only_the_intense_categories_start_hidden(categories):
    hidden = {category["slug"] for category in categories if category.get("starts_hidden")}

    assert hidden == {"more-than-two", "edge-play"}
    assert [category["slug"] for category in categories][-2:] == ["more-than-two", "edge-play"]


def test_every_activity_is_complete_and_honest_about_direction(categories):
    slugs = [activity["slug"] for activity in activities_in(categories)]
    assert len(slugs) == len(set(slugs))
    for activity in activities_in(categories):
        assert activity["name"] and activity["description"], activity["slug"]
        assert len(activity["description"]) <= 160, activity["slug"]
        assert activity["risk"] in {"low", "medium", "high"}, activity["slug"]
        if activity["kind"] == "directional":
            assert activity["give"] != activity["receive"], activity["slug"]
        else:
            assert activity["kind"] == "shared", activity["slug"]
            assert "give" not in activity and "receive" not in activity, activity["slug"]
    directional = [a for a in activities_in(categories) if a["kind"] == "directional"]
    assert len(directional) > len(activities_in(categories)) / 2


def comparable(name: str) -> str:
    """A name without case, punctuation or a plural "s": names equal here only look different."""
    words = re.sub(r"[^a-z0-9 ]+", " ", name.lower()).split()
    return " ".join(word.removesuffix("s") for word in words)


def test_no_two_activities_share_a_name_up_to_case_punctuation_or_plural(categories):
    seen: dict[str, str] = {}
    for activity in activities_in(categories):
        key = comparable(activity["name"])
        assert key not in seen, (activity["slug"], seen.get(key))
        seen[key] = activity["slug"]


def test_comparable_names_catch_the_near_duplicates_they_are_for():
    assert comparable("Butt plugs") == comparable("butt-plug") == comparable("Butt plug!")
    assert comparable("Rope bondage") != comparable("Rope suspension")


def published_terms() -> set[str]:
    return {
        term["slug"]
        for term in read_term_files(settings.CONTENT_DIR / "glossary")
        if term["status"] == "published"
    }


def test_every_activity_links_to_published_glossary_terms(categories):
    published = published_terms()
    for activity in activities_in(categories):
        assert 1 <= len(activity["terms"]) <= 4, activity["slug"]
        assert set(activity["terms"]) <= published, activity["slug"]


def test_every_published_term_is_linked_from_an_activity(categories):
    linked = {slug for activity in activities_in(categories) for slug in activity["terms"]}

    assert published_terms() - linked == set()


def test_the_most_dangerous_activities_say_so(categories):
    by_slug = {activity["slug"]: activity for activity in activities_in(categories)}
    edge_play = {"breath-play", "knife-play", "needle-play", "fire-play"}
    breath = [a for a in activities_in(categories) if "breath-play" in a["terms"]]

    assert len(breath) >= 2 and all("no safe way" in a["description"].lower() for a in breath)
    assert all(a["risk"] == "high" for a in activities_in(categories) if edge_play & set(a["terms"]))
    assert by_slug["cane"]["risk"] == "high" and "edge-play" not in by_slug["cane"]["terms"]


def test_nothing_speaks_of_anything_but_itself(categories):
    text = json.dumps(categories).lower()
    for phrase in ("http", "/work/", " ai ", "chatgpt"):
        assert phrase not in text, phrase


@pytest.mark.django_db
def test_the_shipped_activities_load_twice_without_changes():
    load_terms(settings.CONTENT_DIR / "glossary")
    _, first = load_activities(CHECKLIST)
    _, second = load_activities(CHECKLIST)

    assert len(first.added) == Activity.objects.count() >= 300
    assert second.added == second.updated == []
    assert Activity.objects.get(slug="spanking-hand").terms.exists()


def write_category(folder, name="01-talk", **activity):
    entry = {
        "slug": name.split("-", 1)[1],
        "name": "Talk",
        "intro": "Talking.",
        "activities": [
            {
                "slug": "kissing",
                "name": "Kissing",
                "description": "Kiss.",
                "risk": "low",
                "kind": "shared",
                "terms": [],
            }
            | activity
        ],
    }
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps(entry), encoding="utf-8")
    return folder


@pytest.mark.django_db
def test_it_never_overwrites_an_activity_edited_in_the_admin(tmp_path, staff_client):
    folder = write_category(tmp_path / "checklist")
    load_activities(folder)
    kissing = Activity.objects.get(slug="kissing")
    form = {
        "name": "Kissing (edited)",
        "slug": "kissing",
        "category": kissing.category_id,
        "order": 0,
        "description": "Edited by our editor.",
        "risk": "low",
        "kind": "shared",
        "give_text": "",
        "receive_text": "",
        "terms": [],
        "translations-TOTAL_FORMS": "0",
        "translations-INITIAL_FORMS": "0",
    }
    response = staff_client.post(f"/admin/checklist/activity/{kissing.pk}/change/", form)
    assert response.status_code == 302
    write_category(folder, description="Changed in the files.")

    _, report = load_activities(folder)

    assert report.kept == ["kissing"]
    kissing.refresh_from_db()
    assert (kissing.name, kissing.description, kissing.edited_here) == (
        "Kissing (edited)",
        "Edited by our editor.",
        True,
    )


@pytest.mark.django_db
def test_it_updates_activities_nobody_edited(tmp_path):
    folder = write_category(tmp_path / "checklist")
    load_activities(folder)
    write_category(folder, description="New words.")

    _, report = load_activities(folder)

    assert report.updated == ["kissing"]
    assert Activity.objects.get().description == "New words."
    assert Category.objects.get().order == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("activity", "message"),
    [
        ({"kind": "directional"}, "give and receive"),
        ({"give": "I'd like to", "receive": "I'd like my"}, "give and receive"),
        ({"risk": "extreme"}, "risk must be"),
        ({"terms": ["no-such-term"]}, "unknown glossary terms"),
    ],
)
def test_it_refuses_inconsistent_activities(tmp_path, activity, message):
    folder = write_category(tmp_path / "checklist", **activity)

    with pytest.raises(ContentError, match=message):
        load_activities(folder)
    assert Activity.objects.count() == 0


@pytest.mark.django_db
def test_the_admin_offers_no_way_to_see_anyones_answers(staff_client):
    html = staff_client.get("/admin/").content.decode()

    assert "/admin/checklist/activity/" in html
    for hidden in ("/admin/checklist/rating/", "/admin/checklist/participant/"):
        assert hidden not in html
        assert staff_client.get(hidden).status_code == 404


@pytest.mark.django_db
def test_changing_the_kind_in_the_admin_converts_answers_and_says_so(tmp_path, staff_client, person):
    load_activities(write_category(tmp_path / "checklist"))
    kissing = Activity.objects.get(slug="kissing")
    alice = person()
    alice.post("/checklist/", {field(kissing): "yes"})
    change = f"/admin/checklist/activity/{kissing.pk}/change/"

    assert "never into a Yes they did not give" in staff_client.get(change).content.decode()
    form = {
        "name": "Kissing",
        "slug": "kissing",
        "category": kissing.category_id,
        "order": 0,
        "description": "Kiss.",
        "risk": "low",
        "kind": "directional",
        "give_text": "I'd like to kiss my partner",
        "receive_text": "I'd like my partner to kiss me",
        "terms": [],
        "translations-TOTAL_FORMS": "0",
        "translations-INITIAL_FORMS": "0",
    }
    assert staff_client.post(change, form).status_code == 302

    assert sorted(Rating.objects.values_list("side", "answer", "review")) == [
        ("give", "maybe", True),
        ("receive", "maybe", True),
    ]
    kissing.refresh_from_db()
    assert (kissing.kind, kissing.give_text) == ("directional", "I'd like to kiss my partner")
