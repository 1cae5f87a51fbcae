"""The checklist's pages read the catalogue in the language of their address: the checklist page and its
fragments, a save, print, exports, the comparison and the sealed wording bundle, with whatever is not
translated shown in English and marked so. A person's language is remembered for their resume link, and
partners reading different languages compare exactly the same things, each in their own words."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils.html import escape

from checklist.answers import field_name
from checklist.catalogue import catalogue as read_catalogue
from checklist.models import ActivityTranslation, Pairing, Participant
from glossary.models import Term
from tests.helpers import both_ready, field, invite_link, participant_of, seal

pytestmark = pytest.mark.django_db


@pytest.fixture
def translated(partly_spanish):
    """The shared partly Spanish catalogue, and in German spanking's name and wording only."""
    ActivityTranslation.objects.create(
        activity=partly_spanish["spanking"],
        language="de",
        name="Versohlen",
        give_text="Ich möchte meine*n Partner*in versohlen",
        receive_text="Ich möchte, dass mein*e Partner*in mich versohlt",
    )
    return partly_spanish


def started(prefix: str) -> Client:
    """Someone who pressed Start on a page in that language."""
    client = Client()
    assert client.post(f"{prefix}/start/").status_code == 303
    return client


def content(html: str) -> str:
    """The page's main part: the footer's language switcher says lang="en" for its English link."""
    return html[html.index('<main id="main"') : html.index("</main>")]


# The checklist page and its fragments


def test_the_checklist_reads_in_the_address_language_with_english_marked(translated):
    html = content(started("/es").get("/es/checklist/?category=impact").content.decode())

    assert '<p class="intro">Golpes.</p>' in html
    assert "<h3>Azotes</h3>\n" in html
    assert '<p class="desc">Sobre los azotes. <span class="risk risk-low">' in html
    assert '<span class="vh">Azotes — </span>Me gustaría azotar a mi pareja</legend>' in html
    assert '<span class="vh">Azotes — </span>Me gustaría que mi pareja me azotara</legend>' in html
    assert '<a href="/es/glossary/impact-play/">Juego de impacto</a>' in html
    assert '<a href="/es/glossary/consent/" lang="en">Consent</a>' in html  # its name is not in Spanish
    assert "<h3>Pala</h3>" in html
    assert '<p class="desc"><span lang="en">About Paddling.</span> ' in html
    for english in ("Spanking", "I&#x27;d like", "Impact play", "Talking first."):
        assert english not in html


def test_a_section_not_translated_is_marked_english_and_nothing_is_in_english(translated):
    html = content(started("/es").get("/es/checklist/?category=talk").content.decode())

    assert '<p class="intro" lang="en">Talking first.</p>' in html
    assert '<h3 lang="en">Kissing</h3>' in html
    assert '<p class="desc"><span lang="en">About Kissing.</span>' in html
    assert '<legend><span class="vh" lang="en">Kissing</span></legend>' in html
    english = content(started("").get("/checklist/?category=talk").content.decode())
    assert ' lang="en"' not in english


def test_a_section_that_starts_hidden_says_its_intro_is_english(translated):
    talk = translated["kissing"].category
    talk.starts_hidden = True
    talk.save()

    html = content(started("/es").get("/es/checklist/").content.decode())

    assert (
        '<h2 id="h-talk" lang="en">Talk</h2>\n<p class="intro"><span lang="en">Talking first.</span> ' in html
    )


def test_fragments_are_kept_per_language(translated):
    """Kept fragments are found by their values: a placeholder, or an entry no language translates, is the
    same value in every language, but its links are not."""
    pages = {
        prefix: content(started(prefix).get(f"{prefix}/checklist/").content.decode())
        for prefix in ("", "/de", "/es", "")
    }

    assert 'data-hx-get="/checklist/?category=impact"' in pages[""]
    for prefix in ("/de", "/es"):
        assert f'data-hx-get="{prefix}/checklist/?category=impact"' in pages[prefix]
        assert f'<a href="{prefix}/glossary/consent/" lang="en">Consent</a>' in pages[prefix]
        assert 'href="/checklist/' not in pages[prefix].replace('href="/checklist/#', "")


