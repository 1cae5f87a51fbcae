"""Redis down: guessing defences stay shut with a clear 503, everything else keeps working and loses nothing.

The cache is pointed at a closed port in the middle of each test, after a person has already started; on the
PostgreSQL run it starts out as the real Redis."""

from __future__ import annotations

import json
import logging
import re

import pytest

from checklist.models import Pairing, Participant, Round
from tests.helpers import answers_of, both_ready, field, invite_link, matched_names

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:1/0"
PAUSED = "We cannot check this request just now"


@pytest.fixture
def redis_goes_down(settings):
    def down() -> None:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": CLOSED_PORT,
                "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            }
        }

    return down


def test_rating_saving_comparing_and_exporting_keep_working(alice, bob, paired, catalogue, redis_goes_down):
    alice.post("/checklist/", {field(catalogue["kissing"]): "yes"})

    redis_goes_down()

    spanking = field(catalogue["spanking"], "give")
    assert alice.post("/checklist/", {spanking: "yes"}, headers={"HX-Request": "true"}).status_code == 200
    assert alice.post("/checklist/", {field(catalogue["paddling"], "give"): "no"}).status_code == 303
    assert bob.post("/checklist/", {field(catalogue["kissing"]): "yes"}).status_code == 303
    assert answers_of(alice) == {
        ("kissing", "shared"): "yes",
        ("spanking", "give"): "yes",
        ("paddling", "give"): "no",
    }
    assert 'value="yes" checked' in alice.get("/checklist/").content.decode()
    both_ready(paired, alice, bob)
    assert Round.objects.get().revealed is not None
    assert matched_names(bob, paired) == ["Kissing"]
    assert len(json.loads(alice.get("/me/export.json").content)["answers"]) == 3


def test_starting_a_checklist_keeps_working_with_one_warning_line(client, catalogue, redis_goes_down, caplog):
    redis_goes_down()

    with caplog.at_level(logging.WARNING, logger="kinklist.responses"):
        response = client.post("/start/")

    assert response.status_code == 303
    assert Participant.objects.count() == 1
    warnings = [record for record in caplog.records if record.name == "kinklist.responses"]
    assert [record.getMessage() for record in warnings] == [
        "rate limit not counted: the cache is unavailable"
    ]


def test_deleting_everything_keeps_working(alice, catalogue, redis_goes_down):
    alice.post("/checklist/", {field(catalogue["kissing"]): "yes"})
    redis_goes_down()

    assert alice.post("/me/delete/").status_code == 303
    assert Participant.objects.count() == 0


def test_resume_and_invite_links_pause_with_a_clear_503_and_change_nothing(
    alice, bob, catalogue, redis_goes_down
):
    html = alice.post("/me/resume-link/").content.decode()
    resume = re.search(r'value="http://testserver(/resume/[^"]+/)"', html).group(1)
    invite = invite_link(alice)

    redis_goes_down()

    for response in (bob.get(resume), bob.post(resume), bob.get(invite), bob.post(invite)):
        assert response.status_code == 503
        assert PAUSED in response.content.decode()
        assert "try again in a minute" in response.content.decode()
    assert Pairing.objects.count() == 0
    assert answers_of(bob) == {}


def test_log_in_and_sign_up_pause_with_a_clear_503(client, django_user_model, catalogue, redis_goes_down):
    django_user_model.objects.create_user("sam", password="a-long-pass-phrase-9")
    redis_goes_down()

    log_in = client.post("/accounts/login/", {"username": "sam", "password": "a-long-pass-phrase-9"})
    sign_up = client.post(
        "/accounts/signup/",
        {"username": "robin", "password1": "a-long-pass-phrase-9", "password2": "a-long-pass-phrase-9"},
    )

    for response in (log_in, sign_up):
        assert response.status_code == 503
        assert PAUSED in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not django_user_model.objects.filter(username="robin").exists()


def test_to_htmx_a_paused_request_is_only_the_message(alice, catalogue, redis_goes_down):
    invite = invite_link(alice)
    redis_goes_down()

    response = alice.post(invite, headers={"HX-Request": "true"})

    assert response.status_code == 503
    assert response.content.decode().strip().startswith(f'<p class="error">{PAUSED}')
    assert "<html" not in response.content.decode()


def test_healthz_stays_in_the_balancer_when_redis_is_down(client, redis_goes_down):
    redis_goes_down()

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "degraded: cache"
