"""Small steps tests share: what a person does (answer, invite, press Ready) and what they then read."""

from __future__ import annotations

import json
import os
import re


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


def field(activity, side: str = "shared") -> str:
    from checklist.answers import field_name

    return field_name(activity.pk, side)


def participant_of(client):
    from checklist.models import Participant

    return Participant.objects.get(pk=client.session["participant_id"])


def answers_of(client) -> dict[tuple[str, str], str]:
    from checklist.models import Rating

    ratings = Rating.objects.filter(participant=participant_of(client)).select_related("activity")
    return {(rating.activity.slug, rating.side): rating.answer for rating in ratings}


def invite_link(client) -> str:
    """Creates an invite as this client and returns the path of its link (in the language it was made in)."""
    html = client.post("/pairings/invite/").content.decode()
    return re.search(r'value="http://testserver((?:/\w+)?/invite/[^"]+/)"', html).group(1)


def accept(client, link: str) -> str:
    """Accepts an invite as this client, who lands on the checklist (or on the pairing, with a sealed
    invite); returns its newest pairing's path."""
    from checklist.pairings import pairings_of

    response = client.post(link)
    pairing = pairings_of(participant_of(client)).order_by("-created", "-pk").first().get_absolute_url()
    assert response.status_code == 303
    assert in_english(response["Location"].split("?")[0]) in ("/checklist/", in_english(pairing))
    return pairing


def in_english(path: str) -> str:
    """The same page's address in English: a translated language's prefix ("/de/…") taken off."""
    from kinklist.languages import translated_languages

    language = next((code for code in translated_languages() if path.startswith(f"/{code}/")), None)
    return path.removeprefix(f"/{language}") if language else path


class InLanguage:
    """A person's test client asking for every page at its address in a translated language ("/pairings/"
    as "/de/pairings/"), the way someone who opened the site in that language goes on; an address that is
    already in a language stays as it is."""

    def __init__(self, client, language: str) -> None:
        self.client = client
        self.language = language

    def at(self, path: str) -> str:
        return path if in_english(path) != path else f"/{self.language}{path}"

    def get(self, path: str, *args, **kwargs):
        return self.client.get(self.at(path), *args, **kwargs)

    def post(self, path: str, *args, **kwargs):
        return self.client.post(self.at(path), *args, **kwargs)

    def generic(self, method: str, path: str, *args, **kwargs):
        return self.client.generic(method, self.at(path), *args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self.client, name)  # the session and the cookies are the person's own


def press_ready(client, pairing: str):
    """Presses "Ready to compare", then "Compare anyway" if someone who answered little is asked first."""
    response = client.post(f"{pairing}ready/")
    if response.status_code == 200 and 'name="confirm" value="1"' in response.content.decode():
        response = client.post(f"{pairing}ready/", {"confirm": "1"})
    return response


def both_ready(pairing: str, *clients) -> None:
    """Each partner presses "Ready to compare", in this order."""
    for client in clients:
        assert press_ready(client, pairing).status_code == 303


def reveal_anyway(client, pairing: str):
    """Presses "Reveal anyway" on the pairing page as it is shown now."""
    html = client.get(pairing).content.decode()
    about = re.search(r'name="about" value="([^"]*)"', html)
    return client.post(f"{pairing}reveal-anyway/", {"about": about.group(1) if about else ""})


def yes_to_everything(client) -> None:
    from checklist.models import Activity

    everything = {
        field(activity, side): "yes" for activity in Activity.objects.all() for side in activity.sides
    }
    assert client.post("/checklist/", everything).status_code == 303


