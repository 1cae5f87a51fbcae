"""Give is always the partner who acts: 26 activities had their sides the other way round.

One transaction swaps, for each of them, the stored give and receive answers, the give/receive keys in
every snapshot, and the stored wording itself (admin-edited or not), so every answer and every revealed
round keeps the sentence its owner said Yes, Maybe or No to. Activities are chosen by their current
wording: one whose give sentence already has its speaker acting is left alone. Servers restart together
after it, so no process keeps a catalogue with the old wording.
"""

from collections import Counter

from django.db import migrations

from checklist.reveal import saturation

# slug: the give sentence as it was, with the partner acting.
OLD_GIVE = {
    "forms-of-address": "I'd like my partner to address me by an agreed title",
    "greeting-ritual": "I'd like my partner to greet me with an agreed ritual",
    "journaling-for-a-partner": "I'd like my partner to keep a journal for me to read",
    "watched-by-partner": "I'd like to watch my partner while they pleasure themselves",
    "striptease": "I'd like to watch my partner do a striptease for me",
    "dressing-up-for-partner": "I'd like my partner to dress up for me",
    "private-video-call": "I'd like to watch my partner show themselves on a private video call",
    "domestic-service": "I'd like my partner to do household tasks as service to me",
    "serving-food-and-drink": "I'd like my partner to serve me food or drink",
    "hair-brushing": "I'd like my partner to brush my hair as service",
    "bathing-a-partner": "I'd like my partner to bathe me as service",
    "helping-a-partner-dress": "I'd like my partner to help me dress",
    "nail-care": "I'd like my partner to look after my nails as service",
    "clothing-care": "I'd like my partner to care for my clothing",
    "running-errands": "I'd like my partner to run errands for me",
    "being-a-driver": "I'd like my partner to be my driver",
    "managing-a-schedule": "I'd like my partner to manage my schedule",
    "preparing-the-space": "I'd like my partner to prepare the play space for me",
    "service-at-a-gathering": "I'd like my partner to serve me at a private gathering",
    "scene-for-partners-wishes": "I'd like my partner to run a scene built around my wishes",
    "asking-permission": "I'd like my partner to ask my permission for agreed things",
    "kneeling": "I'd like my partner to kneel for me",
    "wearing-a-collar": "I'd like my partner to wear a collar I give them",
    "day-collar": "I'd like my partner to wear a discreet day collar from me",
    "discreet-protocol-in-public": "I'd like my partner to follow discreet protocol for me in public",
    "counting-strokes": "I'd like my partner to count aloud the strokes I give",
}
SWAPPED = {"give": "receive", "receive": "give"}


def still_the_old_way(activity) -> bool:
    give = activity.give_text.strip()
    return give == OLD_GIVE[activity.slug] or give.startswith("I'd like my partner")


def swap_sides(apps, schema_editor):
    Activity = apps.get_model("checklist", "Activity")
    Rating = apps.get_model("checklist", "Rating")
    Snapshot = apps.get_model("checklist", "Snapshot")

    flipped = [
        activity
        for activity in Activity.objects.filter(slug__in=OLD_GIVE, kind="directional")
        if still_the_old_way(activity)
    ]
    ids = {activity.pk for activity in flipped}
    if not ids:
        return
    for activity in flipped:
        activity.give_text, activity.receive_text = activity.receive_text, activity.give_text
        activity.save(update_fields=["give_text", "receive_text"])

    # One answer per side is unique, so the swap passes through a side no activity has.
    ratings = Rating.objects.filter(activity_id__in=ids)
    ratings.filter(side="give").update(side="swapping")
    ratings.filter(side="receive").update(side="give")
    ratings.filter(side="swapping").update(side="receive")

    for snapshot in Snapshot.objects.only("yes").iterator():
        if any(activity_id in ids for activity_id, _ in snapshot.yes):
            snapshot.yes = sorted(
                [activity_id, SWAPPED[side] if activity_id in ids else side]
                for activity_id, side in snapshot.yes
            )
            snapshot.save(update_fields=["yes"])
    remeasure_open_rounds(apps, ids)


def remeasure_open_rounds(apps, ids):
    """The guard's halves (shared + give, shared + receive) moved with the swap; a round still open
    is measured again as `freeze` would measure it now. Revealed rounds keep theirs: history."""
    Activity = apps.get_model("checklist", "Activity")
    Snapshot = apps.get_model("checklist", "Snapshot")
    kinds = Counter(Activity.objects.values_list("kind", flat=True))
    open_snapshots = Snapshot.objects.filter(round__revealed__isnull=True, round__cancelled__isnull=True)
    for snapshot in open_snapshots.select_related("round"):
        earlier = Snapshot.objects.filter(
            participant_id=snapshot.participant_id,
            round__pairing_id=snapshot.round.pairing_id,
            round__revealed__isnull=False,
        ).values_list("yes", flat=True)
        shown = {(activity_id, side) for keys in [snapshot.yes, *earlier] for activity_id, side in keys}
        snapshot.saturation = saturation(shown, kinds["shared"], kinds["directional"])
        snapshot.save(update_fields=["saturation"])


class Migration(migrations.Migration):
    dependencies = [
        ("checklist", "0006_kind_help_text"),
    ]

    operations = [
        migrations.RunPython(swap_sides, migrations.RunPython.noop),
    ]
