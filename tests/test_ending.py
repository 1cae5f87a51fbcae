"""A pairing that ends, however it ends: the short note the partner who stays gets, and its old links."""

from __future__ import annotations

import io
import re
import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from checklist.models import PairingEnded, Participant
from tests.helpers import accept, both_ready, invite_link, participant_of, without_csrf

pytestmark = pytest.mark.django_db

NOTE = "A pairing ended on {date}; its comparisons were deleted."


def alice_ends_it(alice, pairing):
    alice.post(f"{pairing}end/")


def alice_deletes_everything(alice, pairing):
    alice.post("/me/delete/")


def alice_is_purged(alice, pairing):
    Participant.objects.filter(pk=participant_of(alice).pk).update(
        last_seen=timezone.now() - timedelta(days=365)
    )
    call_command("purge_inactive", stdout=io.StringIO())


WAYS = [alice_ends_it, alice_deletes_everything, alice_is_purged]


def notes_of(client) -> list[str]:
    """The notes on the pairings page, with what differs between any two (the pairing's id in the dismiss
    button's address, the CSRF token) taken out."""
    html = without_csrf(client.get("/pairings/").content.decode())
    notes = re.findall(r'<li class="notice">.*?</li>', html, re.S)
    return [re.sub(r"/pairings/ended/[0-9a-f-]{36}/", "/pairings/ended/ID/", note) for note in notes]


def today() -> str:
    return f"{timezone.now():%-d %b %Y}"


def test_the_partner_who_stays_gets_the_same_short_note_however_it_ended(alice, bob, charlie, person):
    dana = person()
    partners = [alice, charlie, dana]
    pairings = []
    for partner in partners:
        pairings.append(accept(bob, invite_link(partner)))
        both_ready(pairings[-1], partner, bob)

    for way, partner, pairing in zip(WAYS, partners, pairings, strict=True):
        way(partner, pairing)

    notes = notes_of(bob)
    assert len(notes) == 3
    assert notes[0] == notes[1] == notes[2]
    assert NOTE.format(date=today()) in notes[0]
    assert "No partners yet." in bob.get("/pairings/").content.decode()


@pytest.mark.parametrize("way", WAYS)
def test_the_note_and_what_is_kept_say_nothing_of_the_other_person_or_any_answer(
    alice, bob, planted, catalogue, way
):
    alice.post("/me/name/", {"display_name": "Sam"})
    alice_public_id = str(participant_of(alice).public_id)
    both_ready(planted, alice, bob)

    way(alice, planted)

    page = bob.get("/pairings/").content.decode()
    note = "".join(notes_of(bob))
    assert NOTE.format(date=today()) in note
    hints = ("Sam", alice_public_id, "Kissing", "Negotiation", "Spanking", "Paddling", "Your partner</a>")
    for hint in hints:
        assert hint not in page, hint
    for hint in ("yes", "Yes", "maybe", "answer", "match", "said", "deleted everything", "inactive"):
        assert hint not in note, hint
    kept = PairingEnded.objects.get(participant=participant_of(bob))
    fields = {field.name for field in PairingEnded._meta.get_fields()}
    assert fields == {"id", "participant", "pairing_id", "ended", "dismissed"}
    assert str(kept.pairing_id) in planted


def test_the_one_who_ends_it_gets_no_note_but_its_links_say_it_ended(alice, bob, planted):
    alice.post(f"{planted}end/")

    assert notes_of(alice) == []
    response = alice.get(planted)
    assert response.status_code == 410
    assert "<h1>This pairing ended</h1>" in response.content.decode()


@pytest.mark.parametrize("way", WAYS)
def test_an_ended_link_says_so_to_its_former_member_and_is_a_plain_404_to_anyone_else(
    alice, bob, charlie, planted, way
):
    both_ready(planted, alice, bob)
    way(alice, planted)
    never = f"/pairings/{uuid.uuid4()}/"

    for path in (planted, f"{planted}rounds/1/", f"{planted}rounds/1/export.csv"):
        response = bob.get(path)
        assert response.status_code == 410, path
        html = response.content.decode()
        assert "<h1>This pairing ended</h1>" in html
        assert "its comparisons were deleted for both of you" in html

        stranger = charlie.get(path)
        unknown = charlie.get(never + path.removeprefix(planted))
        assert stranger.status_code == unknown.status_code == 404
        assert without_csrf(stranger.content.decode()) == without_csrf(unknown.content.decode())


def test_the_note_can_be_dismissed_and_the_old_link_still_says_it_ended(alice, bob, planted):
    alice.post(f"{planted}end/")
    pairing_id = PairingEnded.objects.get(participant=participant_of(bob)).pairing_id

    response = bob.post(f"/pairings/ended/{pairing_id}/dismiss/")

    assert response.status_code == 303
    assert response["Location"] == "/pairings/"
    assert notes_of(bob) == []
    assert bob.get(planted).status_code == 410


def test_dismissing_a_note_that_is_not_yours_changes_nothing(alice, bob, charlie, planted):
    alice.post(f"{planted}end/")
    pairing_id = PairingEnded.objects.get(participant=participant_of(bob)).pairing_id

    assert charlie.post(f"/pairings/ended/{pairing_id}/dismiss/").status_code == 404
    assert charlie.post(f"/pairings/ended/{uuid.uuid4()}/dismiss/").status_code == 404
    assert bob.get(f"/pairings/ended/{pairing_id}/dismiss/").status_code == 405
    assert NOTE.format(date=today()) in notes_of(bob)[0]
