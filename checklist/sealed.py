"""Sealed checklists, the server's part: sealing a checklist and a sealed person's encrypted slots (the
relay of a sealed round's messages between the two partners' browsers is in relay.py).

Nothing kept here can be read by the server: answers, sections left out, pairing secrets and results are
encrypted in the person's browser under a key that never reaches us, and a round's messages under a secret
only the two partners hold. The rules check what the server can see: who asks, sizes, and the order of the
steps. Plain functions over models, never a request; the protocol is in docs/sealed.md.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from kinklist.logs import log_event

from .answers import Answers
from .catalogue import catalogue
from .invites import usable_invites
from .models import Pairing, Participant, Rating, Round
from .pairings import NotAllowed, pairings_of
from .sealed_models import AnswerChange, SealedBlob

BLOB_BYTES = 64 * 1024
# Every blob of a kind has one size whatever it holds (crypto.js's blobSize(); a browser test pins the two
# together), so a stored size can say nothing about its owner's answers, even if a browser misbehaves.
BLOB_SIZES = {"answers": 2092, "sections": 296, "keyring": 3114, "results": 37098, "round-secret": 20584}
SEALING_SLOTS = ("answers", "sections", "keyring")
PAIRING_SLOTS = ("results", "round-secret")  # one of each per pairing: "results:<pairing id>"
LARGEST_NUMBER = 2**31 - 1  # what every database stores in an integer column

NOT_SEALED = gettext_lazy("Your checklist is not sealed, so there is nothing sealed to keep.")
CHANGED = gettext_lazy("This changed on another device meanwhile. Reload to get the latest, then try again.")


class Invalid(Exception):
    """Input that can never be right (a wrong size, an unknown slot); its message is shown as it is."""


def encode(data: bytes) -> str:
    """Binary values travel as unpadded base64url."""
    return base64.urlsafe_b64encode(bytes(data)).rstrip(b"=").decode()


BASE64URL = re.compile(r"[A-Za-z0-9_-]*")


def decode(value, what: str, most: int) -> bytes:
    """Unpadded base64url of at most `most` bytes, spelled only the one way `encode` spells it."""
    if not isinstance(value, str) or not BASE64URL.fullmatch(value) or len(value) % 4 == 1:
        raise Invalid(gettext("The %(what)s must be unpadded base64url.") % {"what": what})
    if len(value) * 3 // 4 > most:
        raise Invalid(
            gettext("The %(what)s is too large: at most %(most)s bytes.") % {"what": what, "most": most}
        )
    data = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    if encode(data) != value:  # stray bits in the last character would make a second spelling
        raise Invalid(gettext("The %(what)s must be unpadded base64url.") % {"what": what})
    return data


@dataclass(frozen=True)
class Bundle:
    """What a sealed comparison is computed over: every side the checklist offers, by (activity id, side);
    and every content change that remapped answers, in order, for browsers to apply to sealed ones.

    Wording and language never enter it, so partners reading different languages agree on it."""

    version: str
    sides: tuple[tuple[int, str], ...]
    changes: tuple[list, ...]


def bundle() -> Bundle:
    sides = tuple(sorted(catalogue().placement))
    listed = json.dumps([list(key) for key in sides], separators=(",", ":"))
    changes = tuple(change.as_listed() for change in AnswerChange.objects.order_by("pk"))
    return Bundle(hashlib.sha256(listed.encode()).hexdigest()[:16], sides, changes)


# Sealing


def sealing_input(participant: Participant) -> dict:
    """What the person's browser encrypts when they seal: their answers by (activity id, side), and their
    sections as the sections blob keeps them (left out; shown although starting hidden, which includes a
    section that starts hidden but already holds answers, as the checklist shows it)."""
    answers = Answers(participant, catalogue())
    shown = set(answers.shown)
    sections = answers.catalogue.sections
    current = answers.catalogue.placement
    return {
        # The answers as every content change so far left them: the browser applies only later ones.
        "changes": AnswerChange.objects.count(),
        "answers": [[*key, answer] for key, answer in answers.answers.items() if key in current],
        "review": sorted({activity for activity, side in answers.to_review if (activity, side) in current}),
        "hidden": [
            section.id
            for at, section in enumerate(sections)
            if at not in shown and section not in answers.waiting
        ],
        "shown": [section.id for at, section in enumerate(sections) if at in shown and section.starts_hidden],
    }


@transaction.atomic
def seal(participant: Participant, blobs: dict[str, bytes], changes_seen: int) -> None:
    """Seals the checklist: stores its first encrypted slots and, at once, deletes everything of it the
    server could read (answers, sections left out, nicknames given, comparisons). `changes_seen` is how
    many content changes the answers the browser encrypted had been through."""
    if set(blobs) != set(SEALING_SLOTS):
        raise Invalid(
            gettext("Sealing needs exactly these: %(names)s.") % {"names": ", ".join(SEALING_SLOTS)}
        )
    if changes_seen != AnswerChange.objects.count():
        raise NotAllowed(gettext("The checklist changed since this page loaded. Reload it, then seal again."))
    for name, data in blobs.items():
        _check_size(name, data)
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    if locked.is_sealed:
        raise NotAllowed(gettext("Your checklist is already sealed."))
    Rating.objects.filter(participant=locked).delete()
    Pairing.objects.filter(first=locked).update(first_nickname="")
    Pairing.objects.filter(second=locked).update(second_nickname="")
    # A revealed comparison holds both partners' shared Yes answers, an open one the Yes answers its
    # partners locked in: every comparison of the person's pairings goes, for both partners.
    Round.objects.filter(pairing__in=pairings_of(locked)).delete()
    # An ordinary invite would pair them with someone they could never compare with: only sealed ones stay.
    usable_invites().filter(inviter=locked, sealed=False).update(revoked=timezone.now())
    SealedBlob.objects.bulk_create(
        SealedBlob(participant=locked, name=name, revision=1, data=data) for name, data in blobs.items()
    )
    locked.sealed = participant.sealed = timezone.now()
    locked.hidden_categories = participant.hidden_categories = []
    locked.shown_categories = participant.shown_categories = []
    locked.save(update_fields=["sealed", "hidden_categories", "shown_categories"])
    log_event("participant.sealed")


def _check_size(name: str, data: bytes) -> None:
    size = BLOB_SIZES[name.partition(":")[0]]
    if len(data) != size:
        raise Invalid(
            ngettext(
                "A sealed part of this kind is exactly %(size)s byte.",
                "A sealed part of this kind is exactly %(size)s bytes.",
                size,
            )
            % {"size": size}
        )


# A sealed person's slots


def _check_slot(participant: Participant, name: str) -> None:
    """A slot is one of the sealing ones, or a pairing's (404 unless the pairing is the person's)."""
    if name in SEALING_SLOTS:
        return
    slot, _, pairing_id = name.partition(":")
    try:
        known = slot in PAIRING_SLOTS and str(UUID(pairing_id)) == pairing_id
    except ValueError:
        known = False
    if not known:
        raise Invalid(gettext("There is no such sealed part."))
    if not pairings_of(participant).filter(public_id=pairing_id).exists():
        raise Http404


def blobs_of(participant: Participant) -> list[SealedBlob]:
    if not participant.is_sealed:
        raise NotAllowed(NOT_SEALED)
    return list(SealedBlob.objects.filter(participant=participant).order_by("name"))


def put_blob(participant: Participant, name: str, expected_revision, data: bytes) -> int:
    """Writes a slot if it is still at the revision its writer read (0: a new slot); returns the new one."""
    if not participant.is_sealed:
        raise NotAllowed(NOT_SEALED)
    _check_slot(participant, name)
    if isinstance(expected_revision, bool) or not isinstance(expected_revision, int):
        raise Invalid(gettext("The expected revision must be a whole number."))
    if not 0 <= expected_revision < LARGEST_NUMBER:
        raise Invalid(gettext("There is no such revision."))
    _check_size(name, data)
    if expected_revision == 0:
        try:
            with transaction.atomic():
                SealedBlob.objects.create(participant=participant, name=name, revision=1, data=data)
        except IntegrityError:
            raise NotAllowed(CHANGED) from None
        return 1
    saved = SealedBlob.objects.filter(participant=participant, name=name, revision=expected_revision).update(
        data=data, revision=F("revision") + 1, updated=timezone.now()
    )
    if not saved:
        raise NotAllowed(CHANGED)
    return expected_revision + 1


def forget_pairings(pairing_ids: list[UUID]) -> None:
    """The slots of pairings that ended (their results, a round's secret) go with them."""
    names = [f"{slot}:{pairing_id}" for pairing_id in pairing_ids for slot in PAIRING_SLOTS]
    SealedBlob.objects.filter(name__in=names).delete()


def export_rows(participant: Participant) -> list[dict]:
    """A sealed person's own download: their slots as stored, which only their browser can read."""
    return [
        {
            "name": blob.name,
            "revision": blob.revision,
            "updated": blob.updated.isoformat(),
            "data": encode(blob.data),
        }
        for blob in SealedBlob.objects.filter(participant=participant).order_by("name")
    ]
