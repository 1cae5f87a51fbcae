"""Every remaining form, submitted for real in a browser, with the console free of CSP errors."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from checklist.models import Invite, Pairing, Round

from .helpers import PHONE, open_category, press_ready, start


def test_sign_up_log_out_and_log_in_again(open_page):
    page = open_page(viewport=PHONE)
    start(page)
    open_category(page, "touch-and-sensation")
    page.get_by_role("group", name="Kissing", exact=True).get_by_label("Yes", exact=True).check()
    expect(page.locator("#save-status")).to_contain_text("Saved")

    page.goto("/me/")
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Username").fill("wren")
    page.get_by_label("Password", exact=True).fill("a-long-pass-phrase-9")
    page.get_by_label("Password confirmation").fill("a-long-pass-phrase-9")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("#account")).to_contain_text("You are logged in as wren")

    page.get_by_role("button", name="Log out").click()
    page.goto("/checklist/")
    expect(page.get_by_role("button", name="Start the checklist")).to_be_visible()

    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("wren")
    page.get_by_label("Password").fill("wrong-password-here")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("Please enter a correct username and password")
    open_page.forgive("status of 400")  # the refused log-in page itself answers 400
    page.get_by_label("Password").fill("a-long-pass-phrase-9")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/checklist/")
    open_category(page, "touch-and-sensation")
    expect(
        page.get_by_role("group", name="Kissing", exact=True).get_by_label("Yes", exact=True)
    ).to_be_checked()


def pair(open_page) -> tuple[Page, Page, str]:
    alex, blake = open_page(viewport=PHONE), open_page(viewport=PHONE)
    start(alex)
    start(blake)
    alex.goto("/pairings/")
    alex.get_by_role("button", name="Create an invite link").click()
    blake.goto(alex.get_by_label("Invite link").input_value())
    blake.get_by_role("button", name="Accept and go to my checklist").click()
    blake.locator(".pairing-banner a").click()
    blake.wait_for_url(re.compile(r"/pairings/[0-9a-f-]+/$"))
    return alex, blake, blake.url


def test_switching_off_an_invite(open_page):
    page = open_page(viewport=PHONE)
    start(page)
    page.goto("/pairings/")
    page.get_by_role("button", name="Create an invite link").click()
    link = page.get_by_label("Invite link").input_value()
    page.goto("/pairings/")

    page.get_by_role("button", name=re.compile("^Switch off")).click()

    expect(page.get_by_role("button", name=re.compile("^Switch off"))).to_have_count(0)
    assert Invite.objects.get().revoked is not None
    other = open_page(viewport=PHONE)
    assert other.goto(link).status == 404


def test_withdrawing_and_ending_a_pairing(open_page):
    alex, blake, pairing = pair(open_page)
    press_ready(blake)

    blake.get_by_role("button", name="Withdraw").click()

    expect(blake.get_by_role("heading", name="Ready to compare?")).to_be_visible()
    assert Round.objects.count() == 0
    alex.goto(pairing)
    alex.get_by_role("link", name="End pairing…").click()
    alex.get_by_role("button", name="Yes, end the pairing").click()
    alex.wait_for_url("**/pairings/")
    assert Pairing.objects.count() == 0


def test_the_saturation_guard_in_the_browser(open_page):
    from checklist.models import Activity, Rating

    alex, blake, pairing = pair(open_page)
    alex.goto("/checklist/?category=touch-and-sensation")
    alex.get_by_role("group", name="Kissing", exact=True).get_by_label("Yes", exact=True).check()
    expect(alex.locator("#save-status")).to_contain_text("Saved")
    blake_participant = Pairing.objects.get().second
    Rating.objects.bulk_create(
        Rating(participant=blake_participant, activity=activity, side=side, answer="yes")
        for activity in Activity.objects.all()
        for side in activity.sides
    )
    blake.goto(pairing)
    press_ready(blake)
    alex.goto(pairing)
    press_ready(alex)

    expect(alex.get_by_text("Your partner said yes to almost everything on the checklist")).to_be_visible()
    alex.get_by_role("button", name="Cancel this comparison").click()
    expect(alex.locator(".history")).to_contain_text("cancelled")

    press_ready(alex)
    blake.goto(pairing)
    press_ready(blake)
    # Alex's waiting page finds out by itself (it polls), and reloads to ask the question.
    alex.get_by_role("button", name="Reveal anyway").click()
    expect(alex).to_have_url(re.compile(r"/rounds/2/$"))  # revealing takes them to the result
    expect(alex.locator("li.match h3")).to_have_text(["Kissing"])
