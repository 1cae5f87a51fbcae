"""Text helpers that both apps use: slugs from names, and the light markup for content."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from markdown_it import MarkdownIt

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


def render_markdown(text: str) -> SafeString:
    return mark_safe(_markdown.render(text))  # noqa: S308 - the renderer escapes all raw HTML.
