"""Running it: health checks, the purge, and logs that keep secrets."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command

from checklist.models import Invite, Pairing, Participant, Rating, Round
from tests.helpers import accept, field, invite_link, participant_of, press_ready

pytestmark = pytest.mark.django_db


def test_healthz_checks_database_and_cache(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert not response.cookies
    assert "Set-Cookie" not in response


class UnreachableCache:
    def set(self, *args, **kwargs):
        raise ConnectionError("cache is down")


def test_healthz_stays_up_but_says_degraded_when_only_the_cache_is_down(client, monkeypatch):
    monkeypatch.setattr("kinklist.views.cache", UnreachableCache())

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "degraded: cache", "database": "ok", "cache": "down"}


def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    monkeypatch.setattr("kinklist.views._database_answers", lambda: False)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "down", "cache": "ok"}


def test_purge_deletes_anonymous_checklists_unused_for_the_set_days(
    alice, bob, charlie, catalogue, time_machine
):
    from django.utils import timezone

    alice.post("/checklist/", {field(catalogue["kissing"]): "yes"})
    bob.post(invite_link(alice))
    charlie.post(
        "/accounts/signup/",
        {"username": "charlie", "password1": "a-long-pass-phrase-9", "password2": "a-long-pass-phrase-9"},
    )
    invite_link(bob)  # still usable: kept
    alice_id = participant_of(alice).pk

    time_machine.move_to(timezone.now() + timedelta(days=100), tick=False)
    bob.get("/checklist/")  # Bob comes back: seen today
    time_machine.move_to(timezone.now() + timedelta(days=81), tick=False)

    out = io.StringIO()
    call_command("purge_inactive", stdout=out)

    assert not Participant.objects.filter(pk=alice_id).exists()
    assert Rating.objects.filter(participant_id=alice_id).count() == 0
    assert Pairing.objects.count() == 0  # went with Alice
    assert participant_of(bob)  # seen 81 days ago: kept
    assert Participant.objects.filter(user__username="charlie").exists()  # accounts are kept
    assert Invite.objects.count() == 0  # used and expired ones are gone
    # Only Bob's session, extended when he came back, has not expired; the others are gone with their links.
    assert [session.get_decoded()["participant_id"] for session in Session.objects.all()] == [
        participant_of(bob).pk
    ]
    assert (
        "Deleted 1 checklist unused for 180 days, 1 finished invite and 2 expired sessions." in out.getvalue()
    )


def test_purge_takes_the_number_of_days(alice, catalogue, time_machine):
    from django.utils import timezone

    time_machine.move_to(timezone.now() + timedelta(days=8), tick=False)
    call_command("purge_inactive", "--days", "30", stdout=io.StringIO())
    assert Participant.objects.count() == 1
    call_command("purge_inactive", "--days", "7", stdout=io.StringIO())
    assert Participant.objects.count() == 0


def test_a_couple_journey_leaves_no_secret_answer_password_or_name_in_the_logs(
    alice, bob, catalogue, log_lines
):
    alice.post("/me/name/", {"display_name": "Wren Secretname"})
    spanking = catalogue["spanking"]
    alice.post("/checklist/", {field(catalogue["kissing"]): "yes", field(spanking, "give"): "maybe"})
    bob.post("/checklist/", {field(catalogue["kissing"]): "yes", field(spanking, "receive"): "no"})
    resume = re.search(r"/resume/([^/]+)/", alice.post("/me/resume-link/").content.decode()).group(1)
    invite = invite_link(alice)
    bob.get(invite)
    pairing = accept(bob, invite)
    bob.get(invite)  # used now: a 404, logged as a warning
    alice.post(f"/resume/{resume}/")
    alice.get(f"/resume/{resume}x/?q=secret-query")
    bob.post(
        "/accounts/signup/",
        {"username": "robin", "password1": "pass-phrase-hunter-2", "password2": "pass-phrase-hunter-2"},
    )
    press_ready(alice, pairing)
    press_ready(bob, pairing)

    lines = log_lines()
    text = json.dumps(lines)

    assert any(line.get("event") == "round.revealed" for line in lines)
    assert any(line.get("path") == "/invite/[secret]/" for line in lines)
    assert any(line.get("path") == "/pairings/<uuid:pairing_id>/ready/" for line in lines)
    assert pairing.split("/")[2] not in text  # no line names a pairing
    requests = [line for line in lines if line["message"] == "request"]
    assert len(requests) >= 12
    assert all({"method", "path", "status", "ms"} <= set(line) for line in requests)
    for secret in (
        resume,
        invite.split("/")[2],
        "secret-query",
        "pass-phrase-hunter-2",
        "Wren",
        "Secretname",
    ):
        assert secret not in text, secret
    for answer in ('"yes"', '"maybe"', '"no"', "Kissing", "Spanking"):
        assert answer not in text, answer
    assert Round.objects.get().revealed is not None
