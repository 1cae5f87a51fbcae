"""Two people reading different languages, Spanish and German, rate in their own words and compare: each
sees the same matches in their own language, in the ordinary comparison and in a sealed one, whose words
each browser loads in its page's language.

The pages' own words (buttons, headings) are translated too, so these steps find them by what they are, never
by their English text."""

from __future__ import annotations

import random
import re

import pytest
from playwright.sync_api import Page, expect

from checklist.catalogue import Entry
from checklist.catalogue import catalogue as read_catalogue
from checklist.models import ActivityTranslation, Pairing
from checklist.reveal import reveal

from .helpers import DESKTOP, PHONE, axe_violations, group, open_category
from .test_sealed_pairing_browser import Person

LANGUAGES = {"alex": "/es", "blake": "/de"}


def start_in(page: Page, prefix: str) -> None:
    page.goto(f"{prefix}/checklist/")
    page.locator("form.start-form button").click()
    page.wait_for_url(f"**{prefix}/checklist/")


def legend(entry: Entry, side: str) -> str:
    return entry.name if side == "shared" else f"{entry.name} — {entry.side_text(side)}"


def entries_in(language: str) -> dict[int, Entry]:
    return {entry.id: entry for section in read_catalogue(language).sections for entry in section.entries}


def names_in(language: str, ids) -> set[str]:
    entries = entries_in(language)
    return {entries[activity_id].name for activity_id in ids}


def cards(page: Page) -> set[str]:
    expect(page.locator("li.match").first).to_be_visible()
    return set(page.locator("li.match h3").all_inner_texts())


def press_ready(page: Page) -> None:
    """The Ready button of the ordinary comparison, then "compare anyway" if asked (little answered)."""
    page.locator('form[action$="/ready/"] button[type=submit]').first.click()
    page.wait_for_load_state()
    if page.url.endswith("/ready/"):
        page.locator('form:has(input[name="confirm"]) button[type=submit]').click()
        page.wait_for_load_state()


def test_partners_reading_different_languages_compare_the_same_each_in_their_own(open_page):
    alex, blake = open_page(viewport=PHONE), open_page(viewport=DESKTOP)
    for page, prefix in ((alex, LANGUAGES["alex"]), (blake, LANGUAGES["blake"])):
        start_in(page, prefix)
    english = entries_in("en")
    shared = next(entry for entry in english.values() if entry.sides == ("shared",))
    directional = next(entry for entry in english.values() if entry.sides == ("give", "receive"))
    other = next(entry for entry in english.values() if entry.sides == ("shared",) and entry != shared)
    answers = {
        "alex": [(shared, "shared", "yes"), (directional, "give", "yes"), (other, "shared", "yes")],
        "blake": [(shared, "shared", "yes"), (directional, "receive", "yes"), (other, "shared", "no")],
    }
    for name, page in (("alex", alex), ("blake", blake)):
        language = LANGUAGES[name].strip("/")
        worded = entries_in(language)
        for entry, side, answer in answers[name]:
            open_category(page, entry.section_slug)
            rating = group(page, legend(worded[entry.id], side))  # the legend in the page's language
            rating.locator(f'input[value="{answer}"]').check()
            expect(rating).to_have_class(re.compile(r"\bsaved\b"))

    alex.goto("/es/pairings/")
    alex.locator('form[action$="/pairings/invite/"] button[type=submit]').click()
    expect(alex.locator("input.secret")).to_be_visible()
    link = alex.locator("input.secret").input_value()
    assert "/es/invite/" in link
    blake.goto(link.replace("/es/invite/", "/de/invite/"))
    blake.locator("main form.stacked button[type=submit]").click()
    blake.wait_for_url(re.compile(r"/de/checklist/"))
    pairing = f"/pairings/{Pairing.objects.get().public_id}/"
    for page, prefix in ((blake, "/de"), (alex, "/es")):
        page.goto(f"{prefix}{pairing}")
        press_ready(page)
    expect(alex).to_have_url(re.compile(r"/es/pairings/[0-9a-f-]+/rounds/1/$"))
    blake.goto(f"/de{pairing}rounds/1/")

    matched = {shared.id, directional.id}
    assert cards(alex) == names_in("es", matched)
    assert cards(blake) == names_in("de", matched)
    assert names_in("es", matched).isdisjoint(names_in("en", matched) | names_in("de", matched))
    expect(alex.locator('li.match a[href^="/es/glossary/"]').first).to_be_attached()
    expect(blake.locator('li.match a[href^="/glossary/"]')).to_have_count(0)


