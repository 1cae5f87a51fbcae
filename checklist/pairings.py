"""Pairings: two participants who compare, the one door through which a participant reaches theirs, and
what a partner is called (nickname, display name or "your partner", in the page's language)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext, pgettext

from .answers import Answers
from .catalogue import catalogue
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


NAME_LENGTH = Participant._meta.get_field("display_name").max_length


def clean_name(value: str) -> str:
    """A display name or nickname as typed, trimmed; too long is refused (nothing is changed)."""
    name = " ".join(value.split())
    if len(name) > NAME_LENGTH:
        raise NotAllowed(
            ngettext(
                "A name can be at most %(most)s character. Nothing was changed.",
                "A name can be at most %(most)s characters. Nothing was changed.",
                NAME_LENGTH,
            )
            % {"most": NAME_LENGTH}
        )
    return name


def nickname_of(participant: Participant, pairing: Pairing) -> str:
    """The nickname `participant` privately gave their partner in this pairing ("" if none)."""
    return getattr(pairing, pairing.own_field(participant, "nickname"))


@transaction.atomic
def set_nickname(participant: Participant, pairing: Pairing, value: str) -> str:
    """Saves what `participant` calls their partner (empty clears it); only they ever see it."""
    if participant.sealed_now():
        raise NotAllowed(
            gettext("Your checklist is sealed: the names you give are kept in it, encrypted by your browser.")
        )
    field = pairing.own_field(participant, "nickname")
    setattr(pairing, field, clean_name(value))
    pairing.save(update_fields=[field])
    return getattr(pairing, field)


def _named(participant: Participant, pairing: Pairing) -> str:
    return nickname_of(participant, pairing) or pairing.partner_of(participant).display_name


@dataclass(frozen=True)
class PartnerLabel:
    """A partner as the viewer sees them, worded for a sentence: a name, or "your partner"."""

    text: str
    named: bool  # by the viewer's nickname or the partner's own display name
    # Where a sentence says "with …" or "to …": German declines "your partner" there ("mit deiner*deinem
    # Partner*in"). A name stays as it was given, and English says the same.
    dative: str

    def __str__(self) -> str:
        return self.text

    @property
    def at_start(self) -> str:
        """Where it opens a heading or a line: "Your partner"; a name stays as it was given."""
        return self.text if self.named else capfirst(self.text)


def _began(pairing: Pairing, form: str) -> str:
    return formats.date_format(timezone.localtime(pairing.created), form)


def _unnamed_labels(pairings: list[Pairing], alone: bool) -> dict[int, PartnerLabel]:
    """Unnamed partners: "your partner" when they are the only partner; among several, told apart by when
    the pairing began, the day or, when two began the same day, the minute (and their order, should two
    share even that). Each as the subject of a sentence, and after "with" or "to"."""
    if alone:
        label = PartnerLabel(
            gettext("your partner"), False, pgettext("after 'with' or 'to' (German: dative)", "your partner")
        )
        return {pairing.pk: label for pairing in pairings}
    days = Counter(_began(pairing, "SHORT_DATE_FORMAT") for pairing in pairings)
    minutes = Counter(_began(pairing, "SHORT_DATETIME_FORMAT") for pairing in pairings)
    seen: Counter[str] = Counter()
    labels = {}
    for pairing in pairings:
        day, minute = _began(pairing, "SHORT_DATE_FORMAT"), _began(pairing, "SHORT_DATETIME_FORMAT")
        if days[day] == 1:
            since = day
        elif minutes[minute] == 1:
            since = minute
        else:
            seen[minute] += 1
            since = f"{minute} ({seen[minute]})"
        labels[pairing.pk] = PartnerLabel(
            gettext("your partner since %(date)s") % {"date": since},
            False,
            pgettext("after 'with' or 'to' (German: dative)", "your partner since %(date)s")
            % {"date": since},
        )
    return labels


def partner_labels(participant: Participant, pairings: list[Pairing]) -> dict[int, PartnerLabel]:
    """Each partner as the participant sees them: the nickname they gave, else the partner's display name,
    else "your partner", with when the pairing began if there are several partners (pass them all)."""
    return _labels(pairings, {pairing.pk: _named(participant, pairing) for pairing in pairings})


def _labels(pairings: list[Pairing], names: dict[int, str]) -> dict[int, PartnerLabel]:
    """`partner_labels`, given what the viewer calls each partner ("" for unnamed), by pairing."""
    ordered = sorted(pairings, key=lambda pairing: (pairing.created, pairing.pk))
    unnamed = _unnamed_labels([pairing for pairing in ordered if not names[pairing.pk]], len(ordered) == 1)
    return {pk: PartnerLabel(name, True, name) if name else unnamed[pk] for pk, name in names.items()}


def partner_label(participant: Participant, pairing: Pairing) -> PartnerLabel:
    """One pairing's label, the same as in the list of all of them: it depends on the others."""
    return partner_labels(participant, list(pairings_of(participant).select_related("first", "second")))[
        pairing.pk
    ]


