from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse


class Category(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    intro = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)
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


class Activity(models.Model):
    class Risk(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    class Kind(models.TextChoices):
        SHARED = "shared", "Shared (rated once)"
        DIRECTIONAL = "directional", "Directional (rated for each side)"

    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="activities")
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.CharField(max_length=200)
    risk = models.CharField(max_length=10, choices=Risk.choices)
    kind = models.CharField(max_length=12, choices=Kind.choices)
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


class Participant(models.Model):
    """Someone rating activities. Anonymous until they choose an account; no e-mail, no IP address."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    display_name = models.CharField(max_length=40, blank=True)
    resume_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="participant"
    )
    created = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"Participant {self.public_id}"


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    MAYBE = "maybe", "Maybe"
    NO = "no", "No"


class Rating(models.Model):
    """One answer. No row means unanswered."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="ratings")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    side = models.CharField(max_length=8, choices=Side.choices)
    answer = models.CharField(max_length=5, choices=Answer.choices)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "activity", "side"], name="one_rating_per_side"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}/{self.side}"
