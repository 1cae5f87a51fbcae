"""The hand-off on two phones: an invite, accepted with a name, lands on the checklist with its banner,
which its reader may dismiss."""

from __future__ import annotations

from playwright.sync_api import expect

from .helpers import axe_violations, start


def invite(page, name: str = "Alex") -> str:
    """Creates an invite under `name` and returns its link."""
    page.goto("/pairings/")
    page.get_by_role("textbox", name="Your name, as your partner will see it (optional)").fill(name)
    page.get_by_role("button", name="Create an invite link").click()
    expect(page.get_by_role("status").filter(has_text="Saved:")).to_have_text(
        f"Saved: your partner will see you as {name}."
    )
    return page.get_by_label("Invite link").input_value()


def test_the_hand_off_from_invite_to_the_checklist_banner(open_page):
    for scheme in ("light", "dark"):
        alex, blake = open_page(), open_page(color_scheme=scheme)
        start(alex)
        link = invite(alex)
        assert axe_violations(alex) == [], scheme

        blake.goto(link)
        expect(blake.get_by_role("heading", level=1)).to_have_text("Alex invites you to compare")
        assert "Alex" not in blake.title()
        assert axe_violations(blake) == [], scheme
        blake.get_by_role("textbox", name="Your name, as your partner will see it (optional)").fill("Blake")
        blake.get_by_role("button", name="Accept and go to my checklist").click()

        blake.wait_for_url("**/checklist/?name=saved")
        expect(blake.locator(".pairing-banner")).to_contain_text(
            "Alex invited you — rate at your own pace, then press Ready"
        )
        expect(blake.get_by_role("status").filter(has_text="Saved:")).to_have_text(
            "Saved: your partner will see you as Blake."
        )
        assert axe_violations(blake) == [], scheme
        blake.get_by_role("link", name="your page with Alex").click()
        expect(blake.get_by_role("heading", level=1)).to_have_text("Comparing with Alex")
        alex.goto("/checklist/")
        expect(alex.locator(".pairing-banner")).to_contain_text("You’re paired with Blake")
        alex.get_by_role("button", name="Dismiss the note about Blake").press("Enter")
        expect(alex.locator(".pairing-banner")).to_have_count(0)
        expect(alex.locator("main")).to_be_focused()  # not lost to the page's start
        alex.reload()
        expect(alex.locator(".pairing-banner")).to_have_count(0)
        expect(alex.locator("main")).to_contain_text("When you’re ready, compare with Blake.")


def test_without_web_share_the_invite_link_offers_copy(open_page):
    page = open_page()
    start(page)
    invite(page)

    expect(page.get_by_role("button", name="Share link")).to_be_hidden()
    expect(page.get_by_role("button", name="Copy link")).to_be_visible()


def test_with_web_share_the_invite_link_is_shared_without_a_name(open_page):
    page = open_page()
    page.add_init_script("navigator.share = async (data) => { window.shared = data; };")
    start(page)
    link = invite(page)

    page.get_by_role("button", name="Share link").click()

    assert page.evaluate("window.shared") == {"url": link}
