"""The shipped content itself: complete, consistent, and loadable."""

from __future__ import annotations

import json
import re

import pytest
from django.conf import settings

from glossary.content import load_terms, read_term_files
from glossary.models import Term
from kinklist.text import slug_for

GLOSSARY = settings.CONTENT_DIR / "glossary"
SEED_TERMS = [
    "24-7-dynamic",
    "tpe",
    "m-s",
    "d-s",
    "scene-only-dynamic",
    "lpe",
    "protocol",
    "power-exchange",
    "negotiation",
    "aftercare",
]
FIELDS = {
    "slug",
    "name",
    "aliases",
    "definition",
    "type",
    "risk_level",
    "beginner_friendly",
    "related_to",
    "body",
    "often_confused_with",
    "confused_with",
    "safety_note",
    "related",
    "status",
}


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    return read_term_files(GLOSSARY)


def test_there_are_at_least_80_published_terms_including_the_seed_ten(entries):
    published = {entry["slug"] for entry in entries if entry["status"] == "published"}
    assert len(published) >= 80
    assert set(SEED_TERMS) <= published


def test_every_field_of_every_term_is_filled(entries):
    for entry in entries:
        assert set(entry) == FIELDS, entry["slug"]
        for field in FIELDS:
            assert entry[field], (entry["slug"], field)
        assert len(entry["definition"]) <= 300, entry["slug"]
        assert entry["type"] in Term.Type.values
        assert entry["risk_level"] in Term.RiskRange.values
        assert entry["beginner_friendly"] in Term.BeginnerFriendly.values
        assert re.search(r"^## ", entry["body"], re.M), f"{entry['slug']}: body has no sections"


def test_every_link_between_terms_resolves(entries):
    slugs = {entry["slug"] for entry in entries}
    for entry in entries:
        assert len(entry["related"]) >= 2, entry["slug"]
        assert set(entry["related"]) <= slugs, entry["slug"]
        assert set(entry["confused_with"]) <= slugs, entry["slug"]
        assert entry["slug"] not in entry["related"], entry["slug"]
        for text in (entry["body"], entry["often_confused_with"], entry["safety_note"]):
            for target in re.findall(r"\]\(/glossary/([^/)]+)/\)", text):
                assert target in slugs, (entry["slug"], target)


def test_aliases_are_unique_and_never_a_term_address(entries):
    slugs = {entry["slug"] for entry in entries}
    seen: dict[str, str] = {}
    for entry in entries:
        for alias in entry["aliases"]:
            alias_slug = slug_for(alias)
            assert alias_slug, (entry["slug"], alias)
            assert alias_slug not in slugs, (entry["slug"], alias)
            assert alias_slug not in seen, (entry["slug"], alias, seen.get(alias_slug))
            seen[alias_slug] = entry["slug"]


def test_the_24_7_aliases_from_the_product_notes_exist(entries):
    aliases = {
        slug_for(alias) for entry in entries if entry["slug"] == "24-7-dynamic" for alias in entry["aliases"]
    }
    assert {"247", "24-7", "always-on-dynamic"} <= aliases


def test_no_content_speaks_of_anything_but_itself(entries):
    text = json.dumps(entries).lower()
    for word in ("/work/", "seed", " ai ", "chatgpt", "http://", "https://", "<script"):
        assert word not in text, word


@pytest.mark.django_db
def test_the_shipped_content_loads_twice_without_changes():
    first = load_terms(GLOSSARY)
    second = load_terms(GLOSSARY)

    assert len(first.added) == Term.objects.count() >= 80
    assert second.added == second.updated == []
