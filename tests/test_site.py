from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_the_home_page_explains_the_product_and_the_promise(client):
    html = client.get("/").content.decode()

    assert "only what you both said yes to is revealed" in html
    # The promise names its one exception, the saturation guard's warning.
    assert "the one hint is a warning before comparing if someone said yes to almost everything" in html
    assert 'href="/checklist/"' in html
    assert 'href="/glossary/"' in html
    assert '<html lang="en">' in html
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain"
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_the_sitemap_lists_published_terms_only(client, make_term):
    make_term("tpe")
    make_term("hidden", status="draft")

    xml = client.get("/sitemap.xml").content.decode()

    assert "<loc>http://testserver/glossary/tpe/</loc>" in xml
    assert "hidden" not in xml


def test_the_site_404_page_offers_search(client):
    response = client.get("/nowhere/")

    assert response.status_code == 404
    assert "We couldn’t find that page" in response.content.decode()
    assert 'action="/glossary/"' in response.content.decode()


def test_to_htmx_a_missing_page_is_a_message_not_a_page_inside_the_page(alice):
    response = alice.get("/pairings/00000000-0000-0000-0000-000000000000/", headers={"HX-Request": "true"})

    assert response.status_code == 404
    assert response.content.decode().startswith('<p class="error">That is not here any more')
    assert "<nav" not in response.content.decode()


def current_nav_items(html: str) -> dict[str, str]:
    """The main navigation's links that are marked current, with how: {"/glossary/": "page"}."""
    nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', html, re.S).group(1)
    return dict(re.findall(r'<a href="([^"]+)" aria-current="(\w+)">', nav))


def test_each_page_marks_its_own_navigation_item(client, alice, paired, make_term):
    make_term("tpe")

    assert current_nav_items(client.get("/").content.decode()) == {}
    assert current_nav_items(client.get("/checklist/").content.decode()) == {"/checklist/": "page"}
    assert current_nav_items(alice.get("/checklist/").content.decode()) == {"/checklist/": "page"}
    assert current_nav_items(alice.get("/me/").content.decode()) == {}
    assert current_nav_items(alice.get("/pairings/").content.decode()) == {"/pairings/": "page"}
    assert current_nav_items(alice.get(paired).content.decode()) == {"/pairings/": "true"}
    assert current_nav_items(client.get("/glossary/?q=tpe").content.decode()) == {"/glossary/": "page"}
    assert current_nav_items(client.get("/glossary/tpe/").content.decode()) == {"/glossary/": "true"}


def start_server(environment: dict[str, str]) -> subprocess.CompletedProcess:
    """Loads the WSGI application as gunicorn does, in a fresh process."""
    env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG"}}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "-c", "import kinklist.wsgi"],
        env={**env, "DJANGO_SETTINGS_MODULE": "kinklist.settings"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


def test_start_up_stops_without_a_secret_key_outside_debug():
    result = start_server({})

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_mode_runs_without_a_secret_key():
    assert start_server({"DEBUG": "1"}).returncode == 0


def test_commands_that_sign_nothing_run_without_a_secret_key():
    env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        env={**env, "DJANGO_SETTINGS_MODULE": "kinklist.settings"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_the_home_page_shows_a_started_person_their_progress_privately(alice, catalogue):
    from tests.helpers import answer

    answer(alice, catalogue, kissing="yes", spanking__give="no")

    response = alice.get("/")

    html = response.content.decode()
    assert 'href="/checklist/">Continue your checklist — 2 answered</a>' in html
    assert "Start the checklist" not in html
    assert "no-store" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_the_home_page_offers_a_newcomer_the_start_button(client, catalogue):
    html = client.get("/").content.decode()

    assert "Start the checklist" in html
    assert "Continue your checklist" not in html
