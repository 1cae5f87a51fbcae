"""Text helpers that both apps use: slugs from names, and the light markup for content."""

from __future__ import annotations

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from markdown_it import MarkdownIt

from .languages import prefix

# "js-default" escapes raw HTML instead of passing it through and refuses javascript:/data: links,
# so text written in the admin can never inject markup or script into a page.
_markdown = MarkdownIt("js-default")


# Spelled out as German writes them where the letter cannot be: slugify would drop ß and strip the dots,
# turning "Fußfetisch" into "fufetisch".
SPELLED_OUT = str.maketrans({"ß": "ss", "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def slug_for(name: str) -> str:
    """`24/7` -> `24-7`, `D/s` -> `d-s`: a slash separates words, it is not dropped; `Fußfetisch` ->
    `fussfetisch`, `Würgen` -> `wuergen`; other accents go (`negociación` -> `negociacion`)."""
    return slugify(name.replace("/", " ").translate(SPELLED_OUT))


def render_markdown(text: str, language: str = settings.LANGUAGE_CODE) -> SafeString:
    """The text as HTML for a page in `language`: a link to a page of this site (content writes them as
    `/glossary/<slug>/`) leads to that page in the same language."""
    tokens = _markdown.parse(text)
    if prefix(language):
        for token in tokens:
            for child in token.children or ():
                href = child.attrs.get("href", "") if child.type == "link_open" else ""
                if isinstance(href, str) and href.startswith("/") and not href.startswith("//"):
                    child.attrs["href"] = prefix(language) + href
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    return mark_safe(html)  # noqa: S308 - the renderer escapes all raw HTML.
