"""Sealed checklists, the server's side: sealing deletes everything readable, the encrypted parts a sealed
person keeps, sealed invites, and the relay of a sealed round, which refuses every step out of turn with a
message and stores nothing then. The browsers are simulated with random bytes of the sizes they send."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from checklist import operations
from checklist.catalogue import forget_catalogue
from checklist.models import (
    Activity,
    Invite,
    Pairing,
    Participant,
    Rating,
    Round,
    SealedBlob,
    SealedMessage,
    Snapshot,
)
from checklist.sealed import BLOB_BYTES, SEALING_SLOTS, bundle
from checklist.sealed import seal as seal_rules
from tests.helpers import (
    accept,
    answer,
    answers_of,
    b64,
    blob,
    both_ready,
    cache_contents,
    field,
    invite_link,
    lock,
    participant_of,
    points,
    readable_in_storage,
    reply,
    seal,
    sealed_invite_link,
    sealed_round,
    send_json,
)

pytestmark = pytest.mark.django_db

NO_ONE = {"stage": "open", "me_locked": False, "partner_locked": False, "me_replied": False}


def stored() -> tuple:
    """Everything a refused step must leave as it was."""
    return (
        [
            (*row[:-1], bytes(row[-1]))
            for row in SealedBlob.objects.order_by("pk").values_list("pk", "revision", "data")
        ],
        [
            (*row[:-1], bytes(row[-1]))
            for row in SealedMessage.objects.order_by("pk").values_list(
                "pk", "role", "stage", "delivered", "data"
            )
        ],
        list(Round.objects.order_by("pk").values_list("pk", "number", "revealed")),
        list(Participant.objects.order_by("pk").values_list("pk", "sealed", "hidden_categories")),
        list(Rating.objects.order_by("pk").values_list("pk", "answer")),
        list(Invite.objects.order_by("pk").values_list("pk", "used", "revoked")),
    )


def put(client, name: str, revision, data: bytes):
    return send_json(
        client, "PUT", f"/sealed/blobs/{name}/", {"expected_revision": revision, "data": b64(data)}
    )


def pairing_id_of(rounds: str) -> str:
    return rounds.split("/")[3]


# The catalogue a sealed comparison is computed over


def test_the_catalogue_bundle_is_public_the_same_for_everyone_and_knows_no_wording(alice, client, catalogue):
    response = client.get("/sealed/catalogue.json")
    sides = sorted([activity.pk, str(side)] for activity in catalogue.values() for side in activity.sides)
    version = hashlib.sha256(json.dumps(sides, separators=(",", ":")).encode()).hexdigest()[:16]

    assert response.json() == {"version": version, "sides": sides, "changes": []}
    assert alice.get("/sealed/catalogue.json").content == response.content
    assert response["Cache-Control"] == "public, max-age=60" and response["ETag"] == f'"{version}-0"'
    assert "Cookie" not in response.get("Vary", "") and not response.cookies
    Activity.objects.filter(pk=catalogue["kissing"].pk).update(name="Küssen", description="Andere Worte.")
    forget_catalogue()
    assert client.get("/sealed/catalogue.json").json()["version"] == version
    operations.retire(catalogue["paddling"])
    retired = client.get("/sealed/catalogue.json").json()
    assert retired["version"] != version and [catalogue["paddling"].pk, "give"] not in retired["sides"]
    assert retired["changes"] == []  # retiring remaps no answer: nothing for a sealed browser to do


def test_the_bundle_lists_each_content_change_that_remapped_answers_in_order(client, catalogue):
    operations.merge(catalogue["spanking"], [catalogue["paddling"]])
    operations.change_kind(catalogue["kissing"], "directional", "I'd like to kiss my partner", "Kiss me")
    operations.merge(catalogue["spanking"], [catalogue["paddling"]])  # again: nothing more happens
    kissing, spanking, paddling = (catalogue[slug].pk for slug in ("kissing", "spanking", "paddling"))

    listed = client.get("/sealed/catalogue.json")

    assert listed.json()["changes"] == [["merge", spanking, [paddling]], ["kind", kissing, "directional"]]
    assert listed["ETag"].endswith('-2"')


# Sealing


def test_sealing_deletes_everything_readable_of_the_checklist_and_of_its_comparisons(
    alice, bob, planted, catalogue
):
    both_ready(planted, alice, bob)  # a revealed comparison, holding both partners' shared Yes answers
    alice.post(f"{planted}ready/")  # and an open one, holding Alice's Yes answers
    alice.post(f"{planted}name/", {"nickname": "Honey"})
    bob.post(f"{planted}name/", {"nickname": "Sunny"})
    alice.post("/checklist/sections/", {"shown": ["talk"]})
    ordinary = invite_link(alice)
    bobs_answers = answers_of(bob)

    seal(alice)

    sealed = participant_of(alice)
    assert sealed.is_sealed and sealed.hidden_categories == sealed.shown_categories == []
    assert not Rating.objects.filter(participant=sealed).exists() and answers_of(bob) == bobs_answers
    assert Round.objects.count() == Snapshot.objects.count() == 0
    assert Pairing.objects.values_list("first_nickname", "second_nickname").get() == ("", "Sunny")
    assert sorted(SealedBlob.objects.values_list("name", "revision")) == [
        ("answers", 1),
        ("keyring", 1),
        ("sections", 1),
    ]
    assert (
        Client().get(ordinary).status_code == 404
    )  # it would pair Alice with someone she cannot compare with
    page = bob.get(planted).context["page"]
    assert (page.history, page.sealed) == ((), "partner")  # the pairing goes on; only its comparisons went
    assert send_json(alice, "POST", "/sealed/seal/", {"blobs": {}}).json() == {
        "error": "Sealing needs exactly these: answers, sections, keyring."
    }


def test_a_sealed_checklist_takes_no_plain_text_and_compares_in_no_ordinary_round(
    alice, bob, paired, catalogue
):
    seal(alice)
    before = stored()

    saves = [
        alice.post("/checklist/", {field(catalogue["kissing"]): "yes"}),
        alice.post("/checklist/", {field(catalogue["kissing"]): "yes"}, headers={"HX-Request": "true"}),
        alice.post("/checklist/sections/", {"shown": ["talk"]}),
        alice.post(f"{paired}name/", {"nickname": "Honey"}),
        alice.post("/pairings/invite/"),
    ]
    steps = {(who, step): client.post(f"{paired}{step}/") for who, client in (("alice", alice), ("bob", bob))
             for step in ("ready", "withdraw", "cancel", "reveal-anyway")}  # fmt: skip

    assert [response.status_code for response in saves] == [409, 409, 409, 400, 400]
    assert "Your checklist is sealed: only your browser saves it" in saves[1].content.decode()
    assert "making one needs JavaScript" in saves[4].content.decode()
    assert {response.status_code for response in steps.values()} == {409}
    assert (
        steps["bob", "ready"].context["message"]
        == "Your partner's checklist is sealed. Seal yours to compare."
    )
    assert "your partner needs to seal theirs" in steps["alice", "ready"].context["message"]
    assert stored() == before
    seal(bob)
    assert "Your checklists are both sealed" in bob.post(f"{paired}ready/").context["message"]


SEALING_REFUSALS = [
    ("answers=x", "application/x-www-form-urlencoded", "Send this as JSON (Content-Type: application/json)."),
    ("{", "application/json", "This is not valid JSON."),
    ("[" * 100_000, "application/json", "This is not valid JSON."),
    ("[]", "application/json", "Send a JSON object."),
    ("{}", "application/json", "Send the sealed parts as “blobs”."),
    (
        {"answers": "AAAA", "sections": "AAAA"},
        None,
        "Sealing needs exactly these: answers, sections, keyring.",
    ),
    (
        {"answers": "AAAA", "sections": "AAAA", "keyring": "AAAA", "x": ""},
        None,
        "Sealing needs exactly these",
    ),
    (
        {"answers": "AA+/", "sections": "AAAA", "keyring": "AAAA"},
        None,
        "The answers must be unpadded base64url.",
    ),
    (
        {"answers": "AAA=", "sections": "AAAA", "keyring": "AAAA"},
        None,
        "The answers must be unpadded base64url.",
    ),
    (
        {"answers": "AB", "sections": "AAAA", "keyring": "AAAA"},
        None,
        "The answers must be unpadded base64url.",
    ),
    ({"answers": 7, "sections": "AAAA", "keyring": "AAAA"}, None, "The answers must be unpadded base64url."),
    (
        {"answers": b64(bytes(BLOB_BYTES + 1)), "sections": "", "keyring": ""},
        None,
        "The answers is too large",
    ),
    (
        {"answers": b64(bytes(2092)), "sections": b64(bytes(296)), "keyring": b64(bytes(3113))},
        None,
        "A sealed part of this kind is exactly 3114 bytes.",
    ),
]


@pytest.mark.parametrize(("body", "content_type", "message"), SEALING_REFUSALS)
def test_sealing_refuses_what_a_browser_would_never_send_and_changes_nothing(
    alice, catalogue, body, content_type, message
):
    alice.post("/checklist/", {field(catalogue["kissing"]): "yes"})
    before = stored()
    if content_type is None:
        body, content_type = json.dumps({"blobs": body}), "application/json"

    response = alice.generic("POST", "/sealed/seal/", body, content_type)

    assert response.status_code == 400
    assert response.json()["error"].startswith(message)
    assert stored() == before


# A sealed person's parts


def test_a_sealed_part_is_written_only_over_the_revision_its_writer_read(sealed_rounds, alice, bob):
    pairing_id = pairing_id_of(sealed_rounds)
    results = f"results:{pairing_id}"
    phone, laptop, results_here, results_there = (
        blob("answers"),
        blob("answers"),
        blob(results),
        blob(results),
    )

    assert put(alice, "answers", 1, phone).json() == {"revision": 2}
    assert put(alice, "answers", 1, laptop).json() == {
        "error": "This changed on another device meanwhile. Reload to get the latest, then try again."
    }
    assert put(alice, results, 0, results_here).json() == {"revision": 1}
    assert put(alice, results, 0, results_there).status_code == 409

    mine = alice.get("/sealed/blobs/")
    assert mine.json()["answers"] == {"revision": 2, "data": b64(phone)}
    assert mine.json()[results] == {"revision": 1, "data": b64(results_here)}
    assert set(bob.get("/sealed/blobs/").json()) == {"answers", "sections", "keyring"}
    assert "no-store" in mine["Cache-Control"] and "Cookie" in mine["Vary"]


def test_writing_a_sealed_part_refuses_bad_input_and_what_is_not_yours(sealed_rounds, alice, bob, charlie):
    theirs = accept(bob, invite_link(charlie)).split("/")[2]  # Bob, sealed, may accept an ordinary invite
    before = stored()
    refusals = {
        put(alice, "notes", 0, b"x"): (400, "There is no such sealed part."),
        put(alice, f"results:{pairing_id_of(sealed_rounds).upper()}", 0, b"x"): (400, "There is no such"),
        put(alice, f"round-secret:{theirs}", 0, b"x"): (404, "That is not here any more"),
        put(alice, f"results:{uuid.uuid4()}", 0, b"x"): (404, "That is not here any more"),
        put(alice, "answers", "1", b"x"): (400, "The expected revision must be a whole number."),
        put(alice, "answers", True, b"x"): (400, "The expected revision must be a whole number."),
        put(alice, "answers", -1, b"x"): (400, "There is no such revision."),
        put(alice, "answers", 2**40, b"x"): (400, "There is no such revision."),
        put(alice, "answers", 1, bytes(BLOB_BYTES + 1)): (400, "The data is too large"),
        # Any other size could tell something of what a blob holds, so only the kind's own size is kept.
        put(alice, "answers", 1, b"x"): (400, "A sealed part of this kind is exactly 2092 bytes."),
        put(alice, f"results:{pairing_id_of(sealed_rounds)}", 0, blob("answers")): (400, "A sealed part"),
        send_json(alice, "PUT", "/sealed/blobs/answers/", {"expected_revision": 1}): (
            400,
            "The data must be",
        ),
        put(charlie, "answers", 0, b"x"): (409, "Your checklist is not sealed"),
        charlie.get("/sealed/blobs/"): (409, "Your checklist is not sealed"),
        put(Client(), "answers", 0, b"x"): (403, "There is no checklist in this browser"),
    }

    for response, (status, message) in refusals.items():
        assert (response.status_code, response.json()["error"][: len(message)]) == (status, message)
    assert stored() == before


# Sealed invites


def test_sealed_invites_pair_only_sealed_checklists_and_tell_the_inviter_which_invite_it_was(
    alice, bob, catalogue
):
    assert send_json(alice, "POST", "/sealed/invites/", {"sealed": True}).json() == {
        "error": "Only a sealed checklist can make a sealed invite. Seal yours first."
    }
    seal(alice)
    assert send_json(alice, "POST", "/sealed/invites/", {}).status_code == 400
    link = sealed_invite_link(alice)
    assert bob.get(link).context["page"].must_seal

    for visitor in (bob, Client()):  # an ordinary checklist, and none at all
        refused = visitor.post(link)
        assert refused.status_code == 400
        assert "This invite is to compare sealed checklists: seal yours first" in refused.content.decode()
    assert Invite.objects.get().used is None
    seal(bob)
    pairing_id = accept(bob, link).split("/")[2]

    infos = {
        who: client.get(f"/sealed/pairings/{pairing_id}/").json()
        for who, client in (("alice", alice), ("bob", bob))
    }
    shared = {"pairing": pairing_id, "sealed": True, "partner_sealed": True, "round": 1, "finished": []}
    assert infos["alice"] == shared | {
        "role": "inviter",
        "partner": "Your partner",
        "invite": str(Invite.objects.get().public_id),
    }
    assert infos["bob"] == shared | {"role": "invitee", "partner": "Your partner", "invite": None}


# The relay of a sealed round


def test_a_round_relays_points_once_both_are_locked_and_the_replies_only_together(sealed_rounds, alice, bob):
    def state(client) -> dict:
        return client.get(f"{sealed_rounds}1/").json()

    version = bundle().version
    sent = {"alice lock": points("lock"), "bob lock": points("lock"), "alice reply": points("reply")}
    sent["bob reply"] = points("reply")
    assert state(alice) == state(bob) == NO_ONE

    locked = send_json(
        alice, "POST", f"{sealed_rounds}1/lock/", {"catalogue": version, "message": sent["alice lock"]}
    )
    assert locked.json() == NO_ONE | {"me_locked": True}
    assert state(bob) == NO_ONE | {
        "partner_locked": True
    }  # nothing of Alice's points while he has not locked

    both = send_json(
        bob, "POST", f"{sealed_rounds}1/lock/", {"catalogue": version, "message": sent["bob lock"]}
    )
    everyone = {"me_locked": True, "partner_locked": True}
    assert both.json() == NO_ONE | everyone | {"stage": "locked", "partner_message": sent["alice lock"]}
    assert state(alice) == NO_ONE | everyone | {"stage": "locked", "partner_message": sent["bob lock"]}

    replied = send_json(alice, "POST", f"{sealed_rounds}1/reply/", {"message": sent["alice reply"]})
    assert replied.json() == everyone | {
        "stage": "replied",
        "me_replied": True,
        "partner_message": sent["bob lock"],
    }
    # Whether Alice replied shows only with the release: a wait would say she was deciding.
    assert state(bob) == everyone | {
        "stage": "locked",
        "me_replied": False,
        "partner_message": sent["alice lock"],
    }

    released = send_json(bob, "POST", f"{sealed_rounds}1/reply/", {"message": sent["bob reply"]})
    done = everyone | {"stage": "done", "me_replied": True}
    assert released.json() == done | {
        "partner_message": sent["alice lock"],
        "partner_reply": sent["alice reply"],
    }
    assert SealedMessage.objects.count() == 4  # Alice has not fetched Bob's reply yet
    assert state(alice) == done | {"partner_message": sent["bob lock"], "partner_reply": sent["bob reply"]}

    assert SealedMessage.objects.count() == 0  # both fetched: the round keeps only its number and date
    assert state(alice) == state(bob) == done
    sealed_round(sealed_rounds, 2, bob, alice)
    info = alice.get(f"/sealed/pairings/{pairing_id_of(sealed_rounds)}/").json()
    assert (info["round"], [each["number"] for each in info["finished"]]) == (3, [1, 2])
    history = alice.get(f"/pairings/{pairing_id_of(sealed_rounds)}/").content.decode()
    assert history.count(": compared in your browsers") == 2
    # Its page is the browsers' to fill: the server has no matches to show or export.
    assert alice.get(f"/pairings/{pairing_id_of(sealed_rounds)}/rounds/1/export.json").status_code == 404


@pytest.mark.parametrize("page", ["round", "pairing"])
def test_a_partner_pressing_ready_while_the_page_reads_the_rounds_is_never_a_not_found(
    sealed_rounds, alice, bob, page
):
    """Bob's Ready opens round 1 just after Alice's page starts reading the rounds (in another request, in
    production): her page must see round 1 either as not yet opened or as Bob's, never as missing."""
    pairing = Pairing.objects.get()
    opened = []

    def partner_opens_round_after_the_first_read(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not opened and '"checklist_round"' in sql and sql.lstrip().upper().startswith("SELECT"):
            opened.append(True)
            Round.objects.create(pairing=pairing, number=1)
        return result

    path = f"{sealed_rounds}1/" if page == "round" else f"/sealed/pairings/{pairing_id_of(sealed_rounds)}/"
    with connection.execute_wrapper(partner_opens_round_after_the_first_read):
        response = alice.get(path)

    assert opened
    assert response.status_code == 200, response.content
    if page == "round":
        assert response.json() == NO_ONE
    else:
        assert response.json()["round"] == 1
    assert alice.get(f"{sealed_rounds}1/").json() == NO_ONE


def test_withdrawing_takes_points_back_until_a_reply_and_the_partners_reply_to_them_goes_too(
    sealed_rounds, alice, bob
):
    lock(alice, sealed_rounds)
    lock(bob, sealed_rounds)
    reply(bob, sealed_rounds)

    withdrawn = alice.post(f"{sealed_rounds}1/withdraw/")

    assert withdrawn.json() == NO_ONE | {"partner_locked": True}
    assert bob.get(f"{sealed_rounds}1/").json() == NO_ONE | {
        "me_locked": True
    }  # his reply answered her points
    assert list(SealedMessage.objects.values_list("role", "stage")) == [("invitee", "lock")]
    assert lock(alice, sealed_rounds).json()["stage"] == "locked"
    reply(alice, sealed_rounds)
    assert alice.post(f"{sealed_rounds}1/withdraw/").json() == {
        "error": "Nobody can withdraw after sending a reply."
    }
    # Bob has not replied, so he may still take his points back, and Alice's reply to them goes.
    assert bob.post(f"{sealed_rounds}1/withdraw/").json() == NO_ONE | {"partner_locked": True}
    assert alice.get(f"{sealed_rounds}1/").json() == NO_ONE | {"me_locked": True}
    assert bob.post(f"{sealed_rounds}1/withdraw/").json()["error"] == "There is nothing of yours to withdraw."
    assert alice.post(f"{sealed_rounds}1/withdraw/").json() == NO_ONE
    assert Round.objects.count() == 0  # nothing left in it: its number is the next one's again


def test_every_step_out_of_turn_is_refused_with_a_message_and_stores_nothing(
    sealed_rounds, alice, bob, charlie, person
):
    dave = person()
    seal(charlie)
    seal(dave)
    theirs = f"/sealed{accept(dave, sealed_invite_link(charlie))}rounds/"
    plain = f"/sealed{accept(charlie, invite_link(person()))}rounds/"  # an ordinary checklist's pairing
    lock(alice, sealed_rounds)
    lock(charlie, theirs)
    version = bundle().version

    def locking(client, rounds: str, number: int = 1, message: str | None = None, catalogue: str = version):
        body = {"catalogue": catalogue, "message": points("lock") if message is None else message}
        return send_json(client, "POST", f"{rounds}{number}/lock/", body)

    before = stored()
    refusals = {
        "second upload": (lock(alice, sealed_rounds), 409, "You pressed Ready for this comparison already."),
        "reply before both locked": (reply(alice, sealed_rounds), 409, "A reply comes once you have both"),
        "a lock too long": (
            locking(bob, sealed_rounds, message=points("lock") + "AAAA"),
            400,
            "This message has",
        ),
        "a lock too short": (
            locking(bob, sealed_rounds, message=points("reply")),
            400,
            "This message has the wrong",
        ),
        "oversized": (
            locking(bob, sealed_rounds, message=b64(bytes(200_000))),
            400,
            "The message is too large",
        ),
        "not base64url": (locking(bob, sealed_rounds, message="%%%%"), 400, "The message must be unpadded"),
        "an old catalogue": (
            locking(bob, sealed_rounds, catalogue="0" * 16),
            409,
            "The checklist changed since",
        ),
        "no catalogue": (
            send_json(bob, "POST", f"{sealed_rounds}1/lock/", {"message": points("lock")}),
            409,
            "The",
        ),
        "not the open round": (locking(bob, sealed_rounds, 2), 404, "That is not here any more"),
        "round zero": (alice.get(f"{sealed_rounds}0/"), 404, "That is not here any more"),
        "a round far ahead": (alice.get(f"{sealed_rounds}{10**30}/"), 404, "That is not here any more"),
        "reply to a round not open": (reply(bob, sealed_rounds, 2), 404, "That is not here any more"),
        "withdraw before locking": (
            bob.post(f"{sealed_rounds}1/withdraw/"),
            409,
            "There is nothing of yours",
        ),
        "someone else's round": (alice.get(f"{theirs}1/"), 404, "That is not here any more"),
        "someone else's lock": (lock(alice, theirs), 404, "That is not here any more"),
        "someone else's withdraw": (alice.post(f"{theirs}1/withdraw/"), 404, "That is not here any more"),
        "someone else's pairing": (
            alice.get(theirs.removesuffix("rounds/")),
            404,
            "That is not here any more",
        ),
        "a pairing not sealed": (lock(charlie, plain), 409, "This pairing is not sealed"),
        "its state": (charlie.get(f"{plain}1/"), 409, "This pairing is not sealed"),
        "a form, not JSON": (bob.post(f"{sealed_rounds}1/lock/", {"message": "x"}), 400, "Send this as JSON"),
        "no checklist": (Client().get(f"{sealed_rounds}1/"), 403, "There is no checklist in this browser"),
    }

    for name, (response, status, message) in refusals.items():
        assert (response.status_code, response.json()["error"][: len(message)]) == (status, message), name
    assert stored() == before
    lock(bob, sealed_rounds)
    reply(alice, sealed_rounds)
    after_a_reply = stored()
    later = {
        "reply twice": (reply(alice, sealed_rounds), 409, "You sent your reply for this comparison already."),
        "a reply of a lock's size": (
            send_json(bob, "POST", f"{sealed_rounds}1/reply/", {"message": points("lock")}),
            400,
            "This reply has the wrong size",
        ),
        "withdraw after a reply": (alice.post(f"{sealed_rounds}1/withdraw/"), 409, "Nobody can withdraw"),
    }
    assert stored() == after_a_reply
    reply(bob, sealed_rounds)
    finished = stored()
    later["a finished round"] = (lock(alice, sealed_rounds), 409, "This comparison is finished.")
    later["withdraw when finished"] = (bob.post(f"{sealed_rounds}1/withdraw/"), 409, "Nobody can withdraw")
    for name, (response, status, message) in later.items():
        assert (response.status_code, response.json()["error"][: len(message)]) == (status, message), name
    assert stored() == finished


# A sealed person's own data: export, delete, purge


def test_the_export_holds_the_sealed_parts_as_stored_with_a_line_that_only_their_browser_reads_them(
    sealed_rounds, alice
):
    mine = alice.get("/sealed/blobs/").json()
    as_stored = [{"name": name, "revision": 1, "data": mine[name]["data"]} for name in sorted(mine)]

    exported = json.loads(alice.get("/me/export.json").content)
    rows = list(csv.DictReader(io.StringIO(alice.get("/me/export.csv").content.decode())))

    assert exported["note"].startswith("Your checklist is sealed: these are its parts as we store them")
    columns = ("name", "revision", "data")
    assert [{key: row[key] for key in columns} for row in exported["sealed"]] == as_stored
    assert [(row["name"], row["data"]) for row in rows] == [(row["name"], row["data"]) for row in as_stored]


def test_deleting_everything_takes_the_sealed_parts_the_relayed_messages_and_the_partners_results(
    sealed_rounds, alice, bob
):
    results = f"results:{pairing_id_of(sealed_rounds)}"
    sealed_round(sealed_rounds, 1, alice, bob)
    lock(alice, sealed_rounds, 2)
    put(bob, results, 0, blob(results))
    alices_id = participant_of(alice).pk

    alice.post("/me/delete/")

    assert not SealedBlob.objects.filter(participant_id=alices_id).exists()
    assert SealedMessage.objects.count() == Round.objects.count() == 0
    assert set(bob.get("/sealed/blobs/").json()) == {"answers", "sections", "keyring"}  # his results went too
    assert "its comparisons were deleted" in bob.get("/pairings/").content.decode()


def test_the_purge_takes_sealed_checklists_and_messages_a_partner_never_fetched(
    sealed_rounds, alice, bob, time_machine
):
    for step in (lock, reply):
        step(bob, sealed_rounds)
        step(alice, sealed_rounds)  # which hands her Bob's reply; he never comes back for hers
    call_command("purge_inactive", stdout=io.StringIO())
    assert SealedMessage.objects.count() == 4  # a finished round's messages wait a day for him

    time_machine.move_to(timezone.now() + timedelta(days=2), tick=False)
    call_command("purge_inactive", stdout=io.StringIO())
    assert SealedMessage.objects.count() == 0 and Round.objects.get().number == 1
    time_machine.move_to(timezone.now() + timedelta(days=365), tick=False)
    call_command("purge_inactive", stdout=io.StringIO())
    assert Participant.objects.count() == SealedBlob.objects.count() == Round.objects.count() == 0


# What the server keeps of two sealed people: nothing that says what they answered, or how much


# A resume link's hash is random per person, as the public id is (sealing makes a new link).
PER_PERSON_NOISE = {
    "id",
    "pk",
    "public_id",
    "participant_id",
    "created",
    "last_seen",
    "sealed",
    "updated",
    "resume_hash",
}


def person_rows(client) -> list:
    """One person's rows, without what differs between any two people anyway (ids, dates)."""
    person = participant_of(client)
    mine = [("participant", Participant.objects.values().get(pk=person.pk))]
    mine += [("blob", row) for row in SealedBlob.objects.filter(participant=person).order_by("name").values()]
    return [
        (
            kind,
            {
                k: len(v) if isinstance(v, bytes | memoryview) else v
                for k, v in row.items()
                if k not in PER_PERSON_NOISE
            },
        )
        for kind, row in mine
    ]


def test_two_sealed_people_leave_no_answer_no_count_and_no_activity_in_tables_logs_or_cache(
    alice, bob, planted, catalogue, log_lines
):
    answer(alice, catalogue, paddling__give="yes", negotiation_talk="yes")  # more answered than Bob, more Yes
    both_ready(planted, alice, bob)
    alice.post(f"{planted}name/", {"nickname": "Honey"})
    bob.post("/checklist/sections/", {"shown": ["impact"]})
    seal(alice)
    seal(bob)
    rounds = f"/sealed{accept(bob, sealed_invite_link(alice))}rounds/"
    assert rounds == f"/sealed{planted}rounds/"  # their pairing, sealed now that both are
    sealed_round(rounds, 1, alice, bob)
    for client in (alice, bob):  # each browser keeps its result, padded to the same length
        assert put(client, f"results:{pairing_id_of(rounds)}", 0, blob("results")).status_code == 200
        lock(client, rounds, 2)

    logs = log_lines()
    assert readable_in_storage(Activity.objects.all(), logs, also=["Honey"]) == []  # Honey: Alice's nickname
    assert pairing_id_of(rounds) not in json.dumps([logs, list(cache_contents())])
    assert not Rating.objects.exists() and not Snapshot.objects.exists()
    assert person_rows(alice) == person_rows(bob)
    assert {len(bytes(m.data)) for m in SealedMessage.objects.filter(stage="lock")} == {
        len(points("lock")) * 3 // 4
    }


def test_a_plain_write_racing_the_seal_leaves_no_plain_text(alice, bob, paired, catalogue, monkeypatch):
    """A save, a section choice, a nickname or Ready that started before the same person sealed (another
    tab, a tap just before Seal) is refused, not written after it: each checks again under the seal's lock."""
    from checklist import participants
    from checklist.views import rating

    loaded = participants.current_participant

    def seal_now(request) -> None:
        found = Participant.objects.get(pk=request.session[participants.SESSION_KEY])
        if not found.is_sealed:
            seal_rules(found, {name: blob(name) for name in SEALING_SLOTS}, 0)

    def sealed_meanwhile(request, lock=False):
        if lock:  # nothing lands on a row after a read under its lock: the seal came just before
            seal_now(request)
        found = loaded(request, lock=lock)
        if not lock:
            seal_now(request)
        return found

    monkeypatch.setattr(participants, "current_participant", sealed_meanwhile)
    monkeypatch.setattr(rating, "current_participant", sealed_meanwhile)
    responses = [
        alice.post("/checklist/", {field(catalogue["kissing"]): "yes"}),
        alice.post("/checklist/sections/", {"shown": ["talk"]}),
        alice.post(f"{paired}name/", {"nickname": "Honey"}),
        alice.post(f"{paired}ready/", {"confirm": "1"}),
    ]

    assert [response.status_code for response in responses] == [409, 409, 400, 409]
    assert not Rating.objects.exists()
    assert not Snapshot.objects.exists()
    assert not Pairing.objects.exclude(first_nickname="", second_nickname="").exists()
