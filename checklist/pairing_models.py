"""Two people comparing: invites, pairings, their rounds, the Yes answers each froze for a round, and what is
left of a pairing that ended."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models.functions import Greatest, Least
from django.urls import reverse

if TYPE_CHECKING:
    from .models import Participant


class Invite(models.Model):
    """A single-use invitation link. Only the SHA-256 of its secret is stored."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, unique=True)
    inviter = models.ForeignKey("checklist.Participant", on_delete=models.CASCADE, related_name="invites")
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField(db_index=True)
    used = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)
    sealed = models.BooleanField(
        default=False, help_text="Made by a sealed person, for someone whose checklist is sealed too."
    )

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"Invite {self.public_id}"


class Pairing(models.Model):
    """Two participants who compare. `first` invited, `second` accepted; otherwise they are equals."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    first = models.ForeignKey("checklist.Participant", on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey("checklist.Participant", on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    # What each partner privately calls the other: only the one who set it ever sees it.
    first_nickname = models.CharField(max_length=40, blank=True, help_text="What `first` calls `second`.")
    second_nickname = models.CharField(max_length=40, blank=True, help_text="What `second` calls `first`.")
    # Whether each closed the checklist's banner about this pairing: it is about their own page alone.
    first_banner_dismissed = models.BooleanField(default=False, help_text="`first` closed the banner.")
    second_banner_dismissed = models.BooleanField(default=False, help_text="`second` closed the banner.")
    sealed_invite = models.UUIDField(
        null=True,
        blank=True,
        editable=False,
        help_text="The sealed invite it began with: the inviter's browser keeps the pairing secret under "
        "that id until it learns the pairing's own.",
    )

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            # Either order: two people who accept each other's invites at once still get one pairing.
            models.UniqueConstraint(
                Least("first", "second"), Greatest("first", "second"), name="one_pairing_per_couple"
            ),
            models.CheckConstraint(
                condition=~models.Q(first=models.F("second")), name="no_pairing_with_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"Pairing {self.public_id}"

    def get_absolute_url(self) -> str:
        return reverse("checklist:pairing", args=[self.public_id])

    def partner_of(self, participant: Participant) -> Participant:
        return self.second if participant.pk == self.first_id else self.first

    def own_field(self, participant: Participant, name: str) -> str:
        """The field holding `participant`'s own `name` ("nickname", "banner_dismissed") in this pairing."""
        return f"{'first' if participant.pk == self.first_id else 'second'}_{name}"

    @property
    def is_sealed(self) -> bool:
        """Compared by the two browsers alone: both partners sealed their checklists."""
        return self.first.is_sealed and self.second.is_sealed


class Round(models.Model):
    """One comparison: each partner freezes a snapshot when ready; revealed when both are."""

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveIntegerField()
    created = models.DateTimeField(auto_now_add=True)
    revealed = models.DateTimeField(null=True, blank=True)
    cancelled = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["pairing", "number"], name="round_numbers_unique"),
            models.UniqueConstraint(
                fields=["pairing"],
                condition=models.Q(revealed__isnull=True, cancelled__isnull=True),
                name="one_open_round_per_pairing",
            ),
        ]

    def __str__(self) -> str:
        return f"Round {self.number}"

    @property
    def is_open(self) -> bool:
        return self.revealed is None and self.cancelled is None

    def get_absolute_url(self) -> str:
        return reverse("checklist:round", args=[self.pairing.public_id, self.number])


class Snapshot(models.Model):
    """A partner's answers frozen for one round: only what the reveal and the saturation guard need.

    The Yes set, as `[activity_id, side]` pairs, and its saturation (see reveal.saturation). Nothing
    about Maybe, No or unanswered: what is not stored cannot leak.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="snapshots")
    participant = models.ForeignKey("checklist.Participant", on_delete=models.CASCADE, related_name="+")
    frozen = models.DateTimeField(auto_now_add=True)
    yes = models.JSONField()
    saturation = models.FloatField(
        default=0.0,
        help_text="Share of the checklist this partner's Yes answers cover, in this and earlier rounds.",
    )
    reveals_anyway = models.BooleanField(
        default=False, help_text="Warned by the saturation guard, this partner chose to reveal."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "participant"], name="one_snapshot_per_round"),
            models.CheckConstraint(
                condition=models.Q(saturation__gte=0, saturation__lte=1), name="saturation_is_a_share"
            ),
        ]

    def __str__(self) -> str:
        return f"Snapshot {self.pk}"

    @property
    def yes_keys(self) -> set[tuple[int, str]]:
        return {(activity_id, side) for activity_id, side in self.yes}

    @property
    def says_yes_to_nearly_everything(self) -> bool:
        return self.saturation >= settings.SATURATION_THRESHOLD


class PairingEnded(models.Model):
    """What is left of an ended pairing for one of its former members: its public id and when, so that its
    old links say it ended and a short note tells them. Nothing of the other person, their answers or how
    it ended (ended by either, one of them deleting everything, or a purge all read the same)."""

    participant = models.ForeignKey("checklist.Participant", on_delete=models.CASCADE, related_name="+")
    pairing_id = models.UUIDField()
    ended = models.DateTimeField(auto_now_add=True)
    dismissed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-ended", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "pairing_id"], name="one_ending_per_member"),
        ]

    def __str__(self) -> str:
        return f"Pairing {self.pairing_id} ended"
