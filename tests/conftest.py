from __future__ import annotations

import json
from itertools import count
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer

from glossary.models import Alias, Term
from kinklist.text import slug_for

_numbers = count(1)

# The live server's listen backlog defaults to 5; concurrency tests open dozens of connections at once
# (gunicorn's is 2048), and what they test is the database, not the test server's socket.
WSGIServer.request_queue_size = 64


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters live in the cache, the catalogue in memory: each test starts afresh
    (a rolled-back test sends no signal that its activities are gone)."""
    from django.core.cache import cache

    from checklist.sheet import forget_catalogue

    cache.clear()
    forget_catalogue()


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


@pytest.fixture
def catalogue(db, make_term):
    """A small checklist: one shared and one directional activity in each of two categories."""
    from checklist.models import Activity, Category

    consent = make_term("consent", name="Consent")
    impact = make_term("impact-play", name="Impact play")
    draft = make_term("draft-term", name="Unfinished term", status="draft")
    talk = Category.objects.create(slug="talk", name="Talk", intro="Talking first.", order=1)
    play = Category.objects.create(slug="impact", name="Impact", intro="Impact play.", order=2)

    def activity(category, slug, name, kind="shared", **fields):
        made = Activity.objects.create(
            category=category,
            slug=slug,
            name=name,
            kind=kind,
            risk="low",
            description=f"About {name}.",
            **fields,
        )
        return made

    activities = {
        "kissing": activity(talk, "kissing", "Kissing"),
        "negotiation-talk": activity(talk, "negotiation-talk", "Negotiation talk"),
        "spanking": activity(
            play,
            "spanking",
            "Spanking",
            kind="directional",
            give_text="I'd like to spank my partner",
            receive_text="I'd like my partner to spank me",
        ),
        "paddling": activity(
            play,
            "paddling",
            "Paddling",
            kind="directional",
            give_text="I'd like to paddle my partner",
            receive_text="I'd like my partner to paddle me",
        ),
    }
    activities["kissing"].terms.add(consent, draft)
    activities["spanking"].terms.add(impact, consent)
    return activities


def field(activity, side: str = "shared") -> str:
    from checklist.sheet import field_name

    return field_name(activity.pk, side)


@pytest.fixture
def person(db):
    """person() -> a Django test client of someone who pressed Start."""
    from django.test import Client

    def make() -> Client:
        client = Client()
        assert client.post("/start/").status_code == 303
        return client

    return make


@pytest.fixture
def alice(person):
    return person()


@pytest.fixture
def bob(person):
    return person()


def participant_of(client):
    from checklist.models import Participant

    return Participant.objects.get(pk=client.session["participant_id"])


def answers_of(client) -> dict[tuple[str, str], str]:
    from checklist.models import Rating

    ratings = Rating.objects.filter(participant=participant_of(client)).select_related("activity")
    return {(rating.activity.slug, rating.side): rating.answer for rating in ratings}


@pytest.fixture
def charlie(person):
    return person()


def invite_link(client) -> str:
    """Creates an invite as this client and returns the path of its link."""
    import re

    html = client.post("/pairings/invite/").content.decode()
    return re.search(r'value="http://testserver(/invite/[^"]+/)"', html).group(1)


@pytest.fixture
def paired(alice, bob):
    """Alice invited Bob and Bob accepted; returns the pairing's path."""
    response = bob.post(invite_link(alice))
    assert response.status_code == 303
    return response["Location"]


def both_ready(pairing: str, *clients) -> None:
    """Each partner presses "Ready to compare", in this order."""
    for client in clients:
        assert client.post(f"{pairing}ready/").status_code == 303
