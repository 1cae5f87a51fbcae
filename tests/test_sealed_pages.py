"""The pages of a sealed checklist, the server's side: the sealing page says what sealing protects and costs
and gives the browser only its own person's answers; once sealed, every page a person gets is the same
for every sealed person (their browser fills in what only it can read), and a new resume link replaces
the old one, which knew no key."""

from __future__ import annotations

import gzip
import json
import re

import pytest
from django.test import Client

from checklist.models import Category
from tests.helpers import answer, seal

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|"X-CSRFToken": "[^"]+"')
PUBLIC_ID = re.compile(r'data-(?:participant|needs-key|add-key|forget-key)="[0-9a-f-]{36}"')


def own_answers(response) -> dict:
    found = re.search(r'<script id="own-answers" type="application/json">(.*?)</script>', response.text, re.S)
    return json.loads(found.group(1))


def test_sealing_page_says_what_it_protects_what_it_does_not_and_what_it_costs(alice, catalogue):
    text = alice.get("/me/seal/").text
    for promise in (
        "neither a leak of our database, nor a stolen backup, nor a demand for our records",
        "This site being changed to read your answers while you use it.",
        "A partner running modified code.",
        "protects you <em>less</em> than the standard one",
        "Nobody can recover them, us included",
        "Backups we made before you seal still hold your old, readable answers",
        "It needs JavaScript",
    ):
        assert promise in text
    # Without JavaScript nothing can be sealed, and the page says so instead of showing a dead switch.
    assert '<noscript><p class="warning">Sealing needs JavaScript' in text
    assert re.search(r"<form [^>]*data-seal-form hidden>", text)


def test_sealing_page_gives_the_browser_its_own_answers_and_sections_and_nobody_elses(alice, bob, catalogue):
    answer(alice, catalogue, kissing="yes", spanking__give="no", spanking__receive="maybe")
    answer(bob, catalogue, paddling__give="yes")
    impact = Category.objects.get(slug="impact")
    talk = Category.objects.get(slug="talk")
    assert alice.post("/checklist/sections/", {"shown": [impact.slug]}).status_code == 303

    own = own_answers(alice.get("/me/seal/"))

    kissing, spanking = catalogue["kissing"].pk, catalogue["spanking"].pk
    assert sorted(own["answers"]) == sorted(
        [[kissing, "shared", "yes"], [spanking, "give", "no"], [spanking, "receive", "maybe"]]
    )
    assert own["hidden"] == [talk.pk] and own["shown"] == []


def test_a_section_that_starts_hidden_but_holds_answers_is_sealed_as_shown(alice, catalogue):
    impact = Category.objects.get(slug="impact")
    answer(alice, catalogue, spanking__give="yes")
    Category.objects.filter(pk=impact.pk).update(starts_hidden=True)
    from checklist.catalogue import forget_catalogue

    forget_catalogue()
    own = own_answers(alice.get("/me/seal/"))
    assert own["shown"] == [impact.pk] and own["hidden"] == []


def test_sealing_replaces_the_resume_link_with_one_the_browser_adds_the_key_to(alice, catalogue):
    old = alice.post("/me/resume-link/")
    old_link = re.search(r'value="http://testserver(/resume/[^"]+)"', old.text).group(1)
    other_browser = Client()
    assert other_browser.post(old_link).status_code == 303

    response = seal(alice)

    new_link = response.json()["resume"].removeprefix("http://testserver")
    assert new_link != old_link and "#" not in new_link  # the key is the browser's to add
    assert Client().get(old_link).status_code == 404
    # The browser that opened the old link is signed out: it had no key for the sealed answers either.
    assert "Start the checklist" in other_browser.get("/checklist/").text
    assert Client().get(new_link).status_code == 200
    assert alice.get("/checklist/").status_code == 200  # the sealing browser stays in


def sealed_page(client, path: str) -> str:
    """The page as a person gets it, without the two things that differ per person anyway: the CSRF
    token and their own public id."""
    return PUBLIC_ID.sub("", CSRF.sub("", client.get(path).text))


@pytest.mark.parametrize("path", ["/checklist/", "/me/print/"])
def test_a_sealed_persons_checklist_and_print_pages_are_the_same_for_everyone_whatever_they_answered(
    alice, bob, catalogue, path
):
    answer(alice, catalogue, kissing="yes", spanking__give="no")
    seal(alice)
    seal(bob)
    assert sealed_page(alice, path) == sealed_page(bob, path)
    text = alice.get(path).text
    assert " checked" not in text and "Kissing" in text and "Spanking" in text
    assert "needs JavaScript" in text


def test_the_sealed_checklist_page_is_compressed_for_browsers_that_take_it(alice, catalogue):
    seal(alice)
    plain = alice.get("/checklist/")
    packed = alice.get("/checklist/", HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    assert CSRF.sub("", gzip.decompress(packed.content).decode()) == CSRF.sub("", plain.text)
    assert "no-store" in packed["Cache-Control"]


def test_a_sealed_persons_data_page_offers_a_new_resume_link_only_where_the_key_is(alice, catalogue):
    seal(alice)
    text = alice.get("/me/").text
    assert re.search(r'<button class="button" type="submit" data-needs-key="[0-9a-f-]{36}" disabled>', text)
    assert "Your checklist is sealed" in text
    assert 'href="/me/print/">Print or download your answers</a>' in text


def test_a_new_resume_link_of_a_sealed_person_is_marked_for_the_browser_to_add_the_key(alice, catalogue):
    seal(alice)
    text = alice.post("/me/resume-link/").text
    assert re.search(
        r'id="resume-link" class="secret" type="text" '
        r'value="http://testserver/resume/[^"#]+/" readonly data-add-key=',
        text,
    )
    assert "does not hold your checklist’s key" in text


def test_a_standard_persons_pages_carry_no_sealed_script(alice, catalogue):
    for path in ("/me/", "/checklist/", "/me/print/", "/me/delete/"):
        assert "js/sealed/" not in alice.get(path).text
    assert "Seal your checklist" in alice.get("/me/").text


def test_the_home_page_offers_sealing_with_its_limits_beside_its_promise(client, alice, catalogue):
    for visitor in (client, alice):
        text = visitor.get("/").text
        assert "nothing we store can reveal an answer" in text
        assert "cannot protect you from this site being changed to read your answers" in text
        assert "protects you less than the standard checklist" in text
        assert "nobody can recover sealed answers" in text
    assert 'href="/me/seal/"' in alice.get("/").text
    assert 'href="/me/seal/"' not in client.get("/").text  # a visitor has nothing to seal yet
