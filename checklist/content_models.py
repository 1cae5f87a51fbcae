"""The checklist's content: sections, activities and their translations, edited in the admin and loaded from
fixtures. Nothing here belongs to a person."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from kinklist.languages import Translation


class Category(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    intro = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)
    starts_hidden = models.BooleanField(
        default=False,
        help_text="Intense: left out for everyone who has neither shown it nor answered anything in it; "
        "the intro says what is inside.",
    )
    edited_here = models.BooleanField(
        default=False,
        help_text="Set when saved in the admin: loading content then leaves it alone.",
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class Side(models.TextChoices):
    SHARED = "shared", "Shared"
    GIVE = "give", "Give"
    RECEIVE = "receive", "Receive"


class Risk(models.TextChoices):
    """An activity's risk. Glossary terms give a range instead (glossary.models.RiskRange)."""

    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Kind(models.TextChoices):
    SHARED = "shared", "Shared (rated once)"
    DIRECTIONAL = "directional", "Directional (rated for each side)"


class Activity(models.Model):
    Risk = Risk
    Kind = Kind

    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="activities")
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.CharField(max_length=200)
    risk = models.CharField(max_length=10, choices=Risk.choices)
    kind = models.CharField(
        max_length=12,
        choices=Kind.choices,
        help_text="Changing it converts everyone's answers to the new sides, never into a Yes they did not "
        "give (a Yes becomes a Maybe where unsure), and asks them to review those answers.",
    )
    retired = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Merged into another activity or removed: never shown, rated or compared again. "
        "Its answers stay, so revealed comparisons keep reading the same.",
    )
    give_text = models.CharField(
        "give wording", max_length=200, blank=True, help_text="Directional only: “I'd like to … my partner”."
    )
    receive_text = models.CharField(
        "receive wording",
        max_length=200,
        blank=True,
        help_text="Directional only: “I'd like my partner to … me”.",
    )
    terms = models.ManyToManyField("glossary.Term", blank=True, related_name="activities")
    order = models.PositiveSmallIntegerField(default=0)
    edited_here = models.BooleanField(
        default=False,
        help_text="Set when saved in the admin: loading content then leaves it alone. "
        "Untick to let the content files update it again.",
    )

    class Meta:
        ordering = ["category__order", "order", "name"]
        verbose_name_plural = "activities"
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=Kind.values), name="activity_kind_known"),
            models.CheckConstraint(condition=models.Q(risk__in=Risk.values), name="activity_risk_known"),
            models.CheckConstraint(
                condition=models.Q(kind="shared") | (~models.Q(give_text="") & ~models.Q(receive_text="")),
                name="directional_activity_has_both_wordings",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("checklist:checklist") + f"#a-{self.slug}"

    @property
    def sides(self) -> list[str]:
        if self.kind == self.Kind.DIRECTIONAL:
            return [Side.GIVE, Side.RECEIVE]
        return [Side.SHARED]

    def side_text(self, side: str) -> str:
        return {Side.GIVE: self.give_text, Side.RECEIVE: self.receive_text}.get(side, "")


class CategoryTranslation(Translation):
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="translations")
    name = models.CharField(max_length=100, blank=True)
    intro = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["category", "language"], name="one_category_translation_each"),
        ]


class ActivityTranslation(Translation):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="translations")
    name = models.CharField(max_length=100, blank=True)
    description = models.CharField(max_length=200, blank=True)
    give_text = models.CharField(
        "give wording",
        max_length=200,
        blank=True,
        help_text="Directional only, and the partner who acts, as in English: “I'd like to … my partner”.",
    )
    receive_text = models.CharField(
        "receive wording",
        max_length=200,
        blank=True,
        help_text="Directional only: “I'd like my partner to … me”. Swapping the two turns matches around.",
    )

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "language"], name="one_activity_translation_each"),
            # Half a pair would show one side in this language and the other in English.
            models.CheckConstraint(
                condition=models.Q(give_text="", receive_text="")
                | (~models.Q(give_text="") & ~models.Q(receive_text="")),
                name="translated_wordings_come_in_pairs",
            ),
        ]

    def clean(self) -> None:
        if self.activity.kind == Kind.SHARED and (self.give_text or self.receive_text):
            raise ValidationError("A shared activity is rated once: it has no give or receive wording.")
