"""What browser tests share: the viewports, the accessibility check and a person's first steps."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

AXE = Path(__file__).with_name("axe-4.14.1.min.js")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# The accessibility matrix, fixed so that a new page costs one axe run, not one per combination.
# One mobile-first stylesheet serves every page, so:
# - every distinct page is checked once, with all of axe's rules, on a phone in light mode;
# - dark mode swaps only the colour custom properties at the top of site.css, so colour contrast is all
#   it can break: it is checked once, on pages that between them show every pair of those colours
#   (test_dark_mode_has_no_accessibility_violations);
# - the wide layout changes only the home page's card grid and the size of headings: it is checked once,
#   on the home page (test_pages_have_no_accessibility_violations).


def axe_violations(page: Page) -> list[dict]:
    """Runs the pinned axe-core on the page; evaluate() is not subject to the page's CSP."""
    page.wait_for_load_state("networkidle")  # lazily loaded checklist categories settle first
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": violation["id"], "nodes": [node["target"] for node in violation["nodes"]]}
        for violation in result["violations"]
    ]


def open_category(page: Page, slug: str, javascript: bool = True) -> None:
    """Brings a checklist category's ratings onto the page: with JavaScript by scrolling to it (it loads
    as it comes into view), without by opening its own page."""
    form = page.locator(f"form#cf-{slug}")
    if form.count():
        return
    if not javascript:
        page.goto(f"/checklist/?category={slug}")
        form.wait_for(state="attached")
        return
    # Sections that come into view together load together; those above the one wanted then grow and
    # push it out of view before it is seen. A person keeps scrolling to it, and so does this.
    for _ in range(10):
        page.locator(f"#c-{slug}").scroll_into_view_if_needed()
        try:
            form.wait_for(state="attached", timeout=2000)
            return
        except PlaywrightTimeoutError:
            continue
    form.wait_for(state="attached")


def start(page: Page) -> None:
    """Presses Start on the home page and lands on the checklist."""
    page.goto("/")
    page.get_by_role("button", name="Start the checklist").click()
    page.wait_for_url("**/checklist/")


def press_ready(page: Page) -> None:
    """Presses "Ready to compare", then "Compare anyway" if someone who answered little is asked first."""
    page.get_by_role("button", name="Ready to compare").click()
    page.wait_for_load_state()
    if page.url.endswith("/ready/"):
        page.get_by_role("button", name="Compare anyway").click()
        page.wait_for_load_state()


def group(page: Page, legend: str):
    """One rating's radio group, by its legend."""
    return page.get_by_role("group", name=legend, exact=True)


def named_invite(page: Page, name: str) -> str:
    """Gives the person a display name, creates an invite and returns its link."""
    page.goto("/me/")
    page.get_by_role("textbox", name="Display name").fill(name)
    page.get_by_role("button", name="Save name").click()
    page.wait_for_url("**/me/#name")
    page.goto("/pairings/")
    page.get_by_role("button", name="Create an invite link").click()
    return page.get_by_label("Invite link").input_value()
