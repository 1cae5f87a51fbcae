"""Everything a partner may see, as plain frozen data: the one door between pairings and their pages.

Partner-facing views hand templates only what this module returns: labels, public ids, dates, counts of
what both partners see anyway, and the matches of revealed rounds from `reveal()`. Never a model instance
or a queryset: from a Pairing, Invite or Participant a template could reach every answer of either partner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.conf import settings
from django.http import Http404
from django.urls import reverse

from .catalogue import catalogue
from .invites import usable_invites
from .models import Invite, Pairing, PairingEnded, Participant, Round, Snapshot
from .pairings import PartnerLabel, nickname_of, pairing_for, pairings_of, partner_label, partner_labels
from .relay import partner_role, role_of
from .reveal import Match, new_activities
from .rounds import decision_token, exposed_participants, matches_of, yes_now
from .sealed import LARGEST_NUMBER
from .sealed_models import SealedMessage, Stage


@dataclass(frozen=True)
class PairingRef:
    public_id: UUID
    url: str
    partner: PartnerLabel


@dataclass(frozen=True)
class RoundState:
    """A round as one partner may see it: "none", "partner-ready", "waiting" or "decide" (the saturation
    guard asks this partner first). Once both are ready, a partner who is not asked sees only "waiting":
    whether the other is deciding would say something about that partner's answers."""

    state: str
    decision: str = ""  # in "decide": the token naming the partner's answers the warning is about
    # In "decide": the viewer's own snapshot holds no Yes, so revealing exposes nothing of theirs. Their
    # own answers only, and they still choose: the partner's pages are the same either way.
    nothing_exposed: bool = False


@dataclass(frozen=True)
class HistoryEntry:
    number: int
    url: str
    state: str  # "revealed", "cancelled" or, in a sealed pairing, "sealed" (its browsers know the rest)
    when: datetime
    matches: int = 0
    new: int | None = None  # new since the revealed round before; None for the first


@dataclass(frozen=True)
class PairingPage:
    pairing: PairingRef
    round: RoundState
    history: tuple[HistoryEntry, ...]  # newest first
    # The viewer's own Yes answers differ from those they locked in for the last revealed comparison.
    # Only ever the viewer's own: a partner's edits outside the matches are none of this page's business.
    answers_changed: bool = False
    nickname: str = ""  # what the viewer privately calls this partner
    # Whose checklist is sealed: "" (neither), "you", "partner" or "both" (the browsers compare).
    sealed: str = ""

    @property
    def latest_reveal(self) -> HistoryEntry | None:
        """The comparison just revealed, while no new one has begun."""
        if self.round.state == "none" and self.history and self.history[0].state == "revealed":
            return self.history[0]
        return None


@dataclass(frozen=True)
class PendingInvite:
    public_id: UUID
    created: datetime
    expires: datetime


@dataclass(frozen=True)
class PartnersPage:
    pairings: tuple[tuple[PairingRef, RoundState], ...]
    invites: tuple[PendingInvite, ...]
    invite_days: int


@dataclass(frozen=True)
class InvitePage:
    inviter_name: str  # empty when the inviter gave no display name
    own: bool  # the invite is the viewer's own
    sealed: bool = False  # for sealed checklists only
    must_seal: bool = False  # sealed, and the viewer's checklist is not: they seal theirs before accepting


@dataclass(frozen=True)
class EndedPairing:
    """A pairing that ended, as its former member may see it: nothing of the other person."""

    pairing_id: UUID
    ended: datetime


def ended_notes(viewer: Participant) -> tuple[EndedPairing, ...]:
    """The notes of pairings that ended, newest first, until the viewer dismisses them."""
    rows = PairingEnded.objects.filter(participant=viewer, dismissed=False).values_list("pairing_id", "ended")
    return tuple(EndedPairing(*row) for row in rows)


def ended_pairing(viewer: Participant, pairing_id: UUID) -> EndedPairing | None:
    row = PairingEnded.objects.filter(participant=viewer, pairing_id=pairing_id).values_list(
        "pairing_id", "ended"
    )
    return EndedPairing(*row[0]) if row else None


def pairing_ref(pairing: Pairing, label: PartnerLabel) -> PairingRef:
    return PairingRef(pairing.public_id, pairing.get_absolute_url(), label)


def _round_state(current: Round | None, viewer: Participant, snapshots: list[Snapshot]) -> RoundState:
    if current is None:
        return RoundState("none")
    mine = next((snapshot for snapshot in snapshots if snapshot.participant_id == viewer.pk), None)
    theirs = next((snapshot for snapshot in snapshots if snapshot.participant_id != viewer.pk), None)
    if mine and theirs and viewer.pk in exposed_participants(snapshots):
        return RoundState("decide", decision_token(theirs), not mine.yes)
    if mine:
        return RoundState("waiting")
    return RoundState("partner-ready" if theirs else "none")


