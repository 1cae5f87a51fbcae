"""The reveal on two phones: the second to be ready lands on the result, the first sees it is ready."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from checklist.catalogue import catalogue
from checklist.models import Participant, Rating

from .helpers import axe_violations, named_invite, press_ready, start


def started(page: Page) -> Participant:
    start(page)
    return Participant.objects.order_by("-pk").first()


def test_the_result_is_one_card_per_activity_with_a_print_button(open_page):
    sam, robin = open_page(), open_page(color_scheme="dark")
    sam_answers, robin_answers = started(sam), started(robin)
    entries = [entry for section in catalogue().sections for entry in section.entries]
    shared = next(entry for entry in entries if entry.sides == ("shared",))
    directional = next(entry for entry in entries if len(entry.sides) == 2)
    for person in (sam_answers, robin_answers):  # both would do it both ways, and one thing together
        for entry in (shared, directional):
            for side in entry.sides:
                Rating.objects.create(participant=person, activity_id=entry.id, side=side, answer="yes")

    robin.goto(named_invite(sam, "Sam"))
    robin.get_by_role("button", name="Accept and go to my checklist").click()
    robin.get_by_role("link", name="your page with Sam").click()
    press_ready(robin)
    expect(robin.get_by_role("heading", name="Waiting for your partner")).to_be_visible()
    sam.goto(robin.url)
    press_ready(sam)

    expect(sam).to_have_url(re.compile(r"/rounds/1/$"))
    expect(sam.get_by_role("heading", level=1)).to_have_text("What you both said yes to")
    expect(sam.locator("li.match")).to_have_count(2)
    card = sam.locator("li.match", has=sam.get_by_role("heading", name=directional.name, exact=True))
    expect(card.locator(".chip")).to_have_text("Both ways")
    expect(sam.get_by_role("button", name="Print / Save as PDF")).to_be_visible()
    expect(card.locator(".desc")).to_be_hidden()
    card.get_by_text("About this").click()
    expect(card.locator(".desc")).to_be_visible()
    assert axe_violations(sam) == [], "comparison, light"

    panel = robin.locator("#round-state")
    expect(panel.get_by_role("heading", name="Your comparison is ready")).to_be_visible(timeout=10_000)
    expect(panel).to_contain_text("2 shared yeses with Sam")
    expect(robin.locator(".history")).to_contain_text("2 shared yeses")  # the list below is up to date too
    assert axe_violations(robin) == [], "ready panel, dark"
    panel.get_by_role("link", name="See them").click()
    expect(robin.get_by_role("heading", level=1)).to_have_text("What you both said yes to")
    assert "Sam" not in robin.title()
    assert axe_violations(robin) == [], "comparison, dark"
