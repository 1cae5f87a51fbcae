"""The shipped activities, and the loader that never overwrites an admin's edits."""

from __future__ import annotations

import json

import pytest
from django.conf import settings

from checklist.content import load_activities, read_category_files
from checklist.models import Activity, Category
from glossary.content import load_terms, read_term_files
from kinklist.content import ContentError

CHECKLIST = settings.CONTENT_DIR / "checklist"


@pytest.fixture(scope="module")
def categories() -> list[dict]:
    return read_category_files(CHECKLIST)


def activities_in(categories) -> list[dict]:
    return [activity for category in categories for activity in category["activities"]]


def test_there_are_at_least_150_activities_in_10_to_14_categories(categories):
    assert 10 <= len(categories) <= 14
    assert len(activities_in(categories)) >= 150
    assert all(category["name"] and category["intro"] for category in categories)


def test_every_activity_is_complete_and_honest_about_direction(categories):
    slugs = [activity["slug"] for activity in activities_in(categories)]
    assert len(slugs) == len(set(slugs))
    for activity in activities_in(categories):
        assert activity["name"] and activity["description"], activity["slug"]
        assert len(activity["description"]) <= 200, activity["slug"]
        assert activity["risk"] in {"low", "medium", "high"}, activity["slug"]
        if activity["kind"] == "directional":
            assert activity["give"].startswith("I'd like"), activity["slug"]
            assert activity["receive"].startswith("I'd like"), activity["slug"]
        else:
            assert activity["kind"] == "shared", activity["slug"]
            assert "give" not in activity and "receive" not in activity, activity["slug"]
    directional = [a for a in activities_in(categories) if a["kind"] == "directional"]
    assert len(directional) > len(activities_in(categories)) / 2


def test_every_activity_links_to_published_glossary_terms(categories):
    published = {
        term["slug"]
        for term in read_term_files(settings.CONTENT_DIR / "glossary")
        if term["status"] == "published"
    }
    for activity in activities_in(categories):
        assert 1 <= len(activity["terms"]) <= 4, activity["slug"]
        assert set(activity["terms"]) <= published, activity["slug"]


def test_nothing_dangerous_beyond_what_the_product_allows(categories):
    text = json.dumps(categories).lower()
    for phrase in ("breath play", "choking", "asphyxia", "http", "/work/", " ai "):
        assert phrase not in text, phrase


@pytest.mark.django_db
def test_the_shipped_activities_load_twice_without_changes():
    load_terms(settings.CONTENT_DIR / "glossary")
    _, first = load_activities(CHECKLIST)
    _, second = load_activities(CHECKLIST)

    assert len(first.added) == Activity.objects.count() >= 150
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
def test_the_admin_warns_that_changing_the_kind_deletes_answers(tmp_path, staff_client):
    load_activities(write_category(tmp_path / "checklist"))
    kissing = Activity.objects.get(slug="kissing")

    html = staff_client.get(f"/admin/checklist/activity/{kissing.pk}/change/").content.decode()

    assert "Changing it deletes everyone's answers to the sides the activity no longer has." in html
