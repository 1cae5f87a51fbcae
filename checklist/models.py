from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Greatest, Least
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from kinklist.languages import Translation, language_choices, page_language

# Sealed checklists' ciphertexts have their own module; importing it here registers its models with the app.
from .sealed_models import AnswerChange, SealedBlob, SealedMessage  # noqa: F401


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


class Invite(models.Model):
    """A single-use invitation link. Only the SHA-256 of its secret is stored."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, unique=True)
    inviter = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="invites")
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
    first = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
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
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
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

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
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
