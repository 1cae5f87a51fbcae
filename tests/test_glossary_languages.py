"""Glossary terms in another language: their texts with a per-field fallback to English, their aliases per
language (each an address that redirects), and search in that language."""

from __future__ import annotations

import json

import pytest

from glossary.content import load_term_translations
from glossary.models import Alias, Term, TermTranslation

pytestmark = pytest.mark.django_db


@pytest.fixture
def rope(make_term):
    """Rope bondage, translated into Spanish except its safety note, with an alias in each language."""
    term = make_term(
        "rope-bondage",
        name="Rope bondage",
        aliases=("shibari",),
        definition="Tying a partner with rope.",
        related_to="Bondage, Rigger",
        body="## Rope\n\nSee [bondage](/glossary/bondage/).",
        safety_note="Keep safety shears at hand.",
    )
    TermTranslation.objects.create(
        term=term,
        language="es",
        name="Bondage con cuerda",
        definition="Atar a la pareja con cuerda.",
        related_to="Bondage, Rigger",
        body="## Cuerda\n\nVer [bondage](/glossary/bondage/).",
        often_confused_with="No es lo mismo que la suspensión.",
    )
    Alias.objects.create(term=term, name="Atadura con cuerda", slug="atadura-con-cuerda", language="es")
    Alias.objects.create(term=term, name="Fesselung", slug="fesselung", language="de")
    return term


def test_a_term_reads_in_the_language_asked_for_with_english_where_it_is_not_translated(rope):
    texts = Term.objects.in_language("es").get(slug="rope-bondage").texts("es")

    assert (texts.language, texts.name, texts.definition) == (
        "es",
        "Bondage con cuerda",
        "Atar a la pareja con cuerda.",
    )
    assert texts.related_to_labels == ["Bondage", "Rigger"]
    assert "<h2>Cuerda</h2>" in texts.body_html
    assert texts.safety_note == "Keep safety shears at hand."
    assert texts.fallback == {"safety_note"}
    assert texts.aliases == ("Atadura con cuerda",)
    assert texts.initial == "B"


def test_a_term_without_a_translation_reads_in_english_every_field_marked(rope, make_term):
    consent = make_term("consent", name="Consent")

    texts = consent.texts("de")

    assert (texts.name, texts.definition) == ("Consent", consent.definition)
    assert texts.fallback == {
        "name",
        "definition",
        "related_to",
        "body",
        "often_confused_with",
        "safety_note",
    }
    assert all(getattr(texts, field) for field in texts.fallback)


def test_in_english_nothing_falls_back(rope):
    texts = rope.texts("en")

    assert (texts.name, texts.fallback, texts.aliases) == ("Rope bondage", frozenset(), ("shibari",))


def test_a_list_of_terms_reads_its_translations_in_a_fixed_number_of_queries(
    make_term, django_assert_num_queries
):
    for number in range(5):
        term = make_term(f"term-{number}")
        TermTranslation.objects.create(term=term, language="es", name=f"Término {number}")

    with django_assert_num_queries(3):  # the terms, their aliases, their translations
        names = [term.texts("es").name for term in Term.objects.in_language("es")]

    assert sorted(names) == [f"Término {number}" for number in range(5)]


@pytest.mark.parametrize(
    ("query", "language", "found"),
    [
        ("cuerda", "es", True),  # translated name
        ("atar a la pareja", "es", True),  # translated definition
        ("atadura", "es", True),  # alias in that language
        ("rope", "es", True),  # the English name someone met elsewhere
        ("shibari", "es", True),  # an English alias
        ("cuerda", "en", False),  # Spanish words do not find English pages
        ("atadura", "en", False),
        ("cuerda", "de", False),  # nor German ones
        ("fesselung", "es", False),
        ("fesselung", "de", True),
    ],
)
def test_search_finds_translated_names_and_aliases(rope, query, language, found):
    assert list(Term.objects.search(query, language)) == ([rope] if found else [])


def test_search_lists_a_term_once_however_many_of_its_texts_match(rope):
    TermTranslation.objects.filter(term=rope).update(definition="Bondage con cuerda, con más cuerda.")
    Alias.objects.create(term=rope, name="Cuerda japonesa", slug="cuerda-japonesa", language="es")

    assert list(Term.objects.search("cuerda", "es")) == [rope]


def test_a_translated_alias_redirects_to_the_term(client, rope):
    response = client.get("/glossary/atadura-con-cuerda/")

    assert response.status_code == 301
    assert response["Location"] == "/glossary/rope-bondage/"


def test_the_english_page_lists_only_english_aliases(client, rope):
    html = client.get("/glossary/rope-bondage/").content.decode()

    assert "Also written: shibari</p>" in html
    assert "Fesselung" not in html


def test_the_english_index_search_does_not_find_words_of_other_languages(client, rope):
    html = client.get("/glossary/", {"q": "fesselung"}).content.decode()

    assert "Rope bondage" not in html


def test_a_loaded_alias_with_accents_makes_a_plain_address_that_redirects(client, make_term, tmp_path):
    make_term("power-exchange", name="Power exchange")
    folder = tmp_path / "glossary"
    folder.mkdir()
    german = {"slug": "power-exchange", "name": "Machtaustausch", "aliases": ["Machtgefälle"]}
    (folder / "power-exchange.json").write_text(json.dumps(german), encoding="utf-8")
    load_term_translations(folder, "de")

    response = client.get("/glossary/machtgefaelle/")

    assert response.status_code == 301
    assert response["Location"] == "/glossary/power-exchange/"
