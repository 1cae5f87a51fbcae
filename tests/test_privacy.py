"""What must never be seen: by a partner, by a stranger, by an admin."""

from __future__ import annotations

import pytest

from checklist.models import Invite, Round
from tests.helpers import answer, both_ready, field, invite_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def revealed(alice, bob, paired, catalogue):
    """Alice and Bob answered a lot, differently; they share exactly one Yes: Kissing."""
    spanking, paddling = catalogue["spanking"], catalogue["paddling"]
    alice.post(
        "/checklist/",
        {
            field(catalogue["kissing"]): "yes",
            field(catalogue["negotiation-talk"]): "yes",
            field(spanking, "give"): "yes",
            field(spanking, "receive"): "maybe",
            field(paddling, "give"): "no",
        },
    )
    bob.post(
        "/checklist/",
        {
            field(catalogue["kissing"]): "yes",
            field(catalogue["negotiation-talk"]): "no",
            field(spanking, "give"): "yes",
            field(spanking, "receive"): "no",
            field(paddling, "receive"): "maybe",
            field(paddling, "give"): "yes",
        },
    )
    both_ready(paired, alice, bob)
    assert Round.objects.get().revealed is not None
    return paired


def partner_facing(pairing: str, prefix: str = "") -> list[str]:
    return [
        f"{prefix}{path}"
        for path in (
            "/pairings/",
            pairing,
            f"{pairing}end/",
            f"{pairing}rounds/1/",
            f"{pairing}rounds/1/export.json",
            f"{pairing}rounds/1/export.csv",
        )
    ]


# The privacy tests run in every language: the Spanish catalogue names the unshared activities in its own
# words (tests/conftest.py's partly_spanish), German shows them in English for want of a translation.
LANGUAGES = ["", "/de", "/es"]
UNSHARED = (
    *("Negotiation talk", "Spanking", "Paddling", "spank", "paddle"),
    *("Azotes", "azotar", "usar una pala"),
)


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_partner_pages_show_only_the_mutual_yes(alice, bob, revealed, partly_spanish, prefix):
    for client in (alice, bob):
        for url in partner_facing(revealed, prefix):
            response = client.get(url)
            html = response.content.decode()
            assert response.status_code == 200, url
            for unmatched in UNSHARED:
                assert unmatched not in html, (url, unmatched)
            if "rounds" in url:
                assert "Kissing" in html, url


