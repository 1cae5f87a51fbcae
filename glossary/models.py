from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import pgettext_lazy

from kinklist.languages import (
    Translation,
    language_choices,
    translated_texts,
    with_fallback,
    with_translation,
)
from kinklist.text import render_markdown

# The texts of a term that a translation gives; everything else (type, risk, links) is the same in every
# language.
TRANSLATED = ("name", "definition", "related_to", "body", "often_confused_with", "safety_note")
LISTED = ("name", "definition")  # what a list of terms shows of each


class TermQuerySet(models.QuerySet["Term"]):
    def published(self) -> TermQuerySet:
        return self.filter(status=Term.Status.PUBLISHED)

    def visible_to(self, user) -> TermQuerySet:
        """Staff preview drafts; everyone else sees published terms only."""
        return self if user.is_staff else self.published()

    def in_language(self, language: str) -> TermQuerySet:
        """With what `Term.texts(language)` reads, fetched for all the terms at once: their translations in
        the same query, their aliases in one more."""
        return with_translation(self, language, TRANSLATED).prefetch_related(
            Prefetch("aliases", queryset=Alias.objects.filter(language=language))
        )

    def listed(self, language: str) -> TermQuerySet:
        """Only what `Term.listed(language)` reads, for a list of terms: one query."""
        return with_translation(self.only("name", "slug", "definition", "status"), language, LISTED)

    def search(self, query: str, language: str | None = None) -> TermQuerySet:
        """The terms whose name, alias or definition contains `query`, in English or in `language`:
        someone reading in another language still finds a term by the English word they met elsewhere."""
        languages = {settings.LANGUAGE_CODE, language or settings.LANGUAGE_CODE}
        found = (
            Q(name__icontains=query)
            | Q(definition__icontains=query)
            | Q(aliases__name__icontains=query, aliases__language__in=languages)
        )
        if language and language != settings.LANGUAGE_CODE:
            found |= Q(translations__language=language) & (
                Q(translations__name__icontains=query) | Q(translations__definition__icontains=query)
            )
        return self.filter(found).distinct()


def alphabetical(name: str) -> str:
    """A name as the glossary sorts it: its letters without their accents (Ä with A, É with E), any case."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()


def initial(name: str) -> str:
    """The letter a term is listed under in the glossary's index, or "#"."""
    first = alphabetical(name)[:1].upper()
    return first if first.isalpha() else "#"


class Readable:
    """How a page reads a term's texts, whether from the term (English) or from TermTexts."""

    @property
    def initial(self) -> str:
        return initial(self.name)

    @property
    def related_to_labels(self) -> list[str]:
        return [label.strip() for label in self.related_to.split(",") if label.strip()]

    # Their links lead to the glossary in the language they are written in.

    @cached_property
    def body_html(self):
        return render_markdown(self.body, self.language)

    @cached_property
    def often_confused_with_html(self):
        return render_markdown(self.often_confused_with, self.language)

    @cached_property
    def safety_note_html(self):
        return render_markdown(self.safety_note, self.language)


