"""The hand-off: from an invite to the checklist, the names people give, and Ready asking first."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.test import Client

from checklist.models import Invite, Pairing, Round, Snapshot
from checklist.pairings import partner_label, partner_labels
from tests.helpers import (
    accept,
    answer,
    both_ready,
    invite_link,
    participant_of,
    press_ready,
    seal,
    without_csrf,
)

pytestmark = pytest.mark.django_db


def head_of(html: str) -> str:
    return html.split("</head>")[0]


def main_of(html: str) -> str:
    return re.search(r"<main.*</main>", html, re.S).group(0)


# Accepting leads to the checklist, with a banner saying what comes next.


def test_accepting_lands_on_the_checklist_with_a_banner_naming_the_inviter(alice, bob, catalogue):
    alice.post("/me/name/", {"display_name": "Sam"})

    response = bob.post(invite_link(alice))

    assert (response.status_code, response["Location"]) == (303, "/checklist/")
    pairing = Pairing.objects.get().get_absolute_url()
    html = bob.get("/checklist/").content.decode()
    assert "<strong>Sam invited you</strong> — rate at your own pace, then press Ready" in html
    assert f'<a href="{pairing}">your page with Sam</a>' in html
    assert f'When you’re ready, compare with <a href="{pairing}">Sam</a>.' in html
    assert ">invite a partner</a>" not in html


def test_the_inviter_is_told_they_are_paired_and_by_whom(alice, bob, catalogue):
    bob.post("/me/name/", {"display_name": "Robin"})
    accept(bob, invite_link(alice))

    html = alice.get("/checklist/").content.decode()

    assert "<strong>You’re paired with Robin</strong>" in html
    assert "invited you" not in html


def test_the_banner_is_gone_once_ready_is_pressed_and_the_compare_line_stays(alice, bob, paired, catalogue):
    assert "<strong>Your partner invited you</strong>" in bob.get("/checklist/").content.decode()

    assert press_ready(bob, paired).status_code == 303

    html = bob.get("/checklist/").content.decode()
    assert "invited you" not in html
    assert f'When you’re ready, compare with <a href="{paired}">your partner</a>.' in html
    # Alice, who has not pressed Ready, still sees hers: the partner's readiness changes nothing in it.
    assert "<strong>You’re paired with your partner</strong>" in alice.get("/checklist/").content.decode()


def test_the_banner_can_be_dismissed_for_its_reader_alone(alice, bob, paired, catalogue):
    pages = ("/checklist/", "/pairings/", paired)
    before = {path: without_csrf(alice.get(path).content.decode()) for path in pages}
    dismiss = f"{paired}banner/dismiss/"
    assert (
        f'<form method="post" action="{dismiss}" data-hx-post="{dismiss}"'
        in bob.get("/checklist/").content.decode()
    )

    response = bob.post(dismiss)

    assert (response.status_code, response["Location"]) == (303, "/checklist/")
    html = bob.get("/checklist/").content.decode()
    assert "pairing-banner" not in html
    assert f'When you’re ready, compare with <a href="{paired}">your partner</a>.' in html
    # Alice's pages do not change: her banner stays, and nothing tells her Bob closed his.
    assert {path: without_csrf(alice.get(path).content.decode()) for path in pages} == before
    assert "<strong>You’re paired with your partner</strong>" in before["/checklist/"]


def test_with_htmx_a_dismissed_banner_just_goes(alice, bob, paired, catalogue):
    response = bob.post(f"{paired}banner/dismiss/", headers={"HX-Request": "true"})

    assert (response.status_code, response.content) == (200, b"")
    assert "pairing-banner" not in bob.get("/checklist/").content.decode()


def test_only_a_partner_can_dismiss_the_banner_and_only_by_post(alice, bob, charlie, paired, catalogue):
    assert charlie.post(f"{paired}banner/dismiss/").status_code == 404
    assert bob.get(f"{paired}banner/dismiss/").status_code == 405
    assert not Pairing.objects.filter(first_banner_dismissed=True).exists()
    assert not Pairing.objects.filter(second_banner_dismissed=True).exists()


def test_someone_unpaired_is_asked_to_invite_a_partner(alice, catalogue):
    html = alice.get("/checklist/").content.decode()

    assert 'To compare, <a href="/pairings/">invite a partner</a>.' in html
    assert "pairing-banner" not in html


def test_several_partners_are_all_named(alice, bob, charlie, catalogue):
    alice.post("/me/name/", {"display_name": "Sam"})
    charlie.post("/me/name/", {"display_name": "Kit"})
    first = accept(bob, invite_link(alice))
    second = accept(bob, invite_link(charlie))

    html = bob.get("/checklist/").content.decode()

    assert f'compare with <a href="{first}">Sam</a> or <a href="{second}">Kit</a>.' in html
    assert html.count("invited you</strong>") == 2


@pytest.mark.parametrize(
    ("last", "joined"), [("Kit", "o"), ("Olga", "u"), ("Horacio", "u"), ("Óscar", "u"), ("Hugo", "o")]
)
def test_spanish_says_u_for_or_before_a_name_that_starts_with_the_sound_o(
    alice, bob, charlie, catalogue, last, joined
):
    alice.post("/me/name/", {"display_name": "Sam"})
    charlie.post("/me/name/", {"display_name": last})
    first = accept(bob, invite_link(alice))
    second = accept(bob, invite_link(charlie))

    html = bob.get("/es/checklist/").content.decode()

    assert f'compara con <a href="/es{first}">Sam</a> {joined} <a href="/es{second}">{last}</a>.' in html


def test_the_checklist_reads_every_partner_in_one_query(
    alice, bob, charlie, catalogue, django_assert_num_queries
):
    """Names, banners and the line to compare, for any number of partners: one query beside the session,
    the participant and the answers; a Ready pressed with one partner closes that partner's banner alone."""
    alice.post("/me/name/", {"display_name": "Sam"})
    charlie.post("/me/name/", {"display_name": "Kit"})
    first = accept(bob, invite_link(alice))
    second = accept(bob, invite_link(charlie))
    assert press_ready(bob, second).status_code == 303
    bob.get("/checklist/")

    with django_assert_num_queries(4):
        html = bob.get("/checklist/").content.decode()

    assert f'compare with <a href="{first}">Sam</a> or <a href="{second}">Kit</a>.' in html
    assert "<strong>Sam invited you</strong>" in html
    assert "Kit invited you" not in html


