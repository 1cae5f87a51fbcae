from __future__ import annotations

import io
import json
import logging
from itertools import count
from pathlib import Path

import pytest
from django.conf import settings
from django.core.servers.basehttp import WSGIServer
from django.utils import translation

from glossary.models import Alias, Term
from kinklist.text import slug_for
from tests.helpers import accept, answer, invite_link, seal, sealed_invite_link, term_data

_numbers = count(1)

# The live server's listen backlog defaults to 5; concurrency tests open dozens of connections at once
# (gunicorn's is 2048), and what they test is the database, not the test server's socket.
WSGIServer.request_queue_size = 64


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters live in the cache, the catalogue in memory: each test starts afresh
    (a rolled-back test sends no signal that its activities are gone)."""
    from django.core.cache import cache

    from checklist.catalogue import forget_catalogue

    cache.clear()
    forget_catalogue()


@pytest.fixture(autouse=True)
def english_to_begin_with():
    """A request leaves its page's language active in the thread (LocaleMiddleware never switches it back),
    where texts made outside a request would use it: each test starts in English, whatever the one before
    asked for."""
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def i18n(settings):
    """The compiled catalogues of the pages' words, as `make messages` leaves them: present and newer than
    their sources."""
    for language in ("de", "es"):
        po = settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po"
        mo = po.with_suffix(".mo")
        assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime, (
            f"{mo} missing or stale: make messages"
        )


@pytest.fixture
def log_lines():
    """Everything the configured console handler writes (masks and formatter included), as JSON objects."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    handler.setStream(previous)


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


@pytest.fixture
def charlie(person):
    return person()


@pytest.fixture
def paired(alice, bob):
    """Alice invited Bob and Bob accepted; returns the pairing's path."""
    return accept(bob, invite_link(alice))


@pytest.fixture
def planted(alice, bob, paired, catalogue):
    """Alice and Bob paired, each with answers the other must never learn; they share only Kissing.

    Hidden from both: Negotiation talk (Maybe, No), Spanking (both would give: a Yes each, unshared) and
    Paddling (No, Maybe). Returns the pairing's path."""
    answer(
        alice,
        catalogue,
        kissing="yes",
        negotiation_talk="maybe",
        spanking__give="yes",
        paddling__receive="no",
    )
    answer(bob, catalogue, kissing="yes", negotiation_talk="no", spanking__give="yes", paddling__give="maybe")
    return paired


@pytest.fixture
def sealed_rounds(alice, bob, catalogue):
    """Alice and Bob sealed their checklists and paired through Alice's sealed invite; returns the path of
    their pairing's sealed rounds (`/sealed/pairings/<id>/rounds/`)."""
    seal(alice)
    seal(bob)
    pairing = accept(bob, sealed_invite_link(alice))
    return f"/sealed{pairing}rounds/"


@pytest.fixture
def partly_spanish(catalogue):
    """The catalogue above partly in Spanish: the impact category and spanking whole, paddling without its
    description, the talk category and its activities not at all; Impact play's name, Consent's definition
    but not its name."""
    from checklist.models import ActivityTranslation, CategoryTranslation
    from glossary.models import Term, TermTranslation

    impact = catalogue["spanking"].category
    CategoryTranslation.objects.create(category=impact, language="es", name="Impacto", intro="Golpes.")
    ActivityTranslation.objects.create(
        activity=catalogue["spanking"],
        language="es",
        name="Azotes",
        description="Sobre los azotes.",
        give_text="Me gustaría azotar a mi pareja",
        receive_text="Me gustaría que mi pareja me azotara",
    )
    ActivityTranslation.objects.create(
        activity=catalogue["paddling"],
        language="es",
        name="Pala",
        give_text="Me gustaría usar una pala con mi pareja",
        receive_text="Me gustaría que mi pareja usara una pala conmigo",
    )
    TermTranslation.objects.create(
        term=Term.objects.get(slug="impact-play"), language="es", name="Juego de impacto"
    )
    TermTranslation.objects.create(
        term=Term.objects.get(slug="consent"), language="es", definition="Sin nombre."
    )
    return catalogue
