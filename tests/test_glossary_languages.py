"""Glossary terms in another language: their texts with a per-field fallback to English, their aliases per
language (each an address that redirects), and search in that language."""

from __future__ import annotations

import json
import re

import pytest

from glossary.content import load_term_translations
from glossary.models import Alias, Term, TermTranslation
from kinklist.text import render_markdown

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

    with django_assert_num_queries(2):  # the terms with their translations, their aliases
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


# The glossary's pages in the language of their address


NOT_TRANSLATED = {
    "es": '<p class="not-translated" lang="es">Esta parte aún no está traducida; se muestra en inglés.</p>',
    "de": '<p class="not-translated" lang="de">'
    "Dieser Teil ist noch nicht übersetzt und wird auf Englisch angezeigt.</p>",
}


def article(html: str) -> str:
    """The page's own content, without the language switcher (whose English link says lang="en")."""
    return html[html.index("<article") : html.index("</article>")]


@pytest.fixture
def rope_page(rope, make_term, catalogue):
    """Rope bondage with a related term, one it is confused with and an activity, each partly in Spanish."""
    from checklist.models import ActivityTranslation

    bondage = make_term("bondage", name="Bondage", definition="Restraint of any kind.")
    TermTranslation.objects.create(term=bondage, language="es", name="Ataduras", definition="Sujetar.")
    suspension = make_term("suspension", name="Suspension", definition="Hanging in rope.")
    rope.related.add(bondage, suspension)
    rope.confused_with.add(bondage, suspension)
    TermTranslation.objects.filter(term=rope).update(related_to="Ataduras, Rigger")
    ActivityTranslation.objects.create(
        activity=catalogue["kissing"], language="es", name="Besos", description="Sobre los besos."
    )
    catalogue["kissing"].terms.add(rope)
    catalogue["negotiation-talk"].terms.add(rope)
    return rope


def test_a_term_page_reads_in_its_address_language(i18n, client, rope_page):
    html = article(client.get("/es/glossary/rope-bondage/").content.decode())

    assert '<h1 id="term-title">Bondage con cuerda</h1>' in html
    assert '<p class="aliases">También se escribe: Atadura con cuerda</p>' in html
    assert '<p class="lead definition">Atar a la pareja con cuerda.</p>' in html
    assert "<td>Ataduras, Rigger</td>" in html
    assert "<h2>Cuerda</h2>" in html
    assert 'Ver <a href="/es/glossary/bondage/">bondage</a>.' in html  # its links stay in Spanish
    assert '<div class="prose"><p>No es lo mismo que la suspensión.</p>' in html
    assert (
        'Ver: <a href="/es/glossary/bondage/">Ataduras</a>, '
        '<a href="/es/glossary/suspension/" lang="en">Suspension</a></p>'
    ) in html
    assert '<dt><a href="/es/glossary/bondage/">Ataduras</a></dt>\n  <dd>Sujetar.</dd>' in html
    assert '<a href="/es/checklist/#a-kissing">Besos</a> — Sobre los besos.</li>' in html
    for english in ("Rope bondage", "Tying a partner", "shibari", "Fesselung", "About Kissing"):
        assert english not in html


def test_what_is_not_translated_shows_in_english_marked_and_said_so(i18n, client, rope_page):
    html = article(client.get("/es/glossary/rope-bondage/").content.decode())

    # The safety note, the suspension term and Negotiation talk have no Spanish yet.
    assert (
        NOT_TRANSLATED["es"] + '<div class="prose" lang="en"><p>Keep safety shears at hand.</p>\n</div>'
    ) in html
    assert '<dt><a href="/es/glossary/suspension/" lang="en">Suspension</a></dt>' in html
    assert f'<dd lang="en">Hanging in rope.{NOT_TRANSLATED["es"]}</dd>' in html
    assert (
        '<a href="/es/checklist/#a-negotiation-talk" lang="en">Negotiation talk</a> — '
        '<span lang="en">About Negotiation talk.</span>'
    ) in html
    # Said once for the page's own texts (the safety note) and once for the related term, nowhere else.
    assert html.count(NOT_TRANSLATED["es"]) == 2
    assert html.count(' lang="en"') == 6  # the note, suspension twice (see also, related), and the activity


