from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from checklist.models import Pairing, Participant, Rating

from .helpers import DESKTOP, PHONE, axe_violations, group, open_category, start


def rate(page: Page, ratings) -> None:
    """Taps each answer and waits until it is saved."""
    for legend, answer, slug in ratings:
        open_category(page, slug)
        group(page, legend).get_by_label(answer, exact=True).check()
        expect(group(page, legend)).to_have_class(re.compile(r"\bsaved\b"))


def checked_answers(page: Page, ratings, javascript: bool = True) -> dict[str, str]:
    answers = {}
    for legend, _, slug in ratings:
        open_category(page, slug, javascript)
        answers[legend] = group(page, legend).locator("input:checked + span").inner_text().lstrip("✓ ")
    return answers


def expected(ratings) -> dict[str, str]:
    return {legend: answer for legend, answer, _ in ratings}


@pytest.fixture
def ten_ratings(content) -> list[tuple[str, str, str]]:
    """Ten ratings spread over the shipped checklist (shared ones and both sides of directional ones),
    each with an answer and its category: (legend, "Yes" | "Maybe" | "No", category slug)."""
    from checklist.catalogue import catalogue
    from checklist.sheet import build_sheet

    participant = Participant.objects.create()
    items = build_sheet(participant, catalogue()).items
    participant.delete()
    step = len(items) // 10
    return [
        (items[i * step].legend, ["Yes", "Maybe", "No"][i % 3], items[i * step].activity.section_slug)
        for i in range(10)
    ]


def test_one_tap_saves_and_everything_is_there_after_a_reload(open_page, ten_ratings):
    page = open_page(viewport=PHONE)
    start(page)

    for legend, answer, slug in ten_ratings:
        open_category(page, slug)
        group(page, legend).get_by_label(answer, exact=True).check()
        expect(group(page, legend)).to_have_class(re.compile(r"\bsaved\b"))
        expect(page.locator("#save-status")).to_contain_text(f"Saved: {legend}: {answer}.")

    expect(page.locator("#progress")).to_contain_text("10 of ")
    page.reload()
    assert checked_answers(page, ten_ratings) == expected(ten_ratings)
    expect(page.locator("#progress")).to_contain_text("10 of ")
    assert Rating.objects.count() == 10


def test_a_failed_save_says_so_and_keeps_the_choice(open_page, ten_ratings):
    page = open_page(viewport=PHONE)
    start(page)
    legend, _, _ = ten_ratings[0]
    page.route(
        "**/checklist/", lambda route: route.abort() if route.request.method == "POST" else route.continue_()
    )

    group(page, legend).get_by_label("No", exact=True).check()

    expect(group(page, legend)).to_have_class(re.compile(r"\bfailed\b"))
    expect(group(page, legend)).to_contain_text("Not saved. Tap again to retry.")
    expect(group(page, legend).get_by_label("No", exact=True)).to_be_checked()
    assert Rating.objects.count() == 0
    open_page.forgive("htmx:", "ERR_FAILED")
    page.unroute("**/checklist/")

    group(page, legend).get_by_label("Yes", exact=True).check()

    expect(group(page, legend)).to_have_class(re.compile(r"\bsaved\b"))
    assert Rating.objects.get().answer == "yes"


def test_without_javascript_the_save_buttons_save_a_category(open_page, ten_ratings):
    page = open_page(viewport=PHONE, java_script_enabled=False)
    start(page)

    for legend, answer, slug in ten_ratings:
        open_category(page, slug, javascript=False)
        group(page, legend).get_by_label(answer, exact=True).check()
        section = group(page, legend).locator("xpath=ancestor::section")
        section.get_by_role("button", name=re.compile(r"^Save ")).last.click()
        page.wait_for_load_state()

    page.goto("/checklist/")
    assert checked_answers(page, ten_ratings, javascript=False) == expected(ten_ratings)
    assert "10 of " in page.locator("#progress").inner_text()


@pytest.mark.parametrize(
    "javascript, notice",
    [
        (True, "Every tap saves. Only you can see your answers."),
        (False, "Press Save at the end of each section. Only you can see your answers."),
    ],
)
def test_the_notice_says_how_answers_are_saved(open_page, javascript, notice):
    page = open_page(viewport=PHONE, java_script_enabled=javascript)
    start(page)

    assert page.locator("p.how-saved").inner_text() == notice
    expect(page.get_by_role("button", name="Save so far").first).to_be_visible(visible=not javascript)