def _sealed_round_state(pairing: Pairing, viewer: Participant, locked: set[tuple[int, str]]) -> RoundState:
    """Whether the viewer or the partner pressed Ready in a sealed pairing's open round. Never "decide": only
    the warned partner's browser knows about the warning."""
    role = role_of(pairing, viewer)
    if (pairing.pk, role) in locked:
        return RoundState("waiting")
    return RoundState("partner-ready" if (pairing.pk, partner_role(role)) in locked else "none")


def partners_page(viewer: Participant) -> PartnersPage:
    mine = list(pairings_of(viewer).select_related("first", "second"))
    labels = partner_labels(viewer, mine)
    open_rounds = {
        current.pairing_id: current
        for current in Round.objects.filter(
            pairing__in=mine, revealed__isnull=True, cancelled__isnull=True
        ).prefetch_related("snapshots")
    }
    # A sealed round's locks say who pressed Ready, as its relay tells each partner's browser anyway.
    locked = set(
        SealedMessage.objects.filter(round__in=open_rounds.values(), stage=Stage.LOCK).values_list(
            "round__pairing_id", "role"
        )
    )
    rows = []
    for pairing in mine:
        current = open_rounds.get(pairing.pk)
        if pairing.is_sealed:
            state = _sealed_round_state(pairing, viewer, locked)
        else:
            snapshots = list(current.snapshots.all()) if current else []
            state = _round_state(current, viewer, snapshots)
        rows.append((pairing_ref(pairing, labels[pairing.pk]), state))
    invites = usable_invites().filter(inviter=viewer).values_list("public_id", "created", "expires")
    return PartnersPage(tuple(rows), tuple(PendingInvite(*row) for row in invites), settings.INVITE_DAYS)


def pairing_page(viewer: Participant, pairing_id: UUID) -> PairingPage:
    pairing = pairing_for(viewer, pairing_id)
    rounds = list(pairing.rounds.all())
    snapshots = list(Snapshot.objects.filter(round__pairing=pairing))
    current = next((each for each in rounds if each.is_open), None)
    state = _round_state(current, viewer, [s for s in snapshots if current and s.round_id == current.pk])
    label, nickname = partner_label(viewer, pairing), nickname_of(viewer, pairing)
    changed = state.state in ("none", "partner-ready") and _answers_changed(viewer, rounds, snapshots)
    history = _sealed_history(pairing, rounds) if pairing.is_sealed else _history(pairing, rounds, snapshots)
    sealed = {(True, True): "both", (True, False): "you", (False, True): "partner"}.get(
        (viewer.is_sealed, pairing.partner_of(viewer).is_sealed), ""
    )
    return PairingPage(pairing_ref(pairing, label), state, history, changed, nickname, sealed)


def _answers_changed(viewer: Participant, rounds: list[Round], snapshots: list[Snapshot]) -> bool:
    revealed = {each.pk for each in rounds if each.revealed is not None}
    mine = [s for s in snapshots if s.participant_id == viewer.pk and s.round_id in revealed]
    if not mine:
        return False
    last = max(mine, key=lambda snapshot: snapshot.frozen)
    # A side the checklist no longer offers is in neither set: its owner could not have changed it.
    return yes_now(viewer) != last.yes_keys & catalogue().placement.keys()


def _history(pairing: Pairing, rounds: list[Round], snapshots: list[Snapshot]) -> tuple[HistoryEntry, ...]:
    """Past rounds, newest first. A revealed round shows how many activities it revealed and, after the
    first, how many are new: counts of what both partners see anyway, never of anything hidden."""
    entries = []
    previous: set[Match] | None = None
    for each in rounds:
        url = reverse("checklist:round", args=[pairing.public_id, each.number])
        if each.cancelled is not None:
            entries.append(HistoryEntry(each.number, url, "cancelled", each.cancelled))
        elif each.revealed is not None:
            matches = matches_of(each, pairing, [s for s in snapshots if s.round_id == each.pk])
            new = None if previous is None else len(new_activities(matches, previous))
            count = len({match.activity_id for match in matches})  # one card per activity, as its page shows
            entries.append(HistoryEntry(each.number, url, "revealed", each.revealed, count, new))
            previous = matches
    return tuple(reversed(entries))


def _sealed_history(pairing: Pairing, rounds: list[Round]) -> tuple[HistoryEntry, ...]:
    """A sealed pairing's finished rounds, newest first: only their numbers and dates are here."""
    return tuple(
        HistoryEntry(each.number, each.get_absolute_url(), "sealed", each.revealed)
        for each in reversed(rounds)
        if each.revealed is not None
    )


