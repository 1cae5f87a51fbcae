"""Content changes that touch people's answers: merging activities, retiring one, changing its kind.

Each is explicit (listed in `fixtures/checklist/operations.json`, or chosen in the admin) and maps every
stored answer so that nobody ends up with a Yes they did not give: where answers cannot be carried over
exactly, the most cautious one is kept and marked for its owner to review. Snapshots are never remapped:
a revealed comparison keeps exactly its matches. Each operation can run again and changes nothing more.
Each one that changed something is also listed (AnswerChange), for sealed checklists' browsers to apply.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from kinklist.content import ContentError

from .catalogue import forget_catalogue
from .models import Activity, Answer, AnswerChange, Kind, Rating, Side

CAUTION = [Answer.NO, Answer.MAYBE, Answer.YES]  # most cautious first


def most_cautious(answers: list[str]) -> str:
    return min(answers, key=CAUTION.index)


@transaction.atomic
def merge(into: Activity, replaced: list[Activity]) -> None:
    """`into` takes each person's most cautious answer over itself and the activities it replaces, side
    by side: Yes only if every one of them was answered Yes. The replaced ones are retired."""
    # Read again: a caller's copies may predate an earlier merge, which must not be counted twice.
    replaced = list(Activity.objects.filter(pk__in=[a.pk for a in replaced], retired__isnull=True))
    if not replaced:
        return
    if any(activity.kind != into.kind for activity in replaced):
        raise ContentError(f"{into.slug}: merge only activities of the same kind")
    ids = [into.pk, *(activity.pk for activity in replaced)]
    answers: dict[tuple[int, str], list[str]] = defaultdict(list)
    flagged: set[tuple[int, str]] = set()
    for participant_id, side, answer, review in Rating.objects.filter(activity_id__in=ids).values_list(
        "participant_id", "side", "answer", "review"
    ):
        answers[participant_id, side].append(answer)
        if review:
            flagged.add((participant_id, side))
    merged = []
    for (participant_id, side), given in answers.items():
        unanimous = len(given) == len(ids) and len(set(given)) == 1
        merged.append(
            Rating(
                participant_id=participant_id,
                activity=into,
                side=side,
                answer=most_cautious(given) if len(given) == len(ids) else _partly_answered(given),
                review=not unanimous or (participant_id, side) in flagged,
            )
        )
    Rating.objects.bulk_create(
        merged,
        update_conflicts=True,
        unique_fields=["participant", "activity", "side"],
        update_fields=["answer", "review", "updated"],
    )
    Activity.objects.filter(pk__in=[activity.pk for activity in replaced]).update(retired=timezone.now())
    AnswerChange.objects.create(
        kind=AnswerChange.Kind.MERGE, activity=into.pk, replaced=[activity.pk for activity in replaced]
    )
    forget_catalogue()  # a bulk update sends no signal; this process must stop offering what was merged


def _partly_answered(given: list[str]) -> str:
    """Some of the merged activities were left unanswered: never a Yes, since one of them was not."""
    return Answer.NO if Answer.NO in given else Answer.MAYBE


def retire(activity: Activity) -> None:
    """Never shown, rated or compared again; answers stay, so revealed comparisons read the same."""
    if activity.retired is None:
        activity.retired = timezone.now()
        activity.save(update_fields=["retired"])


@transaction.atomic
def change_kind(activity: Activity, kind: str, give_text: str = "", receive_text: str = "") -> None:
    """Shared becomes directional or the other way round. Directional to shared keeps the most cautious
    of a person's two sides (never a Yes if one side was left unanswered); shared to directional gives both
    sides the shared answer, a Yes becoming a Maybe (a Yes to doing something together is no Yes to doing
    it to a partner). All marked to review."""
    if activity.kind == kind:
        return
    ratings = Rating.objects.filter(activity=activity)
    if kind == Kind.SHARED:
        by_person: dict[int, list[str]] = defaultdict(list)
        for participant_id, answer in ratings.values_list("participant_id", "answer"):
            by_person[participant_id].append(answer)
        new = [
            Rating(
                participant_id=pid,
                activity=activity,
                side=Side.SHARED,
                answer=most_cautious(given) if len(given) == 2 else _partly_answered(given),
                review=True,
            )
            for pid, given in by_person.items()
        ]
    else:
        new = [
            Rating(
                participant_id=pid,
                activity=activity,
                side=side,
                answer=Answer.MAYBE if answer == Answer.YES else answer,
                review=True,
            )
            for pid, answer in ratings.values_list("participant_id", "answer")
            for side in (Side.GIVE, Side.RECEIVE)
        ]
    ratings.delete()
    activity.kind, activity.give_text, activity.receive_text = kind, give_text, receive_text
    activity.save(update_fields=["kind", "give_text", "receive_text"])
    Rating.objects.bulk_create(new)
    AnswerChange.objects.create(kind=AnswerChange.Kind.KIND, activity=activity.pk, to=kind)
