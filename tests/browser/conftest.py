"""Playwright for Python driving Debian's Chromium against pytest-django's live server."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from checklist.content import load_activities
from glossary.content import load_terms

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
AXE = Path(__file__).with_name("axe-4.14.1.min.js")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(item.fspath).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Browser:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's Chromium is missing: run `make browser` (apt-get install chromium).")
    # Playwright's sync API runs an event loop in this thread; the tests still talk to the
    # database synchronously between browser steps, which is safe here.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def glossary_content(transactional_db):
    load_terms(settings.CONTENT_DIR / "glossary")


@pytest.fixture
def content(glossary_content):
    """The shipped glossary and checklist, as `make run` loads them."""
    load_activities(settings.CONTENT_DIR / "checklist")


class PageWatcher:
    """Collects what the console says, so a test can insist that CSP blocked nothing."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type in {"error", "warning"}:
            self.problems.append(f"{message.type}: {message.text}")

    def on_page_error(self, error) -> None:
        self.problems.append(f"page error: {error}")


@pytest.fixture
def open_page(browser, live_server):
    """open_page(viewport=PHONE, color_scheme="light", java_script_enabled=True) -> a fresh person's page."""
    contexts = []
    watchers: list[PageWatcher] = []

    def open_(viewport=PHONE, color_scheme="light", java_script_enabled=True) -> Page:
        context = browser.new_context(
            viewport=viewport,
            color_scheme=color_scheme,
            java_script_enabled=java_script_enabled,
            base_url=live_server.url,
        )
        contexts.append(context)
        page = context.new_page()
        watcher = PageWatcher()
        watchers.append(watcher)
        page.on("console", watcher.on_console)
        page.on("pageerror", watcher.on_page_error)
        return page

    def forgive(*fragments: str) -> None:
        """The test caused these console messages on purpose (say, a network failure it simulated)."""
        for watcher in watchers:
            forgiven = [problem for problem in watcher.problems if any(part in problem for part in fragments)]
            assert forgiven, f"expected console messages containing {fragments}"
            watcher.problems = [problem for problem in watcher.problems if problem not in forgiven]

    open_.forgive = forgive
    yield open_
    for context in contexts:
        context.close()
    problems = [problem for watcher in watchers for problem in watcher.problems]
    # A 404 page logs "Failed to load resource" for itself: that is the page, not a blocked asset.
    problems = [problem for problem in problems if "status of 404" not in problem]
    assert problems == [], "the browser console reported problems"


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
    if javascript:
        page.locator(f"#c-{slug}").scroll_into_view_if_needed()
    else:
        page.goto(f"/checklist/?category={slug}")
    form.wait_for(state="attached")
