"""Attacks on the privacy promise, each asserting that it fails: the attacker learns nothing more.

The attacker is a partner with a browser or a crafted request, a third person paired with one of the
two, a stranger, or someone holding a dead invite link. What a partner may learn is `checklist/README.md`'s
privacy rule: the shared Yes answers of revealed rounds, readiness, the saturation note, names and dates.
Several tests compare whole responses across states that must look alike, byte for byte once the
per-response CSRF token and the pairing's id are taken out.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime

import pytest
from django.test import Client

from checklist import operations
from checklist.models import Invite, Pairing, Participant, Rating, Round, SealedBlob, SealedMessage, Snapshot
from tests.helpers import (
    accept,
    answer,
    both_ready,
    field,
    invite_link,
    lock,
    matched_names,
    press_ready,
    reply,
    seal,
    send_json,
    state_of,
    without_csrf,
    yes_to_everything,
)

pytestmark = pytest.mark.django_db

IMPACT = ("spanking__give", "spanking__receive", "paddling__give", "paddling__receive")


def pair(person) -> tuple[Client, Client, str]:
    """A new couple: the first invited the second; returns both and the pairing's path."""
    first, second = person(), person()
    return first, second, accept(second, invite_link(first))


def seen(response, pairing: str = "") -> tuple:
    """A response as its reader gets it, minus the CSRF token and the pairing's id (which differ per page
    and per couple, and say nothing about anyone's answers)."""
    body = without_csrf(response.content.decode())
    if pairing:
        body = body.replace(pairing.split("/")[2], "<pairing>")
    headers = {name: response.get(name) for name in ("Content-Type", "Cache-Control", "Vary", "HX-Refresh")}
    return response.status_code, response.get("Location", ""), headers, body


def partner_view(client: Client, pairing: str) -> dict[str, tuple]:
    """Everything one partner can read and every step they can try, without changing anything."""
    urls = ["/pairings/", pairing, f"{pairing}end/"]
    urls += [f"{pairing}rounds/1/{page}" for page in ("", "export.json", "export.csv")]
    views = {url.replace(pairing, "<pairing>/"): seen(client.get(url), pairing) for url in urls}
    views["htmx poll"] = seen(client.get(pairing, headers={"HX-Request": "true"}), pairing)
    for refused in ("reveal-anyway", "cancel"):  # nothing waits for a decision of this partner's
        views[refused] = seen(client.post(f"{pairing}{refused}/"), pairing)
    return views


# A partner's other answers: what they are must never show.


OTHER_ANSWERS = {
    "no": lambda alice, catalogue: answer(alice, catalogue, **dict.fromkeys(IMPACT, "no")),
    "maybe": lambda alice, catalogue: answer(alice, catalogue, **dict.fromkeys(IMPACT, "maybe")),
    "unanswered": lambda alice, catalogue: None,
    "yes, in a section left out": lambda alice, catalogue: (
        answer(alice, catalogue, **dict.fromkeys(IMPACT, "yes")),
        alice.post("/checklist/sections/", {"shown": ["talk"]}),
    ),
}


def bobs_view_when_alice_answered(person, catalogue, others: str) -> dict[str, tuple]:
    """Alice and Bob share only Kissing. Alice's Impact answers are `others`; Bob wants to receive spanking
    and to give paddling. Counted, Alice's Impact Yes answers would match both and set off the guard."""
    alice, bob, pairing = pair(person)
    answer(alice, catalogue, kissing="yes", negotiation_talk="yes")
    OTHER_ANSWERS[others](alice, catalogue)
    answer(bob, catalogue, kissing="yes", spanking__receive="yes", paddling__give="yes")
    both_ready(pairing, alice, bob)
    return partner_view(bob, pairing)


@pytest.mark.parametrize("others", [name for name in OTHER_ANSWERS if name != "no"])
def test_a_partner_sees_the_same_whether_the_other_said_no_maybe_nothing_or_left_a_section_out(
    person, catalogue, time_machine, others
):
    time_machine.move_to(datetime(2030, 5, 1, 12, tzinfo=UTC), tick=False)
    said_no = bobs_view_when_alice_answered(person, catalogue, "no")

    assert bobs_view_when_alice_answered(person, catalogue, others) == said_no
    assert re.findall(r"<h3>([^<]+?)</h3>", said_no["<pairing>/rounds/1/"][3]) == ["Kissing"]


