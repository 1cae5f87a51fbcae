from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property

from kinklist.text import render_markdown


class TermQuerySet(models.QuerySet["Term"]):
    def published(self) -> TermQuerySet:
        return self.filter(status=Term.Status.PUBLISHED)

    def visible_to(self, user) -> TermQuerySet:
        """Staff preview drafts; everyone else sees published terms only."""
        return self if user.is_staff else self.published()


class Term(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class Type(models.TextChoices):
        DYNAMIC = "dynamic", "Dynamic"
        ROLE = "role", "Role"
        PRACTICE = "practice", "Practice"
        SAFETY = "safety", "Safety"
        COMMUNICATION = "communication", "Communication"
        CONCEPT = "concept", "Concept"

    class RiskRange(models.TextChoices):
        """How risky the practice can be, low to high; activities rate one risk (checklist.models.Risk)
        within it."""

        LOW = "low", "Low"
        LOW_MEDIUM = "low-medium", "Low-Medium"
        MEDIUM = "medium", "Medium"
        MEDIUM_HIGH = "medium-high", "Medium-High"
        HIGH = "high", "High"

    class BeginnerFriendly(models.TextChoices):
        YES = "yes", "Yes"
        WITH_CARE = "with-care", "With care"
        NOT_YET = "not-yet", "Not yet"

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
    def initial(self) -> str:
        first = self.name[:1].upper()
        return first if first.isalpha() else "#"

    @property
    def related_to_labels(self) -> list[str]:
        return [label.strip() for label in self.related_to.split(",") if label.strip()]

    @cached_property
    def body_html(self):
        return render_markdown(self.body)

    @cached_property
    def often_confused_with_html(self):
        return render_markdown(self.often_confused_with)

    @cached_property
    def safety_note_html(self):
        return render_markdown(self.safety_note)


class Alias(models.Model):
    """Another spelling of a term ("also written"); its slug redirects to the term."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "aliases"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if Term.objects.filter(slug=self.slug).exists():
            raise ValidationError({"slug": "A term already lives at this address; an alias needs its own."})
