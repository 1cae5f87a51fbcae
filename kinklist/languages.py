"""The site's languages: English, the source every text is written in, and its translations.

`settings.LANGUAGES` is the one list; everything here reads it when asked, so adding a language there adds
it to the loaders, the admin and the translation fields, without a migration.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


def translated_languages() -> list[str]:
    """Every language but English, in the order settings.LANGUAGES lists them."""
    return [code for code, _ in translated_language_choices()]


def translated_language_choices() -> list[tuple[str, str]]:
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def language_choices() -> list[tuple[str, str]]:
    return list(settings.LANGUAGES)


def with_fallback(english: dict[str, str], translated: dict[str, str]) -> tuple[dict[str, str], frozenset]:
    """Each field in the translation, or in English where the translation has none, and the names of the
    fields that fell back: a page marks those as English rather than showing an empty field."""
    texts = {name: translated.get(name) or value for name, value in english.items()}
    fallback = frozenset(name for name, value in english.items() if value and not translated.get(name))
    return texts, fallback


class Translation(models.Model):
    """One object's texts in one translated language. An empty field is a missing translation: readers
    show the English one instead, marked."""

    # A callable, so that the list is read from settings and a new language needs no migration.
    language = models.CharField(max_length=10, choices=translated_language_choices)
    edited_here = models.BooleanField(
        default=False,
        help_text="Set when saved in the admin: loading content then leaves this translation alone. "
        "Untick to let the content files update it again.",
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.get_language_display()