def test_a_partner_cannot_tell_that_the_other_is_deciding_on_the_saturation_note(
    alice, bob, paired, catalogue
):
    # Alice probes with Yes to everything. Bob is asked first; Alice must only see "waiting", exactly as
    # before Bob was ready, or she would learn when he looked at her note (and that he was asked at all).
    yes_to_everything(alice)
    answer(bob, catalogue, kissing="yes")
    press_ready(alice, paired)
    before = partner_view(alice, paired)

    press_ready(bob, paired)

    assert state_of(bob, paired) == "Before you compare"
    assert partner_view(alice, paired) == before
    assert state_of(alice, paired) == "Waiting for your partner"


# The saturation guard: a Yes to (nearly) everything cannot be spread or hidden past it.


@pytest.mark.parametrize("direction", ["give", "receive"])
def test_yes_to_everything_in_one_direction_is_caught(alice, bob, paired, catalogue, direction):
    answer(
        alice,
        catalogue,
        kissing="yes",
        negotiation_talk="yes",
        **{f"spanking__{direction}": "yes", f"paddling__{direction}": "yes"},
    )
    answer(bob, catalogue, kissing="yes")

    both_ready(paired, alice, bob)

    assert state_of(bob, paired) == "Before you compare"
    assert Round.objects.get().revealed is None


def test_leaving_sections_out_in_turn_does_not_spread_a_probe_past_the_guard(alice, bob, paired, catalogue):
    yes_to_everything(alice)
    answer(bob, catalogue, kissing="yes")
    alice.post("/checklist/sections/", {"shown": ["impact"]})  # 4 of 6 sides, 2 of 4 in each half
    both_ready(paired, alice, bob)
    assert Round.objects.get(number=1).revealed is not None

    alice.post("/checklist/sections/", {"shown": ["talk"]})  # the rest: together, everything
    both_ready(paired, alice, bob)

    assert state_of(bob, paired) == "Before you compare"
    assert Round.objects.get(number=2).revealed is None


def test_leaving_sections_out_after_ready_changes_nothing_already_frozen(alice, bob, paired, catalogue):
    yes_to_everything(alice)
    press_ready(alice, paired)

    alice.post("/checklist/sections/", {"shown": ["talk"]})
    press_ready(bob, paired)

    assert state_of(bob, paired) == "Before you compare"
    assert Round.objects.get().revealed is None


def test_the_saturated_partner_cannot_answer_the_note_for_the_warned_one(alice, bob, paired, catalogue):
    yes_to_everything(alice)
    answer(bob, catalogue, kissing="yes")
    both_ready(paired, alice, bob)

    for step in ("reveal-anyway", "cancel"):
        assert alice.post(f"{paired}{step}/").status_code == 409, step

    current = Round.objects.get()
    assert current.revealed is None and current.cancelled is None
    assert not Snapshot.objects.filter(reveals_anyway=True).exists()


# Rounds, their numbers, history and exports.


def test_history_counts_are_those_of_the_revealed_pages_for_both(alice, bob, paired, catalogue):
    answer(alice, catalogue, kissing="yes", spanking__give="yes")
    answer(bob, catalogue, kissing="yes")
    both_ready(paired, alice, bob)  # 1: Kissing
    yes_to_everything(bob)
    both_ready(paired, alice, bob)
    alice.post(f"{paired}cancel/")  # 2: cancelled; Bob's Yes to everything is never revealed
    answer(bob, catalogue, kissing="no", negotiation_talk="no", paddling__receive="no", paddling__give="no")
    both_ready(paired, alice, bob)  # 3: Spanking (a cancelled round's Yes answers count for nothing)

    assert Round.objects.get(number=3).revealed is not None
    assert matched_names(alice, paired, 3) == matched_names(bob, paired, 3) == ["Spanking"]
    histories = []
    for client in (alice, bob):
        history = client.get(paired).content.decode().split('<ol class="history"', 1)[1].split("</ol>")[0]
        histories.append(" ".join(re.sub(r"<[^>]+>", " ", history.split(">", 1)[1]).split()))
        page = client.get(f"{paired}rounds/3/").content.decode()
        assert page.split('<h2 id="m-new">New this time</h2>', 1)[1].count('<li class="match card">') == 1
    assert histories[0] == histories[1]
    assert re.fullmatch(
        r"Comparison 3, [^:]+ : 1 shared yes, 1 new since the one before "
        r"Comparison 2, [^:]+: cancelled Comparison 1, [^:]+ : 1 shared yes",
        histories[0],
    ), histories[0]


