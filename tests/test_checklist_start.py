from __future__ import annotations

import pytest

from checklist.models import Participant
from tests.helpers import participant_of

pytestmark = pytest.mark.django_db


def test_a_visitor_without_a_checklist_sees_the_start_page(client, catalogue):
    response = client.get("/checklist/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<form method="post" action="/start/"' in html
    assert "No signup" in html
    assert Participant.objects.count() == 0


def test_a_get_never_creates_anything(client, catalogue):
    for url in ["/", "/checklist/", "/start/", "/me/"]:
        client.get(url)

    assert client.get("/start/").status_code == 405
    assert Participant.objects.count() == 0


def test_start_makes_an_anonymous_participant_and_leads_to_the_checklist(client, catalogue):
    before = client.session.session_key

    response = client.post("/start/")

    assert response.status_code == 303
    assert response["Location"] == "/checklist/"
    participant = Participant.objects.get()
    assert participant.user is None
    assert client.session["participant_id"] == participant.pk
    assert client.session.session_key != before
    assert "Kissing" in client.get("/checklist/").content.decode()


def test_pressing_start_again_keeps_the_same_checklist(alice, catalogue):
    first = participant_of(alice)

    alice.post("/start/")

    assert participant_of(alice) == first
    assert Participant.objects.count() == 1


def test_the_home_page_start_button_posts(client):
    html = client.get("/").content.decode()

    assert '<form method="post" action="/start/"' in html
    assert 'name="csrfmiddlewaretoken"' in html
