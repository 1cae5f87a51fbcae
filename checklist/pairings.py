"""Pairings: two participants who compare, and the one door through which a participant reaches theirs."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from .models import Pairing, Participant


class NotAllowed(Exception):
    """A step the rules do not allow now; its message is shown as it is."""


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
    """Each partner's display name, or "Partner 1, 2 …" in the order all of the participant's pairings
    began (pass them all)."""
    labels = {}
    for number, pairing in enumerate(sorted(pairings, key=lambda p: (p.created, p.pk)), start=1):
        labels[pairing.pk] = pairing.partner_of(participant).display_name or f"Partner {number}"
    return labels


def partner_label(participant: Participant, pairing: Pairing) -> str:
    """One pairing's label, the same as in the list of all of them: an unnamed partner must never be
    "Partner 1" on one page and "Partner 2" on another."""
    name = pairing.partner_of(participant).display_name
    if name:
        return name
    earlier = Q(created__lt=pairing.created) | Q(created=pairing.created, pk__lt=pairing.pk)
    return f"Partner {pairings_of(participant).filter(earlier).count() + 1}"