class Term(Readable, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class Type(models.TextChoices):
        DYNAMIC = "dynamic", pgettext_lazy("the kind of glossary term", "Dynamic")
        ROLE = "role", pgettext_lazy("the kind of glossary term", "Role")
        PRACTICE = "practice", pgettext_lazy("the kind of glossary term", "Practice")
        SAFETY = "safety", pgettext_lazy("the kind of glossary term", "Safety")
        COMMUNICATION = "communication", pgettext_lazy("the kind of glossary term", "Communication")
        CONCEPT = "concept", pgettext_lazy("the kind of glossary term", "Concept")

    class RiskRange(models.TextChoices):
        """How risky the practice can be, low to high; activities rate one risk (checklist.models.Risk)
        within it."""

        LOW = "low", pgettext_lazy("a glossary term's risk level", "Low")
        LOW_MEDIUM = "low-medium", pgettext_lazy("a glossary term's risk level", "Low-Medium")
        MEDIUM = "medium", pgettext_lazy("a glossary term's risk level", "Medium")
        MEDIUM_HIGH = "medium-high", pgettext_lazy("a glossary term's risk level", "Medium-High")
        HIGH = "high", pgettext_lazy("a glossary term's risk level", "High")

    class BeginnerFriendly(models.TextChoices):
        YES = "yes", pgettext_lazy("is a glossary term beginner-friendly", "Yes")
        WITH_CARE = "with-care", pgettext_lazy("is a glossary term beginner-friendly", "With care")
        NOT_YET = "not-yet", pgettext_lazy("is a glossary term beginner-friendly", "Not yet")

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    definition = models.CharField(max_length=300, help_text="One sentence. Also the page's meta description.")
    type = models.CharField(max_length=20, choices=Type.choices)
    risk_level = models.CharField(max_length=20, choices=RiskRange.choices)
    beginner_friendly = models.CharField(max_length=20, choices=BeginnerFriendly.choices)
    related_to = models.CharField(
        max_length=300, help_text="Short labels for Quick Facts, separated by commas."
    )
    body = models.TextField(help_text="Markdown: sections opened by '## Heading'. Raw HTML is shown as text.")
    often_confused_with = models.TextField(help_text="Markdown.")
    confused_with = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="+", verbose_name="confused with (links)"
    )
    safety_note = models.TextField()
    related = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="+", verbose_name="related terms"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    edited_here = models.BooleanField(
        default=False,
        help_text="Set when the term is saved in the admin: loading content then leaves it alone. "
        "Untick to let the content files update it again.",
    )
    updated = models.DateTimeField(auto_now=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if Alias.objects.filter(slug=self.slug).exists():
            raise ValidationError({"slug": "An alias already redirects from this address."})

    def get_absolute_url(self) -> str:
        return reverse("glossary:term", args=[self.slug])

    @property
    def language(self) -> str:
        """The term's own texts are the English ones."""
        return settings.LANGUAGE_CODE

    def texts(self, language: str) -> TermTexts:
        """The term's texts in `language`, English where its translation has none (named in `fallback`),
        and its aliases in that language. Reads what TermQuerySet.in_language fetched, if it did."""
        english = {name: getattr(self, name) for name in TRANSLATED}
        if language == settings.LANGUAGE_CODE:
            texts, fallback = english, frozenset()
        elif getattr(self, "translated_language", None) == language:
            texts, fallback = translated_texts(self, language, TRANSLATED)
        else:
            translation = next((t for t in self.translations.all() if t.language == language), None)
            texts, fallback = with_fallback(
                english, {name: getattr(translation, name) for name in TRANSLATED} if translation else {}
            )
        aliases = tuple(alias.name for alias in self.aliases.all() if alias.language == language)
        return TermTexts(language=language, aliases=aliases, fallback=fallback, **texts)

    def listed(self, language: str) -> ListedTerm:
        """The term as a list shows it, in `language`; reads what TermQuerySet.listed fetched."""
        texts, fallback = translated_texts(self, language, LISTED)
        return ListedTerm(
            self.get_absolute_url(), self.status == self.Status.DRAFT, fallback=fallback, **texts
        )


@dataclass(frozen=True)
class TermTexts(Readable):
    """A term's texts in one language. `fallback` names the fields shown in English for want of a
    translation, so that a page can mark them (`lang="en"`) and say so, never show them empty."""

    language: str
    name: str
    definition: str
    related_to: str
    body: str
    often_confused_with: str
    safety_note: str
    aliases: tuple[str, ...]
    fallback: frozenset[str]


@dataclass(frozen=True)
class ListedTerm:
    """A term in a list (the index, related terms, suggestions): its name and definition in one language,
    `fallback` naming those shown in English."""

    url: str
    draft: bool
    name: str
    definition: str
    fallback: frozenset[str]

    @property
    def initial(self) -> str:
        return initial(self.name)


class TermTranslation(Translation):
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="translations")
    name = models.CharField(max_length=100, blank=True)
    definition = models.CharField(max_length=300, blank=True, help_text="One sentence, as in English.")
    related_to = models.CharField(
        max_length=300, blank=True, help_text="Short labels for Quick Facts, separated by commas."
    )
    body = models.TextField(blank=True, help_text="Markdown, linking the same terms as the English one.")
    often_confused_with = models.TextField(blank=True, help_text="Markdown.")
    safety_note = models.TextField(blank=True)

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["term", "language"], name="one_term_translation_each"),
        ]


class Alias(models.Model):
    """Another spelling of a term ("also written"), in one language; its slug redirects to the term.
    Slugs are addresses, so they are unique across all languages."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    language = models.CharField(max_length=10, choices=language_choices, default=settings.LANGUAGE_CODE)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "aliases"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if Term.objects.filter(slug=self.slug).exists():
            raise ValidationError({"slug": "A term already lives at this address; an alias needs its own."})