def test_a_section_loaded_as_a_fragment_and_a_save_read_in_the_address_language(translated):
    spanish = started("/es")
    htmx = {"HX-Request": "true"}

    fragment = spanish.get("/es/checklist/?category=impact", headers=htmx).content.decode()
    saved = spanish.post(
        "/es/checklist/", {field(translated["spanking"], "give"): "yes", "category": "impact"}, headers=htmx
    ).content.decode()

    assert "<h3>Azotes</h3>" in fragment and "Spanking" not in fragment
    assert '<span class="vh">Azotes — </span>Me gustaría azotar a mi pareja</legend>' in saved
    assert "Guardado: Azotes — Me gustaría azotar a mi pareja: Sí." in saved
    assert 'data-hx-post="/es/checklist/"' in fragment


# Print and exports


def test_print_and_exports_read_in_the_address_language_and_say_which(translated):
    spanish = started("/es")
    spanish.post(
        "/es/checklist/", {field(translated["spanking"], "give"): "yes", field(translated["kissing"]): "no"}
    )

    printed = content(spanish.get("/es/me/print/").content.decode())
    exported = json.loads(spanish.get("/es/me/export.json").content)
    rows = list(csv.DictReader(io.StringIO(spanish.get("/es/me/export.csv").content.decode())))

    assert "<h2>Impacto</h2>" in printed
    assert "<td>Azotes — Me gustaría azotar a mi pareja</td>" in printed
    assert '<h2 lang="en">Talk</h2>' in printed
    assert '<td><span lang="en">Kissing</span></td>' in printed
    assert exported["language"] == "es"
    assert [(a["activity"], a["category"], a["wording"]) for a in exported["answers"]] == [
        ("Kissing", "Talk", ""),
        ("Azotes", "Impacto", "Me gustaría azotar a mi pareja"),
    ]
    assert [(row["activity"], row["language"]) for row in rows] == [("Kissing", "es"), ("Azotes", "es")]
    english = spanish.get("/me/export.json")
    assert json.loads(english.content)["language"] == "en" and b"Spanking" in english.content


def test_a_sealed_checklist_and_its_print_page_read_in_the_address_language(translated):
    spanish = started("/es")
    seal(spanish)

    page = content(spanish.get("/es/checklist/").content.decode())
    printed = content(spanish.get("/es/me/print/").content.decode())

    assert "<h3>Azotes</h3>" in page and '<h3 lang="en">Kissing</h3>' in page
    assert '<p class="intro">Golpes.</p>' in page
    assert '<h2 id="h-talk" lang="en">Talk</h2>' in page
    assert "<h2>Impacto</h2>" in printed
    assert "<td>Azotes — Me gustaría azotar a mi pareja</td>" in printed
    assert 'data-wording="Me gustaría azotar a mi pareja"' in printed


# The sealed wording bundle


def test_the_wording_bundle_has_a_variant_per_language_the_same_for_everyone(client, translated):
    english = client.get("/sealed/wording.json")
    spanish = client.get("/es/sealed/wording.json")
    bundle = json.loads(spanish.content)

    assert started("/es").get("/es/sealed/wording.json").content == spanish.content
    assert started("").get("/sealed/wording.json").content == english.content
    assert spanish["ETag"] != english["ETag"] and spanish["Cache-Control"] == "public, max-age=60"
    assert (
        client.get("/es/sealed/wording.json", headers={"If-None-Match": spanish["ETag"]}).status_code == 304
    )

    def listed(bundle) -> list:
        return [(a["id"], a["sides"], a["retired"]) for s in bundle["sections"] for a in s["activities"]]

    assert listed(bundle) == listed(json.loads(english.content))
    talk, impact = bundle["sections"]
    paddling, spanking = impact["activities"]
    assert (impact["name"], "fallback" in impact) == ("Impacto", False)
    assert (talk["name"], talk["fallback"]) == ("Talk", ["name"])
    assert (spanking["name"], spanking["give"], "fallback" in spanking) == (
        "Azotes",
        "Me gustaría azotar a mi pareja",
        False,
    )
    assert spanking["terms"] == [
        ["Consent", "/es/glossary/consent/", ["name"]],
        ["Juego de impacto", "/es/glossary/impact-play/"],
    ]
    assert (paddling["description"], paddling["fallback"]) == ("About Paddling.", ["description"])
    assert talk["activities"][0]["fallback"] == ["description", "name"]
    assert b'"fallback"' not in english.content


