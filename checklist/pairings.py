"""Pairings: two participants who compare, the one door through which a participant reaches theirs, and
what a partner is called (nickname, display name or "Partner N")."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.conf import settings
from django.db.models import Q
from django.http import Http404

from .answers import Answers
from .catalogue import catalogue
from .models import Pairing, Participant, Snapshot


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


NAME_LENGTH = Participant._meta.get_field("display_name").max_length


def clean_name(value: str) -> str:
    """A display name or nickname as typed, trimmed; too long is refused (nothing is changed)."""
    name = " ".join(value.split())
    if len(name) > NAME_LENGTH:
        raise NotAllowed(f"A name can be at most {NAME_LENGTH} characters. Nothing was changed.")
    return name


def nickname_of(participant: Participant, pairing: Pairing) -> str:
    """The nickname `participant` privately gave their partner in this pairing ("" if none)."""
    return getattr(pairing, pairing.nickname_field(participant))


def set_nickname(participant: Participant, pairing: Pairing, value: str) -> str:
    """Saves what `participant` calls their partner (empty clears it); only they ever see it."""
    if participant.is_sealed:
        raise NotAllowed(
            "Your checklist is sealed: the names you give are kept in it, encrypted by your browser."
        )
    field = pairing.nickname_field(participant)
    setattr(pairing, field, clean_name(value))
    pairing.save(update_fields=[field])
    return getattr(pairing, field)


def _named(participant: Participant, pairing: Pairing) -> str:
    return nickname_of(participant, pairing) or pairing.partner_of(participant).display_name


def partner_labels(participant: Participant, pairings: list[Pairing]) -> dict[int, str]:
    """Each partner as the participant sees them: the nickname they gave, else the partner's display name,
    else "Partner 1, 2 …" in the order all of the participant's pairings began (pass them all)."""
    labels = {}
    for number, pairing in enumerate(sorted(pairings, key=lambda p: (p.created, p.pk)), start=1):
        labels[pairing.pk] = _named(participant, pairing) or f"Partner {number}"
    return labels


def partner_label(participant: Participant, pairing: Pairing) -> str:
    """One pairing's label, the same as in the list of all of them: an unnamed partner must never be
    "Partner 1" on one page and "Partner 2" on another."""
    name = _named(participant, pairing)
    if name:
        return name
    earlier = Q(created__lt=pairing.created) | Q(created=pairing.created, pk__lt=pairing.pk)
    return f"Partner {pairings_of(participant).filter(earlier).count() + 1}"


@dataclass(frozen=True)
class ChecklistPartner:
    """A partner as the checklist page mentions them: plain data, like everything partner-facing."""

    pairing_id: UUID
    url: str
    label: str
    invited_you: bool  # their invite brought the viewer here
    welcome: bool  # the viewer has not pressed Ready with them yet: the checklist says what comes next
    named: bool = True  # by a nickname or their display name

    @property
    def in_a_sentence(self) -> str:
        """How a sentence names them: "Partner 1" reads like a form, so an unnamed one is "your partner"."""
        return self.label if self.named else "your partner"


def checklist_partners(participant: Participant) -> tuple[ChecklistPartner, ...]:
    mine = list(pairings_of(participant).select_related("first", "second"))
    if not mine:
        return ()
    labels = partner_labels(participant, mine)
    # Only the viewer's own snapshots: whether the partner is ready changes nothing here.
    readied = set(
        Snapshot.objects.filter(participant=participant, round__pairing__in=mine).values_list(
            "round__pairing_id", flat=True
        )
    )
    return tuple(
        ChecklistPartner(
            pairing.public_id,
            pairing.get_absolute_url(),
            labels[pairing.pk],
            pairing.second_id == participant.pk,
            pairing.pk not in readied,
            bool(_named(participant, pairing)),
        )
        for pairing in mine
    )


@dataclass(frozen=True)
class ReadyQuestion:
    """Asked before Ready locks in a checklist barely begun: the viewer's own counts, never the partner's."""

    pairing_id: UUID
    url: str
    partner: str
    answered: int
    total: int


def ready_question(participant: Participant, public_id) -> ReadyQuestion | None:
    """The question to ask before `participant` presses Ready, or None when enough is answered."""
    pairing = pairing_for(participant, public_id)
    progress = Answers(participant, catalogue()).overall
    if progress.answered >= progress.total * settings.READY_ASK_BELOW:
        return None
    url, label = pairing.get_absolute_url(), partner_label(participant, pairing)
    return ReadyQuestion(pairing.public_id, url, label, progress.answered, progress.total)
