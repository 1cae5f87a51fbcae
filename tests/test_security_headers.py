"""Every URL the project serves carries the same strict headers."""

from __future__ import annotations

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

CSP = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
}
STATIC = ("/static/css/site.css", "/static/vendor/htmx-2.0.11.min.js", "/static/favicon.svg")


def csp_directives(header: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def served_urls(make_term) -> list[str]:
    make_term("tpe", aliases=("total power exchange",))
    return [
        "/",
        "/checklist/",
        "/glossary/",
        "/glossary/?q=tpe",
        "/glossary/tpe/",
        "/glossary/total-power-exchange/",  # 301
        "/glossary/no-such-term/",  # 404 with suggestions
        "/no-such-page/",  # site-wide 404
        "/sitemap.xml",
        "/robots.txt",
        "/healthz",
        "/admin/login/",
    ]


def assert_strict_headers(response) -> None:
    assert csp_directives(response["Content-Security-Policy"]) == CSP
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_every_url_carries_the_security_headers(client, make_term):
    for url in [*served_urls(make_term), *STATIC]:
        response = client.get(url)
        assert response.status_code in (200, 301, 404), url
        assert_strict_headers(response)


def test_a_post_to_a_get_only_page_is_refused_with_the_same_headers(client):
    response = client.post("/")

    assert response.status_code == 405
    assert_strict_headers(response)


def test_htmx_is_configured_for_the_strict_policy(client):
    html = client.get("/").content.decode()

    assert '"allowEval":false' in html
    assert '"includeIndicatorStyles":false' in html
    assert '"historyCacheSize":0' in html
    assert '"selfRequestsOnly":true' in html
    assert 'data-hx-headers=\'{"X-CSRFToken": "' in html


def test_no_page_has_inline_script_or_style(client, make_term):
    for url in served_urls(make_term):
        html = client.get(url).content.decode()
        assert "style=" not in html, url
        assert "<style" not in html, url
        assert "hx-on" not in html, url
        for tag in html.split("<script")[1:]:
            attributes = tag.split(">", 1)[0]
            assert "src=" in attributes or 'type="application/ld+json"' in attributes, url


def test_pages_load_nothing_from_other_origins(client, make_term):
    for url in served_urls(make_term):
        html = client.get(url).content.decode()
        for attribute in ("src=", "href="):
            for value in html.split(attribute)[1:]:
                target = value[1:].split(value[0], 1)[0]
                assert not target.startswith(("http://", "https://", "//")) or target.startswith(
                    "http://testserver/"
                ), (url, target)


def test_the_vendored_htmx_is_pinned(client):
    assert (settings.BASE_DIR / "static/vendor/htmx-2.0.11.min.js").read_text().startswith("var htmx=")
