from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from kinklist.responses import client_ip
from tests.helpers import field

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict(settings):
    settings.RATE_LIMITS = {"secret-links": "2/m", "accounts": "2/m", "start": "2/m", "saves": "2/m"}


def test_start_is_rate_limited(strict, catalogue):
    statuses = [Client().post("/start/").status_code for _ in range(3)]

    assert statuses == [303, 303, 429]


def test_saves_are_rate_limited_but_nothing_saved_is_lost(strict, alice, catalogue):
    kissing = field(catalogue["kissing"])
    statuses = [alice.post("/checklist/", {kissing: answer}).status_code for answer in ("yes", "no", "maybe")]

    assert statuses == [303, 303, 429]
    assert "Please wait a moment" in alice.post("/checklist/", {kissing: "maybe"}).content.decode()
    assert 'value="no" checked' in alice.get("/checklist/").content.decode()


def test_to_htmx_a_limited_save_answers_with_only_the_message(strict, alice, catalogue):
    kissing = field(catalogue["kissing"])
    for answer in ("yes", "no", "maybe"):
        response = alice.post("/checklist/", {kissing: answer}, headers={"HX-Request": "true"})

    assert response.status_code == 429
    assert response.content.decode().strip() == (
        '<p class="error">There have been many attempts from your connection in a short time, so we paused '
        "them for a minute. Nothing you saved was lost.</p>"
    )


def test_log_in_is_rate_limited_per_client_and_per_username(strict, catalogue):
    guess = {"username": "sam", "password": "guess"}
    attempts = [Client(REMOTE_ADDR=f"10.0.0.{number}").post("/accounts/login/", guess) for number in range(3)]

    assert [response.status_code for response in attempts] == [400, 400, 429]


def test_sign_up_is_rate_limited(strict, catalogue):
    client = Client()
    form = {"password1": "x", "password2": "y"}
    statuses = [client.post("/accounts/signup/", {"username": f"u{n}", **form}).status_code for n in range(3)]

    assert statuses == [400, 400, 429]


def test_the_limited_page_speaks_plainly(strict, catalogue):
    client = Client()
    for _ in range(3):
        response = client.post("/start/")

    assert response.status_code == 429
    assert "There have been many attempts from your connection" in response.content.decode()


def test_behind_a_trusted_proxy_the_client_is_the_address_the_proxy_added(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")

    settings.TRUST_X_FORWARDED_FOR = False
    assert client_ip(request) == "10.1.1.1"
    settings.TRUST_X_FORWARDED_FOR = True
    assert client_ip(request) == "203.0.113.9"
