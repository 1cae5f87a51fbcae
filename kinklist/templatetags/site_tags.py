from __future__ import annotations

import json
import re

from django import template
from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, pgettext

register = template.Library()

# The same escapes as Django's json_script: nothing in the data can close the <script> element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def structured_data(data: dict) -> SafeString:
    """A schema.org JSON-LD block: data for search engines, never executed, so CSP allows it."""
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', SafeString(payload))


# A text shown in English for want of a translation is marked so (a screen reader then pronounces it as
# English), and said so. These read the `fallback` set of the catalogue's entries, sections and glossary
# links, and of a glossary term's texts; in English it is always empty and they add nothing.


# Languages whose nouns keep their capital letter inside a sentence (a section's name is mostly nouns).
KEEPS_CAPITALS = frozenset({"de"})


# Spanish writes "u" for "o" before a word that starts with the sound o: "Ana u Olga", "Sam u Horacio".
_O_SOUND = re.compile(r"h?[oó]", re.IGNORECASE)


@register.simple_tag
def or_before(following: str) -> str:
    """The "or" before the last of a list of partners, `following` being that last one's label."""
    word = pgettext("the last of a list of partners", "or")
    if get_language() == "es" and word == "o" and _O_SOUND.match(str(following)):
        return "u"
    return word


@register.simple_tag
def waiting_poll_ms() -> int:
    return settings.WAITING_POLL_MS


@register.filter
def in_sentence(name: str) -> str:
    """A section's name as it reads inside a sentence of the page ("Save bondage and restraint")."""
    return name if get_language() in KEEPS_CAPITALS else name.lower()


@register.filter
def fallback_lang(texts, name: str) -> str:
    """` lang="en"`, for the element showing `texts.<name>`, if that fell back to English."""
    return format_html(' lang="{}"', settings.LANGUAGE_CODE) if name in texts.fallback else ""


@register.filter
def fallback_text(texts, name: str) -> str:
    """`texts.<name>`, inside a `<span lang="en">` if it fell back to English."""
    value = getattr(texts, name)
    if name in texts.fallback:
        return format_html('<span lang="{}">{}</span>', settings.LANGUAGE_CODE, value)
    return conditional_escape(value)


@register.simple_tag
def not_translated(texts, *names: str) -> str:
    """A short note, in the page's language, where any of `texts.<names>` fell back to English."""
    if texts.fallback.isdisjoint(names):
        return ""
    # Translators: beside a part of the glossary (a definition, a safety note…) that has no translation yet.
    note = gettext("This part is not translated yet; shown in English.")
    return format_html('<p class="not-translated" lang="{}">{}</p>', get_language(), note)