def test_sealed_partners_reading_different_languages_see_their_browser_s_words(open_page, content_to_edit):
    rng = random.Random(seed := random.randrange(2**32))  # noqa: S311 - test data
    pages = open_page(viewport=PHONE), open_page(viewport=DESKTOP, color_scheme="dark")
    for page, prefix in zip(pages, LANGUAGES.values(), strict=True):
        start_in(page, prefix)
    alex, blake = (Person(page, rng) for page in pages)
    alex.answer_at_random()
    blake.answer_at_random()
    matched = {match.activity_id for match in reveal(alex.yes, blake.yes)}
    assert matched, seed
    # One of them is not in German yet: Blake's browser shows it in English, marked so.
    untranslated = min(matched)
    ActivityTranslation.objects.filter(activity_id=untranslated, language="de").delete()

    alex.page.goto("/es/pairings/")
    alex.page.locator("form[data-sealed-invite-form] button[type=submit]").click()
    link = alex.page.locator("input.secret")
    expect(link).to_have_value(re.compile(r"#K="))
    blake.page.goto(link.input_value().replace("/es/invite/", "/de/invite/"))
    blake.page.locator("form[data-accept] button[type=submit]").click()
    blake.page.wait_for_url(re.compile(r"/de/pairings/[0-9a-f-]+/$"))
    pairing = blake.page.url.split("/de", 1)[1]

    blake.page.locator("[data-ready]").click()
    alex.page.goto(f"/es{pairing}")
    alex.page.locator("[data-ready]").click()
    alex.page.wait_for_url(re.compile(r"/es/pairings/[0-9a-f-]+/rounds/1/$"), timeout=20_000)
    expect(blake.page.locator("[data-see]")).to_be_visible(timeout=20_000)
    blake.page.goto(f"/de{pairing}rounds/1/")

    expect(alex.page.locator("[data-count]")).to_be_visible()
    expect(blake.page.locator("[data-count]")).to_be_visible()
    assert cards(alex.page) == names_in("es", matched), seed
    assert cards(blake.page) == names_in("de", matched), seed
    english = entries_in("en")[untranslated]
    card = blake.page.locator("li.match", has=blake.page.locator(f'h3[lang="en"]:text-is("{english.name}")'))
    expect(card.locator('[data-description][lang="en"]')).to_have_text(english.description)
    expect(blake.page.locator("li.match h3[lang]")).to_have_count(1)
    expect(alex.page.locator("li.match [lang]")).to_have_count(0)
    with alex.page.expect_download() as download:
        alex.page.locator("[data-export=json]").click()
    assert '"language": "es"' in download.value.path().read_text(encoding="utf-8")


@pytest.mark.parametrize("prefix", ["/de", "/es"])
def test_pages_in_each_language_have_no_accessibility_violations(open_page, prefix):
    """Longer words and another lang attribute change what axe checks: each language's main pages, once."""
    page = open_page(viewport=PHONE)
    for path in ("/", "/glossary/", "/glossary/consent/"):
        page.goto(f"{prefix}{path}")
        assert axe_violations(page) == [], path
    start_in(page, prefix)
    open_category(page, "power-exchange-and-protocol")
    assert axe_violations(page) == [], "checklist"
    for path in ("/me/", "/pairings/"):
        page.goto(f"{prefix}{path}")
        assert axe_violations(page) == [], path
