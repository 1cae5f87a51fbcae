"""Which sections a participant rates: the ones they chose to leave out, and the intense ones that start
hidden until they show them.

Leaving a section out is private and reversible: answers in it are kept, but they count for nothing
(progress, comparison) while it is out. A partner cannot tell a left-out section from answers that are
not Yes, because a round's snapshot holds only Yes answers of shown sections.
"""

from __future__ import annotations

from collections.abc import Collection

from .catalogue import Section
from .models import Participant


def hides(participant: Participant, section: Section, has_answers: bool) -> bool:
    """Left out when its participant chose so, or when it starts hidden and they have neither shown it
    nor answered anything in it (someone who answered there before it started hidden keeps seeing it)."""
    if section.id in participant.hidden_categories:
        return True
    return waits_to_be_shown(participant, section, has_answers)


def waits_to_be_shown(participant: Participant, section: Section, has_answers: bool) -> bool:
    """An intense section this participant has not met yet: offered with one line and one tap, never
    left silently out of sight."""
    return (
        section.starts_hidden
        and section.id not in participant.hidden_categories
        and section.id not in participant.shown_categories
        and not has_answers
    )


def choose(
    participant: Participant,
    sections: Collection[Section],
    shown: Collection[Section],
    waiting: Collection[Section] = (),
) -> None:
    """Shows exactly `shown` of `sections` and leaves the rest out; a waiting section (one that starts
    hidden and was never shown) left unticked keeps waiting with its one line."""
    shown_ids = {section.id for section in shown}
    still_waiting = {section.id for section in waiting} - shown_ids
    participant.hidden_categories = sorted(
        s.id for s in sections if s.id not in shown_ids and s.id not in still_waiting
    )
    participant.shown_categories = sorted(s.id for s in sections if s.id in shown_ids and s.starts_hidden)
    participant.save(update_fields=["hidden_categories", "shown_categories"])


def show(participant: Participant, section: Section) -> None:
    participant.hidden_categories = [pk for pk in participant.hidden_categories if pk != section.id]
    if section.starts_hidden and section.id not in participant.shown_categories:
        participant.shown_categories = sorted([*participant.shown_categories, section.id])
    participant.save(update_fields=["hidden_categories", "shown_categories"])
