"""What the server keeps of sealed checklists: ciphertexts it cannot read, and nothing beside them that says
what is inside (no answer, no count, no name of an activity). See docs/sealed.md."""

from __future__ import annotations

from django.db import models


class SealedBlob(models.Model):
    """One named slot of a sealed person's data (answers, sections, keyring, a pairing's results …),
    encrypted in their browser under their own key. Each write must name the revision it read, so two
    devices cannot overwrite each other unnoticed."""

    participant = models.ForeignKey("checklist.Participant", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=60)
    revision = models.PositiveIntegerField()
    data = models.BinaryField()
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "name"], name="one_blob_per_name"),
        ]

    def __str__(self) -> str:
        return f"Sealed {self.name}"


class Role(models.TextChoices):
    INVITER = "inviter", "Inviter"
    INVITEE = "invitee", "Invitee"


class Stage(models.TextChoices):
    LOCK = "lock", "Lock"
    REPLY = "reply", "Reply"


class SealedMessage(models.Model):
    """One partner's message in a sealed round, encrypted under the pairing's secret: their blinded points
    ("lock"), then the partner's points blinded again ("reply"). Relayed, never read."""

    round = models.ForeignKey("checklist.Round", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=7, choices=Role.choices)
    stage = models.CharField(max_length=5, choices=Stage.choices)
    catalogue = models.CharField(
        max_length=16, blank=True, help_text="A lock's catalogue version: both must lock against the same."
    )
    data = models.BinaryField()
    delivered = models.BooleanField(default=False, help_text="A reply its partner has fetched.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "role", "stage"], name="one_message_per_role_and_stage"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="sealed_role_known"),
            models.CheckConstraint(condition=models.Q(stage__in=Stage.values), name="sealed_stage_known"),
        ]

    def __str__(self) -> str:
        return f"Sealed {self.stage} of {self.role}"


class AnswerChange(models.Model):
    """A content change that remaps answers (a merge, a change of kind), kept in order for ever.

    The server remaps plain answers itself (operations.py); a sealed checklist only its browser can read, so
    the browser applies each change it has not applied yet, by the same rules (docs/sealed.md)."""

    class Kind(models.TextChoices):
        MERGE = "merge", "Merge"
        KIND = "kind", "Change of kind"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    activity = models.PositiveIntegerField(help_text="The activity merged into, or whose kind changed.")
    replaced = models.JSONField(
        default=list, blank=True, help_text="The ids of the activities merged into it."
    )
    to = models.CharField(max_length=12, blank=True, help_text="The activity's new kind.")
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.activity}"

    def as_listed(self) -> list:
        """As the catalogue bundle lists it for browsers."""
        if self.kind == self.Kind.MERGE:
            return ["merge", self.activity, list(self.replaced)]
        return ["kind", self.activity, self.to]
