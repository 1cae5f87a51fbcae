"""Invites, pairings and rounds: the rules of who may do what, in one place the views call."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.http import Http404
from django.utils import timezone

from kinklist.capabilities import hash_secret, new_secret
from kinklist.logging import log_event

from .models import Invite, Pairing, Participant, Rating, Round, Side, Snapshot
from .reveal import Direction, Match, reveal, saturation
from .sheet import catalogue


class NotAllowed(Exception):
    """A step the rules do not allow now; its message is shown as it is."""


# Invites


def create_invite(inviter: Participant) -> tuple[Invite, str]:
    secret, secret_hash = new_secret()
    log_event("invite.created")
    invite = Invite.objects.create(
        inviter=inviter,
        secret_hash=secret_hash,
        expires=timezone.now() + timedelta(days=settings.INVITE_DAYS),
    )
    return invite, secret


def usable_invites():
    return Invite.objects.filter(used__isnull=True, revoked__isnull=True, expires__gt=timezone.now())


def find_invite(secret: str) -> Invite | None:
    """The invite behind a link, if it can still be accepted; used, revoked, expired and unknown alike."""
    return usable_invites().select_related("inviter").filter(secret_hash=hash_secret(secret)).first()


def accept_invite(invite: Invite, participant: Participant | None) -> tuple[Participant, Pairing] | None:
    """Consumes the invite and pairs the inviter with `participant` (a new one if None).

    Returns who accepted and the pairing, or None if someone else was quicker: exactly one can win.
    """
    if participant is not None and participant.pk == invite.inviter_id:
        raise NotAllowed("This is your own invite. Send it to your partner: it works once, for them.")
    with transaction.atomic():
        claimed = usable_invites().filter(pk=invite.pk).update(used=timezone.now())
        if not claimed:
            return None
        participant = participant or Participant.objects.create()
        pairing = pairing_between(invite.inviter, participant)
        if pairing is None:
            try:
                with transaction.atomic():
                    pairing = Pairing.objects.create(first=invite.inviter, second=participant)
            except IntegrityError:  # they accepted each other's invites at the same moment
                pairing = pairing_between(invite.inviter, participant)
        log_event("invite.accepted")
        return participant, pairing


def revoke_invite(inviter: Participant, public_id) -> None:
    revoked = usable_invites().filter(inviter=inviter, public_id=public_id).update(revoked=timezone.now())
    if not revoked:
        raise Http404


# Pairings


def pairing_between(one: Participant, other: Participant) -> Pairing | None:
    return Pairing.objects.filter(Q(first=one, second=other) | Q(first=other, second=one)).first()


def pairings_of(participant: Participant):
    return Pairing.objects.filter(Q(first=participant) | Q(second=participant))


def pairing_for(participant: Participant, public_id) -> Pairing:
    """The one door to a pairing: anything not the participant's own is a 404."""
    pairing = pairings_of(participant).filter(public_id=public_id).select_related("first", "second").first()
    if pairing is None:
        raise Http404
    return pairing


def partner_labels(participant: Participant, pairings: list[Pairing]) -> dict[int, str]:
    """Each partner's display name, or "Partner 1, 2 …" in the order the pairings began."""
    labels = {}
    for number, pairing in enumerate(sorted(pairings, key=lambda p: (p.created, p.pk)), start=1):
        labels[pairing.pk] = pairing.partner_of(participant).display_name or f"Partner {number}"
    return labels


# Rounds


def freeze(participant: Participant, pairing: Pairing) -> dict:
    """The participant's current answers, reduced to what a snapshot may keep.

    Only sides the checklist offers now count (see `matches_of`). Saturation counts the Yes answers
    of this pairing's earlier revealed rounds too: spreading a Yes-to-everything over several rounds
    must not slip past the guard.
    """
    offered = catalogue(with_terms=False).placement.keys()
    rows = Rating.objects.filter(participant=participant, answer="yes").values_list("activity_id", "side")
    yes = {(activity_id, side) for activity_id, side in rows} & offered
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


