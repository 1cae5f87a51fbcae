from __future__ import annotations

import json
from itertools import count
from pathlib import Path

import pytest

from glossary.models import Alias, Term
from kinklist.text import slug_for

_numbers = count(1)


def term_data(slug: str, **overrides) -> dict:
    """One term as it stands in a content file, every field filled."""
    data = {
        "slug": slug,
        "name": slug.replace("-", " ").capitalize(),
        "aliases": [],
        "definition": f"The definition of {slug}.",
        "type": "concept",
        "risk_level": "low",
        "beginner_friendly": "yes",
        "related_to": ["Consent", "Negotiation"],
        "body": f"## What {slug} means\n\nA paragraph about {slug}.",
        "often_confused_with": "It is not the same as the other thing.",
        "confused_with": [],
        "safety_note": "Talk first.",
        "related": [],
        "status": "published",
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_term(db):
    def make(slug: str | None = None, aliases: tuple[str, ...] = (), **fields) -> Term:
        slug = slug or f"term-{next(_numbers)}"
        data = term_data(slug, **fields)
        for name in ("aliases", "confused_with", "related"):
            data.pop(name)
        if isinstance(data["related_to"], list):
            data["related_to"] = ", ".join(data["related_to"])
        term = Term.objects.create(**data)
        for alias in aliases:
            Alias.objects.create(term=term, name=alias, slug=slug_for(alias))
        return term

    return make


@pytest.fixture
def write_terms(tmp_path):
    """Writes content files for the loader into a fresh folder and returns it."""
    folder = tmp_path / "glossary"
    folder.mkdir()

    def write(*entries: dict) -> Path:
        for entry in entries:
            (folder / f"{entry['slug']}.json").write_text(json.dumps(entry), encoding="utf-8")
        return folder

    return write


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", password="admin-password-123")
    client.force_login(user)
    return client
