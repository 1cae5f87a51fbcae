"""Languages: a page's address says its language (English has none, German /de/, Spanish /es/), every page
offers the same page in the others, search engines learn the alternates, and only the prefix changes, so a
secret link's path keeps the words the logs mask."""

from __future__ import annotations

import re
import runpy
from urllib.parse import urljoin, urlsplit

import pytest

from kinklist.text import slug_for
from tests.helpers import accept, invite_link

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("prefix", "code"), [("", "en"), ("/de", "de"), ("/es", "es")])
def test_the_address_prefix_chooses_the_pages_language(client, make_term, prefix, code):
    make_term("tpe", name="TPE")
    for path in ("/", "/glossary/", "/glossary/tpe/", "/checklist/"):
        response = client.get(f"{prefix}{path}")
        assert response.status_code == 200, path
        assert f'<html lang="{code}">' in response.content.decode()


def test_the_browsers_preferences_and_cookies_never_choose_the_language(client):
    client.cookies["django_language"] = "de"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200 and '<html lang="en">' in response.content.decode()


def test_english_under_en_goes_to_the_address_without_a_prefix(client):
    response = client.get("/en/glossary/?q=rope")
    assert response.status_code == 301 and response["Location"] == "/glossary/?q=rope"


@pytest.mark.parametrize(
    "path",
    [
        "/en//elsewhere.example/",
        "/en/%2F%2Felsewhere.example/",
        "/en/%2F/elsewhere.example",
        "/en//\\elsewhere.example/",
    ],
)
def test_english_under_en_never_goes_to_another_site(client, path):
    """A link on this site's own address must not lead elsewhere (an open redirect), say to a page that
    imitates this one and asks for a resume link."""
    response = client.get(path)
    location = response["Location"]
    assert response.status_code == 301 and location.startswith("/") and location[1:2] not in ("/", "\\"), (
        location
    )
    assert urlsplit(location).netloc == "" and urlsplit(
        urljoin("https://kinklist.test/", location)
    ).netloc == ("kinklist.test"), location


def test_every_page_links_to_itself_in_the_other_languages(client, make_term):
    make_term("tpe", name="TPE")
    html = client.get("/es/glossary/tpe/?from=index").content.decode()  # the query is never repeated

    switcher = re.search(r'<nav class="languages" aria-label="Idioma">.*?</nav>', html).group(0)
    assert re.findall(r'<a href="([^"]+)" hreflang="(\w+)" lang="\w+"( aria-current="true")?>', switcher) == [
        ("/glossary/tpe/", "en", ""),
        ("/de/glossary/tpe/", "de", ""),
        ("/es/glossary/tpe/", "es", ' aria-current="true"'),
    ]
    alternates = re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html)
    assert alternates == [
        ("en", "http://testserver/glossary/tpe/"),
        ("de", "http://testserver/de/glossary/tpe/"),
        ("x-default", "http://testserver/glossary/tpe/"),
    ]


@pytest.mark.parametrize("page", ["a form's answer", "a secret link", "a pairing", "nowhere"])
def test_pages_whose_address_is_private_or_leads_nowhere_offer_the_languages_home_pages(
    client, alice, bob, page
):
    link = invite_link(alice)
    response = {
        "a form's answer": lambda: alice.post("/me/resume-link/"),
        "a secret link": lambda: client.get(link),
        "a pairing": lambda: alice.get(accept(bob, invite_link(alice))),
        "nowhere": lambda: client.get("/nowhere/"),
    }[page]()
    html = response.content.decode()
    switcher = re.search(r'<nav class="languages".*?</nav>', html).group(0)
    assert re.findall(r'<a href="([^"]+)"', switcher) == ["/", "/de/", "/es/"]
    assert 'rel="alternate"' not in html  # no other-language versions of this page to announce


def test_secret_links_keep_their_path_in_every_language_and_the_logs_mask_them(alice, client, log_lines):
    link = invite_link(alice)
    secret = link.strip("/").split("/")[-1]
    for prefix in ("/de", "/es"):
        response = client.get(f"{prefix}{link}")
        assert response.status_code == 200
        assert f'<html lang="{prefix[1:]}">' in response.content.decode()
    client.get(f"/de{link}nowhere/")  # a 404: Django logs its path
    assert secret not in str(log_lines())


def test_robots_txt_keeps_every_languages_private_pages_out(client):
    text = client.get("/robots.txt").content.decode()
    for prefix in ("", "/de", "/es"):
        assert f"Disallow: {prefix}/checklist/\n" in text


def test_the_sitemap_lists_each_term_in_each_language_with_its_alternates(client, make_term):
    make_term("tpe", name="TPE")
    xml = client.get("/sitemap.xml").content.decode()
    for prefix in ("", "/de", "/es"):
        assert f"<loc>http://testserver{prefix}/glossary/tpe/</loc>" in xml
    assert '<xhtml:link rel="alternate" hreflang="de" href="http://testserver/de/glossary/tpe/"/>' in xml
    assert '<xhtml:link rel="alternate" hreflang="x-default" href="http://testserver/glossary/tpe/"/>' in xml


@pytest.mark.parametrize(
    ("alias", "slug"),
    [
        ("Fußfetisch", "fussfetisch"),
        ("Würgen", "wuergen"),
        ("negociación kink", "negociacion-kink"),
        ("D/s", "d-s"),
    ],
)
def test_an_alias_becomes_an_address_that_keeps_its_letters_readable(alias, slug):
    assert slug_for(alias) == slug


def test_until_a_language_is_offered_no_page_or_sitemap_names_it_though_its_address_works(
    client, make_term, settings
):
    settings.LANGUAGES_OFFERED = ["en"]
    make_term("tpe", name="TPE")
    html = client.get("/glossary/tpe/").content.decode()
    assert 'class="languages"' not in html and 'rel="alternate"' not in html
    assert "/de/" not in client.get("/sitemap.xml").content.decode()
    assert '<html lang="de">' in client.get("/de/glossary/tpe/").content.decode()

    settings.LANGUAGES_OFFERED = ["en", "es"]
    html = client.get("/glossary/tpe/").content.decode()
    assert re.findall(r'hreflang="([\w-]+)" href=', html) == ["es", "x-default"]
    assert "/es/glossary/tpe/" in client.get("/sitemap.xml").content.decode()


@pytest.mark.parametrize(("environment", "offered"), [(None, ["en", "de", "es"]), ("en, es", ["en", "es"])])
def test_every_translated_language_is_offered_unless_the_environment_says_otherwise(
    monkeypatch, settings, environment, offered
):
    if environment is None:
        monkeypatch.delenv("LANGUAGES_OFFERED", raising=False)
    else:
        monkeypatch.setenv("LANGUAGES_OFFERED", environment)
    production = runpy.run_path(str(settings.BASE_DIR / "kinklist" / "settings.py"))
    assert production["LANGUAGES_OFFERED"] == offered
