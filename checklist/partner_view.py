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

from .catalogue import Entry, catalogue
from .invites import usable_invites
from .models import Invite, Pairing, PairingEnded, Participant, Round, Side, Snapshot
from .pairings import pairing_for, pairings_of, partner_label, partner_labels
from .reveal import Direction, Match
from .rounds import decision_token, exposed_participants, matches_of

DIRECTION_LABELS = {"together": "Together", "you": "You → your partner", "partner": "Your partner → you"}
EXPORT_COLUMNS = ["round", "revealed", "activity", "category", "direction", "your_wording", "partner_wording"]


@dataclass(frozen=True)
class PairingRef:
    public_id: UUID
    url: str
    partner: str  # the partner's display name, or "Partner 1"


@dataclass(frozen=True)
class RoundState:
    """A round as one partner may see it: "none", "partner-ready", "waiting" or "decide" (the saturation
    guard asks this partner first). Once both are ready, a partner who is not asked sees only "waiting":
    whether the other is deciding would say something about that partner's answers."""

    state: str
    decision: str = ""  # in "decide": the token naming the partner's answers the warning is about


@dataclass(frozen=True)
class HistoryEntry:
    number: int
    url: str
    state: str  # "revealed" or "cancelled"
    when: datetime
    matches: int = 0
    new: int | None = None  # new since the revealed round before; None for the first


@dataclass(frozen=True)
class PairingPage:
    pairing: PairingRef
    round: RoundState
    history: tuple[HistoryEntry, ...]  # newest first


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


@dataclass(frozen=True)
class MatchCard:
    activity: Entry
    direction: str  # "together", "you" (you → your partner) or "partner" (your partner → you)
    is_new: bool

    @property
    def direction_label(self) -> str:
        return DIRECTION_LABELS[self.direction]

    @property
    def your_wording(self) -> str:
        return self.activity.side_text({"you": Side.GIVE, "partner": Side.RECEIVE}.get(self.direction, ""))

    @property
    def partner_wording(self) -> str:
        return self.activity.side_text({"you": Side.RECEIVE, "partner": Side.GIVE}.get(self.direction, ""))


@dataclass(frozen=True)
class MatchGroup:
    slug: str
    name: str
    matches: tuple[MatchCard, ...]


@dataclass(frozen=True)
class Comparison:
    pairing: PairingRef
    number: int
    url: str
    revealed: datetime
    groups: tuple[MatchGroup, ...]
    previous_number: int | None

    @property
    def matches(self) -> list[MatchCard]:
        return [card for group in self.groups for card in group.matches]

    @property
    def new_count(self) -> int:
        return sum(1 for card in self.matches if card.is_new)


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


def _ref(pairing: Pairing, label: str) -> PairingRef:
    return PairingRef(pairing.public_id, pairing.get_absolute_url(), label)


def _round_state(current: Round | None, viewer: Participant, snapshots: list[Snapshot]) -> RoundState:
    if current is None:
        return RoundState("none")
    mine = any(snapshot.participant_id == viewer.pk for snapshot in snapshots)
    theirs = any(snapshot.participant_id != viewer.pk for snapshot in snapshots)
    if mine and theirs and viewer.pk in exposed_participants(snapshots):
        partner_snapshot = next(snapshot for snapshot in snapshots if snapshot.participant_id != viewer.pk)
        return RoundState("decide", decision_token(partner_snapshot))
    if mine:
        return RoundState("waiting")
    return RoundState("partner-ready" if theirs else "none")


def partners_page(viewer: Participant) -> PartnersPage:
    mine = list(pairings_of(viewer).select_related("first", "second"))
    labels = partner_labels(viewer, mine)
    open_rounds = {
        current.pairing_id: current
        for current in Round.objects.filter(
            pairing__in=mine, revealed__isnull=True, cancelled__isnull=True
        ).prefetch_related("snapshots")
    }
    rows = []
    for pairing in mine:
        current = open_rounds.get(pairing.pk)
        snapshots = list(current.snapshots.all()) if current else []
        rows.append((_ref(pairing, labels[pairing.pk]), _round_state(current, viewer, snapshots)))
    invites = usable_invites().filter(inviter=viewer).values_list("public_id", "created", "expires")
    return PartnersPage(tuple(rows), tuple(PendingInvite(*row) for row in invites), settings.INVITE_DAYS)


