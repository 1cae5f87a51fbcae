"""Loading translations from fixtures/locale/<language>/: matched to English by slug, idempotent, never
overwriting what an admin changed, and refusing what would show a page that reads wrong."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from checklist.content import load_activity_translations
from checklist.models import ActivityTranslation, CategoryTranslation
from glossary.content import load_term_translations
from glossary.models import Alias, TermTranslation
from kinklist.content import ContentError, translation_folders
from tests.helpers import term_data

pytestmark = pytest.mark.django_db


def spanish_impact(**changes) -> dict:
    """The `impact` category of the conftest catalogue, in Spanish."""
    activities = {
        "spanking": {
            "slug": "spanking",
            "name": "Azotes",
            "description": "Sobre Azotes.",
            "give": "Me gustaría azotar a mi pareja",
            "receive": "Me gustaría que mi pareja me azotara",
        },
        "paddling": {
            "slug": "paddling",
            "name": "Pala",
            "description": "Sobre la pala.",
            "give": "Me gustaría usar una pala con mi pareja",
            "receive": "Me gustaría que mi pareja usara una pala conmigo",
        },
    }
    for slug, fields in changes.items():
        activities[slug] = {
            key: value for key, value in {**activities[slug], **fields}.items() if value is not None
        }
    return {
        "slug": "impact",
        "name": "Impacto",
        "intro": "Juego de impacto.",
        "activities": list(activities.values()),
    }


def write_checklist(folder, *categories: dict, number: int = 2):
    folder.mkdir(parents=True, exist_ok=True)
    for category in categories:
        (folder / f"{number:02d}-{category['slug']}.json").write_text(json.dumps(category), encoding="utf-8")
    return folder


def spanish_term(slug: str, **changes) -> dict:
    entry = {
        "slug": slug,
        "name": f"{slug} (es)",
        "aliases": [],
        "definition": f"La definición de {slug}.",
        "related_to": ["Consentimiento", "Negociación"],
        "body": f"## Qué significa {slug}\n\nUn párrafo.",
        "often_confused_with": "No es lo mismo que lo otro.",
        "safety_note": "Hablad antes.",
    }
    return {key: value for key, value in {**entry, **changes}.items() if value is not None}


def write_glossary(folder, *entries: dict):
    folder.mkdir(parents=True, exist_ok=True)
    for entry in entries:
        (folder / f"{entry['slug']}.json").write_text(json.dumps(entry), encoding="utf-8")
    return folder


# The checklist


def test_it_adds_the_translations_of_categories_and_activities(tmp_path, catalogue):
    folder = write_checklist(tmp_path / "checklist", spanish_impact())

    categories, activities = load_activity_translations(folder, "es")

    assert (categories.added, sorted(activities.added)) == (["impact"], ["paddling", "spanking"])
    spanking = ActivityTranslation.objects.get(activity=catalogue["spanking"], language="es")
    assert (spanking.name, spanking.description, spanking.give_text, spanking.receive_text) == (
        "Azotes",
        "Sobre Azotes.",
        "Me gustaría azotar a mi pareja",
        "Me gustaría que mi pareja me azotara",
    )
    impact = CategoryTranslation.objects.get(category__slug="impact", language="es")
    assert (impact.name, impact.intro) == ("Impacto", "Juego de impacto.")


def test_a_partial_language_loads_and_reports_what_it_lacks(tmp_path, catalogue):
    folder = write_checklist(tmp_path / "checklist", spanish_impact(paddling={"description": None}))

    categories, activities = load_activity_translations(folder, "es")

    assert categories.missing == ["talk"]
    assert sorted(activities.missing) == ["kissing", "negotiation-talk", "paddling"]
    assert str(activities) == (
        "2 added, 0 updated, 0 unchanged, 0 kept as edited in the admin, 3 missing a translation"
    )


def test_a_missing_folder_is_a_language_not_translated_yet(tmp_path, catalogue):
    categories, activities = load_activity_translations(tmp_path / "nowhere", "es")

    assert categories.added == activities.added == []
    assert len(activities.missing) == 4


def test_loading_the_checklist_again_changes_nothing(tmp_path, catalogue):
    folder = write_checklist(tmp_path / "checklist", spanish_impact())
    load_activity_translations(folder, "es")
    first_updated = ActivityTranslation.objects.get(activity=catalogue["spanking"]).updated

    categories, activities = load_activity_translations(folder, "es")

    assert (categories.unchanged, sorted(activities.unchanged)) == (["impact"], ["paddling", "spanking"])
    assert categories.added == categories.updated == activities.added == activities.updated == []
    assert ActivityTranslation.objects.count() == 2
    assert ActivityTranslation.objects.get(activity=catalogue["spanking"]).updated == first_updated


def test_it_updates_translations_nobody_edited_and_keeps_those_edited_in_the_admin(tmp_path, catalogue):
    folder = write_checklist(tmp_path / "checklist", spanish_impact())
    load_activity_translations(folder, "es")
    ActivityTranslation.objects.filter(activity=catalogue["spanking"]).update(
        name="Editado", edited_here=True
    )
    write_checklist(folder, spanish_impact(spanking={"name": "Nuevo"}, paddling={"name": "Pala nueva"}))

    _, activities = load_activity_translations(folder, "es")

    assert (activities.kept, activities.updated) == (["spanking"], ["paddling"])
    names = dict(ActivityTranslation.objects.values_list("activity__slug", "name"))
    assert names == {"spanking": "Editado", "paddling": "Pala nueva"}


def test_languages_are_loaded_side_by_side(tmp_path, catalogue):
    load_activity_translations(write_checklist(tmp_path / "es", spanish_impact()), "es")
    german = {"slug": "impact", "name": "Schlagspiel", "intro": "Schläge.", "activities": []}

    load_activity_translations(write_checklist(tmp_path / "de", german), "de")

    assert dict(CategoryTranslation.objects.values_list("language", "name")) == {
        "es": "Impacto",
        "de": "Schlagspiel",
    }


@pytest.mark.parametrize(
    ("category", "message"),
    [
        ({**spanish_impact(), "slug": "nowhere"}, "nowhere: no category has this slug in English"),
        (spanish_impact(spanking={"slug": "tickling"}), "tickling: no activity has this slug in English"),
        (
            spanish_impact(paddling={"receive": None}),
            "paddling: English rates each side, so it needs both give and receive",
        ),
        (
            spanish_impact(paddling={"give": ""}),
            "paddling: English rates each side, so it needs both give and receive",
        ),
        (spanish_impact(paddling={"description": "x" * 201}), "paddling: description has 201 characters"),
        ({**spanish_impact(), "intro": "x" * 301}, "impact: intro has 301 characters, more than 300"),
    ],
)
def test_it_refuses_an_activity_translation_that_does_not_fit_english(tmp_path, catalogue, category, message):
    folder = write_checklist(tmp_path / "checklist", category)

    with pytest.raises(ContentError, match=message):
        load_activity_translations(folder, "es")

    assert not CategoryTranslation.objects.exists()  # all or nothing


def test_it_refuses_give_and_receive_for_an_activity_english_rates_once(tmp_path, catalogue):
    talk = {
        "slug": "talk",
        "name": "Hablar",
        "intro": "Hablar antes.",
        "activities": [
            {"slug": "kissing", "name": "Besos", "description": "Besar.", "give": "Me gustaría besar"}
        ],
    }
    folder = write_checklist(tmp_path / "checklist", talk, number=1)

    with pytest.raises(ContentError, match="kissing: English rates it once"):
        load_activity_translations(folder, "es")


def test_it_refuses_an_activity_listed_twice(tmp_path, catalogue):
    twice = spanish_impact()
    twice["activities"].append(twice["activities"][0])
    folder = write_checklist(tmp_path / "checklist", twice)

    with pytest.raises(ContentError, match="spanking: listed twice"):
        load_activity_translations(folder, "es")


# The glossary


def test_it_adds_term_translations_with_their_aliases(write_terms, make_term, tmp_path):
    make_term("aftercare", aliases=("after care",), body="See [consent](/glossary/consent/).")
    make_term("consent")
    folder = write_glossary(
        tmp_path / "glossary",
        spanish_term(
            "aftercare",
            aliases=["cuidados posteriores"],
            body="Ver [consentimiento](/glossary/consent/).",
            related_to=["Cuidado", "Escena"],
        ),
    )

    report = load_term_translations(folder, "es")

    assert report.added == ["aftercare"]
    assert report.missing == ["consent"]
    translation = TermTranslation.objects.get(term__slug="aftercare", language="es")
    assert (translation.name, translation.related_to) == ("aftercare (es)", "Cuidado, Escena")
    assert set(Alias.objects.values_list("slug", "language")) == {
        ("after-care", "en"),
        ("cuidados-posteriores", "es"),
    }


def test_loading_the_glossary_again_changes_nothing(make_term, tmp_path):
    make_term("aftercare")
    folder = write_glossary(tmp_path / "glossary", spanish_term("aftercare", aliases=["cuidados"]))
    load_term_translations(folder, "es")

    report = load_term_translations(folder, "es")

    assert (report.unchanged, report.added, report.updated) == (["aftercare"], [], [])
    assert Alias.objects.count() == TermTranslation.objects.count() == 1


def test_a_language_s_aliases_follow_its_files_and_leave_other_languages_alone(make_term, tmp_path):
    make_term("aftercare", aliases=("after care",))
    folder = write_glossary(tmp_path / "glossary", spanish_term("aftercare", aliases=["cuidados"]))
    load_term_translations(folder, "es")
    write_glossary(folder, spanish_term("aftercare", aliases=["cuidados posteriores"], name="Cuidados"))

    report = load_term_translations(folder, "es")

    assert report.updated == ["aftercare"]
    assert set(Alias.objects.values_list("name", "language")) == {
        ("after care", "en"),
        ("cuidados posteriores", "es"),
    }


def test_a_term_translation_edited_in_the_admin_keeps_its_texts_and_aliases(make_term, tmp_path):
    term = make_term("aftercare")
    folder = write_glossary(tmp_path / "glossary", spanish_term("aftercare", aliases=["cuidados"]))
    load_term_translations(folder, "es")
    TermTranslation.objects.filter(term=term).update(definition="Editada.", edited_here=True)
    write_glossary(folder, spanish_term("aftercare", definition="Cambiada.", aliases=["otra"]))

    report = load_term_translations(folder, "es")

    assert report.kept == ["aftercare"]
    assert TermTranslation.objects.get().definition == "Editada."
    assert list(Alias.objects.values_list("name", flat=True)) == ["cuidados"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"slug": "nowhere"}, "nowhere: no term has this slug in English"),
        ({"definition": "x" * 301}, "aftercare: definition has 301 characters, more than 300"),
        (
            {"body": "Ver [negociación](/glossary/negotiation/)."},
            r"aftercare: body must link to the terms the English one links to "
            r"\(not there: \['consent'\], not in English: \['negotiation'\]\)",
        ),
        (
            {"often_confused_with": "Como [el consentimiento](/glossary/consent/)."},
            r"aftercare: often_confused_with must link to the terms the English one links to",
        ),
        ({"aliases": ["Consent"]}, r"aftercare: aliases \['consent'\] are the addresses of terms"),
        ({"aliases": ["After care"]}, r"aftercare: aliases already taken: after-care \(aftercare, en\)"),
        ({"aliases": ["Negotiating"]}, r"aftercare: aliases already taken: negotiating \(negotiation, de\)"),
        ({"aliases": ["¿?"]}, r"aftercare: alias '¿\?' makes no address"),
    ],
)
def test_it_refuses_a_term_translation_that_does_not_fit_english(make_term, tmp_path, changes, message):
    make_term("aftercare", aliases=("after care",), body="Ask for [consent](/glossary/consent/).")
    make_term("consent")
    negotiation = make_term("negotiation")
    Alias.objects.create(term=negotiation, name="Negotiating", slug="negotiating", language="de")
    entry = spanish_term("aftercare", body="Pide [consentimiento](/glossary/consent/).") | changes
    folder = write_glossary(tmp_path / "glossary", entry)

    with pytest.raises(ContentError, match=message):
        load_term_translations(folder, "es")

    assert not TermTranslation.objects.exists()


def test_a_term_translation_may_leave_fields_for_later(make_term, tmp_path):
    make_term("aftercare", body="Ask for [consent](/glossary/consent/).")
    folder = write_glossary(tmp_path / "glossary", spanish_term("aftercare", body=None, safety_note=""))

    report = load_term_translations(folder, "es")

    assert report.added == report.missing == ["aftercare"]
    assert TermTranslation.objects.get().body == ""


# The command


def test_load_content_loads_each_language_folder_after_english(tmp_path, settings, write_terms):
    write_terms(term_data("aftercare", aliases=["after care"]))
    english = {
        "slug": "talk",
        "name": "Talk",
        "intro": "Talking.",
        "activities": [
            {
                "slug": "kissing",
                "name": "Kissing",
                "description": "Kiss.",
                "risk": "low",
                "kind": "shared",
                "terms": [],
            }
        ],
    }
    write_checklist(tmp_path / "checklist", english, number=1)
    spanish = {"slug": "talk", "name": "Hablar", "activities": [{"slug": "kissing", "name": "Besos"}]}
    write_checklist(tmp_path / "locale" / "es" / "checklist", spanish, number=1)
    write_glossary(tmp_path / "locale" / "es" / "glossary", spanish_term("aftercare", aliases=["cuidados"]))
    settings.CONTENT_DIR = tmp_path
    output = []

    for _ in range(2):
        out = io.StringIO()
        call_command("load_content", stdout=out)
        output.append(out.getvalue().splitlines())

    assert output[0][3:] == [
        "Glossary terms (es): 1 added, 0 updated, 0 unchanged, 0 kept as edited in the admin, "
        "0 missing a translation",
        "Checklist categories (es): 1 added, 0 updated, 0 unchanged, 0 kept as edited in the admin, "
        "1 missing a translation",
        "Checklist activities (es): 1 added, 0 updated, 0 unchanged, 0 kept as edited in the admin, "
        "1 missing a translation",
    ]
    assert output[1][3].startswith("Glossary terms (es): 0 added, 0 updated, 1 unchanged")
    assert ActivityTranslation.objects.get().name == "Besos"


def test_load_content_says_which_language_it_refused(tmp_path, settings):
    write_glossary(tmp_path / "locale" / "es" / "glossary", spanish_term("nowhere"))
    settings.CONTENT_DIR = tmp_path

    with pytest.raises(CommandError, match="Content not loaded: locale/es: nowhere: no term has this slug"):
        call_command("load_content", stdout=io.StringIO())


def test_a_folder_for_a_language_the_site_does_not_offer_is_refused(tmp_path):
    (tmp_path / "locale" / "es").mkdir(parents=True)
    (tmp_path / "locale" / "fr").mkdir()

    with pytest.raises(
        ContentError, match=r"locale/fr: not a translated language in settings.LANGUAGES \(de, es\)"
    ):
        translation_folders(tmp_path)


def test_a_fourth_language_is_one_settings_entry(tmp_path, settings):
    (tmp_path / "locale" / "es").mkdir(parents=True)
    (tmp_path / "locale" / "fr").mkdir()
    settings.LANGUAGES = [*settings.LANGUAGES, ("fr", "Français")]

    assert translation_folders(tmp_path) == [
        ("es", tmp_path / "locale" / "es"),
        ("fr", tmp_path / "locale" / "fr"),
    ]
