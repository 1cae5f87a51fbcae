from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from .helpers import DESKTOP, PHONE, axe_violations


def test_the_live_filter_narrows_the_index_as_one_types(open_page):
    page = open_page()
    page.goto("/glossary/")
    all_terms = page.locator(".term-item").count()
    assert all_terms >= 40

    page.get_by_label("Search the glossary").press_sequentially("aftercare", delay=30)

    expect(page.get_by_role("status")).to_contain_text("match “aftercare”")
    names = page.locator(".term-item dt a").all_inner_texts()
    assert "Aftercare" in names
    assert "TPE" not in names
    assert len(names) < all_terms
    assert page.url.endswith("/glossary/?q=aftercare")


def test_the_search_form_works_without_javascript(open_page):
    page = open_page(java_script_enabled=False)
    page.goto("/glossary/")

    page.get_by_label("Search the glossary").fill("24/7")
    page.get_by_role("button", name="Search").click()

    page.wait_for_url("**/glossary/?q=24%2F7")
    assert "24/7 dynamic" in page.locator(".term-item dt a").all_inner_texts()


def test_the_404_search_form_submits_for_real(open_page):
    page = open_page()
    response = page.goto("/glossary/aftercar/")
    assert response.status == 404
    assert page.get_by_role("link", name="Aftercare").is_visible()

    page.get_by_label("Search the glossary").fill("safeword")
    page.get_by_role("button", name="Search").click()

    page.wait_for_url("**/glossary/?q=safeword")
    assert "Safeword" in page.locator(".term-item dt a").all_inner_texts()


def test_an_alias_lands_on_the_term_page(open_page):
    page = open_page()

    page.goto("/glossary/247/")

    assert page.url.endswith("/glossary/24-7-dynamic/")
    assert page.get_by_role("heading", level=1).inner_text() == "24/7 dynamic"


@pytest.mark.parametrize(
    ("path", "viewport"),
    [
        ("/", PHONE),
        ("/", DESKTOP),  # the one page whose layout changes with the width (see the matrix in helpers.py)
        ("/glossary/", PHONE),
        ("/glossary/24-7-dynamic/", PHONE),
        ("/glossary/no-such-term/", PHONE),
    ],
    ids=["home-phone", "home-desktop", "index", "term", "not-found"],
)
def test_pages_have_no_accessibility_violations(open_page, path, viewport):
    page = open_page(viewport=viewport)
    page.goto(path)

    assert axe_violations(page) == []


def test_the_accessibility_check_can_fail(open_page):
    page = open_page()
    page.goto("/")

    page.evaluate("document.querySelector('main').append(document.createElement('img'))")

    assert "image-alt" in [violation["id"] for violation in axe_violations(page)]


def test_an_admin_edits_a_term_in_the_browser(open_page, content_to_edit):
    User.objects.create_superuser("editor", password="a-long-editor-password")
    page = open_page(viewport=DESKTOP)
    page.goto("/admin/login/?next=/admin/glossary/term/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-editor-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Aftercare", exact=True).click()

    # The English one: each translation below has its own.
    page.locator("#id_definition").fill("Care for everyone involved once a scene ends.")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    page.goto("/glossary/aftercare/")
    expect(page.locator(".definition")).to_have_text("Care for everyone involved once a scene ends.")


def test_a_search_longer_than_the_glossary_takes_gets_a_message_not_silence(open_page):
    page = open_page()
    page.goto("/glossary/")
    every_term = page.locator(".term-item").count()
    box = page.get_by_label("Search the glossary")
    box.fill("x" * 150)
    assert box.input_value() == "x" * 100, "the box itself stops at what a search may hold"
    # A page opened before the limit, or a script, can still send more: the answer must be shown.
    box.evaluate("input => input.removeAttribute('maxlength')")

    box.fill("x" * 101)

    expect(page.get_by_role("alert")).to_have_text(
        "Please search for 100 characters or fewer. Showing every term instead."
    )
    expect(page.locator(".term-item")).to_have_count(every_term)
    expect(page.locator("header")).to_have_count(1)
    open_page.forgive("400")