def test_rounds_not_revealed_are_not_found_in_every_form(alice, bob, paired, catalogue):
    yes_to_everything(alice)
    press_ready(alice, paired)
    press_ready(bob, paired)  # 1: waits for Bob's decision
    bob.post(f"{paired}cancel/")  # 1: cancelled
    press_ready(alice, paired)  # 2: only Alice ready
    for page in ("", "export.json", "export.csv"):
        not_found = seen(alice.get(f"{paired}rounds/99/{page}"), paired)
        assert not_found[0] == 404
        for number in (1, 2, 0):
            for client in (alice, bob):
                assert seen(client.get(f"{paired}rounds/{number}/{page}"), paired) == not_found, (
                    number,
                    page,
                )


def test_a_retired_activity_is_never_compared_again_even_by_a_crafted_answer(alice, bob, paired, catalogue):
    answer(alice, catalogue, kissing="yes", paddling__receive="yes")
    answer(bob, catalogue, kissing="yes", paddling__give="yes")
    operations.retire(catalogue["paddling"])

    crafted = alice.post("/checklist/", {field(catalogue["paddling"], "receive"): "yes"})
    both_ready(paired, alice, bob)

    assert crafted.status_code == 400
    assert matched_names(alice, paired) == matched_names(bob, paired) == ["Kissing"]
    assert all(
        activity_id != catalogue["paddling"].pk for s in Snapshot.objects.all() for activity_id, _ in s.yes
    )


# Someone else: a third partner, a stranger, a forged page, a dead link.


def test_a_third_partner_learns_nothing_of_the_other_pairing(alice, bob, charlie, paired, catalogue):
    bob.post("/me/name/", {"display_name": "Robin"})
    charlie.post(invite_link(alice))
    theirs = Pairing.objects.exclude(public_id=paired.split("/")[2]).get().get_absolute_url()
    answer(alice, catalogue, kissing="yes", spanking__give="yes")
    answer(bob, catalogue, kissing="yes", spanking__receive="yes")
    answer(charlie, catalogue, kissing="yes")
    both_ready(paired, alice, bob)
    press_ready(alice, theirs)

    pages = "".join(charlie.get(url).content.decode() for url in ("/pairings/", theirs, f"{theirs}rounds/1/"))
    assert "Robin" not in pages and "Spanking" not in pages
    assert paired.split("/")[2] not in pages
    assert "Your partner is ready to compare" in pages
    for url in (paired, f"{paired}rounds/1/", f"{paired}rounds/1/export.json", f"{paired}end/"):
        assert charlie.get(url).status_code == 404, url
    for step in ("ready", "withdraw", "end"):
        assert charlie.post(f"{paired}{step}/").status_code == 404, step
    assert Round.objects.filter(pairing__public_id=paired.split("/")[2]).count() == 1


def test_a_sealed_stranger_finds_another_sealed_pairing_as_if_it_did_not_exist(
    sealed_rounds, alice, bob, charlie
):
    seal(charlie)
    lock(alice, sealed_rounds)
    lock(bob, sealed_rounds)
    theirs = sealed_rounds.split("/")[3]
    before = (
        list(SealedMessage.objects.values_list("pk", "data")),
        list(SealedBlob.objects.values_list("pk", "data")),
    )

    def tries(pairing_id: str) -> list:
        rounds = f"/sealed/pairings/{pairing_id}/rounds/"
        responses = [charlie.get(f"/sealed/pairings/{pairing_id}/"), charlie.get(f"{rounds}1/")]
        responses += [lock(charlie, rounds), reply(charlie, rounds), charlie.post(f"{rounds}1/withdraw/")]
        responses.append(
            send_json(
                charlie,
                "PUT",
                f"/sealed/blobs/results:{pairing_id}/",
                {"expected_revision": 0, "data": "AAAA"},
            )
        )
        return [seen(response, f"/x/{pairing_id}/") for response in responses]

    found = tries(theirs)

    assert found == tries(str(uuid.uuid4()))
    assert {response[0] for response in found} == {404}
    after = (
        list(SealedMessage.objects.values_list("pk", "data")),
        list(SealedBlob.objects.values_list("pk", "data")),
    )
    assert after == before


