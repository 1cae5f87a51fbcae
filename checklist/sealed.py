"""Sealed checklists, the server's part: sealing a checklist, a sealed person's encrypted slots, and the relay
of a sealed round's messages between the two partners' browsers.

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
from datetime import datetime
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from kinklist.logs import log_event

from .answers import Answers
from .catalogue import catalogue
from .invites import usable_invites
from .models import Pairing, Participant, Rating, Round
from .pairings import NotAllowed, pairings_of
from .rounds import next_number, open_round, open_round_locked
from .sealed_models import AnswerChange, Role, SealedBlob, SealedMessage, Stage

BLOB_BYTES = 64 * 1024
# Every blob of a kind has one size whatever it holds (crypto.js's blobSize(); a browser test pins the two
# together), so a stored size can say nothing about its owner's answers, even if a browser misbehaves.
BLOB_SIZES = {"answers": 2092, "sections": 296, "keyring": 3114, "results": 37098, "round-secret": 20584}
POINT_BYTES = 32  # one ristretto255 encoding
# AES-GCM's 12-byte nonce and 16-byte tag around the plaintext's format byte; a lock adds a saturation byte.
REPLY_OVERHEAD = 12 + 16 + 1
LOCK_OVERHEAD = REPLY_OVERHEAD + 1
SEALING_SLOTS = ("answers", "sections", "keyring")
PAIRING_SLOTS = ("results", "round-secret")  # one of each per pairing: "results:<pairing id>"
LARGEST_NUMBER = 2**31 - 1  # what every database stores in an integer column

NOT_SEALED = gettext_lazy("Your checklist is not sealed, so there is nothing sealed to keep.")
CHANGED = gettext_lazy("This changed on another device meanwhile. Reload to get the latest, then try again.")
MOVED_ON = gettext_lazy(
    "Your partner changed this comparison at the same moment. Reload to see where it stands."
)
NO_TAKING_BACK = gettext_lazy("Nobody can withdraw after sending a reply.")
FINISHED = gettext_lazy("This comparison is finished.")


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


# The relay of a sealed round


def role_of(pairing: Pairing, participant: Participant) -> str:
    return Role.INVITER if participant.pk == pairing.first_id else Role.INVITEE


def partner_role(role: str) -> str:
    return Role.INVITEE if role == Role.INVITER else Role.INVITER


def require_sealed(pairing: Pairing) -> None:
    if not pairing.is_sealed:
        raise NotAllowed(
            gettext("This pairing is not sealed: both of you need sealed checklists to compare this way.")
        )


def _open_round(pairing: Pairing, number: int, create: bool, finished: str) -> Round:
    """Round `number` if it is the open one (or, with `create`, the next one, opened now), locked until the
    transaction ends. A finished round is refused with `finished`; any other number is not found."""
    if not 0 < number <= LARGEST_NUMBER:
        raise Http404
    current = open_round(pairing)
    opening = create and current is None and number == next_number(pairing)
    if opening or (current is not None and current.number == number):
        locked = open_round_locked(pairing, create)
        if locked is None or locked.number != number:
            raise NotAllowed(MOVED_ON)
        return locked
    if pairing.rounds.filter(number=number, revealed__isnull=False).exists():
        raise NotAllowed(finished)
    raise Http404


def _messages(current: Round) -> dict[tuple[str, str], SealedMessage]:
    return {(m.role, m.stage): m for m in SealedMessage.objects.filter(round=current)}


@transaction.atomic
def lock(pairing: Pairing, participant: Participant, number: int, version, data: bytes) -> None:
    """Ready: this partner's blinded points for round `number`, against the current catalogue."""
    require_sealed(pairing)
    now = bundle()
    if version != now.version:
        raise NotAllowed(
            gettext("The checklist changed since this page loaded. Reload it, then press Ready again.")
        )
    if len(data) != POINT_BYTES * len(now.sides) + LOCK_OVERHEAD:
        raise Invalid(gettext("This message has the wrong size for the checklist."))
    current = _open_round(pairing, number, create=True, finished=FINISHED)
    role = role_of(pairing, participant)
    messages = _messages(current)
    if (role, Stage.LOCK) in messages:
        raise NotAllowed(gettext("You pressed Ready for this comparison already."))
    theirs = messages.get((partner_role(role), Stage.LOCK))
    if theirs is not None and theirs.catalogue != version:
        raise NotAllowed(
            gettext("The checklist changed after your partner pressed Ready: they need to press it again.")
        )
    SealedMessage.objects.create(round=current, role=role, stage=Stage.LOCK, catalogue=version, data=data)
    log_event("sealed.locked")


@transaction.atomic
def reply(pairing: Pairing, participant: Participant, number: int, data: bytes) -> None:
    """This partner's reply to the other's points. The second reply releases both in the same transaction:
    from then on each partner may fetch the other's, and nobody can take theirs back."""
    require_sealed(pairing)
    current = _open_round(pairing, number, create=False, finished=FINISHED)
    role = role_of(pairing, participant)
    partner = partner_role(role)
    messages = _messages(current)
    if (role, Stage.REPLY) in messages:
        raise NotAllowed(gettext("You sent your reply for this comparison already."))
    theirs = messages.get((partner, Stage.LOCK))
    if (role, Stage.LOCK) not in messages or theirs is None:
        raise NotAllowed(gettext("A reply comes once you have both pressed Ready."))
    if len(data) != len(theirs.data) - (LOCK_OVERHEAD - REPLY_OVERHEAD):
        raise Invalid(gettext("This reply has the wrong size for the comparison."))
    SealedMessage.objects.create(round=current, role=role, stage=Stage.REPLY, data=data)
    if (partner, Stage.REPLY) in messages:
        current.revealed = timezone.now()
        current.save(update_fields=["revealed"])
        log_event("sealed.released")


@transaction.atomic
def withdraw(pairing: Pairing, participant: Participant, number: int) -> None:
    """Takes this partner's points back, until they send a reply (also how they cancel after the
    partner's saturation bit). The partner's reply answered those points, so it goes too."""
    require_sealed(pairing)
    current = _open_round(pairing, number, create=False, finished=NO_TAKING_BACK)
    role = role_of(pairing, participant)
    messages = _messages(current)
    if (role, Stage.REPLY) in messages:
        raise NotAllowed(NO_TAKING_BACK)
    if (role, Stage.LOCK) not in messages:
        raise NotAllowed(gettext("There is nothing of yours to withdraw."))
    withdrawn = Q(role=role, stage=Stage.LOCK) | Q(role=partner_role(role), stage=Stage.REPLY)
    SealedMessage.objects.filter(round=current).filter(withdrawn).delete()
    if not SealedMessage.objects.filter(round=current).exists():
        current.delete()


@transaction.atomic
def delivered(pairing: Pairing, participant: Participant, number: int) -> None:
    """Notes that `participant` fetched the partner's reply of a finished round. Once both have, the round's
    messages are deleted; its number and date stay for history."""
    current = Round.objects.select_for_update().filter(pairing=pairing, number=number).first()
    if current is None or current.revealed is None:
        return
    partner = partner_role(role_of(pairing, participant))
    SealedMessage.objects.filter(round=current, role=partner, stage=Stage.REPLY).update(delivered=True)
    if SealedMessage.objects.filter(round=current, stage=Stage.REPLY, delivered=True).count() == 2:
        SealedMessage.objects.filter(round=current).delete()


def forget_finished(before: datetime) -> None:
    """The messages of sealed rounds finished before `before`, whether or not both partners fetched them."""
    SealedMessage.objects.filter(round__revealed__lt=before).delete()
