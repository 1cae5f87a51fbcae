"""The checklist page's repeated fragments, each rendered once from its template and then reused.

A checklist page holds dozens of answer groups, activities and section placeholders, and rendering each
through the template engine was most of the page's time. What one of them shows depends only on the
values in its key (catalogue entries and answers, never who is asking), so its HTML is kept by those
values: an edited activity is a different entry, and so a different fragment.
"""

from __future__ import annotations

from django import template
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from checklist.answers import Item
from checklist.catalogue import Entry
from checklist.sheet import ActivityRow, SectionSheet

register = template.Library()

# The variants in use come to a few thousand fragments of a kilobyte or two; past this bound, edits
# have left old ones behind, and all are dropped. (gunicorn also renews its workers now and then.)
MOST_KEPT = 20_000
_kept: dict[tuple, SafeString] = {}


def _fragment(name: str, context: dict, key: tuple) -> SafeString:
    # And by the page's language: a fragment's links and words are in it, and an entry no language
    # translates yet, or a section's placeholder, is the same value in every language.
    key = (get_language(), *key)
    html = _kept.get(key)
    if html is None:
        html = mark_safe(get_template(name).render(context))  # noqa: S308 - a template's output.
        if len(_kept) >= MOST_KEPT:  # checked after rendering, which may have kept fragments of its own
            _kept.clear()
        _kept[key] = html
    return html


@register.simple_tag
def rating(item: Item, oob: bool = False) -> SafeString:
    """checklist/_rating.html for this item."""
    key = ("rating", item.activity, item.side, item.answer, item.review, item.just_saved, oob)
    return _fragment("checklist/_rating.html", {"item": item, "oob": oob}, key)


@register.simple_tag
def activity_facts(activity: Entry) -> SafeString:
    """checklist/_activity_facts.html for this activity."""
    return _fragment("checklist/_activity_facts.html", {"activity": activity}, ("facts", activity))


@register.simple_tag
def activity_row(row: ActivityRow, show_unanswered: bool) -> SafeString:
    """checklist/_activity_row.html: an activity with its answer groups."""
    answers = tuple((item.side, item.answer, item.review, item.just_saved) for item in row.items)
    key = ("row", row.activity, answers, show_unanswered)
    return _fragment("checklist/_activity_row.html", {"row": row, "show_unanswered": show_unanswered}, key)


@register.simple_tag
def section_placeholder(state: SectionSheet, open: SectionSheet, show_unanswered: bool) -> SafeString:
    """checklist/_category_placeholder.html: a section that is not open, in place of its questions."""
    key = ("placeholder", state.category.slug, state.total, open.category.slug, show_unanswered)
    context = {"state": state, "open": open, "show_unanswered": show_unanswered}
    return _fragment("checklist/_category_placeholder.html", context, key)
