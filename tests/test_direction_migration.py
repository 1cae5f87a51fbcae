"""Give is the partner who acts: the swap keeps every answer and revealed round meaning what it meant."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("checklist", "0006_kind_help_text")]
KNEEL_FOR_ME = "I'd like my partner to kneel for me"
KNEEL_FOR_PARTNER = "I'd like to kneel for my partner"


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def before_the_swap(transactional_db):
    """Alice said Yes to "I'd like my partner to kneel for me" (then the give side) and No to kneeling
    herself; Bob said Yes to kneeling for his partner; their round 1 was revealed."""
    apps = migrate(BEFORE)
    Category = apps.get_model("checklist", "Category")
    Activity = apps.get_model("checklist", "Activity")
    Participant = apps.get_model("checklist", "Participant")
    Rating = apps.get_model("checklist", "Rating")
    Pairing = apps.get_model("checklist", "Pairing")
    Round = apps.get_model("checklist", "Round")
    Snapshot = apps.get_model("checklist", "Snapshot")
    protocol = Category.objects.create(slug="protocol", name="Protocol", intro="Rules.", order=1)
    common = {"category": protocol, "risk": "low", "kind": "directional", "description": "About it."}
    kneeling = Activity.objects.create(
        slug="kneeling",
        name="Kneeling",
        give_text=KNEEL_FOR_ME,
        receive_text=KNEEL_FOR_PARTNER,
        edited_here=True,
        **common,
    )
    spanking = Activity.objects.create(
        slug="spanking",
        name="Spanking",
        give_text="I'd like to spank my partner",
        receive_text="I'd like my partner to spank me",
        **common,
    )
    alice, bob = Participant.objects.create(), Participant.objects.create()
    Rating.objects.create(participant=alice, activity=kneeling, side="give", answer="yes")
    Rating.objects.create(participant=alice, activity=kneeling, side="receive", answer="no")
    Rating.objects.create(participant=alice, activity=spanking, side="give", answer="maybe")
    Rating.objects.create(participant=bob, activity=kneeling, side="receive", answer="yes")
    pairing = Pairing.objects.create(first=alice, second=bob)
    revealed = Round.objects.create(pairing=pairing, number=1, revealed=timezone.now())
    Snapshot.objects.create(round=revealed, participant=alice, yes=[[kneeling.pk, "give"]])
    Snapshot.objects.create(round=revealed, participant=bob, yes=[[kneeling.pk, "receive"]])
    migrate(latest())
    return {"alice": alice.pk, "bob": bob.pk, "pairing": pairing.public_id}


def sentences_answered(participant_id: int) -> dict[str, str]:
    from checklist.models import Rating

    ratings = Rating.objects.filter(participant_id=participant_id).select_related("activity")
    return {rating.activity.side_text(rating.side): rating.answer for rating in ratings}


def test_it_keeps_every_answer_on_the_sentence_its_owner_answered(before_the_swap):
    from checklist.models import Activity

    kneeling = Activity.objects.get(slug="kneeling")
    assert (kneeling.give_text, kneeling.receive_text) == (KNEEL_FOR_PARTNER, KNEEL_FOR_ME)
    assert sentences_answered(before_the_swap["alice"]) == {
        KNEEL_FOR_ME: "yes",
        KNEEL_FOR_PARTNER: "no",
        "I'd like to spank my partner": "maybe",
    }
    assert sentences_answered(before_the_swap["bob"]) == {KNEEL_FOR_PARTNER: "yes"}


def test_it_leaves_activities_already_worded_the_new_way_alone(before_the_swap):
    from checklist.models import Activity, Rating

    spanking = Activity.objects.get(slug="spanking")
    assert spanking.give_text == "I'd like to spank my partner"
    assert Rating.objects.get(activity=spanking).side == "give"


def test_an_old_revealed_round_shows_the_same_sentences(before_the_swap, client):
    from checklist.models import Activity, Snapshot

    kneeling = Activity.objects.get(slug="kneeling")
    snapshots = {s.participant_id: s.yes for s in Snapshot.objects.all()}
    assert snapshots == {
        before_the_swap["alice"]: [[kneeling.pk, "receive"]],
        before_the_swap["bob"]: [[kneeling.pk, "give"]],
    }

    session = client.session
    session.update({"participant_id": before_the_swap["alice"], "participant_access": 0})
    session.save()
    page = client.get(f"/pairings/{before_the_swap['pairing']}/rounds/1/").content.decode()
    assert KNEEL_FOR_ME.replace("'", "&#x27;") in page
    assert "Your partner → you" in page
