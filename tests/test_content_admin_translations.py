"""Editing translations in the admin: each object's translations inline, one per language, and a saved
translation kept from the next content load as the English text is."""

from __future__ import annotations

import pytest

from checklist.models import Activity, ActivityTranslation, Category, CategoryTranslation
from glossary.models import Alias, Term, TermTranslation

pytestmark = pytest.mark.django_db


def management(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def activity_form(activity: Activity, **changes) -> dict:
    """The activity's change form as the admin shows it, with no translation filled in."""
    form = {
        "name": activity.name,
        "slug": activity.slug,
        "category": activity.category_id,
        "order": activity.order,
        "description": activity.description,
        "risk": activity.risk,
        "kind": activity.kind,
        "give_text": activity.give_text,
        "receive_text": activity.receive_text,
        "terms": [term.pk for term in activity.terms.all()],
        **management("translations", 2),
        "translations-0-language": "de",
        "translations-1-language": "es",
    }
    return form | changes


def spanish_spanking(number: int = 1) -> dict:
    return {
        f"translations-{number}-language": "es",
        f"translations-{number}-name": "Azotes",
        f"translations-{number}-description": "Sobre los azotes.",
        f"translations-{number}-give_text": "Me gustaría azotar a mi pareja",
        f"translations-{number}-receive_text": "Me gustaría que mi pareja me azotara",
    }


def test_an_activity_s_page_offers_one_translation_per_language(staff_client, catalogue):
    ActivityTranslation.objects.create(activity=catalogue["spanking"], language="es", name="Azotes")

    html = staff_client.get(f"/admin/checklist/activity/{catalogue['spanking'].pk}/change/").content.decode()

    assert 'name="translations-TOTAL_FORMS" value="2"' in html
    assert 'name="translations-0-name" value="Azotes"' in html
    assert '<option value="de" selected>Deutsch</option>' in html  # the empty form is German's
    assert 'name="translations-MAX_NUM_FORMS" value="2"' in html


def test_saving_a_translation_marks_it_edited_here_and_leaves_english_to_the_files(staff_client, catalogue):
    spanking = catalogue["spanking"]

    response = staff_client.post(
        f"/admin/checklist/activity/{spanking.pk}/change/", activity_form(spanking) | spanish_spanking()
    )

    assert response.status_code == 302
    translation = ActivityTranslation.objects.get()
    assert (translation.language, translation.name, translation.edited_here) == ("es", "Azotes", True)
    spanking.refresh_from_db()
    assert not spanking.edited_here
    assert not ActivityTranslation.objects.filter(language="de").exists()  # left empty: not saved


def test_saving_english_alone_leaves_the_translations_to_the_files(staff_client, catalogue):
    spanking = catalogue["spanking"]
    translation = ActivityTranslation.objects.create(activity=spanking, language="es", name="Azotes")
    form = activity_form(spanking, description="Edited.") | management("translations", 2, initial=1)
    form |= {
        "translations-0-id": translation.pk,
        "translations-0-language": "es",
        "translations-0-name": "Azotes",
    }
    form |= {"translations-0-activity": spanking.pk, "translations-1-language": "de"}

    response = staff_client.post(f"/admin/checklist/activity/{spanking.pk}/change/", form)

    assert response.status_code == 302
    spanking.refresh_from_db()
    translation.refresh_from_db()
    assert (spanking.description, spanking.edited_here) == ("Edited.", True)
    assert not translation.edited_here


def test_the_admin_can_hand_a_translation_back_to_the_files(staff_client, catalogue):
    spanking = catalogue["spanking"]
    translation = ActivityTranslation.objects.create(
        activity=spanking, language="es", name="Azotes", edited_here=True
    )
    form = activity_form(spanking) | management("translations", 2, initial=1)
    form |= {
        "translations-0-id": translation.pk,
        "translations-0-language": "es",
        "translations-0-name": "Azotes",
    }
    form |= {"translations-0-activity": spanking.pk, "translations-1-language": "de"}

    staff_client.post(f"/admin/checklist/activity/{spanking.pk}/change/", form)

    translation.refresh_from_db()
    assert not translation.edited_here


@pytest.mark.parametrize(
    ("slug", "wording", "message"),
    [
        ("kissing", {"translations-1-give_text": "Me gustaría besar"}, "A shared activity is rated once"),
        ("spanking", {"translations-1-receive_text": ""}, "translated_wordings_come_in_pairs"),
    ],
)
def test_the_admin_refuses_wording_that_does_not_fit_the_activity(
    staff_client, catalogue, slug, wording, message
):
    activity = catalogue[slug]
    form = activity_form(activity) | spanish_spanking() | wording

    response = staff_client.post(f"/admin/checklist/activity/{activity.pk}/change/", form)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ActivityTranslation.objects.exists()


def test_a_category_s_translations_are_edited_on_its_page(staff_client, catalogue):
    talk = Category.objects.get(slug="talk")
    form = {
        "name": talk.name,
        "slug": talk.slug,
        "intro": talk.intro,
        "order": talk.order,
        **management("translations", 2),
        "translations-0-language": "de",
        "translations-0-name": "Reden",
        "translations-1-language": "es",
    }

    response = staff_client.post(f"/admin/checklist/category/{talk.pk}/change/", form)

    assert response.status_code == 302
    assert list(CategoryTranslation.objects.values_list("language", "name", "edited_here")) == [
        ("de", "Reden", True)
    ]
    talk.refresh_from_db()
    assert not talk.edited_here


# Terms and their aliases


def term_form(term: Term, aliases: list[Alias] = (), **changes) -> dict:
    form = {
        "name": term.name,
        "slug": term.slug,
        "definition": term.definition,
        "status": term.status,
        "type": term.type,
        "risk_level": term.risk_level,
        "beginner_friendly": term.beginner_friendly,
        "related_to": term.related_to,
        "body": term.body,
        "often_confused_with": term.often_confused_with,
        "safety_note": term.safety_note,
        **management("translations", 2),
        "translations-0-language": "de",
        "translations-1-language": "es",
        **management("aliases", len(aliases) + 1, initial=len(aliases)),
    }
    for number, alias in enumerate(aliases):
        form |= {
            f"aliases-{number}-id": alias.pk,
            f"aliases-{number}-term": term.pk,
            f"aliases-{number}-name": alias.name,
            f"aliases-{number}-slug": alias.slug,
            f"aliases-{number}-language": alias.language,
        }
    form[f"aliases-{len(aliases)}-language"] = "en"
    return form | changes


def test_a_term_s_translation_saved_in_the_admin_is_marked(staff_client, make_term):
    term = make_term("aftercare")
    form = term_form(term, **{"translations-1-name": "Cuidados posteriores"})

    response = staff_client.post(f"/admin/glossary/term/{term.pk}/change/", form)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(TermTranslation.objects.values_list("language", "name", "edited_here")) == [
        ("es", "Cuidados posteriores", True)
    ]
    term.refresh_from_db()
    assert not term.edited_here


def test_the_term_page_shows_each_alias_s_language(staff_client, make_term):
    term = make_term("aftercare")
    Alias.objects.create(term=term, name="Cuidados", slug="cuidados", language="es")

    html = staff_client.get(f"/admin/glossary/term/{term.pk}/change/").content.decode()

    assert '<select name="aliases-0-language"' in html
    assert '<option value="es" selected>Español</option>' in html


@pytest.mark.parametrize(
    ("language", "english_marked", "translation_marked"),
    [("es", False, True), ("en", True, False)],
)
def test_an_alias_edited_in_the_admin_protects_its_language_s_text(
    staff_client, make_term, language, english_marked, translation_marked
):
    term = make_term("aftercare")
    TermTranslation.objects.create(term=term, language="es", name="Cuidados posteriores")
    alias = Alias.objects.create(term=term, name="Cuidados", slug="cuidados", language=language)
    form = term_form(term, [alias], **{"aliases-0-name": "Cuidados tras la sesión"})
    form |= management("translations", 2, initial=1) | {
        "translations-0-id": TermTranslation.objects.get().pk,
        "translations-0-term": term.pk,
        "translations-0-language": "es",
        "translations-0-name": "Cuidados posteriores",
        "translations-1-language": "de",
    }

    response = staff_client.post(f"/admin/glossary/term/{term.pk}/change/", form)

    assert response.status_code == 302, response.content.decode()[:3000]
    term.refresh_from_db()
    assert (term.edited_here, TermTranslation.objects.get().edited_here) == (
        english_marked,
        translation_marked,
    )


def test_an_alias_added_in_a_language_not_translated_yet_keeps_it_from_the_files(staff_client, make_term):
    term = make_term("aftercare")
    form = term_form(term) | {
        "aliases-0-name": "Nachsorge",
        "aliases-0-slug": "nachsorge",
        "aliases-0-language": "de",
    }

    response = staff_client.post(f"/admin/glossary/term/{term.pk}/change/", form)

    assert response.status_code == 302, response.content.decode()[:3000]
    german = TermTranslation.objects.get(language="de")
    assert (german.edited_here, german.name) == (True, "")
    assert term.texts("de").name == "Aftercare"  # still English, marked, until translated


def test_the_admin_finds_content_by_its_translated_name(staff_client, catalogue):
    ActivityTranslation.objects.create(activity=catalogue["spanking"], language="es", name="Azotes")
    TermTranslation.objects.create(term=Term.objects.get(slug="consent"), language="de", name="Einvernehmen")
    CategoryTranslation.objects.create(category=catalogue["kissing"].category, language="es", name="Hablar")

    activities = staff_client.get("/admin/checklist/activity/", {"q": "azotes"}).content.decode()
    terms = staff_client.get("/admin/glossary/term/", {"q": "einvernehmen"}).content.decode()
    categories = staff_client.get("/admin/checklist/category/", {"q": "hablar"}).content.decode()

    assert ">Spanking</a>" in activities and ">Paddling</a>" not in activities
    assert ">Consent</a>" in terms and ">Impact play</a>" not in terms
    assert ">Talk</a>" in categories and ">Impact</a>" not in categories
