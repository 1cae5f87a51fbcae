"""Ending pairings: whether one partner ends it, one deletes everything or a purge removes one, each
former member who remains keeps the same short record (`PairingEnded`): which pairing, and when. A sealed
pairing's results and round secret, kept encrypted by each partner, go with it."""

from __future__ import annotations

from uuid import UUID

from django.db import transaction
from django.db.models import Q, QuerySet

from .models import Pairing, PairingEnded, Participant
from .sealed import forget_pairings


@transaction.atomic
def end(pairing: Pairing, by: Participant) -> None:
    """Deletes the pairing with its comparisons. The one who ended it has no note to read, only the
    record that keeps its old links saying so."""
    PairingEnded.objects.bulk_create(
        [
            PairingEnded(participant_id=member, pairing_id=pairing.public_id, dismissed=member == by.pk)
            for member in (pairing.first_id, pairing.second_id)
        ],
        ignore_conflicts=True,
    )
    forget_pairings([pairing.public_id])
    pairing.delete()


def leave(leaving: QuerySet[Participant]) -> None:
    """Before these participants are deleted (their pairings go with them): a note for each partner who
    stays. Call it in the transaction that deletes them."""
    gone = set(leaving.values_list("pk", flat=True))
    ended = list(
        Pairing.objects.filter(Q(first__in=gone) | Q(second__in=gone)).values_list(
            "public_id", "first_id", "second_id"
        )
    )
    PairingEnded.objects.bulk_create(
        [
            PairingEnded(participant_id=member, pairing_id=public_id)
            for public_id, first, second in ended
            for member in (first, second)
            if member not in gone
        ],
        ignore_conflicts=True,
    )
    forget_pairings([public_id for public_id, _, _ in ended])


def dismiss(participant: Participant, pairing_id: UUID) -> bool:
    """Hides the note; the record stays, so the pairing's old links still say it ended. False when the
    participant has no such note."""
    return bool(
        PairingEnded.objects.filter(participant=participant, pairing_id=pairing_id).update(dismissed=True)
    )
