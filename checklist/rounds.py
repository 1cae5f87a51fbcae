"""Comparison rounds: each partner freezes a snapshot when ready; a round is revealed when both are, unless
the saturation guard first asks one of them."""

from __future__ import annotations

from collections import Counter

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext

from kinklist.logs import log_event

from .answers import Answers
from .catalogue import catalogue
from .models import Answer, Pairing, Participant, Round, Side, Snapshot
from .pairings import NotAllowed
from .reveal import Key, Match, reveal, saturation


def yes_now(participant: Participant) -> set[Key]:
    """The Yes answers a snapshot taken now would hold: sides the checklist offers, outside sections left
    out."""
    current = catalogue()
    answers = Answers(participant, current)
    yes = {key for key, answer in answers.answers.items() if answer == Answer.YES} & current.placement.keys()
    return yes - answers.hidden_keys


def freeze(participant: Participant, pairing: Pairing) -> dict:
    """The participant's current answers, reduced to what a snapshot may keep.

    Only sides the checklist offers now count, and none in a section the participant left out. Saturation
    counts the Yes answers of this pairing's earlier revealed rounds too (spreading a Yes-to-everything
    over several rounds must not slip past the guard), measured against the whole checklist whatever is
    left out, so leaving sections out changes nothing a partner could notice beyond the missing matches.
    """
    current = catalogue()
    offered = current.placement.keys()
    yes = yes_now(participant)
    earlier = Snapshot.objects.filter(
        participant=participant, round__pairing=pairing, round__revealed__isnull=False
    ).values_list("yes", flat=True)
    shown = yes.union(*({(activity_id, side) for activity_id, side in keys} & offered for keys in earlier))
    sides = Counter(side for _, side in offered)
    return {
        "yes": sorted([activity_id, side] for activity_id, side in yes),
        "saturation": saturation(shown, sides[Side.SHARED], sides[Side.GIVE]),
    }


def open_round(pairing: Pairing) -> Round | None:
    return pairing.rounds.filter(revealed__isnull=True, cancelled__isnull=True).first()


def next_number(pairing: Pairing) -> int:
    return (pairing.rounds.aggregate(last=Max("number"))["last"] or 0) + 1


def plain_only(pairing: Pairing, participant: Participant) -> None:
    """Refuses a step of the ordinary comparison when either checklist is sealed: the server holds no
    answers of a sealed person to compare, and a sealed pairing's browsers compare on their own."""
    partner = pairing.partner_of(participant)
    for person in sorted((participant, partner), key=lambda person: person.pk):  # one lock order, no deadlock
        person.sealed_now()
    if participant.is_sealed and partner.is_sealed:
        raise NotAllowed(
            gettext(
                "Your checklists are both sealed, so only your two browsers can compare them "
                "(with JavaScript)."
            )
        )
    if participant.is_sealed:
        raise NotAllowed(
            gettext("Your checklist is sealed: your partner needs to seal theirs before you can compare.")
        )
    if partner.is_sealed:
        raise NotAllowed(gettext("Your partner's checklist is sealed. Seal yours to compare."))


def open_round_locked(pairing: Pairing, create: bool) -> Round | None:
    """The open round, locked until the transaction ends so both partners' steps queue."""
    current = open_round(pairing)
    if current is None and create:
        try:
            with transaction.atomic():
                current = Round.objects.create(pairing=pairing, number=next_number(pairing))
        except IntegrityError:  # the partner opened it at the same moment
            current = open_round(pairing)
    if current is None:
        return None
    # Re-read under the lock: the partner may have revealed, cancelled or withdrawn it meanwhile.
    return (
        Round.objects.select_for_update()
        .filter(pk=current.pk, revealed__isnull=True, cancelled__isnull=True)
        .first()
    )


@transaction.atomic
def ready(pairing: Pairing, participant: Participant) -> Round:
    plain_only(pairing, participant)
    current = open_round_locked(pairing, create=True)
    if current is None:  # the partner withdrew the round this one was about to join
        current = open_round_locked(pairing, create=True)
    Snapshot.objects.get_or_create(
        round=current, participant=participant, defaults=freeze(participant, pairing)
    )
    log_event("round.ready")
    _reveal_if_settled(current)
    return current


