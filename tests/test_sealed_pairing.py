"""The pages of sealed pairings, as the server renders them: who sees which page, what the page's script is
given (the viewer's own id, the thresholds; never an answer, a count or a partner's id), sealed invites,
mixed pairings, the round page and the one bundle of words every sealed browser loads."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from checklist import operations
from checklist.models import Invite, Pairing
from tests.helpers import (
    accept,
    answer,
    invite_link,
    lock,
    participant_of,
    seal,
    sealed_invite_link,
    sealed_round,
)

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def template_names(response) -> list[str]:
    return [template.name for template in response.templates]


# Sealed invites


def test_a_sealed_persons_partners_page_makes_its_invites_in_the_browser(alice, bob, catalogue):
    seal(alice)

    sealed_page, plain_page = html(alice.get("/pairings/")), html(bob.get("/pairings/"))

    assert "js/sealed/partners-page.js" in sealed_page and "data-sealed-invite-form" in sealed_page
    assert f'data-me="{participant_of(alice).public_id}"' in sealed_page
    assert 'data-sealed-invite-url="/sealed/invites/"' in sealed_page
    assert "Making a sealed invite needs JavaScript" in sealed_page  # in <noscript>
    assert "js/sealed/" not in plain_page and "data-sealed-invite" not in plain_page
    assert "Create an invite link" in plain_page


def test_a_sealed_invite_page_explains_and_sends_an_unsealed_visitor_to_seal_first(
    alice, bob, charlie, catalogue
):
    seal(alice)
    link = sealed_invite_link(alice)

    for visitor in (bob, Client()):
        page = html(visitor.get(link))
        assert "This partner compares <strong>sealed</strong>" in page
        assert "Seal your checklist first" in page
        assert f'href="{reverse("checklist:seal")}" data-seal-first' in page
        assert 'method="post"' not in page.split("<main")[1]  # nothing to accept yet
        assert "js/sealed/invite-page.js" in page

    seal(bob)
    page = html(bob.get(link))
    assert "Seal your checklist first" not in page
    assert "data-accept" in page and "Accept and go to our comparison" in page
    assert "This link is missing its secret" in page  # shown by the script when the fragment is missing
    ordinary = html(Client().get(invite_link(charlie)))
    assert "js/sealed/" not in ordinary and "compares <strong>sealed" not in ordinary


def test_accepting_a_sealed_invite_goes_to_the_pairing_where_the_secret_is_kept(alice, bob, catalogue):
    seal(alice)
    seal(bob)
    link = sealed_invite_link(alice)

    response = bob.post(link)

    assert (response.status_code, response["Location"]) == (303, Pairing.objects.get().get_absolute_url())
    assert Invite.objects.get().used is not None
    assert template_names(bob.get(response["Location"]))[0] == "checklist/pairing/sealed.html"


def test_the_partners_page_says_who_is_ready_in_a_sealed_pairing(alice, bob, catalogue):
    seal(alice)
    seal(bob)
    rounds = f"/sealed{accept(bob, sealed_invite_link(alice))}rounds/"

    lock(alice, rounds)

    assert "You are ready; waiting for your partner." in html(alice.get("/pairings/"))
    assert "Your partner is ready to compare." in html(bob.get("/pairings/"))
    lock(bob, rounds)
    assert "Your partner is ready" not in html(alice.get("/pairings/"))  # both wait for the browsers


# The sealed pairing page


def test_the_sealed_pairing_page_gives_its_script_the_viewers_own_id_and_nothing_of_the_partner(
    alice, bob, charlie, catalogue
):
    answer(alice, catalogue, kissing="yes", spanking__give="yes")
    answer(bob, catalogue, kissing="yes", negotiation_talk="no")
    seal(alice)
    seal(bob)
    pairing = accept(bob, sealed_invite_link(alice))
    sealed_round(f"/sealed{pairing}rounds/", 1, alice, bob)

    pages = {who: client.get(pairing) for who, client in (("alice", alice), ("bob", bob))}

    for who, response in pages.items():
        assert template_names(response)[0] == "checklist/pairing/sealed.html"
        page = html(response)
        me, partner = (alice, bob) if who == "alice" else (bob, alice)
        assert f'data-me="{participant_of(me).public_id}"' in page
        assert str(participant_of(partner).public_id) not in page
        assert 'data-saturation-threshold="0.9"' in page and 'data-ask-below="0.1"' in page
        assert "js/sealed/pairing-page.js" in page
        assert "only your two browsers can compare them, and that needs JavaScript" in page  # noscript
        assert f'<a href="{pairing}rounds/1/">Comparison 1,' in page
        assert ": compared in your browsers" in page  # the script puts the counts there
        assert "Ready to compare" in page  # the panel the script shows, from a <template>
        for word in ("Kissing", "Spanking", "Negotiation", "shared yes"):
            assert word not in page.split("<template")[0], word
    assert charlie.get(pairing).status_code == 404
    for client in (alice, bob):  # nothing any of their pages shows says what either of them answered
        for path in ("/pairings/", pairing, f"{pairing}rounds/1/"):
            shown = html(client.get(path)).split("<template")[0]
            for activity in catalogue.values():
                assert activity.name not in shown and activity.slug not in shown, (path, activity.slug)
            assert not re.search(r"\d+ shared yes|\d+ new since", shown), path
    with override_settings(SATURATION_THRESHOLD=0.75, READY_ASK_BELOW=0.25):
        assert 'data-saturation-threshold="0.75" data-ask-below="0.25"' in html(alice.get(pairing))


def test_a_pairing_with_one_sealed_checklist_says_who_must_seal(alice, bob, paired, catalogue):
    seal(alice)

    alices, bobs = html(alice.get(paired)), html(bob.get(paired))

    assert "Your partner needs to seal their checklist" in alices
    assert "Seal your checklist to compare" in bobs
    assert f'href="{reverse("checklist:seal")}">Seal my checklist' in bobs
    for page in (alices, bobs):
        assert "Ready to compare</button>" not in page and "js/sealed/" not in page


# The round page of a sealed pairing


def test_a_sealed_round_page_is_the_partners_own_and_only_for_finished_rounds(alice, bob, charlie, catalogue):
    seal(alice)
    seal(bob)
    pairing = accept(bob, sealed_invite_link(alice))
    rounds = f"/sealed{pairing}rounds/"
    sealed_round(rounds, 1, alice, bob)

    page = alice.get(f"{pairing}rounds/1/")

    assert template_names(page)[0] == "checklist/pairing/sealed_round.html"
    assert "What you both said yes to — comparison 1</title>" in html(page)
    assert 'data-number="1"' in html(page) and "js/sealed/round-page.js" in html(page)
    assert "only your browser can show what you both said yes to" in html(page)
    assert [client.get(f"{pairing}rounds/{n}/").status_code for client, n in ((bob, 1), (charlie, 1))] == [
        200,
        404,
    ]
    for missing in (2, 0, 10**30):
        assert alice.get(f"{pairing}rounds/{missing}/").status_code == 404
    for export in ("export.json", "export.csv"):  # made in the browser: the server has nothing to export
        assert alice.get(f"{pairing}rounds/1/{export}").status_code == 404


# The words of the checklist, one bundle for every sealed browser


def test_the_wording_bundle_is_the_same_for_everyone_and_holds_retired_activities(alice, client, catalogue):
    operations.retire(catalogue["paddling"])

    response = client.get("/sealed/wording.json")
    bundle = json.loads(response.content)

    assert alice.get("/sealed/wording.json").content == response.content
    assert response["Cache-Control"] == "public, max-age=60" and response["ETag"]
    assert not response.cookies
    assert client.get("/sealed/wording.json", headers={"If-None-Match": response["ETag"]}).status_code == 304
    impact = next(section for section in bundle["sections"] if section["slug"] == "impact")
    paddling = next(activity for activity in impact["activities"] if activity["name"] == "Paddling")
    assert paddling["retired"] and paddling["give"] == "I'd like to paddle my partner"
    assert {"id", "sides", "receive", "description", "risk_label", "terms"} <= set(paddling)
    assert client.post("/sealed/wording.json").status_code == 405