# A person's language


def test_a_person_s_language_is_the_page_s_they_start_on_then_the_one_they_read_their_checklist_in(
    translated,
):
    person = started("/es")
    assert participant_of(person).language == "es"

    person.get("/de/me/")  # other pages say nothing about it
    assert participant_of(person).language == "es"

    person.get("/de/checklist/")
    assert participant_of(person).language == "de"

    person.get("/checklist/?category=impact", headers={"HX-Request": "true"})
    assert participant_of(person).language == "en"


def test_the_resume_link_opens_the_checklist_in_the_person_s_language(translated):
    person = started("/es")
    person.get("/de/checklist/")

    made = person.post("/es/me/resume-link/").content.decode()
    link = re.search(r'value="http://testserver(/[^"]+)"', made).group(1)
    elsewhere = Client()
    page = elsewhere.get(link)
    response = elsewhere.post(link)

    assert link.startswith("/resume/")  # no language in it: the person's is looked up
    assert '<html lang="de">' in page.content.decode()
    assert "Meine Checkliste öffnen" in page.content.decode()
    assert response["Location"] == "/de/checklist/"
    assert participant_of(elsewhere).language == "de"


def test_the_resume_link_of_someone_reading_english_opens_it_in_english(translated):
    person = started("")
    link = re.search(r'value="http://testserver(/[^"]+)"', person.post("/me/resume-link/").content.decode())

    assert Client().post(link.group(1))["Location"] == "/checklist/"


def test_accepting_an_invite_on_a_page_starts_someone_in_its_language(translated):
    inviter = started("")
    invitee = Client()

    invitee.post("/es" + invite_link(inviter))

    assert Participant.objects.get(pk=invitee.session["participant_id"]).language == "es"


# Partners reading different languages


def test_partners_reading_different_languages_see_the_same_matches_each_in_their_own(translated):
    alice, bob = started("/es"), started("/de")
    pairing = invite_link(alice)
    bob.post(f"/de{pairing}")
    pairing = re.search(
        r'href="/de(/pairings/[0-9a-f-]+/)"', bob.get("/de/pairings/").content.decode()
    ).group(1)
    yes = {field(translated["kissing"]): "yes", field(translated["spanking"], "give"): "yes"}
    alice.post("/es/checklist/", yes)
    bob.post(
        "/de/checklist/",
        {field(translated["kissing"]): "yes", field(translated["spanking"], "receive"): "yes"},
    )
    both_ready(f"/es{pairing}", alice)
    both_ready(f"/de{pairing}", bob)

    hers = alice.get(f"/es{pairing}rounds/1/")
    his = bob.get(f"/de{pairing}rounds/1/")

    def matched(response) -> list[tuple[int, str]]:
        return [(card.activity.id, card.kind) for card in response.context["result"].matches]

    kissing, spanking = translated["kissing"].pk, translated["spanking"].pk
    assert matched(hers) == [(kissing, "together"), (spanking, "you")]
    assert matched(his) == [(kissing, "together"), (spanking, "partner")]
    her_page, his_page = content(hers.content.decode()), content(his.content.decode())
    assert "<h3>Azotes</h3>" in her_page and "Me gustaría azotar a mi pareja" in her_page
    assert "<h3>Versohlen</h3>" in his_page and "Ich möchte, dass mein*e Partner*in mich versohlt" in his_page
    assert '<span lang="en">About Spanking.</span>' in his_page  # not in German yet: marked
    assert "Spanking</h3>" not in her_page + his_page
    her_rows = json.loads(alice.get(f"/es{pairing}rounds/1/export.json").content)
    his_rows = list(csv.DictReader(io.StringIO(bob.get(f"/de{pairing}rounds/1/export.csv").content.decode())))
    assert [row["activity"] for row in her_rows["matches"]] == ["Kissing", "Azotes"]
    assert her_rows["language"] == "es"
    assert [(row["activity"], row["language"]) for row in his_rows] == [
        ("Kissing", "de"),
        ("Versohlen", "de"),
    ]


