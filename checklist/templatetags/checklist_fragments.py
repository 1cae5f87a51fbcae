"""The checklist page's repeated fragments, each rendered once from its template and then reused.

A checklist page holds dozens of answer groups, activities, closed sections, section buttons and lines of
the section chooser, and rendering each through the template engine was most of the page's time. What one
of them shows depends only on the values in its key (catalogue entries, answers and counts, never who is
asking), so its HTML is kept by those values: an edited activity is a different entry, and so a different
fragment.
"""

from __future__ import annotations

from django import template
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from checklist.answers import Item, Progress
from checklist.catalogue import Entry
from checklist.sheet import ActivityRow, SectionChoice, SectionSheet

register = template.Library()

# Every variant the content allows comes to some 27,000 fragments (with the second edition: 11,600 section
# buttons, one per count each section can show beside each open section, of a quarter of a kilobyte; the
# rest a kilobyte or two), a few thousand of them in everyday use; past this bound, edits have left old ones
# behind, and all are dropped. (gunicorn also renews its workers now and then.)
MOST_KEPT = 40_000
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
def closed_section(state: SectionSheet, open: SectionSheet, show_unanswered: bool) -> SafeString:
    """checklist/_category_section.html for a section that is not open: its heading and, in place of its
    questions, checklist/_category_placeholder.html."""
    category = state.category
    key = (
        "closed",
        category.slug,
        category.name,
        category.fallback,
        state.total,
        open.category.slug,
        show_unanswered,
    )
    context = {"state": state, "open": open, "show_unanswered": show_unanswered}
    return _fragment("checklist/_category_section.html", context, key)


@register.simple_tag
def section_choice(choice: SectionChoice) -> SafeString:
    """checklist/_section_choice.html: one line of the section chooser."""
    section = choice.section
    key = ("choice", section.slug, section.name, section.fallback, section.size, choice.shown)
    return _fragment("checklist/_section_choice.html", {"choice": choice}, key)


@register.simple_tag
def section_button(state: SectionSheet, open: SectionSheet) -> SafeString:
    """checklist/_section_button.html: a section's button in the list of sections, with its count."""
    category = state.category
    key = ("button", category.slug, category.name, state.answered, state.total, open.category.slug)
    return _fragment("checklist/_section_button.html", {"state": state, "open": open}, key)


@register.simple_tag
def progress_box(
    progress: Progress, next: Item | None, open: SectionSheet | None = None, oob: bool = False
) -> SafeString:
    """checklist/_progress.html: the overall count, with the way to the next unanswered question."""
    step = (next.activity, next.side) if next else None
    key = ("progress", progress.answered, progress.total, step, open and open.category.slug, oob)
    context = {"progress": progress, "next": next, "open": open, "oob": oob}
    return _fragment("checklist/_progress.html", context, key)


@register.simple_tag
def section_progress(state, oob: bool = False) -> SafeString:
    """checklist/_category_progress.html: a section's count (`state` is what has its category, answered and
    total: a section of the page, or a save's progress of one)."""
    key = ("section progress", state.category.slug, state.answered, state.total, oob)
    return _fragment("checklist/_category_progress.html", {"state": state, "oob": oob}, key)
