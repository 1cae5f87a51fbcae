"""Playwright for Python driving Debian's Chromium against a live server over the shipped content."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection
from django.test.utils import modify_settings, setup_databases, teardown_databases
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright
from pytest_django.live_server_helper import LiveServer

from checklist.content import load_activities, load_activity_translations
from checklist.models import Activity, ActivityTranslation, Category, CategoryTranslation
from glossary.content import load_term_translations, load_terms
from glossary.models import Alias, Term, TermTranslation
from kinklist.content import translation_folders

from .helpers import PHONE

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


# The shipped content is loaded once and stays from one browser test to the next (loading it takes
# longer than most tests); after each test only what people did is removed. Content types and
# permissions always stay: a full flush would recreate them, and Django caches content types.
CONTENT = (Category, Activity, Term, Alias, CategoryTranslation, ActivityTranslation, TermTranslation)
FRAMEWORK = (ContentType, Permission)


# The modules of the longest journeys (two people, sealing, comparing): started first among the browser tests,
# so that the two test workers end together on short tests rather than one waiting on the other's long one.
LONG_JOURNEYS = {
    "test_sealed_pairing_browser.py",
    "test_sealed_browser.py",
    "test_sealed_attacks_browser.py",
    "test_couple_browser.py",
    "test_languages_browser.py",
    "test_handoff_browser.py",
}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Marks the browser tests and runs them last, after pytest-randomly's shuffle: the content they keep
    in the database must not be there for the other tests, which start from an empty one."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)

    def order(item) -> tuple[bool, bool]:
        browser = item.get_closest_marker("browser") is not None
        return browser, browser and Path(item.fspath).name not in LONG_JOURNEYS

    items.sort(key=order)


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


@pytest.fixture(scope="session")
def server(django_db_setup, django_db_blocker):
    """The live server. Not pytest-django's `live_server`, which makes every test flush the whole database,
    content included. pytest-django prepares the test database only when a test asks for one of its
    database fixtures, which browser tests must not: when only they run, it is prepared here."""
    with django_db_blocker.unblock():
        prepared = None
        if str(connection.settings_dict["NAME"]) != str(connection.creation._get_test_db_name()):
            prepared = setup_databases(verbosity=0, interactive=False, aliases={connection.alias})
        server = LiveServer("localhost")
    yield server
    server.stop()
    if prepared:
        with django_db_blocker.unblock():
            teardown_databases(prepared, verbosity=0)


def flush_all_but(*models) -> None:
    def kept(model) -> bool:
        return model in models or model._meta.auto_created in models

    tables = [model._meta.db_table for model in apps.get_models(include_auto_created=True) if not kept(model)]
    # Ids start again from 1: content loaded afresh gets the ids it had, and a sealed checklist, which keys
    # answers by activity id up to 2047 and sections by category id up to 255, never meets ids that only
    # a test's reloading pushed that high.
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables, reset_sequences=True))


@pytest.fixture
def content(request, server, django_db_blocker):
    """The shipped glossary and checklist in every language, as `make run` loads them, served by the live
    server; what the test's people did is gone afterwards."""
    # `db` would hide what the test writes from the live server in a transaction that is never committed.
    assert "db" not in request.fixturenames, "browser tests write to the database directly, without `db`"
    with django_db_blocker.unblock(), modify_settings(ALLOWED_HOSTS={"append": server.thread.host}):
        if not Activity.objects.exists():
            # Other tests may have loaded and flushed content before, leaving PostgreSQL's sequences high.
            flush_all_but(*FRAMEWORK)
            load_terms(settings.CONTENT_DIR / "glossary")
            load_activities(settings.CONTENT_DIR / "checklist")
            for language, folder in translation_folders(settings.CONTENT_DIR):
                load_term_translations(folder / "glossary", language)
                load_activity_translations(folder / "checklist", language)
        yield
        flush_all_but(*CONTENT, *FRAMEWORK)


@pytest.fixture
def content_to_edit(content):
    """For a test that changes the shipped content: the next test loads it afresh."""
    yield
    flush_all_but(*FRAMEWORK)


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
def open_page(browser, server, content):
    """open_page(viewport=PHONE, color_scheme="light", java_script_enabled=True) -> a fresh person's page."""
    contexts = []
    watchers: list[PageWatcher] = []

    def open_(viewport=PHONE, color_scheme="light", java_script_enabled=True) -> Page:
        context = browser.new_context(
            viewport=viewport,
            color_scheme=color_scheme,
            java_script_enabled=java_script_enabled,
            base_url=server.url,
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
