"""Choosing sections in a browser: what a phone shows first, leaving a section out and bringing it back."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .helpers import axe_violations, start


def section_links(page: Page) -> list[str]:
    return page.locator("nav.jump button").evaluate_all(
        "buttons => buttons.map(b => b.firstChild.textContent.trim())"
    )


@pytest.mark.parametrize("javascript", [True, False])
def test_the_first_question_fits_on_a_phones_first_screen(open_page, javascript):
    page = open_page(java_script_enabled=javascript)
    start(page)

    first_answer = page.locator("fieldset.rate").first.get_by_label("No", exact=True)

    box = first_answer.bounding_box()
    assert box is not None
    print(f"JavaScript on: {javascript}; the first answers end {box['y'] + box['height']:.0f}px down")
    assert box["y"] + box["height"] <= page.viewport_size["height"]
    expect(page.locator("details.chooser > summary")).to_have_text("Sections: 16 of 18 shown · choose")


@pytest.mark.parametrize("javascript", [True, False])
def test_a_person_leaves_a_section_out_and_brings_it_back(open_page, javascript):
    page = open_page(java_script_enabled=javascript)
    start(page)
    assert "Toys" in section_links(page)

    page.locator("details.chooser > summary").click()
    page.get_by_role("checkbox", name="Toys").uncheck()
    page.get_by_role("button", name="Save sections").click()

    expect(page.get_by_role("status").filter(has_text="Sections saved")).to_have_text(
        "Sections saved: 15 of 18 shown."
    )
    assert "Toys" not in section_links(page)
    expect(page.locator("#c-toys")).to_have_count(0)

    page.locator("details.chooser > summary").click()
    page.get_by_role("checkbox", name="Toys").check()
    page.get_by_role("button", name="Save sections").click()
    assert "Toys" in section_links(page)


def test_one_tap_shows_edge_play_and_the_chooser_has_no_accessibility_violations(open_page):
    page = open_page()
    start(page)
    assert "Edge play" not in section_links(page)

    page.get_by_role("button", name="Show edge play").click()

    page.wait_for_url("**/checklist/?category=edge-play#c-edge-play")
    assert "Edge play" in section_links(page)
    expect(page.locator("form#cf-edge-play fieldset.rate").first).to_be_visible()
    page.locator("details.chooser > summary").click()
    expect(page.get_by_role("checkbox", name="Edge play")).to_be_checked()
    assert axe_violations(page) == []


@pytest.mark.parametrize("javascript", [True, False])
def test_a_section_link_lands_below_the_sticky_progress_line(open_page, javascript):
    page = open_page(java_script_enabled=javascript)
    start(page)
    bar = page.locator("#progress")
    bar_box = bar.bounding_box()
    assert bar_box["height"] <= 60, "one line on a phone"

    page.locator("nav.jump").get_by_role("button", name=re.compile(r"^Toys ")).click()

    page.wait_for_url("**/checklist/?category=toys#c-toys")
    page.wait_for_load_state("networkidle")
    heading = page.get_by_role("heading", name="Toys", level=2).bounding_box()
    bar_box = bar.bounding_box()
    assert bar_box["y"] == 0, "the progress line sticks to the top"
    assert bar_box["y"] + bar_box["height"] <= heading["y"] < page.viewport_size["height"] / 2
