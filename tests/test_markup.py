"""Pages are valid HTML. The HTML checker rejects unknown attributes such as htmx's `hx-*`; htmx reads the
same attributes with the `data-` prefix, so templates, styles and scripts use only `data-hx-*`."""

from __future__ import annotations

import re

from django.conf import settings

BARE_HTMX_ATTRIBUTE = re.compile(r"(?<![\w-])hx-[a-z]")


def sources() -> list:
    static = settings.BASE_DIR / "static"
    return [
        *(settings.BASE_DIR / "templates").rglob("*.html"),
        *static.rglob("*.css"),
        *(path for path in static.rglob("*.js") if "vendor" not in path.parts),
    ]


def test_the_check_finds_a_bare_htmx_attribute_and_passes_the_prefixed_one():
    assert BARE_HTMX_ATTRIBUTE.search('<div hx-get="/">')
    assert BARE_HTMX_ATTRIBUTE.search('{% if live %}hx-get="/"')
    assert BARE_HTMX_ATTRIBUTE.search("[hx-swap-oob]")
    assert not BARE_HTMX_ATTRIBUTE.search('<div data-hx-get="/">')
    assert not BARE_HTMX_ATTRIBUTE.search('<meta name="htmx-config">')


def test_no_template_style_or_script_uses_an_htmx_attribute_without_the_data_prefix():
    found = sources()
    assert len(found) > 30

    bare = {
        f"{path.relative_to(settings.BASE_DIR)}:{number}": line.strip()
        for path in found
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if BARE_HTMX_ATTRIBUTE.search(line)
    }

    assert bare == {}


def test_no_template_comment_reaches_a_page(client):
    """Django's {# #} comment ends at the line's end: one spread over lines is printed, here into <head>."""
    unclosed = {
        f"{path.relative_to(settings.BASE_DIR)}:{number}": line.strip()
        for path in (settings.BASE_DIR / "templates").rglob("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if line.count("{#") != line.count("#}")
    }

    assert unclosed == {}
    assert "{#" not in client.get("/").content.decode()