# What the pages cost, in every language


def test_the_catalogue_of_each_language_is_read_once_and_kept(translated, django_assert_num_queries):
    read_catalogue()
    person = started("/es")
    person.get("/es/checklist/")

    with django_assert_num_queries(4):  # session, participant, answers, pairings: the catalogue is in memory
        person.get("/es/checklist/")


# The shipped content


@pytest.mark.parametrize("language", ["de", "es"])
def test_every_page_reads_the_shipped_translations_with_nothing_left_in_english(i18n, language):
    call_command("load_content", stdout=io.StringIO())
    prefix, english, worded = f"/{language}", read_catalogue(), read_catalogue(language)
    alice, bob = started(prefix), started(prefix)
    sections = worded.sections[:3]
    everything = {field_name(e.id, side): "yes" for s in sections for e in s.entries for side in e.sides}
    alice.post(f"{prefix}/checklist/", everything)
    bob.post(f"{prefix}/checklist/", everything)
    bob.post(prefix + invite_link(alice))
    pairing = f"{prefix}/pairings/{Pairing.objects.get().public_id}/"
    both_ready(pairing, alice, bob)
    term = Term.objects.get(slug="bdsm")

    pages = {
        "checklist": [alice.get(f"{prefix}/checklist/?category={s.slug}") for s in worded.sections],
        "print": [alice.get(f"{prefix}/me/print/")],
        "round": [alice.get(f"{pairing}rounds/1/")],
        "glossary": [alice.get(f"{prefix}/glossary/"), alice.get(f"{prefix}/glossary/{term.slug}/")],
    }

    for name, responses in pages.items():
        for response in responses:
            html = content(response.content.decode())
            assert response.status_code == 200 and ' lang="en"' not in html, name
            assert 'class="not-translated"' not in html, name
    shown = "".join(response.content.decode() for response in pages["checklist"])
    for section in worded.sections:
        assert f">{escape(section.name)}</h2>" in shown
        if not section.starts_hidden:  # its questions come once shown
            assert f"<h3>{escape(section.entries[0].name)}</h3>" in shown
    assert english.sections[0].entries[0].name not in shown
    assert (
        f'<h1 id="term-title">{escape(term.texts(language).name)}</h1>'
        in pages["glossary"][1].content.decode()
    )
    exported = json.loads(alice.get(f"{prefix}/me/export.json").content)
    names = {entry.name for s in sections for entry in s.entries}
    assert exported["language"] == language and {row["activity"] for row in exported["answers"]} == names
    assert b'"fallback"' not in alice.get(f"{prefix}/sealed/wording.json").content


def test_a_closed_section_is_marked_english_only_while_its_name_is(alice, partly_spanish):
    """A translation may spell a name as English does; the kept fragments must then drop the marking."""
    from checklist.models import CategoryTranslation

    talk = partly_spanish["kissing"].category
    before = alice.get("/es/checklist/?category=impact").content.decode()
    CategoryTranslation.objects.create(category=talk, language="es", name="Talk", intro="Hablar primero.")
    after = alice.get("/es/checklist/?category=impact").content.decode()

    assert '<h2 id="h-talk" lang="en">Talk</h2>' in before
    assert '<h2 id="h-talk">Talk</h2>' in after
    assert '<span lang="en">Talk</span>' in before and '<span lang="en">Talk</span>' not in after