@dataclass(frozen=True)
class SealedComparison:
    """A finished round of a sealed pairing: its matches exist only in the partners' browsers, which show
    them on this round's page; the server knows its number and date."""

    pairing: PairingRef
    number: int
    url: str
    revealed: datetime


def sealed_comparison(viewer: Participant, pairing_id: UUID, number: int) -> SealedComparison | None:
    """Round `number` of a sealed pairing (404 unless finished), or None when the pairing is not sealed."""
    pairing = pairing_for(viewer, pairing_id)
    if not pairing.is_sealed:
        return None
    in_range = 0 < number <= LARGEST_NUMBER
    found = pairing.rounds.filter(number=number, revealed__isnull=False).first() if in_range else None
    if found is None:
        raise Http404
    url = reverse("checklist:round", args=[pairing.public_id, number])
    return SealedComparison(pairing_ref(pairing, partner_label(viewer, pairing)), number, url, found.revealed)


def invite_page(invite: Invite, viewer: Participant | None) -> InvitePage:
    own = viewer is not None and viewer.pk == invite.inviter_id
    must_seal = invite.sealed and not (viewer is not None and viewer.is_sealed)
    return InvitePage(invite.inviter.display_name, own, invite.sealed, must_seal)


# What a sealed pairing's browsers get: round states and ciphertexts they relay, nothing of a checklist.


@dataclass(frozen=True)
class SealedPairing:
    pairing_id: UUID
    role: str  # "inviter" or "invitee": part of every message's associated data
    sealed: bool  # both checklists are sealed: their browsers compare
    partner_sealed: bool
    partner: str  # as the viewer sees them: a name, or "Your partner"
    invite: (
        UUID | None
    )  # to its inviter: the sealed invite it began with, where their browser kept its secret
    round: int  # the open round's number, or the next one's
    finished: tuple[tuple[int, datetime], ...]  # each finished round's number and date, oldest first


def sealed_pairing(viewer: Participant, pairing_id: UUID) -> SealedPairing:
    pairing = pairing_for(viewer, pairing_id)
    rounds = list(pairing.rounds.all())
    current = next((each for each in rounds if each.is_open), None)
    role = role_of(pairing, viewer)
    return SealedPairing(
        pairing.public_id,
        role,
        pairing.is_sealed,
        pairing.partner_of(viewer).is_sealed,
        partner_label(viewer, pairing).at_start,
        pairing.sealed_invite if role == "inviter" else None,
        current.number if current else max((each.number for each in rounds), default=0) + 1,
        tuple((each.number, each.revealed) for each in rounds if each.revealed is not None),
    )


@dataclass(frozen=True)
class SealedRound:
    """A sealed round as one partner's browser sees it. The partner's points come once both are locked,
    the partner's reply once both replies are in: never a count, never anything decrypted. Whether the
    partner has replied shows only with the release: otherwise the wait would tell that they are deciding
    on the saturation bit (the ordinary comparison hides that too)."""

    stage: str  # "open", "locked" (both), "replied" (this partner replied) or "done" (both replies released)
    me_locked: bool
    partner_locked: bool
    me_replied: bool
    partner_message: bytes | None = None
    partner_reply: bytes | None = None


def sealed_round(viewer: Participant, pairing: Pairing, number: int) -> SealedRound:
    """Round `number` of a sealed pairing: one that exists, or the next one nobody has locked yet."""
    # One read of the rounds: a round the partner opens meanwhile is in it or not, never half (read in
    # several steps, it could be missing from the first and found open by the next: a false "not found").
    rounds = {each.number: each for each in pairing.rounds.all()} if 0 < number <= LARGEST_NUMBER else {}
    found = rounds.get(number)
    if found is None:
        if number != max(rounds, default=0) + 1 or any(each.is_open for each in rounds.values()):
            raise Http404
        return SealedRound("open", False, False, False)
    role = role_of(pairing, viewer)
    partner = partner_role(role)
    messages = {(m.role, m.stage): bytes(m.data) for m in SealedMessage.objects.filter(round=found)}
    done = found.revealed is not None
    mine, theirs = (role, Stage.LOCK) in messages, (partner, Stage.LOCK) in messages
    if done:
        stage = "done"
    elif (role, Stage.REPLY) in messages:
        stage = "replied"
    else:
        stage = "locked" if mine and theirs else "open"
    return SealedRound(
        stage,
        done or mine,
        done or theirs,
        done or (role, Stage.REPLY) in messages,
        messages.get((partner, Stage.LOCK)) if done or (mine and theirs) else None,
        messages.get((partner, Stage.REPLY)) if done else None,
    )