def test_a_term_not_translated_at_all_says_so_for_each_part(i18n, client, rope_page):
    html = article(client.get("/de/glossary/rope-bondage/").content.decode())

    assert '<h1 id="term-title" lang="en">Rope bondage</h1>' + NOT_TRANSLATED["de"] in html
    assert (
        '<p class="lead definition" lang="en">Tying a partner with rope.</p>' + NOT_TRANSLATED["de"] in html
    )
    assert '<div class="prose" lang="en"><h2>Rope</h2>' in html
    assert 'See <a href="/de/glossary/bondage/">bondage</a>.' in html  # English text, German glossary
    assert html.count(NOT_TRANSLATED["de"]) == 6 + 2  # every field, and the two related terms
    assert "Auch bekannt als: Fesselung</p>" in html


def test_the_index_lists_terms_by_their_names_in_the_address_language(i18n, client, rope_page, make_term):
    aardvark = make_term("aardvark", name="Aardvark", definition="An early term.")
    TermTranslation.objects.create(term=aardvark, language="es", name="Zorro", definition="Un término.")

    html = client.get("/es/glossary/").content.decode()

    headings = re.findall(r'<h2 id="letter-([^"]+)">', html)
    names = re.findall(r'<dt><a href="/es/glossary/[^"]+/"(?: lang="en")?>([^<]+)</a>', html)
    assert names == ["Ataduras", "Bondage con cuerda", "Consent", "Impact play", "Suspension", "Zorro"]
    assert headings == ["A", "B", "C", "I", "S", "Z"]
    assert '<dt><a href="/es/glossary/consent/" lang="en">Consent</a></dt>' in html
    assert html.count(NOT_TRANSLATED["es"]) == 3  # consent, impact play, suspension


def test_the_index_finds_terms_by_their_translated_names_and_aliases(client, rope_page):
    def found(language: str, query: str) -> list[str]:
        html = client.get(f"/{language}/glossary/", {"q": query}, headers={"HX-Request": "true"})
        return re.findall(
            r'<dt><a href="/[a-z]+/glossary/[^"]+/"(?: lang="en")?>([^<]+)</a>', html.content.decode()
        )

    assert found("es", "cuerda") == ["Bondage con cuerda"]
    assert found("es", "atadura") == ["Ataduras", "Bondage con cuerda"]  # a name, an alias
    assert found("es", "shibari") == ["Bondage con cuerda"]  # an English alias still finds it
    assert found("de", "fesselung") == ["Rope bondage"]  # a German alias; the term is not in German yet
    assert found("de", "cuerda") == []


def test_aliases_lead_to_the_term_in_the_address_language(client, rope):
    for alias in ("atadura-con-cuerda", "shibari", "fesselung"):
        response = client.get(f"/es/glossary/{alias}/")
        assert (response.status_code, response["Location"]) == (301, "/es/glossary/rope-bondage/")


def test_an_unknown_term_suggests_others_in_the_address_language(client, rope):
    html = client.get("/es/glossary/rope-bondag/").content.decode()

    assert '<dt><a href="/es/glossary/rope-bondage/">Bondage con cuerda</a></dt>' in html


@pytest.mark.parametrize(
    ("language", "html"),
    [
        ("en", '<a href="/glossary/bondage/">bondage</a>'),
        ("de", '<a href="/de/glossary/bondage/">bondage</a>'),
        ("es", '<a href="/es/glossary/bondage/">bondage</a>'),
    ],
)
def test_markdown_links_to_the_site_lead_to_the_same_language_and_others_stay(language, html):
    text = "[bondage](/glossary/bondage/), [elsewhere](https://example.org/x/), [odd](//example.org/y/)"

    rendered = render_markdown(text, language)

    assert html in rendered
    assert '<a href="https://example.org/x/">elsewhere</a>' in rendered
    assert '<a href="//example.org/y/">odd</a>' in rendered