@dataclass(frozen=True)
class ChecklistPartner:
    """A partner as the checklist page mentions them: plain data, like everything partner-facing."""

    pairing_id: UUID
    url: str
    label: PartnerLabel
    invited_you: bool  # their invite brought the viewer here
    # The checklist's banner says what comes next until the viewer presses Ready with them or closes it.
    welcome: bool
    # Their checklist is sealed: comparing with them waits for the viewer to seal theirs too.
    sealed: bool = False


# The checklist page names the viewer's partners on every view, so this is one statement, written out: as two
# ORM queries (the pairings with both people, then the viewer's snapshots) it cost more than the rest of the
# page's queries together, most of it in building the SQL, and a database round trip more. Besides the
# pairing's own columns that the page reads (any other field would be fetched by a query of its own): the
# partner's display name, whether their checklist is sealed, and whether the viewer has pressed Ready in any
# of its rounds (only the viewer's own snapshots: whether the partner is ready changes nothing on the page).
CHECKLIST_PARTNERS = """
SELECT pairing.id, pairing.public_id, pairing.first_id, pairing.second_id, pairing.created,
    pairing.first_nickname, pairing.second_nickname,
    pairing.first_banner_dismissed, pairing.second_banner_dismissed,
    partner.display_name AS partner_name, partner.sealed IS NOT NULL AS partner_sealed,
    EXISTS (
        SELECT 1 FROM checklist_snapshot snapshot
        JOIN checklist_round pairing_round ON pairing_round.id = snapshot.round_id
        WHERE pairing_round.pairing_id = pairing.id AND snapshot.participant_id = %(viewer)s
    ) AS readied
FROM checklist_pairing pairing
JOIN checklist_participant partner
    ON partner.id = CASE WHEN pairing.first_id = %(viewer)s THEN pairing.second_id ELSE pairing.first_id END
WHERE pairing.first_id = %(viewer)s OR pairing.second_id = %(viewer)s
ORDER BY pairing.created, pairing.id
"""


def checklist_partners(participant: Participant) -> tuple[ChecklistPartner, ...]:
    mine = list(Pairing.objects.raw(CHECKLIST_PARTNERS, {"viewer": participant.pk}))
    if not mine:
        return ()
    labels = _labels(
        mine, {pairing.pk: nickname_of(participant, pairing) or pairing.partner_name for pairing in mine}
    )
    return tuple(
        ChecklistPartner(
            pairing.public_id,
            pairing.get_absolute_url(),
            labels[pairing.pk],
            pairing.second_id == participant.pk,
            not pairing.readied and not getattr(pairing, pairing.own_field(participant, "banner_dismissed")),
            pairing.partner_sealed,
        )
        for pairing in mine
    )


def close_banner(participant: Participant, pairing: Pairing) -> None:
    """Closes the checklist's banner about this pairing for `participant`; their partner's stays as it is."""
    field = pairing.own_field(participant, "banner_dismissed")
    setattr(pairing, field, True)
    pairing.save(update_fields=[field])


@dataclass(frozen=True)
class ReadyQuestion:
    """Asked before Ready locks in a checklist barely begun: the viewer's own counts, never the partner's."""

    pairing_id: UUID
    url: str
    partner: PartnerLabel
    answered: int
    total: int


def ready_question(participant: Participant, public_id) -> ReadyQuestion | None:
    """The question to ask before `participant` presses Ready, or None when enough is answered."""
    pairing = pairing_for(participant, public_id)
    if pairing.first.is_sealed or pairing.second.is_sealed:
        return None  # no ordinary comparison to ask about: pressing Ready is refused with the reason
    progress = Answers(participant, catalogue()).overall
    if progress.answered >= progress.total * settings.READY_ASK_BELOW:
        return None
    url, label = pairing.get_absolute_url(), partner_label(participant, pairing)
    return ReadyQuestion(pairing.public_id, url, label, progress.answered, progress.total)
