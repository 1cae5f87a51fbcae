"""The checklist app's models: here the people who rate and their answers; the content, the pairings and the
sealed parts each have a module of their own, imported here so that every model is one import away (and
registered with the app)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import pgettext_lazy

from kinklist.languages import language_choices, page_language

from .content_models import Activity, ActivityTranslation, Category, CategoryTranslation, Kind, Risk, Side
from .pairing_models import Invite, Pairing, PairingEnded, Round, Snapshot
from .sealed_models import AnswerChange, SealedBlob, SealedMessage

__all__ = [
    "Activity",
    "ActivityTranslation",
    "Answer",
    "AnswerChange",
    "Category",
    "CategoryTranslation",
    "Invite",
    "Kind",
    "Pairing",
    "PairingEnded",
    "Participant",
    "Rating",
    "Risk",
    "Round",
    "SealedBlob",
    "SealedMessage",
    "Side",
    "Snapshot",
]


class Participant(models.Model):
    """Someone rating activities. Anonymous until they choose an account; no e-mail, no IP address."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    display_name = models.CharField(max_length=40, blank=True)
    resume_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    access_version = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Raised to sign every other browser out, e.g. with a new resume link.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="participant"
    )
    hidden_categories = models.JSONField(
        default=list, blank=True, help_text="Ids of the categories this person chose to leave out."
    )
    shown_categories = models.JSONField(
        default=list,
        blank=True,
        help_text="Ids of the categories that start hidden which this person showed.",
    )
    language = models.CharField(
        max_length=10,
        choices=language_choices,
        default=page_language,  # a person starts in the language of the page they start on
        help_text="The language they last opened their checklist in: their resume link opens it in that "
        "language.",
    )
    created = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField(auto_now_add=True, db_index=True)
    sealed = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When this person sealed their checklist: since then it is stored only encrypted under a "
        "key the server never receives (sealed_models.SealedBlob), and nothing of it in plain text.",
    )

    def __str__(self) -> str:
        return f"Participant {self.public_id}"

    @property
    def is_sealed(self) -> bool:
        return self.sealed is not None

    def sealed_now(self) -> bool:
        """Whether the checklist is sealed, read again under the row lock sealing takes. A plain write that
        asks this inside its own transaction cannot land after a seal that raced it (another tab, a tap
        just before Seal) and leave plain text behind."""
        self.sealed = Participant.objects.select_for_update().values_list("sealed", flat=True).get(pk=self.pk)
        return self.is_sealed


class Answer(models.TextChoices):
    YES = "yes", pgettext_lazy("an answer", "Yes")
    MAYBE = "maybe", pgettext_lazy("an answer", "Maybe")
    NO = "no", pgettext_lazy("an answer", "No")


class Rating(models.Model):
    """One answer. No row means unanswered."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="ratings")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    side = models.CharField(max_length=8, choices=Side.choices)
    answer = models.CharField(max_length=5, choices=Answer.choices)
    updated = models.DateTimeField(auto_now=True)
    review = models.BooleanField(
        default=False,
        help_text="Set when a content change (a merge, a change of kind) could not carry an answer over "
        "exactly and chose the most cautious one; its owner is asked to check it. Saving clears it.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "activity", "side"], name="one_rating_per_side"),
            models.CheckConstraint(condition=models.Q(side__in=Side.values), name="rating_side_known"),
            models.CheckConstraint(condition=models.Q(answer__in=Answer.values), name="rating_answer_known"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}/{self.side}"
