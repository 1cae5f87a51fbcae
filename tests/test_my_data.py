from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from checklist.models import Participant, Rating
from kinklist.secret_links import hash_secret
from tests.helpers import answers_of, field, participant_of

pytestmark = pytest.mark.django_db

PRIVATE_PAGES = ["/checklist/", "/me/", "/me/export.json", "/me/export.csv", "/me/print/", "/me/delete/"]


def resume_link(client) -> str:
    html = client.post("/me/resume-link/").content.decode()
    return re.search(r'value="http://testserver(/resume/[^"]+/)"', html).group(1)


def test_private_pages_are_never_cached_and_vary_on_cookie(alice, catalogue):
    for url in PRIVATE_PAGES:
        response = alice.get(url, headers={"Accept-Encoding": "gzip, br"})
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url
        assert "Cookie" in response["Vary"], url
        assert "Content-Encoding" not in response, url  # pages with secrets are never compressed (BREACH)


def test_private_pages_send_a_visitor_without_a_checklist_to_the_start(client, catalogue):
    for url in PRIVATE_PAGES[1:]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == "/checklist/"


def test_the_resume_link_has_256_random_bits_and_only_its_hash_is_stored(alice, catalogue):
    path = resume_link(alice)

    secret = path.split("/")[2]
    assert len(secret) >= 43  # 32 bytes, URL-safe base64
    participant = participant_of(alice)
    assert participant.resume_hash == hash_secret(secret)
    assert secret not in str(Participant.objects.values().get())


def test_the_resume_link_page_warns_and_offers_to_copy(alice, catalogue):
    html = alice.post("/me/resume-link/").content.decode()

    assert "Whoever has this link can see and change your answers." in html
    assert "we show it only once" in html
    assert 'data-copy-target="resume-link"' in html


def test_opening_the_resume_link_needs_a_post_then_restores_the_checklist_in_a_new_session(alice, catalogue):
    kissing = field(catalogue["kissing"])
    alice.post("/checklist/", {kissing: "yes"})
    path = resume_link(alice)
    phone = Client()

    page = phone.get(path)
    assert page.status_code == 200
    assert "participant_id" not in phone.session  # a link previewer's GET changes nothing
    assert (
        '<button class="button button-primary" type="submit">Open my checklist</button>'
        in page.content.decode()
    )

    before = phone.session.session_key
    response = phone.post(path)

    assert response.status_code == 303
    assert response["Location"] == "/checklist/"
    assert phone.session.session_key != before
    assert participant_of(phone) == participant_of(alice)
    assert f'name="{kissing}" value="yes" checked' in phone.get("/checklist/").content.decode()


def test_a_new_resume_link_switches_the_old_one_off(alice, catalogue):
    old = resume_link(alice)
    new = resume_link(alice)

    assert Client().post(old).status_code == 404
    assert Client().post(new).status_code == 303


@pytest.mark.parametrize("path", ["/resume/not-a-real-secret/", "/resume/" + "A" * 43 + "/"])
def test_an_unknown_resume_link_gets_a_plain_404(client, catalogue, path):
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 404
        assert "This link doesn’t open a checklist" in response.content.decode()
    assert "participant_id" not in client.session


def test_the_display_name_is_optional_and_limited(alice, catalogue):
    response = alice.post("/me/name/", {"display_name": "Sam"})
    assert response.status_code == 303
    assert participant_of(alice).display_name == "Sam"

    response = alice.post("/me/name/", {"display_name": "x" * 41})
    assert response.status_code == 400
    assert "at most 40 characters" in response.content.decode()
    assert participant_of(alice).display_name == "Sam"

    alice.post("/me/name/", {"display_name": ""})
    assert participant_of(alice).display_name == ""


def test_export_json_holds_exactly_my_answers(alice, bob, catalogue):
    spanking = catalogue["spanking"]
    alice.post("/checklist/", {field(catalogue["kissing"]): "yes", field(spanking, "receive"): "maybe"})
    bob.post("/checklist/", {field(catalogue["negotiation-talk"]): "no"})

    response = alice.get("/me/export.json")

    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    answers = json.loads(response.content)["answers"]
    assert [(a["activity"], a["category"], a["side"], a["answer"]) for a in answers] == [
        ("Kissing", "Talk", "shared", "yes"),
        ("Spanking", "Impact", "receive", "maybe"),
    ]
    assert answers[1]["wording"] == "I'd like my partner to spank me"
    assert all(answer["updated"] for answer in answers)


