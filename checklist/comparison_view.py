"""A revealed comparison as a partner may see it, as plain frozen data: one card per matched activity.

Part of the boundary between pairings and their pages (see README.md): it reads rounds and snapshots, and
returns only the matches `reveal()` computes, worded for the viewer. The exports are built from the same
`Comparison` the round page shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.http import Http404
from django.urls import reverse
from django.utils.translation import get_language, gettext, gettext_noop, pgettext

from .catalogue import Entry, catalogue
from .models import Participant, Round, Snapshot
from .pairings import PartnerLabel, pairing_for, partner_label
from .partner_view import PairingRef, pairing_ref
from .reveal import Direction, Match, by_activity, new_activities
from .rounds import matches_of

# The last column says which language the names and wording are in (the page's the download came from).
EXPORT_COLUMNS = [
    "round",
    "revealed",
    "activity",
    "category",
    "direction",
    "your_wording",
    "partner_wording",
    "language",
]

# One opening question per kind of card, to start the conversation the card is about (translated when shown).
PROMPTS = {
    "together": gettext_noop("What would make this feel good for both of you?"),
    "both": gettext_noop("Who would like to go first, and how will you check in when you swap?"),
    "you": gettext_noop("What would you want to know before you start?"),
    "partner": gettext_noop("What would you like them to know before they start?"),
}


@dataclass(frozen=True)
class MatchCard:
    activity: Entry
    category: str
    kind: str  # "together", "both" (both ways), "you" (you → your partner) or "partner" (your partner → you)
    chip: str  # the kind as the page says it, with the partner's label
    is_new: bool

    @property
    def prompt(self) -> str:
        return gettext(PROMPTS[self.kind])

    @property
    def your_wording(self) -> str:
        return self._wording(self.kind)

    @property
    def partner_wording(self) -> str:
        return self._wording({"you": "partner", "partner": "you"}.get(self.kind, self.kind))

    def _wording(self, kind: str) -> str:
        """What someone said yes to, in the checklist's words: giving when they act, else receiving."""
        activity = self.activity
        return {
            "together": activity.name,
            "both": f"{activity.give_text}; {activity.receive_text}",
            "you": activity.give_text,
            "partner": activity.receive_text,
        }[kind]


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
    fresh: tuple[MatchCard, ...]  # new since the previous revealed round, shown first
    groups: tuple[MatchGroup, ...]  # the rest, by category
    previous_number: int | None

    @property
    def matches(self) -> list[MatchCard]:
        """Every card, in the order the page shows them."""
        return list(self.fresh) + [card for group in self.groups for card in group.matches]


def _kind(directions: frozenset[Direction], viewer_is_first: bool) -> str:
    if Direction.TOGETHER in directions:
        return "together"
    if len(directions) == 2:
        return "both"
    return "you" if (Direction.A_TO_B in directions) == viewer_is_first else "partner"


def _chips(partner: PartnerLabel) -> dict[str, str]:
    return {
        "together": pgettext("a match card: an activity you both do together", "Together"),
        "both": pgettext("a match card: both of you would give and receive", "Both ways"),
        "you": gettext("You → %(partner)s") % {"partner": partner},
        "partner": gettext("%(partner)s → you") % {"partner": partner.at_start},
    }


def comparison(viewer: Participant, pairing_id: UUID, number: int) -> Comparison:
    """Round `number` of the pairing (404 unless revealed) as `viewer` sees it, in the page's language, with
    what is new since the previous revealed round first. Partners reading different languages see the same
    cards: the matches are by activity and side, whatever words show them."""
    pairing = pairing_for(viewer, pairing_id)
    if pairing.is_sealed:  # its matches exist only in the partners' browsers
        raise Http404
    revealed = [each for each in pairing.rounds.all() if each.revealed is not None]
    current = next((each for each in revealed if each.number == number), None)
    if current is None:
        raise Http404
    earlier = [each for each in revealed if each.number < number]
    previous = earlier[-1] if earlier else None
    wanted = [current.pk] + ([previous.pk] if previous else [])
    snapshots = list(Snapshot.objects.filter(round_id__in=wanted))

    def matches_in(each: Round) -> set[Match]:
        return matches_of(each, pairing, [s for s in snapshots if s.round_id == each.pk])

    matches = matches_in(current)
    new = new_activities(matches, matches_in(previous)) if previous else set()
    label = partner_label(viewer, pairing)
    chips = _chips(label)
    directions = by_activity(matches)
    fresh, groups = [], []
    for section in catalogue(get_language()).sections:
        cards = []
        for entry in section.entries + section.retired:
            if entry.id in directions:
                kind = _kind(directions[entry.id], viewer.pk == pairing.first_id)
                cards.append(MatchCard(entry, section.name, kind, chips[kind], entry.id in new))
        fresh += [card for card in cards if card.is_new]
        rest = tuple(card for card in cards if not card.is_new)
        if rest:
            groups.append(MatchGroup(section.slug, section.name, rest))
    url = reverse("checklist:round", args=[pairing.public_id, number])
    return Comparison(
        pairing_ref(pairing, label),
        number,
        url,
        current.revealed,
        tuple(fresh),
        tuple(groups),
        previous and previous.number,
    )


def export_rows(result: Comparison) -> list[dict]:
    """A comparison as rows for JSON and CSV: exactly what its page shows, every column filled."""
    return [
        {
            "round": result.number,
            "revealed": result.revealed.isoformat(),
            "activity": card.activity.name,
            "category": card.category,
            "direction": card.chip,
            "your_wording": card.your_wording,
            "partner_wording": card.partner_wording,
        }
        for card in result.matches
    ]
