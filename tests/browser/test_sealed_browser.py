"""A person seals their checklist and keeps using it: their answers survive sealing, taps save encrypted in
bursts, another device opens them only with the key in the resume link, and a browser without it is told
why. What the server holds afterwards is checked in tests/test_sealed.py."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from checklist.models import Activity, Participant, Rating, SealedBlob
from tests.helpers import readable_in_storage

from .helpers import DESKTOP, axe_violations, group, start


def rate_a_little(page: Page) -> None:
    group(page, "Negotiation talk before play").get_by_label("Yes", exact=True).check()
    group(page, "Agreeing a safeword").get_by_label("No", exact=True).check()
    expect(page.locator("#save-status")).to_contain_text("Saved")


def opened(page: Page) -> None:
    expect(page.locator("[data-sheet-body]")).to_be_visible()


def answer_of(page: Page, legend: str) -> str | None:
    checked = group(page, legend).locator("input:checked")
    return checked.get_attribute("value") if checked.count() else None


def test_sealing_keeps_the_answers_and_only_a_browser_with_the_key_opens_them(open_page, log_lines):
    page = open_page()
    start(page)
    rate_a_little(page)

    page.goto("/me/seal/")
    assert axe_violations(page) == []
    page.get_by_label("I understand that if I lose this browser").check()
    page.get_by_role("button", name="Seal my checklist").click()
    link = page.get_by_label("Resume link with your key")
    expect(link).to_have_value(re.compile(r"/resume/[\w-]+/#k=[\w-]{43}$"))
    resume = link.input_value()
    assert not Rating.objects.exists()  # the readable copy is gone

    page.goto("/checklist/")
    opened(page)
    assert answer_of(page, "Negotiation talk before play") == "yes"
    assert answer_of(page, "Agreeing a safeword") == "no"
    expect(page.locator("[data-overall]")).to_have_text(re.compile(r"^2 of \d+$"))

    # A burst of taps is one encrypted save, so the server's logs count bursts, never answers.
    saves = []

    def note_save(request) -> None:
        if "/sealed/blobs/answers/" in request.url:
            saves.append(request.method)

    page.on("request", note_save)
    group(page, "A check-in before play").get_by_label("Maybe", exact=True).check()
    group(page, "Check-ins during play").get_by_label("Yes", exact=True).check()
    group(page, "Agreeing a safeword").get_by_role("button", name=re.compile("^Clear")).click()
    expect(page.locator("[data-sheet-status]")).to_have_text("Saved.")
    assert saves == ["PUT"]
    expect(page.locator("[data-overall]")).to_have_text(re.compile(r"^3 of \d+$"))

    # Leaving a section out is kept too, encrypted.
    page.locator("#sections summary").click()
    page.get_by_role("checkbox", name=re.compile("^Toys")).uncheck()
    page.get_by_role("button", name="Save sections").click()
    expect(page.locator("[data-sheet-status]")).to_contain_text("Sections saved")
    expect(page.locator("#c-toys")).to_be_hidden()

    page.reload()
    opened(page)
    assert answer_of(page, "A check-in before play") == "maybe"
    assert answer_of(page, "Agreeing a safeword") is None
    expect(page.locator("#c-toys")).to_be_hidden()
    assert axe_violations(page) == []

    # Another device opens them with the resume link; the key leaves the address bar at once.
    other = open_page(viewport=DESKTOP, color_scheme="dark")
    other.goto(resume)
    assert "#" not in other.url
    other.get_by_role("button", name="Open my checklist").click()
    opened(other)
    assert answer_of(other, "Check-ins during play") == "yes"
    other.goto("/me/print/")
    opened(other)
    expect(other.locator("tr:visible", has_text="A check-in before play")).to_contain_text("Maybe")
    expect(other.locator("tr:visible", has_text="Agreeing a safeword")).to_have_count(0)

    # Without the key, the same checklist cannot be opened, and the page says why and what to do.
    keyless = open_page()
    keyless.goto(resume.split("#")[0])
    keyless.get_by_role("button", name="Open my checklist").click()
    expect(keyless.locator("[data-no-key]")).to_be_visible()
    expect(keyless.locator("[data-sheet-body]")).to_be_hidden()

    blobs = SealedBlob.objects.filter(participant=Participant.objects.get())
    assert {blob.name for blob in blobs} == {"answers", "sections", "keyring"}
    # Nothing stored, logged or cached since says what was answered, or which sections were left out.
    assert readable_in_storage(Activity.objects.select_related("category"), log_lines()) == []