def test_without_javascript_going_to_another_section_saves_the_open_one(open_page):
    page = open_page(viewport=PHONE, java_script_enabled=False)
    start(page)
    first = page.locator("fieldset.rate").first
    legend = first.locator("legend").text_content()
    first.get_by_label("Maybe", exact=True).check()

    page.locator("nav.jump").get_by_role("button", name=re.compile(r"^Toys ")).click()

    page.wait_for_url("**/checklist/?category=toys#c-toys")
    expect(page.locator("form#cf-toys fieldset.rate").first).to_be_visible()
    assert Rating.objects.get().answer == "maybe"
    assert "1 of " in page.locator("#progress").inner_text()
    page.locator("form#cf-toys fieldset.rate").first.get_by_label("Yes", exact=True).check()

    # Back to the first section, the Maybe's, with its "Show the N questions" button: Toys is saved first.
    page.get_by_role("button", name=re.compile(r"^Show the \d+ questions$")).first.click()

    page.wait_for_url(re.compile(r"\?category=(?!toys)"))
    assert sorted(Rating.objects.values_list("answer", flat=True)) == ["maybe", "yes"]
    expect(group(page, legend).get_by_role("radio", name="Maybe", exact=True)).to_be_checked()


def test_clearing_an_answer(open_page, ten_ratings):
    page = open_page(viewport=PHONE)
    start(page)
    legend, answer, slug = ten_ratings[2]
    open_category(page, slug)
    group(page, legend).get_by_label(answer, exact=True).check()
    expect(group(page, legend).get_by_role("button", name=re.compile("^Clear"))).to_be_visible()

    group(page, legend).get_by_role("button", name=re.compile("^Clear")).click()

    expect(page.locator("#save-status")).to_contain_text("cleared")
    expect(group(page, legend).locator("input:checked")).to_have_count(0)
    assert Rating.objects.count() == 0


def test_the_resume_link_brings_the_answers_to_a_fresh_browser(open_page, ten_ratings):
    page = open_page(viewport=PHONE)
    start(page)
    rate(page, ten_ratings[:3])
    page.goto("/me/")
    page.get_by_role("button", name="Get my resume link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your private resume link")
    link = page.get_by_label("Resume link").input_value()
    expect(page.get_by_role("button", name="Copy link")).to_be_visible()

    other = open_page(viewport=DESKTOP)
    other.goto(link)
    other.get_by_role("button", name="Open my checklist").click()

    other.wait_for_url("**/checklist/")
    for legend, answer, slug in ten_ratings[:3]:
        open_category(other, slug)
        expect(group(other, legend).get_by_label(answer, exact=True)).to_be_checked()


def test_export_holds_exactly_what_was_answered_and_delete_leaves_nothing(open_page, ten_ratings):
    page = open_page(viewport=PHONE)
    start(page)
    rate(page, ten_ratings[:4])
    page.goto("/me/")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as JSON").click()
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))["answers"]
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download as CSV")).click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))

    wanted = {(legend, answer.lower()) for legend, answer, _ in ten_ratings[:4]}

    def legend_of(answer):
        return f"{answer['activity']} — {answer['wording']}" if answer["wording"] else answer["activity"]

    assert {(legend_of(a), a["answer"]) for a in exported} == wanted
    assert {(legend_of(row), row["answer"]) for row in rows} == wanted

    page.get_by_role("link", name="Delete everything…").click()
    page.get_by_role("button", name="Yes, delete everything now").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Everything is deleted")
    assert Participant.objects.count() == 0
    assert Rating.objects.count() == 0
    page.goto("/checklist/")
    expect(page.get_by_role("button", name="Start the checklist")).to_be_visible()


def test_every_radio_is_reachable_and_operable_by_keyboard_with_visible_focus(open_page):
    page = open_page(viewport=DESKTOP)
    start(page)
    # Every category comes from one template, so the walk covers the open one and goes on into the
    # next, which loads as focus reaches it.
    form = page.locator("form[id^='cf-']")
    expect(form).to_have_count(1)
    slug = form.get_attribute("id").removeprefix("cf-")
    expected = int(re.search(r"of (\d+)", page.locator(f"#cp-{slug} label").inner_text()).group(1))

    stops = page.locator(f"#c-{slug}").locator("a, button, input, summary, select, textarea").count()

    reached: list[str] = []
    for _ in range(stops + 20):
        page.keyboard.press("Tab")
        loading = page.evaluate(
            "() => Boolean(document.activeElement.closest('.cat-lazy'))"
            " || document.activeElement === document.body"
        )
        if loading:
            # A category loads as focus reaches it (or just before: then focus is on the page's body until
            # the swap settles); focus then moves to its first answer.
            page.wait_for_function(
                "() => { const focused = document.activeElement;"
                " return focused.form && focused.form.querySelector('input[type=radio]') === focused"
                f" && focused.form.id !== 'cf-{slug}'; }}"
            )
        form_id, name = page.evaluate(
            "() => [document.activeElement.form?.id || '',"
            " document.activeElement.type === 'radio' ? document.activeElement.name : '']"
        )
        if form_id and form_id != f"cf-{slug}":
            break
        if name and name not in reached:
            reached.append(name)
            if len(reached) == 1:
                outline = page.evaluate(
                    "() => getComputedStyle(document.activeElement.nextElementSibling).outlineStyle"
                )
                assert outline != "none", "the focused answer must show a visible focus ring"
                page.keyboard.press("ArrowRight")  # moves to and selects "Maybe" in the group
                expect(page.locator("#save-status")).to_contain_text(": Maybe.")

    assert len(reached) == expected
    expect(page.locator(f"form[id^='cf-']:not(#cf-{slug}) input[type=radio]").first).to_be_focused()
    assert Rating.objects.get().answer == "maybe"


