"""The checklist's words as one bundle for the browsers of sealed pairings, which compute every reveal
themselves and need the activities' wording to show it.

Loaded whole and the same for everyone, so no request names an activity; retired activities are in it too,
since a comparison revealed before they were retired still shows them.
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


_made: list[tuple[Catalogue, Wording]] = []


def _activity(entry: Entry, retired: bool) -> dict:
    return {
        "id": entry.id,
        "name": entry.name,
        "sides": list(entry.sides),
        "give": entry.give_text,
        "receive": entry.receive_text,
        "description": entry.description,
        "risk": entry.risk,
        "risk_label": entry.risk_label,
        "terms": [[term.name, term.url] for term in entry.terms],
        "retired": retired,
    }


def wording() -> Wording:
    """The bundle for the catalogue in memory, made once per catalogue (it is the same for every request)."""
    current = catalogue()
    if _made and _made[0][0] is current:
        return _made[0][1]
    sections = [
        {
            "id": section.id,
            "slug": section.slug,
            "name": section.name,
            "starts_hidden": section.starts_hidden,
            "activities": [_activity(entry, False) for entry in section.entries]
            + [_activity(entry, True) for entry in section.retired],
        }
        for section in current.sections
    ]
    body = json.dumps({"sections": sections}, ensure_ascii=False, separators=(",", ":")).encode()
    made = Wording(hashlib.sha256(body).hexdigest()[:16], body)
    _made[:] = [(current, made)]
    return made