@transaction.atomic
def withdraw(pairing: Pairing, participant: Participant) -> None:
    plain_only(pairing, participant)
    current = open_round_locked(pairing, create=False)
    if current is None:
        raise NotAllowed(gettext("There is no comparison waiting."))
    # Allowed until the reveal, even while the partner decides on the saturation guard's warning:
    # refusing then would tell this partner that the other is deciding.
    current.snapshots.filter(participant=participant).delete()
    # A decision to reveal anyway was about the snapshot that is now gone.
    current.snapshots.update(reveals_anyway=False)
    if not current.snapshots.exists():
        current.delete()


def _round_awaiting_decision_of(pairing: Pairing, participant: Participant) -> Round:
    plain_only(pairing, participant)
    current = open_round_locked(pairing, create=False)
    if current is None or participant.pk not in exposed_participants(list(current.snapshots.all())):
        raise NotAllowed(gettext("There is nothing waiting for your decision."))
    return current


def decision_token(partner_snapshot: Snapshot) -> str:
    """Names the partner's answers a warning was about, without saying anything about them: a decision
    to reveal anyway holds only for those answers, not for the ones the partner locks in after
    withdrawing and pressing Ready again while this page stayed open."""
    about = f"{partner_snapshot.pk}:{partner_snapshot.frozen.isoformat()}"
    return salted_hmac("checklist.rounds.decision", about).hexdigest()[:32]


@transaction.atomic
def reveal_anyway(pairing: Pairing, participant: Participant, about: str) -> Round:
    current = _round_awaiting_decision_of(pairing, participant)
    partner_snapshot = current.snapshots.exclude(participant=participant).get()
    if not constant_time_compare(about, decision_token(partner_snapshot)):
        raise NotAllowed(
            gettext(
                "Your partner pressed Ready again after this page was shown, so nothing was revealed. "
                "Look at the comparison again before you decide."
            )
        )
    current.snapshots.filter(participant=participant).update(reveals_anyway=True)
    _reveal_if_settled(current)
    return current


@transaction.atomic
def cancel(pairing: Pairing, participant: Participant) -> None:
    current = _round_awaiting_decision_of(pairing, participant)
    current.cancelled = timezone.now()
    current.save(update_fields=["cancelled"])
    log_event("round.cancelled")


def exposed_participants(snapshots: list[Snapshot]) -> set[int]:
    """Who, with both snapshots in, faces a partner who said Yes to nearly everything, and has not
    yet chosen to reveal anyway."""
    if len(snapshots) != 2:
        return set()
    one, other = snapshots
    return {
        me.participant_id
        for me, them in ((one, other), (other, one))
        if them.says_yes_to_nearly_everything and not me.reveals_anyway
    }


def _reveal_if_settled(current: Round) -> None:
    snapshots = list(current.snapshots.all())
    if len(snapshots) == 2 and not exposed_participants(snapshots):
        current.revealed = timezone.now()
        current.save(update_fields=["revealed"])
        log_event("round.revealed")


def matches_of(revealed: Round, pairing: Pairing, snapshots: list[Snapshot]) -> set[Match]:
    """The revealed matches of a round, with A as the pairing's first partner."""
    if revealed.revealed is None:
        raise NotAllowed(gettext("This round has not been revealed."))
    by_participant = {snapshot.participant_id: snapshot for snapshot in snapshots}
    first = by_participant[pairing.first_id]
    second = by_participant[pairing.second_id]
    # A side an activity no longer has (an admin changed its kind) is neither shown nor revealed: its
    # answers cannot be seen or cleared by their owners any more, and its wording may be gone. A retired
    # activity keeps its sides: a comparison revealed before it was retired still reads the same.
    known = catalogue().known
    return reveal(first.yes_keys & known, second.yes_keys & known)