def pairing_page(viewer: Participant, pairing_id: UUID) -> PairingPage:
    pairing = pairing_for(viewer, pairing_id)
    rounds = list(pairing.rounds.all())
    snapshots = list(Snapshot.objects.filter(round__pairing=pairing))
    current = next((each for each in rounds if each.is_open), None)
    state = _round_state(current, viewer, [s for s in snapshots if current and s.round_id == current.pk])
    label = partner_label(viewer, pairing)
    return PairingPage(_ref(pairing, label), state, _history(pairing, rounds, snapshots))


def _history(pairing: Pairing, rounds: list[Round], snapshots: list[Snapshot]) -> tuple[HistoryEntry, ...]:
    """Past rounds, newest first. A revealed round shows how many matches it revealed and, after the
    first, how many are new: counts of what both partners see anyway, never of anything hidden."""
    entries = []
    previous: set[Match] | None = None
    for each in rounds:
        url = reverse("checklist:round", args=[pairing.public_id, each.number])
        if each.cancelled is not None:
            entries.append(HistoryEntry(each.number, url, "cancelled", each.cancelled))
        elif each.revealed is not None:
            matches = matches_of(each, pairing, [s for s in snapshots if s.round_id == each.pk])
            new = None if previous is None else len(matches - previous)
            entries.append(HistoryEntry(each.number, url, "revealed", each.revealed, len(matches), new))
            previous = matches
    return tuple(reversed(entries))


def invite_page(invite: Invite, viewer: Participant | None) -> InvitePage:
    own = viewer is not None and viewer.pk == invite.inviter_id
    return InvitePage(invite.inviter.display_name, own)


def comparison(viewer: Participant, pairing_id: UUID, number: int) -> Comparison:
    """Round `number` of the pairing (404 unless revealed) as `viewer` sees it, marking what is new
    since the previous revealed round."""
    pairing = pairing_for(viewer, pairing_id)
    revealed = [each for each in pairing.rounds.all() if each.revealed is not None]
    current = next((each for each in revealed if each.number == number), None)
    if current is None:
        raise Http404
    earlier = [each for each in revealed if each.number < number]
    previous = earlier[-1] if earlier else None
    wanted = [current.pk] + ([previous.pk] if previous else [])
    snapshots = list(Snapshot.objects.filter(round_id__in=wanted))
    matches = matches_of(current, pairing, [s for s in snapshots if s.round_id == current.pk])
    before = (
        matches_of(previous, pairing, [s for s in snapshots if s.round_id == previous.pk])
        if previous
        else set()
    )
    by_activity: dict[int, list[Match]] = {}
    for match in sorted(matches):
        by_activity.setdefault(match.activity_id, []).append(match)
    groups = []
    for section in catalogue().sections:
        cards = [
            MatchCard(entry, _direction(match, pairing, viewer), previous is not None and match not in before)
            for entry in section.entries + section.retired
            for match in by_activity.get(entry.id, [])
        ]
        if cards:
            groups.append(MatchGroup(section.slug, section.name, tuple(cards)))
    label = partner_label(viewer, pairing)
    url = reverse("checklist:round", args=[pairing.public_id, number])
    return Comparison(
        _ref(pairing, label), number, url, current.revealed, tuple(groups), previous and previous.number
    )


def _direction(match: Match, pairing: Pairing, viewer: Participant) -> str:
    if match.direction == Direction.TOGETHER:
        return "together"
    viewer_is_first = viewer.pk == pairing.first_id
    return "you" if (match.direction == Direction.A_TO_B) == viewer_is_first else "partner"


def export_rows(result: Comparison) -> list[dict]:
    """A comparison as rows for JSON and CSV: exactly what its page shows."""
    return [
        {
            "round": result.number,
            "revealed": result.revealed.isoformat(),
            "activity": card.activity.name,
            "category": group.name,
            "direction": card.direction_label,
            "your_wording": card.your_wording,
            "partner_wording": card.partner_wording,
        }
        for group in result.groups
        for card in group.matches
    ]
