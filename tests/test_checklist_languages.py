"""The checklist in another language: the same activities, ids and sides, worded in that language, with
whatever is not translated yet shown in English and marked so."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation

from checklist.catalogue import catalogue as read_catalogue
from checklist.catalogue import forget_catalogue
from checklist.models import ActivityTranslation, CategoryTranslation
from checklist.sealed import bundle
from glossary.models import TermTranslation

pytestmark = pytest.mark.django_db


def entries_of(catalogue) -> dict:
    return {entry.slug: entry for section in catalogue.sections for entry in section.entries}


def test_it_words_the_checklist_in_the_language_asked_for(partly_spanish):
    translated = read_catalogue("es")

    impact = translated.section("impact")
    spanking = entries_of(translated)["spanking"]
    assert (impact.name, impact.intro, impact.fallback) == ("Impacto", "Golpes.", frozenset())
    assert (spanking.name, spanking.description, spanking.fallback) == (
        "Azotes",
        "Sobre los azotes.",
        frozenset(),
    )
    assert spanking.side_text("give") == "Me gustaría azotar a mi pareja"
    assert spanking.side_text("receive") == "Me gustaría que mi pareja me azotara"


def test_what_is_not_translated_shows_in_english_marked_never_empty(partly_spanish):
    translated = entries_of(read_catalogue("es"))

    paddling, kissing = translated["paddling"], translated["kissing"]
    assert (paddling.name, paddling.description, paddling.fallback) == (
        "Pala",
        "About Paddling.",
        {"description"},
    )
    assert (kissing.name, kissing.description) == ("Kissing", "About Kissing.")
    # A shared activity has no wording in English either: nothing fell back there.
    assert kissing.fallback == {"name", "description"}
    talk = read_catalogue("es").section("talk")
    assert (talk.name, talk.intro, talk.fallback) == ("Talk", "Talking first.", {"name", "intro"})


def test_glossary_links_carry_the_term_s_translated_name_or_say_they_are_english(partly_spanish):
    terms = {link.slug: link for link in entries_of(read_catalogue("es"))["spanking"].terms}

    assert (terms["impact-play"].name, terms["impact-play"].fallback) == ("Juego de impacto", frozenset())
    assert (terms["consent"].name, terms["consent"].fallback) == ("Consent", {"name"})


def test_glossary_links_lead_to_the_glossary_in_the_catalogue_s_language_whoever_asks_first(partly_spanish):
    """The catalogues are kept for every page: the first page to ask must not lend them its language."""
    with translation.override("es"):
        english = entries_of(read_catalogue())["spanking"]
    with translation.override("de"):
        spanish = entries_of(read_catalogue("es"))["spanking"]

    assert [link.url for link in english.terms] == ["/glossary/consent/", "/glossary/impact-play/"]
    assert [link.url for link in spanish.terms] == ["/es/glossary/consent/", "/es/glossary/impact-play/"]


def test_every_language_offers_the_same_activities_ids_and_sides_in_the_same_order(partly_spanish):
    english = read_catalogue()

    for language in ("es", "de"):
        translated = read_catalogue(language)
        assert translated.order == english.order
        assert translated.known == english.known
        assert [(s.id, s.slug, s.starts_hidden, s.size) for s in translated.sections] == [
            (s.id, s.slug, s.starts_hidden, s.size) for s in english.sections
        ]
        assert [(e.id, e.slug, e.sides, e.risk) for e in entries_of(translated).values()] == [
            (e.id, e.slug, e.sides, e.risk) for e in entries_of(english).values()
        ]


def test_english_is_the_catalogue_it_always_was(partly_spanish):
    english = read_catalogue()

    assert read_catalogue("en") is english
    assert entries_of(english)["spanking"].name == "Spanking"
    assert all(entry.fallback == frozenset() for entry in entries_of(english).values())


def test_retired_activities_are_translated_too(partly_spanish):
    partly_spanish["paddling"].retired = timezone.now()
    partly_spanish["paddling"].save()

    (retired,) = read_catalogue("es").section("impact").retired

    assert (retired.slug, retired.name) == ("paddling", "Pala")


def test_the_sealed_bundle_is_the_same_whatever_language_is_read(partly_spanish):
    english = bundle()

    for language in ("es", "de", "en"):
        forget_catalogue()
        translated = read_catalogue(language)
        assert bundle() == english
        assert tuple(sorted(translated.placement)) == english.sides


def test_each_language_is_kept_in_memory_and_forgotten_when_a_translation_changes(
    partly_spanish, django_assert_num_queries
):
    with django_assert_num_queries(5):  # English's two, then the language's three
        read_catalogue("es")
    with django_assert_num_queries(3):  # English is kept
        read_catalogue("de")
    with django_assert_num_queries(0):
        assert entries_of(read_catalogue("es"))["spanking"].name == "Azotes"
        read_catalogue("de")
        read_catalogue()

    ActivityTranslation.objects.filter(activity=partly_spanish["spanking"]).get().save()
    CategoryTranslation.objects.get().delete()
    with django_assert_num_queries(5):
        assert read_catalogue("es").section("impact").fallback == {"name", "intro"}


@pytest.mark.parametrize("model", [ActivityTranslation, CategoryTranslation, TermTranslation])
def test_saving_any_translation_forgets_the_catalogues(partly_spanish, model):
    read_catalogue("es")
    translation = model.objects.filter(language="es").first()
    translation.name = "Cambiado"

    translation.save()

    assert "Cambiado" in repr(read_catalogue("es"))


def test_english_reads_with_no_more_queries_than_before(partly_spanish, django_assert_num_queries):
    with django_assert_num_queries(2):
        read_catalogue()
