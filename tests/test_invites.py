from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from checklist.models import Invite, Pairing, Participant
from kinklist.secret_links import hash_secret
from tests.helpers import accept, invite_link, participant_of, without_csrf

pytestmark = pytest.mark.django_db


def test_an_invite_link_is_shown_once_with_its_rules_and_only_its_hash_is_kept(alice, catalogue):
    response = alice.post("/pairings/invite/")

    html = response.content.decode()
    secret = re.search(r'value="http://testserver/invite/([^"]+)/"', html).group(1)
    assert len(secret) >= 43
    invite = Invite.objects.get()
    assert invite.secret_hash == hash_secret(secret)
    assert secret not in str(Invite.objects.values().get())
    assert "Single use" in html and "Expires" in html and "switch it off" in html
    assert (
        "If one of you said yes to almost everything, overall or in one direction, the other is told so first"
        in html
    )
    assert 'data-copy-target="invite-link"' in html
    assert abs(invite.expires - invite.created - timedelta(days=14)) < timedelta(seconds=5)
    assert secret not in alice.get("/pairings/").content.decode()


def test_the_invite_page_says_who_invites_and_what_will_be_shared(alice, catalogue):
    alice.post("/me/name/", {"display_name": "Sam"})
    link = invite_link(alice)

    html = Client().get(link).content.decode()

    assert "Sam invites you to compare" in html
    assert "Only the activities you <strong>both</strong> said yes to" in html
    assert "Your No and Maybe answers" in html
    # The saturation guard's warning is the one thing beyond shared Yes answers; the promise names it.
    assert "If you said yes to almost everything on the checklist, overall or in one direction" in html
    assert "If they cancel, you see that the comparison was cancelled." in html
    assert "any count of the rest" not in html
    assert "Accept and go to my checklist" in html


def test_opening_the_link_changes_nothing(alice, catalogue):
    link = invite_link(alice)

    Client().get(link)
    Client().head(link)

    assert Invite.objects.get().used is None
    assert Pairing.objects.count() == 0
    assert Participant.objects.count() == 1


def test_accepting_pairs_a_newcomer_and_leaves_the_secret_behind(alice, catalogue):
    link = invite_link(alice)
    newcomer = Client()
    newcomer.get(link)
    before = newcomer.session.session_key

    response = newcomer.post(link)

    pairing = Pairing.objects.get()
    assert response.status_code == 303
    assert response["Location"] == "/checklist/"
    assert newcomer.session.session_key != before
    assert pairing.first == participant_of(alice)
    assert pairing.second == participant_of(newcomer)
    assert Invite.objects.get().used is not None


def test_an_existing_participant_accepts_with_their_own_checklist(alice, bob, catalogue):
    bob_participant = participant_of(bob)

    bob.post(invite_link(alice))

    assert Pairing.objects.get().second == bob_participant
    assert participant_of(bob) == bob_participant


def test_one_cannot_accept_ones_own_invite(alice, catalogue):
    link = invite_link(alice)

    assert "This is your own invite" in alice.get(link).content.decode()
    response = alice.post(link)

    assert response.status_code == 400
    assert "This is your own invite" in response.content.decode()
    assert Pairing.objects.count() == 0
    assert Invite.objects.get().used is None


def invalid_invite_pages(alice, bob, charlie) -> dict[str, str]:
    used = invite_link(alice)
    bob.post(used)
    revoked = invite_link(alice)
    invite = Invite.objects.filter(used__isnull=True).get()
    alice.post(f"/pairings/invites/{invite.public_id}/revoke/")
    expired = invite_link(alice)
    Invite.objects.filter(used__isnull=True, revoked__isnull=True).update(
        expires=timezone.now() - timedelta(seconds=1)
    )
    unknown = "/invite/" + "x" * 43 + "/"
    return {"used": used, "revoked": revoked, "expired": expired, "unknown": unknown}


def test_used_expired_revoked_and_unknown_links_look_exactly_alike(alice, bob, charlie, catalogue):
    pages = invalid_invite_pages(alice, bob, charlie)

    bodies = set()
    for kind, link in pages.items():
        for response in (charlie.get(link), charlie.post(link)):
            assert response.status_code == 404, kind
            bodies.add(without_csrf(response.content.decode()))
    assert len(bodies) == 1
    assert "This invite link doesn’t work" in bodies.pop()
    assert Pairing.objects.count() == 1


def test_only_the_inviter_can_revoke_and_only_before_use(alice, bob, catalogue):
    invite_link(alice)
    invite = Invite.objects.get()

    assert bob.post(f"/pairings/invites/{invite.public_id}/revoke/").status_code == 404
    assert Invite.objects.get().revoked is None
    response = alice.post(f"/pairings/invites/{invite.public_id}/revoke/")
    assert response.status_code == 303
    assert Invite.objects.get().revoked is not None
    assert alice.post(f"/pairings/invites/{invite.public_id}/revoke/").status_code == 404


def test_unused_invites_are_listed_with_a_switch_off_button(alice, catalogue):
    invite_link(alice)
    invite = Invite.objects.get()

    html = alice.get("/pairings/").content.decode()

    assert f'action="/pairings/invites/{invite.public_id}/revoke/"' in html


def test_accepting_again_with_an_existing_pairing_keeps_one_pairing(alice, bob, catalogue):
    first = accept(bob, invite_link(alice))

    assert accept(bob, invite_link(alice)) == first
    assert Pairing.objects.count() == 1


def test_opening_links_is_rate_limited(alice, catalogue, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "secret-links": "3/m"}
    guesser = Client()

    statuses = [guesser.get(f"/invite/guess-{number}/").status_code for number in range(5)]
    resume = guesser.get("/resume/guess/").status_code

    assert statuses[:3] == [404, 404, 404]
    assert statuses[3:] == [429, 429]
    assert resume == 429
    assert "Please wait a moment" in guesser.get("/invite/guess/").content.decode()


def test_accepting_a_partners_invite_the_other_way_round_keeps_everyone_themselves(alice, bob, catalogue):
    from tests.helpers import answers_of, field

    bob.post("/checklist/", {field(catalogue["spanking"], "receive"): "yes"})
    alice_participant, bob_participant = participant_of(alice), participant_of(bob)
    bob.post(invite_link(alice))

    response = alice.post(invite_link(bob))

    assert response.status_code == 303
    assert participant_of(alice) == alice_participant
    assert participant_of(bob) == bob_participant
    assert answers_of(alice) == {}
    assert "Spanking" not in alice.get("/me/export.csv").content.decode()
    assert Pairing.objects.count() == 1


def test_a_used_link_creates_no_participant(alice, bob, catalogue):
    link = invite_link(alice)
    bob.post(link)
    before = Participant.objects.count()

    assert Client().post(link).status_code == 404
    assert Participant.objects.count() == before