def without_csrf(html: str) -> str:
    """A page without its CSRF token, which differs on every response."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"|"X-CSRFToken": "[^"]+"', "", html)


def state_of(client, pairing: str) -> str:
    return re.search(r'<h2 id="round-state-title">([^<]+)</h2>', client.get(pairing).content.decode()).group(
        1
    )


def matched_names(client, pairing: str, number: int = 1) -> list[str]:
    html = client.get(f"{pairing}rounds/{number}/").content.decode()
    return re.findall(r"<h3>([^<]+?)(?: <span|</h3>)", html)


def answer(client, catalogue, **answers) -> None:
    """answer(alice, catalogue, kissing="yes", spanking_give="no")"""
    data = {}
    for key, value in answers.items():
        slug, _, side = key.partition("__")
        data[field(catalogue[slug.replace("_", "-")], side or "shared")] = value
    assert client.post("/checklist/", data).status_code == 303


# Sealed checklists: what a sealed person's browser sends, simulated with random bytes of the right sizes.


def blob(name: str) -> bytes:
    """Random bytes of the one size a sealed part of this kind has (its browser pads it to that)."""
    from checklist.sealed import BLOB_SIZES

    return os.urandom(BLOB_SIZES[name.partition(":")[0]])


def b64(data: bytes) -> str:
    from checklist.sealed import encode

    return encode(data)


def send_json(client, method: str, path: str, body=None):
    return client.generic(method, path, json.dumps(body or {}), "application/json")


def seal(client):
    """Seals the checklist with random stand-ins for the encrypted answers, sections and keyring."""
    blobs = {name: b64(blob(name)) for name in ("answers", "sections", "keyring")}
    response = send_json(client, "POST", "/sealed/seal/", {"blobs": blobs})
    assert response.status_code == 200
    return response


def sealed_invite_link(client) -> str:
    response = send_json(client, "POST", "/sealed/invites/", {"sealed": True})
    assert response.status_code == 201
    return response.json()["link"].removeprefix("http://testserver")


def points(stage: str) -> str:
    """A lock or reply message of the size the current checklist asks for."""
    from checklist.relay import LOCK_OVERHEAD, POINT_BYTES, REPLY_OVERHEAD
    from checklist.sealed import bundle

    overhead = LOCK_OVERHEAD if stage == "lock" else REPLY_OVERHEAD
    return b64(os.urandom(POINT_BYTES * len(bundle().sides) + overhead))


def lock(client, rounds: str, number: int = 1):
    from checklist.sealed import bundle

    body = {"catalogue": bundle().version, "message": points("lock")}
    return send_json(client, "POST", f"{rounds}{number}/lock/", body)


def reply(client, rounds: str, number: int = 1):
    return send_json(client, "POST", f"{rounds}{number}/reply/", {"message": points("reply")})


def sealed_round(rounds: str, number: int, *clients) -> None:
    """Both partners lock, then reply, then fetch the released replies."""
    for step in (lock, reply):
        for client in clients:
            assert step(client, rounds, number).status_code == 200
    for client in clients:
        assert client.get(f"{rounds}{number}/").json()["stage"] == "done"


# What the server stores, all of it: a sealed person's answers must be in none of it.

CONTENT_APPS = {"glossary", "contenttypes"}  # public content and Django's catalogue of models


def every_table() -> list[tuple[str, dict]]:
    """Every row of every table but the content, each field as stored; binary values by their length
    (random ciphertext spells any short word now and then), sessions decoded."""
    from django.apps import apps
    from django.contrib.auth.models import Permission
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session

    from checklist.models import Activity, ActivityTranslation, AnswerChange, Category, CategoryTranslation

    # The content in every language, and the list of content changes every browser is given alike.
    content_models = {
        Activity,
        Activity.terms.through,
        Category,
        ActivityTranslation,
        CategoryTranslation,
        AnswerChange,
        Permission,
    }
    rows = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in CONTENT_APPS or model in content_models:
            continue
        for row in model.objects.values(*(each.attname for each in model._meta.concrete_fields)):
            row = {
                key: f"<{len(v)} bytes>" if isinstance(v, bytes | memoryview) else v for key, v in row.items()
            }
            if model is Session:
                row["session_data"] = SessionStore().decode(row["session_data"])
            rows.append((model._meta.label, row))
    return rows


def cache_contents() -> dict:
    from django.core.cache import cache

    backend = cache._cache
    if hasattr(backend, "get_client"):  # Redis
        client = backend.get_client(None)
        return {key.decode(): client.get(key) for key in client.keys("*")}
    return dict(backend)


def readable_in_storage(activities, log_lines: list, also: list[str] = ()) -> list:
    """What of sealed people's checklists the tables, the log lines and the cache still show: any activity's
    slug or name, a section's slug or name, a side or an answer as a value, a list of numbers (as the ids of
    activities or sections would be), or one of `also`. Empty when nothing is readable."""
    tables = every_table()
    text = json.dumps([tables, log_lines, list(cache_contents())], default=str)
    found = []
    for activity in activities:
        words = (activity.slug, activity.name, activity.category.slug, activity.category.name)
        found += [word for word in words if word in text]
    found += [word for word in also if word in text]
    found += [word for word in ("shared", "give", "receive", "yes", "maybe", "no") if f'"{word}"' in text]
    for label, row in tables:
        for key, value in row.items():
            if label != "sessions.Session" and isinstance(value, list | dict) and value not in ([], {}):
                found.append((label, key, value))
    return sorted(set(map(str, found)))