def test_checklist_pages_have_no_accessibility_violations(open_page):
    page = open_page()
    page.goto("/checklist/")
    assert axe_violations(page) == []
    start(page)
    open_category(page, "touch-and-sensation")
    page.get_by_role("group", name="Kissing", exact=True).get_by_label("Yes", exact=True).check()
    expect(page.locator("#save-status")).to_contain_text("Saved")

    for path in ["/checklist/", "/checklist/?show=unanswered", "/me/", "/me/print/", "/me/delete/"]:
        page.goto(path)
        assert axe_violations(page) == [], path
    page.goto("/me/")
    page.get_by_role("button", name="Get my resume link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your private resume link")
    assert axe_violations(page) == [], "resume link page"


PICKED_STYLE = """span => {
    const style = getComputedStyle(span), mark = getComputedStyle(span, "::before");
    return [style.backgroundColor, mark.content];
}"""


def test_yes_maybe_and_no_look_different_once_picked_and_keep_their_names(open_page):
    page = open_page(viewport=PHONE)
    start(page)
    open_category(page, "touch-and-sensation")
    picks = {"Kissing": "Yes", "Cuddling and holding": "Maybe", "Holding hands": "No"}
    for legend, answer in picks.items():
        group(page, legend).get_by_label(answer, exact=True).check()
        expect(group(page, legend)).to_have_class(re.compile(r"\bsaved\b"))

    backgrounds = {}
    for scheme in ("light", "dark"):  # the same page in each: only its colours change
        page.emulate_media(color_scheme=scheme)
        styles = {
            answer: group(page, legend).locator("input:checked + span").evaluate(PICKED_STYLE)
            for legend, answer in picks.items()
        }
        assert [mark for _, mark in styles.values()] == ['"✓ " / ""', '"? " / ""', '"✕ " / ""'], scheme
        backgrounds[scheme] = {background for background, _ in styles.values()}
        assert len(backgrounds[scheme]) == 3, scheme
        assert axe_violations(page) == [], scheme
    assert backgrounds["light"] != backgrounds["dark"]  # the page did change scheme
    for legend, answer in picks.items():
        expect(group(page, legend).get_by_role("radio", name=answer, exact=True)).to_be_checked()
    # What a screen reader is given: the names in Chromium's own accessibility tree, the symbol left out.
    cdp = page.context.new_cdp_session(page)
    for legend in picks:
        fieldset_id = group(page, legend).get_attribute("id")
        found = cdp.send("Runtime.evaluate", {"expression": f"document.getElementById('{fieldset_id}')"})
        query = {"objectId": found["result"]["objectId"], "role": "radio"}
        radios = cdp.send("Accessibility.queryAXTree", query)
        assert [node["name"]["value"] for node in radios["nodes"]] == ["Yes", "Maybe", "No"], legend


def test_a_save_does_not_move_what_follows(open_page):
    page = open_page(viewport=PHONE)
    start(page)
    open_category(page, "touch-and-sensation")
    kissing = group(page, "Kissing")
    following = kissing.locator("xpath=following::fieldset[1]")
    following.scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    before = following.bounding_box()

    kissing.get_by_label("Yes", exact=True).check()

    expect(kissing).to_have_class(re.compile(r"\bsaved\b"))
    expect(kissing.get_by_role("button", name=re.compile("^Clear"))).to_be_visible()
    after = following.bounding_box()
    print(f"the next question before a save: {before}; after: {after}")
    assert after == before


