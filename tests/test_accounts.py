from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.helpers import answers_of, field, participant_of

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-pass-phrase-9"


def sign_up(client, username="alice", password=PASSWORD):
    return client.post(
        "/accounts/signup/", {"username": username, "password1": password, "password2": password}
    )


def test_signing_up_keeps_everything_answered_anonymously(alice, catalogue):
    alice.post("/checklist/", {field(catalogue["kissing"]): "yes"})
    participant = participant_of(alice)

    response = sign_up(alice)

    assert response.status_code == 303
    assert response["Location"] == "/me/#account"
    participant.refresh_from_db()
    assert participant.user.username == "alice"
    assert participant_of(alice) == participant
    assert answers_of(alice) == {("kissing", "shared"): "yes"}
    assert "You are logged in as <strong>alice</strong>" in alice.get("/me/").content.decode()


def test_passwords_are_checked_by_djangos_validators(alice, catalogue):
    response = sign_up(alice, password="password")

    assert response.status_code == 400
    assert "This password is too common." in response.content.decode()
    assert not User.objects.exists()


def test_logging_in_on_another_device_brings_the_checklist_back(alice, catalogue):
    alice.post("/checklist/", {field(catalogue["spanking"], "receive"): "maybe"})
    sign_up(alice)
    laptop = Client()
    laptop.get("/accounts/login/")
    before = laptop.session.session_key

    response = laptop.post("/accounts/login/", {"username": "alice", "password": PASSWORD})

    assert response.status_code == 303
    assert response["Location"] == "/checklist/"
    assert laptop.session.session_key != before
    assert participant_of(laptop) == participant_of(alice)
    assert 'value="maybe" checked' in laptop.get("/checklist/?category=impact").content.decode()


def test_login_errors_do_not_reveal_whether_a_username_exists(alice, catalogue):
    sign_up(alice)

    wrong_password = Client().post("/accounts/login/", {"username": "alice", "password": "nope-nope-nope"})
    no_such_user = Client().post("/accounts/login/", {"username": "nobody", "password": "nope-nope-nope"})

    assert wrong_password.status_code == no_such_user.status_code == 400
    message = "Please enter a correct username and password."
    assert message in wrong_password.content.decode()
    assert message in no_such_user.content.decode()


def test_logging_out_ends_the_session(alice, catalogue):
    sign_up(alice)

    response = alice.post("/accounts/logout/")

    assert response.status_code == 303
    assert "participant_id" not in alice.session
    assert alice.get("/accounts/logout/").status_code == 405


def test_signing_up_without_a_checklist_starts_one(client, catalogue):
    response = sign_up(client, username="newcomer")

    assert response.status_code == 303
    assert participant_of(client).user.username == "newcomer"
