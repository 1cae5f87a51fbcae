"""Two people, two phones: start, rate, invite, accept, ready, reveal — and again later."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from checklist.catalogue import catalogue
from checklist.models import Participant
from checklist.sheet import build_sheet

from .helpers import PHONE, axe_violations, group, named_invite, open_category, press_ready


@pytest.fixture
def plan(content):
    """Shared and directional ratings for Alex and Blake, and what the rule says must be revealed.

    Returns the legends each taps with its answer, and the expected (activity name, direction) for Alex.
    """
    participant = Participant.objects.create()
    items = build_sheet(participant, catalogue()).items
    participant.delete()
    shared = [item for item in items if item.side == "shared"][:3]
    directional = [item for item in items if item.side == "give"][:2]

    def receive_of(item):
        return next(other for other in items if other.activity == item.activity and other.side == "receive")

    alex = {
        shared[0].legend: "Yes",  # both yes: revealed
        shared[1].legend: "Yes",  # Blake maybe: hidden
        shared[2].legend: "No",  # Blake yes: hidden
        directional[0].legend: "Yes",  # Alex gives, Blake receives: revealed as you → partner
        directional[1].legend: "Yes",  # Blake no on receive: hidden
    }
    blake = {
        shared[0].legend: "Yes",
        shared[1].legend: "Maybe",
        shared[2].legend: "Yes",
        receive_of(directional[0]).legend: "Yes",
        receive_of(directional[1]).legend: "No",
    }
    expected_alex = {  # Blake gave no name: Alex sees "your partner"
        (shared[0].activity.name, "Together"),
        (directional[0].activity.name, "You → your partner"),
    }
    expected_blake = {
        (shared[0].activity.name, "Together"),
        (directional[0].activity.name, "Alex → you"),
    }
    hidden = {shared[1].activity.name, shared[2].activity.name, directional[1].activity.name}
    category_of = {item.legend: item.activity.section_slug for item in items}

    def with_categories(answers: dict[str, str]) -> dict[str, tuple[str, str]]:
        return {legend: (answer, category_of[legend]) for legend, answer in answers.items()}

    alex, blake = with_categories(alex), with_categories(blake)
    later = {"alex": with_categories({shared[2].legend: "Yes"}), "name": shared[2].activity.name}
    return {
        "alex": alex,
        "blake": blake,
        "expected": (expected_alex, expected_blake),
        "hidden": hidden,
        "later": later,
    }


def rate(page: Page, answers: dict[str, tuple[str, str]], javascript: bool) -> None:
    page.goto("/checklist/")
    for legend, (answer, slug) in answers.items():
        open_category(page, slug, javascript)
        group(page, legend).get_by_label(answer, exact=True).check()
        if javascript:
            expect(group(page, legend)).to_have_class(re.compile(r"\bsaved\b"))
        else:
            group(page, legend).locator("xpath=ancestor::form").get_by_role(
                "button", name=re.compile("^Save ")
            ).last.click()
            page.wait_for_load_state()


def revealed_matches(page: Page) -> set[tuple[str, str]]:
    matches = set()
    for card in page.locator("li.match").all():
        matches.add((card.locator("h3").inner_text(), card.locator(".chip").inner_text()))
    return matches


def journey(open_page, plan, javascript: bool) -> None:
    alex = open_page(viewport=PHONE, java_script_enabled=javascript)
    blake = open_page(viewport=PHONE, color_scheme="dark", java_script_enabled=javascript)
    for page in (alex, blake):
        page.goto("/")
        page.get_by_role("button", name="Start the checklist").click()
        page.wait_for_url("**/checklist/")
    rate(alex, plan["alex"], javascript)
    rate(blake, plan["blake"], javascript)

    link = named_invite(alex, "Alex")

    blake.goto(link)
    expect(blake.get_by_role("heading", level=1)).to_have_text("Alex invites you to compare")
    blake.get_by_role("button", name="Accept and go to my checklist").click()
    blake.wait_for_url("**/checklist/")
    blake.get_by_role("link", name="your page with Alex").click()
    blake.wait_for_url(re.compile(r"/pairings/[0-9a-f-]+/$"))
    pairing_url = blake.url

    press_ready(blake)
    expect(blake.get_by_role("heading", name="Waiting for your partner")).to_be_visible()
    reload_note = blake.get_by_text("Reload this page to see when it is ready.")
    if javascript:
        expect(reload_note).to_be_hidden()
    else:
        expect(reload_note).to_be_visible()
    alex.goto(pairing_url)
    expect(alex.get_by_role("heading", name="Your partner is ready to compare")).to_be_visible()
    press_ready(alex)
    expect(alex).to_have_url(re.compile(r"/rounds/1/$"))  # the second to be ready sees the result at once

    if javascript:  # Blake's waiting page notices the reveal by itself and offers the way there
        expect(blake.get_by_role("heading", name="Your comparison is ready")).to_be_visible(timeout=10_000)
        blake.get_by_role("link", name="See them").click()
        expect(blake).to_have_url(re.compile(r"/rounds/1/$"))
    else:
        blake.reload()
        expect(blake.get_by_role("heading", name="Compare again")).to_be_visible()
    for page, expected in zip((alex, blake), plan["expected"], strict=True):
        page.goto(pairing_url)
        page.get_by_role("link", name=re.compile(r"^Comparison 1,")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("What you both said yes to")
        assert revealed_matches(page) == expected
        print_button = page.get_by_role("button", name="Print / Save as PDF")
        if javascript:
            expect(print_button).to_be_visible()
        else:
            expect(print_button).to_be_hidden()
        text = page.locator("main").inner_text()
        for name in plan["hidden"]:
            assert name not in text

    # A month later: Alex changes an answer, both compare again.
    rate(alex, plan["later"]["alex"], javascript)
    for page in (alex, blake):
        page.goto(pairing_url)
        press_ready(page)
    blake.goto(pairing_url)
    expect(blake.get_by_role("link", name=re.compile(r"^Comparison 2,"))).to_be_visible()
    expect(blake.locator(".history")).to_contain_text("1 new since the one before")
    blake.get_by_role("link", name=re.compile(r"^Comparison 2,")).click()
    expect(blake.get_by_role("heading", level=1)).to_have_text("What you both said yes to")
    new = blake.locator("section", has=blake.get_by_role("heading", name="New this time")).locator("li.match")
    expect(new).to_have_count(1)
    expect(new.locator("h3")).to_contain_text(plan["later"]["name"])
    blake.goto(pairing_url)
    expect(blake.get_by_role("link", name=re.compile(r"^Comparison 1,"))).to_be_visible()


def test_the_couple_journey_on_two_phones(open_page, plan):
    journey(open_page, plan, javascript=True)


def test_the_couple_journey_without_javascript(open_page, plan):
    journey(open_page, plan, javascript=False)


def test_pairing_pages_have_no_accessibility_violations(open_page, plan, settings):
    settings.WAITING_POLL_MS = 60_000  # axe waits for the network to be quiet, which polling never is
    alex, blake = open_page(), open_page()
    for page, answers in ((alex, plan["alex"]), (blake, plan["blake"])):
        page.goto("/")
        page.get_by_role("button", name="Start the checklist").click()
        rate(page, answers, javascript=True)

    alex.goto("/pairings/")
    assert axe_violations(alex) == [], "pairings"
    alex.get_by_role("button", name="Create an invite link").click()
    expect(alex.get_by_role("heading", level=1)).to_have_text("Your invite link")
    assert axe_violations(alex) == [], "invite created"
    blake.goto(alex.get_by_label("Invite link").input_value())
    assert axe_violations(blake) == [], "invite"
    blake.get_by_role("button", name="Accept and go to my checklist").click()
    blake.locator(".pairing-banner a").click()
    expect(blake.get_by_role("heading", name="Ready to compare?")).to_be_visible()
    assert axe_violations(blake) == [], "pairing"
    press_ready(blake)
    expect(blake.get_by_role("heading", name="Waiting for your partner")).to_be_visible()
    assert axe_violations(blake) == [], "waiting"
    alex.goto(blake.url)
    press_ready(alex)
    expect(alex.get_by_role("heading", level=1)).to_have_text("What you both said yes to")
    assert axe_violations(alex) == [], "comparison"