def refused_save(page: Page, ratings) -> str:
    """Changes the first rating's answer to No, which the server will refuse; returns what the status region
    then says."""
    legend, _, _ = ratings[0]
    group(page, legend).get_by_label("No", exact=True).check()
    expect(group(page, legend)).to_have_class(re.compile(r"\bfailed\b"))
    expect(group(page, legend)).to_contain_text("Not saved.")
    return page.locator("#save-status").inner_text()


def test_a_rate_limited_save_says_why_in_the_status_alone(open_page, ten_ratings, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "saves": "1/m"}
    page = open_page(viewport=PHONE)
    start(page)
    rate(page, ten_ratings[:1])

    status = refused_save(page, ten_ratings)

    assert status == (
        "Not saved. There have been many attempts from your connection in a short time, so we paused them "
        "for a minute. Nothing you saved was lost."
    )
    open_page.forgive("429")
    assert Rating.objects.get().answer == "yes"


def test_a_save_after_the_checklist_left_this_browser_says_why_in_the_status_alone(open_page, ten_ratings):
    page = open_page(viewport=PHONE)
    start(page)
    rate(page, ten_ratings[:1])
    Participant.objects.all().delete()  # as a log-out or a new resume link in another tab would

    status = refused_save(page, ten_ratings)

    assert status == (
        "Not saved. There is no checklist in this browser any more: your session may have ended, or the "
        "checklist was opened in another browser. Nothing you saved before was changed. Reload the page to "
        "get back in."
    )
    open_page.forgive("403")


def test_a_save_from_a_stale_page_says_why_in_the_status_alone(open_page, ten_ratings):
    page = open_page(viewport=PHONE)
    start(page)
    rate(page, ten_ratings[:1])
    page.context.clear_cookies()  # as when the browser drops its cookies while the page stays open

    status = refused_save(page, ten_ratings)

    assert status.startswith("Not saved. This page was open for a long time")
    assert "Nothing you saved before was changed." in status
    open_page.forgive("403")
    assert Rating.objects.get().answer == "yes"


def test_dark_mode_has_no_accessibility_violations(open_page):
    """Dark mode changes only colours (see the matrix in helpers.py). These pages between them show every
    pair of them: text and muted text on the page and on cards, the safety note, a chosen answer and the
    primary button on the accent, the danger button."""
    page = open_page(color_scheme="dark")
    page.goto("/glossary/24-7-dynamic/")
    expect(page.locator(".safety-note")).to_be_visible()
    assert axe_violations(page) == [], "term"
    start(page)
    open_category(page, "touch-and-sensation")
    page.get_by_role("group", name="Kissing", exact=True).get_by_label("Yes", exact=True).check()
    expect(page.locator("#save-status")).to_contain_text("Saved")
    assert axe_violations(page) == [], "checklist"
    page.goto("/me/delete/")
    expect(page.locator(".button-danger")).to_be_visible()
    assert axe_violations(page) == [], "delete"


def axe_violations_in_both_schemes(page) -> list[dict]:
    """The page as it stands, light and then dark: only colours change, so the state needs making once."""
    found = []
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        found += [{**violation, "scheme": scheme} for violation in axe_violations(page)]
    return found


def test_deleting_everything_warns_offers_an_export_and_leaves_the_partner_a_note(open_page):
    leaving, staying = open_page(), open_page()
    start(leaving)
    start(staying)
    first, second = Participant.objects.order_by("pk")
    pairing = Pairing.objects.create(first=first, second=second)

    leaving.goto("/me/delete/")
    expect(leaving.locator(".warning")).to_contain_text("ends every pairing you are in")
    expect(leaving.get_by_role("link", name=re.compile(r"^Download your answers as CSV"))).to_be_visible()
    assert axe_violations_in_both_schemes(leaving) == [], "delete"
    leaving.get_by_role("button", name="Yes, delete everything now").click()
    expect(leaving.get_by_role("heading", level=1)).to_have_text("Everything is deleted")

    staying.goto("/pairings/")
    note = staying.locator(".ended-notes li")
    expect(note).to_contain_text("A pairing ended on")
    expect(note).to_contain_text("; its comparisons were deleted.")
    assert axe_violations_in_both_schemes(staying) == [], "pairings with a note"
    # In another tab: its 410 is expected, and the console watcher (of the first tab alone) would count it.
    tab = staying.context.new_page()
    tab.goto(f"/pairings/{pairing.public_id}/")
    expect(tab.get_by_role("heading", level=1)).to_have_text("This pairing ended")
    assert axe_violations_in_both_schemes(tab) == [], "an ended pairing's link"
    staying.get_by_role("button", name=re.compile("^Dismiss the note")).click()
    expect(staying.locator(".ended-notes")).to_have_count(0)