def test_export_csv_holds_exactly_my_answers(alice, bob, catalogue):
    alice.post("/checklist/", {field(catalogue["paddling"], "give"): "no"})
    bob.post("/checklist/", {field(catalogue["kissing"]): "yes"})

    response = alice.get("/me/export.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(row["activity"], row["side"], row["answer"]) for row in rows] == [("Paddling", "give", "no")]
    assert list(rows[0]) == [
        "activity",
        "category",
        "side",
        "wording",
        "answer",
        "updated",
        "category_left_out",
        "language",
    ]


def test_the_print_view_lists_my_answers(alice, catalogue):
    alice.post("/checklist/", {field(catalogue["spanking"], "give"): "yes"})

    html = alice.get("/me/print/").content.decode()

    assert "<td>Spanking — I&#x27;d like to spank my partner</td><td>Yes</td>" in html
    assert "Kissing" not in html


def test_delete_asks_first_then_removes_every_row(alice, bob, catalogue):
    alice.post(
        "/checklist/", {field(catalogue["kissing"]): "yes", field(catalogue["spanking"], "give"): "no"}
    )
    resume_link(alice)
    alice.post(
        "/accounts/signup/",
        {"username": "alice", "password1": "a-long-pass-phrase-9", "password2": "a-long-pass-phrase-9"},
    )
    bob.post("/checklist/", {field(catalogue["kissing"]): "yes"})
    alice_id = participant_of(alice).pk

    assert "Delete everything?" in alice.get("/me/delete/").content.decode()
    assert Participant.objects.filter(pk=alice_id).exists()

    response = alice.post("/me/delete/")

    assert response.status_code == 303
    assert response["Location"] == "/deleted/"
    assert not Participant.objects.filter(pk=alice_id).exists()
    assert Rating.objects.filter(participant_id=alice_id).count() == 0
    assert not User.objects.filter(username="alice").exists()
    assert "participant_id" not in alice.session
    assert "_auth_user_id" not in alice.session
    assert alice.get("/checklist/").content.decode().count('action="/start/"') == 1
    assert answers_of(bob) == {("kissing", "shared"): "yes"}
    assert Participant.objects.count() == 1


def test_delete_says_first_that_it_ends_the_pairings_for_both_and_offers_an_export(alice, catalogue):
    html = alice.get("/me/delete/").content.decode()

    assert (
        "It also ends every pairing you are in and deletes their comparisons, for both of you. "
        "A partner sees only that a pairing ended, nothing more."
    ) in html
    assert '<a href="/me/export.json" download>Download your answers as JSON</a>' in html
    assert '<a href="/me/export.csv" download>Download your answers as CSV (for spreadsheets)</a>' in html
    assert html.index("/me/export.csv") < html.index("Yes, delete everything now")  # offered before it
    assert (
        "ends your pairings, deleting their comparisons for both of you" in alice.get("/me/").content.decode()
    )


def test_deleting_everything_leaves_each_partner_a_note_and_keeps_their_checklist(
    alice, bob, paired, catalogue
):
    bob.post("/checklist/", {field(catalogue["kissing"]): "yes"})

    alice.post("/me/delete/")

    assert "its comparisons were deleted" in bob.get("/pairings/").content.decode()
    assert answers_of(bob) == {("kissing", "shared"): "yes"}
    assert "your pairings have ended" in alice.get("/deleted/").content.decode()


def test_a_new_resume_link_signs_out_every_browser_that_opened_the_old_one(alice, catalogue):
    alice.post("/checklist/", {field(catalogue["kissing"]): "yes"})
    snoop = Client()
    snoop.post(resume_link(alice))
    assert "Kissing" in snoop.get("/me/export.csv").content.decode()

    resume_link(alice)

    assert snoop.get("/me/export.csv").status_code == 302
    assert snoop.post("/checklist/", {field(catalogue["kissing"]): "no"}).status_code == 403
    assert alice.get("/me/export.csv").status_code == 200
    assert answers_of(alice) == {("kissing", "shared"): "yes"}
