"""The checklist's words as one bundle for the browsers of sealed pairings, which compute every reveal
themselves and need the activities' wording to show it.

Loaded whole and the same for everyone reading a language, so no request names an activity; retired
activities are in it too, since a comparison revealed before they were retired still shows them. Each
language has its own bundle with the same ids and sides; a text shown in English for want of a translation
is named in its object's "fallback" list (absent when there is none, so English's bundle has none).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from .catalogue import Catalogue, Entry, catalogue


@dataclass(frozen=True)
class Wording:
    version: str  # changes with any word in it: the bundle's ETag
    body: bytes


_made: dict[str, tuple[Catalogue, Wording]] = {}  # language: (catalogue, its bundle)


def _activity(entry: Entry, retired: bool) -> dict:
    return _marked(
        entry,
        {
            "id": entry.id,
            "name": entry.name,
            "sides": list(entry.sides),
            "give": entry.give_text,
            "receive": entry.receive_text,
            "description": entry.description,
            "risk": entry.risk,
            "risk_label": entry.risk_label,
            # A name shown in English adds a third item: ["name"].
            "terms": [[term.name, term.url, *([["name"]] if term.fallback else [])] for term in entry.terms],
            "retired": retired,
        },
    )


KEYS = {"give_text": "give", "receive_text": "receive"}  # the bundle's names for the entries' fields


def _fallback(texts, listed) -> list[str]:
    """Which of the listed texts fell back to English, by their names in the bundle."""
    return sorted(KEYS.get(name, name) for name in texts.fallback if KEYS.get(name, name) in listed)


def _marked(texts, listed: dict) -> dict:
    """The object as listed, with its "fallback" list if it has one."""
    fallback = _fallback(texts, listed)
    return {**listed, "fallback": fallback} if fallback else listed


def wording(language: str) -> Wording:
    """The bundle for the catalogue in memory in `language`, made once per catalogue (it is the same for
    every request)."""
    current = catalogue(language)
    if language in _made and _made[language][0] is current:
        return _made[language][1]
    sections = [
        _marked(
            section,
            {
                "id": section.id,
                "slug": section.slug,
                "name": section.name,
                "starts_hidden": section.starts_hidden,
                "activities": [_activity(entry, False) for entry in section.entries]
                + [_activity(entry, True) for entry in section.retired],
            },
        )
        for section in current.sections
    ]
    body = json.dumps({"sections": sections}, ensure_ascii=False, separators=(",", ":")).encode()
    made = Wording(hashlib.sha256(body).hexdigest()[:16], body)
    _made[language] = (current, made)
    return made