def main_of(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


# What would betray an unrevealed answer or count, in each language's words.
HINTS = {
    "": ("answered", " of 6", "maybe", "Maybe", "said no", "No answers", "one-sided"),
    "/de": ("beantwortet", " von 6", "vielleicht", "Vielleicht", "Nein", "einseitig"),
    "/es": ("respondid", " de 6", "quizás", "Quizás", "dijo que no", "unilateral"),
}
SHARED_COUNT = {"": "1 shared yes", "/de": "1 gemeinsames Ja", "/es": "1 sí compartido"}


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_partner_pages_show_no_counts_of_anything_unrevealed(alice, bob, revealed, prefix):
    for client in (alice, bob):
        html = main_of(client.get(f"{prefix}{revealed}").content.decode()) + main_of(
            client.get(f"{prefix}{revealed}rounds/1/").content.decode()
        )
        assert SHARED_COUNT[prefix] in html
        for hint in HINTS[prefix]:
            assert hint not in html, hint


def test_the_invite_page_shows_nothing_of_the_inviters_answers(alice, catalogue):
    from django.test import Client

    alice.post("/checklist/", {field(catalogue["spanking"], "give"): "yes"})

    html = Client().get(invite_link(alice)).content.decode()

    assert "Spanking" not in html
    assert "spank" not in html


def test_a_stranger_gets_404_for_everything_of_a_pairing(charlie, revealed):
    invite_link_of_alice = Invite.objects.first()
    urls = partner_facing(revealed)[1:]
    for url in urls:
        assert charlie.get(url).status_code in (404,), url
    for action in ("ready", "withdraw", "reveal-anyway", "cancel", "end"):
        assert charlie.post(f"{revealed}{action}/").status_code == 404, action
    assert charlie.post(f"/pairings/invites/{invite_link_of_alice.public_id}/revoke/").status_code == 404
    assert Round.objects.count() == 1


def test_someone_without_a_checklist_is_sent_to_start_not_shown_anything(client, revealed):
    for url in partner_facing(revealed):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == "/checklist/"
    assert client.post(f"{revealed}ready/").status_code == 403


@pytest.mark.parametrize("model", ["participant", "rating", "invite", "pairing", "round", "snapshot"])
def test_the_admin_never_shows_anyones_answers_or_pairings(staff_client, revealed, model):
    index = staff_client.get("/admin/").content.decode()

    assert f"/admin/checklist/{model}/" not in index
    assert staff_client.get(f"/admin/checklist/{model}/").status_code == 404


def test_the_admin_cannot_reach_a_participants_account(staff_client, alice, catalogue):
    from django.contrib.auth.models import User

    alice.post(
        "/accounts/signup/",
        {"username": "alice", "password1": "a-long-pass-phrase-9", "password2": "a-long-pass-phrase-9"},
    )
    alice_user = User.objects.get(username="alice")

    listing = staff_client.get("/admin/auth/user/").content.decode()
    assert "alice" not in listing
    assert "admin" in listing
    for page in ("change", "password"):
        response = staff_client.get(f"/admin/auth/user/{alice_user.pk}/{page}/")
        assert response.status_code in (302, 404), page
        assert "alice" not in response.content.decode()
    assert staff_client.post(
        f"/admin/auth/user/{alice_user.pk}/password/",
        {"password1": "x-new-pass-99", "password2": "x-new-pass-99"},
    ).status_code in (302, 404)
    alice_user.refresh_from_db()
    assert alice_user.check_password("a-long-pass-phrase-9")


def test_a_partner_editing_answers_never_highlights_compare_again(alice, bob, paired, catalogue):
    """Whether the other changed answers outside the matches is theirs alone: only the viewer's own count."""
    answer(alice, catalogue, kissing="yes")
    answer(bob, catalogue, kissing="yes")
    both_ready(paired, alice, bob)

    answer(bob, catalogue, kissing="no", negotiation_talk="yes", spanking__give="yes")

    assert "Your answers have changed" in bob.get(paired).content.decode()
    alice_html = alice.get(paired).content.decode()
    assert "Your answers have changed" not in alice_html
    assert '<button class="button" type="submit">Ready to compare</button>' in alice_html
    assert "Your answers have changed" not in alice.get(f"{paired}rounds/1/").content.decode()


def test_one_direction_wanted_by_both_is_never_shown_as_both_ways(alice, bob, paired, catalogue):
    """Alice would give and receive spanking, Bob only receive: only Alice → Bob is shared; that Alice
    would also receive is an unshared yes."""
    alice.post("/me/name/", {"display_name": "Alice"})
    bob.post("/me/name/", {"display_name": "Bob"})
    answer(alice, catalogue, spanking__give="yes", spanking__receive="yes")
    answer(bob, catalogue, spanking__receive="yes", spanking__give="no")
    both_ready(paired, alice, bob)

    pages = {
        client: "".join(
            client.get(url).content.decode()
            for url in (f"{paired}rounds/1/", f"{paired}rounds/1/export.json", f"{paired}rounds/1/export.csv")
        )
        for client in (alice, bob)
    }

    assert "You → Bob" in pages[alice] and "Alice → you" in pages[bob]
    for html in pages.values():
        assert "Both ways" not in html
        assert "Bob → you" not in html and "You → Alice" not in html
        assert "I&#x27;d like my partner to spank me; " not in html and "spank my partner; " not in html
    assert pages[alice].count('<li class="match card">') == pages[bob].count('<li class="match card">') == 1