STATE_CHANGES = [
    "/start/",
    "/checklist/",
    "/checklist/sections/",
    "/me/name/",
    "/me/resume-link/",
    "/me/delete/",
    "/pairings/invite/",
    "{pairing}ready/",
    "{pairing}withdraw/",
    "{pairing}reveal-anyway/",
    "{pairing}cancel/",
    "{pairing}end/",
    "/accounts/logout/",
    "/sealed/seal/",
    "/sealed/invites/",
    "/sealed{pairing}rounds/1/lock/",
    "/sealed{pairing}rounds/1/reply/",
    "/sealed{pairing}rounds/1/withdraw/",
]


def test_a_forged_cross_site_post_changes_nothing(alice, bob, paired, catalogue):
    # Another site makes Bob's browser post (his session cookie goes along, his CSRF token cannot).
    answer(bob, catalogue, kissing="yes")
    forged = Client(enforce_csrf_checks=True)
    forged.cookies = bob.cookies
    alices_invite = invite_link(alice)
    before = (Pairing.objects.count(), Round.objects.count(), Invite.objects.count(), Rating.objects.count())

    for url in [*STATE_CHANGES, alices_invite]:
        data = {field(catalogue["kissing"]): "no", "display_name": "Forged", "shown": ["talk"]}
        response = forged.post(url.format(pairing=paired), data)
        assert response.status_code == 403, url

    assert (
        Pairing.objects.count(),
        Round.objects.count(),
        Invite.objects.count(),
        Rating.objects.count(),
    ) == (before)
    assert Participant.objects.filter(display_name="Forged").count() == 0
    assert Invite.objects.filter(used__isnull=True).count() == 1
    assert bob.get("/me/").status_code == 200


def test_no_partner_facing_page_may_be_stored_by_a_cache(alice, bob, paired, catalogue):
    answer(alice, catalogue, kissing="yes")
    answer(bob, catalogue, kissing="yes")
    both_ready(paired, alice, bob)
    link = invite_link(alice)

    urls = ["/pairings/", paired, f"{paired}end/", link]
    urls += [f"{paired}rounds/1/{page}" for page in ("", "export.json", "export.csv")]
    for url in urls:
        response = Client().get(url) if url == link else bob.get(url)
        assert response.status_code == 200, url
        assert {"no-store", "private", "no-cache"} <= set(re.split(r",\s*", response["Cache-Control"])), url
        assert "Cookie" in response["Vary"], url


def test_a_display_name_cannot_carry_markup_to_the_partner(alice, bob, charlie, paired, catalogue):
    name = "<script>x()</script>\"'&"
    assert bob.post("/me/name/", {"display_name": name}).status_code == 303
    answer(alice, catalogue, kissing="yes")
    answer(bob, catalogue, kissing="yes")
    both_ready(paired, alice, bob)

    pages = {url: alice.get(url) for url in ("/pairings/", paired, f"{paired}end/", f"{paired}rounds/1/")}
    pages["invite"] = charlie.get(invite_link(bob))
    for url, response in pages.items():
        html = response.content.decode()
        assert "<script>x()" not in html and "\"'&" not in html, url
        assert "&lt;script&gt;x()&lt;/script&gt;&quot;&#x27;&amp;" in html, url
    for export in ("export.json", "export.csv"):
        assert "x()" not in alice.get(f"{paired}rounds/1/{export}").content.decode(), export


def test_query_parameters_are_never_echoed_into_a_page(alice, catalogue):
    probe = "<script>y()</script>"
    for url in (f"/checklist/?category={probe}&show={probe}", f"/pairings/?category={probe}"):
        for htmx in ({}, {"HX-Request": "true"}):
            html = alice.get(url, headers=htmx).content.decode()
            assert "y()" not in html, (url, htmx)


def test_logs_name_no_pairing_or_invite_even_for_refused_requests(alice, bob, charlie, paired, log_lines):
    alice.post("/pairings/invite/")
    invite = Invite.objects.filter(used__isnull=True).get().public_id
    charlie.get(paired)  # a stranger probes: 404
    charlie.post(f"/pairings/invites/{invite}/revoke/")  # 404
    alice.post(f"{paired}withdraw/")  # nothing to withdraw: 409
    bob.post(f"{paired}reveal-anyway/")  # nothing to decide: 409
    alice.get(f"{paired}rounds/7/")  # 404
    alice.get(f"{paired}no-such-page/")  # matches no route

    text = json.dumps(log_lines())

    assert "Conflict: /pairings/[id]/withdraw/" in text  # still logged, without the pairing
    assert paired.split("/")[2] not in text
    assert str(invite) not in text