# Ready with little answered asks first.


def test_ready_with_nothing_answered_asks_first_and_records_nothing(alice, bob, paired, catalogue):
    before = alice.get(paired).content.decode()

    response = bob.post(f"{paired}ready/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "You’ve answered 0 of 6." in html
    assert '<input type="hidden" name="confirm" value="1"><button class="button button-primary"' in html
    assert ">Compare anyway</button>" in html
    assert 'href="/checklist/">Back to my checklist</a>' in html
    assert "no-store" in response["Cache-Control"]
    assert not Snapshot.objects.exists() and not Round.objects.exists()
    # The partner's page does not change: they learn nothing of the question.
    assert without_csrf(alice.get(paired).content.decode()) == without_csrf(before)


def test_comparing_anyway_records_the_snapshot(alice, bob, paired, catalogue):
    response = bob.post(f"{paired}ready/", {"confirm": "1"})

    assert (response.status_code, response["Location"]) == (303, paired)
    assert Snapshot.objects.get().participant == participant_of(bob)


def test_no_question_when_enough_is_answered(alice, bob, paired, catalogue):
    answer(bob, catalogue, kissing="no")  # 1 of 6: the share counts answers, not Yes answers

    response = bob.post(f"{paired}ready/")

    assert response.status_code == 303
    assert Snapshot.objects.filter(participant=participant_of(bob)).exists()


def test_the_question_counts_only_the_sections_shown(alice, bob, paired, catalogue):
    bob.post("/checklist/sections/", {"shown": ["talk"]})

    assert "You’ve answered 0 of 2." in bob.post(f"{paired}ready/").content.decode()


def test_the_question_is_only_for_ones_own_pairings(alice, bob, charlie, paired, catalogue):
    assert charlie.post(f"{paired}ready/").status_code == 404


# Names: the one a person gives themself, asked on creating and accepting an invite.


def test_creating_an_invite_can_save_ones_name_and_says_so(alice, catalogue):
    html = alice.get("/pairings/").content.decode()
    assert '<label for="display_name">Your name, as your partner will see it (optional)</label>' in html

    created = alice.post("/pairings/invite/", {"display_name": "  Sam  "}).content.decode()

    assert participant_of(alice).display_name == "Sam"
    assert "Saved: your partner will see you as Sam." in created
    assert (
        'id="display_name" name="display_name" type="text" maxlength="40" autocomplete="nickname" value="Sam"'
        in alice.get("/pairings/").content.decode()
    )


def test_an_empty_name_keeps_the_current_one(alice, catalogue):
    alice.post("/me/name/", {"display_name": "Sam"})

    created = alice.post("/pairings/invite/", {"display_name": ""}).content.decode()

    assert participant_of(alice).display_name == "Sam"
    assert "Saved:" not in created
    assert Invite.objects.count() == 1


def test_a_name_too_long_is_refused_and_no_invite_made(alice, catalogue):
    response = alice.post("/pairings/invite/", {"display_name": "x" * 41})

    assert response.status_code == 400
    assert "A name can be at most 40 characters. Nothing was changed." in response.content.decode()
    assert participant_of(alice).display_name == ""
    assert not Invite.objects.exists()


def test_accepting_asks_for_a_name_and_saves_it(alice, catalogue):
    link = invite_link(alice)
    newcomer = Client()
    page = newcomer.get(link).content.decode()
    assert '<label for="display_name">Your name, as your partner will see it (optional)</label>' in page
    assert (
        '<button class="button button-primary" type="submit">Accept and go to my checklist</button>' in page
    )

    response = newcomer.post(link, {"display_name": "Blake"})

    assert response["Location"] == "/checklist/?name=saved"
    assert participant_of(newcomer).display_name == "Blake"
    assert "Saved: your partner will see you as Blake." in newcomer.get(response["Location"]).content.decode()
    assert ">Blake</a></h3>" in alice.get("/pairings/").content.decode()


def test_accepting_with_a_name_too_long_uses_nothing(alice, bob, catalogue):
    link = invite_link(alice)

    response = bob.post(link, {"display_name": "y" * 41})

    html = response.content.decode()
    assert response.status_code == 400
    assert '<p class="field-error" id="display_name_error">A name can be at most 40 characters.' in html
    assert 'aria-invalid="true"' in html and f'value="{"y" * 41}"' in html
    assert Invite.objects.get().used is None and not Pairing.objects.exists()
    assert accept(bob, link)  # the link still works


# Nicknames: what one partner privately calls the other.


def test_a_nickname_is_saved_confirmed_and_shown_to_its_setter_everywhere(alice, bob, paired, catalogue):
    alice.post("/me/name/", {"display_name": "Sam"})

    response = bob.post(f"{paired}name/", {"nickname": "Honey"})

    assert (response.status_code, response["Location"]) == (303, f"{paired}?nickname=saved#name")
    page = bob.get(f"{paired}?nickname=saved").content.decode()
    assert "Saved: you’ll see them as Honey." in page
    assert "<h1>Comparing with Honey</h1>" in page
    assert 'id="nickname" name="nickname" type="text" maxlength="40" autocomplete="off" value="Honey"' in page
    both_ready(paired, bob, alice)
    for path in ("/pairings/", paired, f"{paired}rounds/1/", f"{paired}end/", "/checklist/"):
        html = main_of(bob.get(path).content.decode())
        assert "Honey" in html, path
        assert "Sam" not in html, path


def test_a_nickname_is_never_shown_to_the_one_it_names(alice, bob, paired, catalogue):
    alice.post("/me/name/", {"display_name": "Sam"})
    bob.post(f"{paired}name/", {"nickname": "Honey"})
    both_ready(paired, bob, alice)

    for path in ("/", "/pairings/", paired, f"{paired}rounds/1/", f"{paired}end/", "/checklist/", "/me/"):
        assert "Honey" not in alice.get(path).content.decode(), path
    assert 'value="Sam"' in alice.get("/me/").content.decode()  # her own name stays hers
    assert participant_of(alice).display_name == "Sam"


def test_clearing_a_nickname_goes_back_to_the_partners_own_name(alice, bob, paired, catalogue):
    bob.post(f"{paired}name/", {"nickname": "Honey"})
    alice.post("/me/name/", {"display_name": "Sam"})

    bob.post(f"{paired}name/", {"nickname": "  "})

    assert "Saved: you’ll see them as Sam." in bob.get(f"{paired}?nickname=saved").content.decode()
    assert Pairing.objects.get().second_nickname == ""


def test_a_nickname_too_long_is_refused_and_the_old_one_kept(alice, bob, paired, catalogue):
    bob.post(f"{paired}name/", {"nickname": "Honey"})

    response = bob.post(f"{paired}name/", {"nickname": "z" * 41})

    assert response.status_code == 400
    assert "A name can be at most 40 characters. Nothing was changed." in response.content.decode()
    assert Pairing.objects.get().second_nickname == "Honey"


def test_only_a_partner_can_name_the_other(alice, bob, charlie, paired, catalogue):
    assert charlie.post(f"{paired}name/", {"nickname": "Spy"}).status_code == 404
    assert charlie.get(f"{paired}name/").status_code == 405
    assert not Pairing.objects.filter(first_nickname="Spy").exists()


def test_an_unnamed_partner_is_never_comparing_with_partner_1(alice, bob, paired, catalogue):
    html = alice.get(paired).content.decode()

    assert "Comparing with Partner 1" not in html
    assert "<h1>Comparing with your partner</h1>" in html
    assert '<a href="#name">Give them one</a> that only you will see.' in html
    assert '<h2 id="name-title">Give your partner a name</h2>' in html

    alice.post(f"{paired}name/", {"nickname": "Blue"})
    assert "<h1>Comparing with Blue</h1>" in alice.get(paired).content.decode()


def began(pairing: Pairing, when: str) -> None:
    Pairing.objects.filter(pk=pairing.pk).update(created=datetime.fromisoformat(when).replace(tzinfo=UTC))


def test_labels_are_nickname_then_display_name_then_your_partner_since(alice, bob, charlie, catalogue):
    for other in (bob, charlie, Client(), Client()):
        accept(other, invite_link(alice))
    me = participant_of(alice)
    pairings = list(Pairing.objects.order_by("created", "pk"))
    participant_of(charlie).__class__.objects.filter(pk=participant_of(charlie).pk).update(display_name="Kit")
    Pairing.objects.filter(pk=pairings[0].pk).update(first_nickname="Bee")
    began(pairings[2], "2025-03-01T09:30")
    began(pairings[3], "2025-12-03T21:05")
    pairings = list(Pairing.objects.select_related("first", "second").order_by("created", "pk"))

    labels = partner_labels(me, pairings)

    expected = ["your partner since 1 Mar 2025", "your partner since 3 Dec 2025", "Bee", "Kit"]
    assert [str(labels[p.pk]) for p in pairings] == expected
    assert [str(partner_label(me, p)) for p in pairings] == expected
    assert [labels[p.pk].at_start for p in pairings][:2] == [
        "Your partner since 1 Mar 2025",
        "Your partner since 3 Dec 2025",
    ]
    began(pairings[1], "2025-03-01T18:45")  # the same day as another: the minute tells them apart
    assert str(partner_label(me, pairings[1])) == "your partner since 1 Mar 2025, 18:45"
    began(pairings[1], "2025-03-01T09:30")  # even the same minute: then their order
    assert str(partner_label(me, pairings[1])) == "your partner since 1 Mar 2025, 09:30 (2)"


def test_an_only_partner_unnamed_is_your_partner_and_a_name_stays_as_given(alice, bob, paired, catalogue):
    assert str(partner_label(participant_of(alice), Pairing.objects.get())) == "your partner"

    bob.post("/me/name/", {"display_name": "robin"})

    label = partner_label(participant_of(alice), Pairing.objects.get())
    assert (str(label), label.at_start, label.named) == ("robin", "robin", True)


# Nothing a link preview reads carries a name.


def test_no_name_or_nickname_in_the_title_or_meta_of_partner_pages(alice, bob, paired, catalogue):
    alice.post("/me/name/", {"display_name": "Sam"})
    bob.post("/me/name/", {"display_name": "Robin"})
    alice.post(f"{paired}name/", {"nickname": "Honey"})
    visitor_invite = Client().get(invite_link(alice))
    question = bob.post(f"{paired}ready/")
    answer(alice, catalogue, kissing="yes")
    answer(bob, catalogue, kissing="yes")
    bob.post(f"{paired}ready/", {"confirm": "1"})
    alice.post(f"{paired}ready/")
    pages = [visitor_invite, question] + [
        client.get(path)
        for client in (alice, bob)
        for path in ("/pairings/", paired, f"{paired}rounds/1/", f"{paired}end/", "/checklist/")
    ]

    assert "Sam invites you" in visitor_invite.content.decode()
    for response in pages:
        head = head_of(response.content.decode())
        for name in ("Sam", "Robin", "Honey"):
            assert name not in head, (response.request["PATH_INFO"], name)


# Sharing: the invite link only.


def test_the_invite_link_has_a_share_button_and_the_resume_link_does_not(alice, catalogue):
    invite = alice.post("/pairings/invite/").content.decode()
    resume = alice.post("/me/resume-link/").content.decode()

    assert (
        '<button class="button" type="button" data-share-target="invite-link" hidden>Share link</button>'
        in invite
    )
    assert 'data-copy-target="invite-link"' in invite
    assert "data-share-target" not in resume
    assert "data-copy-target" in resume


def test_the_checklist_banner_gets_only_plain_data(alice, bob, planted):
    from tests.test_boundary import not_plain, planted_reach

    partners = bob.get("/checklist/").context["partners"]

    assert [str(partner.label) for partner in partners] == ["your partner"]
    assert not_plain(partners, "partners") == []
    assert planted_reach({"partners": partners}, ["partners"]) == {}


def test_when_the_partner_sealed_their_checklist_the_banner_says_to_seal_before_comparing(
    alice, bob, paired, catalogue
):
    seal(alice)
    html = bob.get("/checklist/").content.decode()
    banner = html[html.index('class="notice pairing-banner"') :]
    assert "sealed their checklist, so you compare once yours is sealed too." in banner
    assert 'href="/me/seal/"' in banner and "press Ready" not in banner