def _open_round_locked(pairing: Pairing, create: bool) -> Round | None:
    """The open round, locked until the transaction ends so both partners' steps queue."""
    current = open_round(pairing)
    if current is None and create:
        number = (pairing.rounds.aggregate(last=Max("number"))["last"] or 0) + 1
        try:
            with transaction.atomic():
                current = Round.objects.create(pairing=pairing, number=number)
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
    current = _open_round_locked(pairing, create=True)
    if current is None:  # the partner withdrew the round this one was about to join
        current = _open_round_locked(pairing, create=True)
    Snapshot.objects.get_or_create(
        round=current, participant=participant, defaults=freeze(participant, pairing)
    )
    log_event("round.ready")
    _reveal_if_settled(current)
    return current


@transaction.atomic
def withdraw(pairing: Pairing, participant: Participant) -> None:
    current = _open_round_locked(pairing, create=False)
    if current is None:
        raise NotAllowed("There is no comparison waiting.")
    # Allowed until the reveal, even while the partner decides on the saturation guard's warning:
    # refusing then would tell this partner that the other is deciding.
    current.snapshots.filter(participant=participant).delete()
    # A decision to reveal anyway was about the snapshot that is now gone.
    current.snapshots.update(reveals_anyway=False)
    if not current.snapshots.exists():
        current.delete()


def _round_awaiting_decision_of(pairing: Pairing, participant: Participant) -> Round:
    current = _open_round_locked(pairing, create=False)
    if current is None or participant.pk not in exposed_participants(list(current.snapshots.all())):
        raise NotAllowed("There is nothing waiting for your decision.")
    return current


@transaction.atomic
def reveal_anyway(pairing: Pairing, participant: Participant) -> Round:
    current = _round_awaiting_decision_of(pairing, participant)
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


# What a participant may see of a round


@dataclass
class RoundView:
    """A round as one partner may see it: their own readiness, whether the partner is ready, and
    nothing else until it is revealed."""

    round: Round | None
    i_am_ready: bool
    partner_ready: bool
    must_decide: bool  # the saturation guard asks this partner first

    @property
    def state(self) -> str:
        if self.round is None:
            return "none"
        if self.must_decide:
            return "decide"
        if self.i_am_ready:
            return "waiting"
        return "partner-ready" if self.partner_ready else "none"


def round_view(current: Round | None, participant: Participant, snapshots: list[Snapshot]) -> RoundView:
    if current is None:
        return RoundView(None, False, False, False)
    mine = any(snapshot.participant_id == participant.pk for snapshot in snapshots)
    theirs = any(snapshot.participant_id != participant.pk for snapshot in snapshots)
    must_decide = mine and theirs and participant.pk in exposed_participants(snapshots)
    # Once both are ready, a partner who is not asked to decide sees only "waiting": whether the
    # other is deciding would say something about that partner's answers.
    return RoundView(current, mine, theirs and not mine, must_decide)


def matches_of(revealed: Round, snapshots: list[Snapshot]) -> set[Match]:
    """The revealed matches of a round, with A as the pairing's first partner."""
    if revealed.revealed is None:
        raise NotAllowed("This round has not been revealed.")
    by_participant = {snapshot.participant_id: snapshot for snapshot in snapshots}
    first = by_participant[revealed.pairing.first_id]
    second = by_participant[revealed.pairing.second_id]
    # A side an activity no longer has (an admin changed its kind) is neither shown nor revealed: its
    # answers cannot be seen or cleared by their owners any more, and its wording may be gone.
    offered = catalogue(with_terms=False).placement.keys()
    return reveal(first.yes_keys & offered, second.yes_keys & offered)


def direction_for(match: Match, pairing: Pairing, viewer: Participant) -> str:
    """ "together", "you" (you → your partner) or "partner" (your partner → you)."""
    if match.direction == Direction.TOGETHER:
        return "together"
    viewer_is_first = viewer.pk == pairing.first_id
    return "you" if (match.direction == Direction.A_TO_B) == viewer_is_first else "partner"
