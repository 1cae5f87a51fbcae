"""The relay of a sealed round's messages between the two partners' browsers: one lock and one reply per
role, of the exact sizes the catalogue asks for, both replies released together, nothing taken back after a
reply. The server sees who sends what when, never what is inside (docs/sealed.md, "The server's relay").
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from kinklist.logs import log_event

from .models import Pairing, Participant, Round
from .pairings import NotAllowed
from .rounds import next_number, open_round, open_round_locked
from .sealed import LARGEST_NUMBER, Invalid, bundle
from .sealed_models import Role, SealedMessage, Stage

POINT_BYTES = 32  # one ristretto255 encoding
# AES-GCM's 12-byte nonce and 16-byte tag around the plaintext's format byte; a lock adds a saturation byte.
REPLY_OVERHEAD = 12 + 16 + 1
LOCK_OVERHEAD = REPLY_OVERHEAD + 1

MOVED_ON = gettext_lazy(
    "Your partner changed this comparison at the same moment. Reload to see where it stands."
)
NO_TAKING_BACK = gettext_lazy("Nobody can withdraw after sending a reply.")
FINISHED = gettext_lazy("This comparison is finished.")


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
