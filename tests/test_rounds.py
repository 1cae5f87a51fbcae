from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from checklist import operations
from checklist.catalogue import catalogue as read_catalogue
from checklist.catalogue import forget_catalogue
from checklist.models import Activity, ActivityTranslation, Pairing, Round, Snapshot
from tests.helpers import (
    answer,
    both_ready,
    matched_names,
    participant_of,
    press_ready,
    reveal_anyway,
    state_of,
    without_csrf,
    yes_to_everything,
)

pytestmark = pytest.mark.django_db


def test_ready_locks_a_snapshot_of_the_yes_answers_only(alice, bob, paired, catalogue):
    answer(alice, catalogue, kissing="yes", negotiation_talk="no", spanking__give="maybe")

    response = press_ready(alice, paired)

    assert response.status_code == 303
    snapshot = Snapshot.objects.get()
    k, n, s = catalogue["kissing"].pk, catalogue["negotiation-talk"].pk, catalogue["spanking"].pk
    assert snapshot.yes == [[k, "shared"]]
    assert [n, "shared"] not in snapshot.yes and [s, "give"] not in snapshot.yes
    assert snapshot.saturation == 1 / (2 + 2)  # one Yes of the larger half (2 shared + 2 one-sided)
    assert {f.name for f in Snapshot._meta.get_fields()} == {
        "id",
        "round",
        "participant",
        "frozen",
        "yes",
        "saturation",
        "reveals_anyway",
    }


def test_while_waiting_a_partner_learns_only_whether_the_other_is_ready(alice, bob, paired, catalogue):
    answer(alice, catalogue, kissing="yes")
    assert state_of(bob, paired) == "Ready to compare?"

    press_ready(alice, paired)

    assert state_of(alice, paired) == "Waiting for your partner"
    assert 'data-hx-trigger="every 250ms"' in alice.get(paired).content.decode()
    assert state_of(bob, paired) == "Your partner is ready to compare"
    assert "Your partner is ready to compare." in bob.get("/pairings/").content.decode()
    assert "Kissing" not in bob.get(paired).content.decode()


def test_the_waiting_page_polls_with_a_fragment(alice, bob, paired, catalogue):
    press_ready(alice, paired)

    fragment = alice.get(paired, headers={"HX-Request": "true"}).content.decode()

    assert fragment.lstrip().startswith('<section id="round-state"')
    assert "<html" not in fragment

    assert '<span class="no-js-only">Reload this page' in alice.get(paired).content.decode()


def test_the_waiting_page_turns_into_one_clear_way_to_the_result(alice, bob, paired, catalogue):
    answer(alice, catalogue, kissing="yes", spanking__give="yes")
    answer(bob, catalogue, kissing="yes", spanking__receive="yes")
    press_ready(alice, paired)
    press_ready(bob, paired)

    revealed = alice.get(paired, headers={"HX-Request": "true"})

    fragment = revealed.content.decode()
    assert "HX-Refresh" not in revealed
    assert fragment.lstrip().startswith('<section id="round-state"')
    assert "Your comparison is ready" in fragment
    assert "2 shared yeses" in fragment
    assert f'<a class="button button-primary" href="{paired}rounds/1/">See them</a>' in fragment
    assert "data-hx-trigger" not in fragment  # it stops asking
    # The list of comparisons below the panel is brought up to date with it.
    history = fragment[fragment.index('<section id="history"') :]
    assert history.startswith(
        '<section id="history" aria-labelledby="history-title" data-hx-swap-oob="true">'
    )
    assert f'<a href="{paired}rounds/1/">Comparison 1, ' in history and "No comparisons yet" not in history


def test_a_waiting_page_reloads_when_the_wait_ends_without_a_result(alice, bob, paired, catalogue):
    answer(alice, catalogue, kissing="yes")
    yes_to_everything(bob)
    both_ready(paired, bob, alice)
    alice.post(f"{paired}cancel/")

    assert bob.get(paired, headers={"HX-Request": "true"})["HX-Refresh"] == "true"


def test_the_second_to_press_ready_lands_on_the_result(alice, bob, paired, catalogue):
    answer(alice, catalogue, kissing="yes")
    answer(bob, catalogue, kissing="yes")

    first = press_ready(alice, paired)
    second = press_ready(bob, paired)

    assert first["Location"] == paired
    assert second.status_code == 303
    assert second["Location"] == f"{paired}rounds/1/"
    assert "Kissing" in bob.get(second["Location"]).content.decode()


def test_the_warned_partner_revealing_anyway_lands_on_the_result(alice, bob, paired, catalogue):
    answer(alice, catalogue, kissing="yes")
    yes_to_everything(bob)
    both_ready(paired, bob, alice)

    assert press_ready(alice, paired)["Location"] == paired  # asked first, not shown anything
    assert reveal_anyway(alice, paired)["Location"] == f"{paired}rounds/1/"


def test_a_partner_can_withdraw_before_the_other_is_ready(alice, bob, paired, catalogue):
    press_ready(alice, paired)

    response = alice.post(f"{paired}withdraw/")

    assert response.status_code == 303
    assert Round.objects.count() == 0
    assert state_of(bob, paired) == "Ready to compare?"


def test_the_round_is_revealed_from_the_snapshots_when_both_are_ready(alice, bob, paired, catalogue):
    answer(
        alice, catalogue, kissing="yes", negotiation_talk="yes", spanking__give="yes", paddling__receive="yes"
    )
    answer(
        bob,
        catalogue,
        kissing="yes",
        negotiation_talk="maybe",
        spanking__receive="yes",
        paddling__receive="yes",
    )
    press_ready(alice, paired)
    answer(alice, catalogue, kissing="no")  # after ready: not part of this round

    press_ready(bob, paired)

    assert Round.objects.get().revealed is not None
    assert matched_names(alice, paired) == matched_names(bob, paired) == ["Kissing", "Spanking"]
    assert chips(alice, paired) == {"Kissing": "Together", "Spanking": "You → your partner"}
    assert chips(bob, paired) == {"Kissing": "Together", "Spanking": "Your partner → you"}


def chips(client, pairing: str, number: int = 1) -> dict[str, str]:
    html = client.get(f"{pairing}rounds/{number}/").content.decode()
    return dict(re.findall(r'<h3>([^<]+)</h3>\s*<span class="chip chip-\w+">([^<]+)</span>', html))


def test_the_chips_name_the_partner_by_their_display_name(alice, bob, paired, catalogue):
    alice.post("/me/name/", {"display_name": "Sam"})
    bob.post("/me/name/", {"display_name": "Robin"})
    answer(alice, catalogue, spanking__give="yes", paddling__receive="yes")
    answer(bob, catalogue, spanking__receive="yes", paddling__give="yes")
    both_ready(paired, alice, bob)

    assert chips(alice, paired) == {"Spanking": "You → Robin", "Paddling": "Robin → you"}
    assert chips(bob, paired) == {"Spanking": "Sam → you", "Paddling": "You → Sam"}


def test_an_activity_both_want_both_ways_is_one_card(alice, bob, paired, catalogue):
    answer(alice, catalogue, kissing="yes", spanking__give="yes", spanking__receive="yes")
    answer(bob, catalogue, kissing="yes", spanking__give="yes", spanking__receive="yes")
    both_ready(paired, alice, bob)

    html = alice.get(f"{paired}rounds/1/").content.decode()

    assert matched_names(alice, paired) == ["Kissing", "Spanking"]
    assert html.count('<li class="match card">') == 2
    assert chips(alice, paired) == chips(bob, paired) == {"Kissing": "Together", "Spanking": "Both ways"}
    assert "2 shared yeses" in html
    assert "2 shared yeses" in alice.get(paired).content.decode()  # the history counts cards too
    assert "Who would like to go first" in html and "What would make this feel good for both of you?" in html
    assert '<details class="about">' in html and "About Spanking." in html
    exported = alice.get(f"{paired}rounds/1/export.json").json()["matches"]
    assert [(row["activity"], row["direction"]) for row in exported] == [
        ("Kissing", "Together"),
        ("Spanking", "Both ways"),
    ]
    assert exported[1]["your_wording"] == "I'd like to spank my partner; I'd like my partner to spank me"


def test_edits_after_the_reveal_never_change_it(alice, bob, paired, catalogue):
    answer(alice, catalogue, kissing="yes")
    answer(bob, catalogue, kissing="yes")
    both_ready(paired, alice, bob)

    answer(alice, catalogue, kissing="no", negotiation_talk="yes")
    answer(bob, catalogue, negotiation_talk="yes")

    assert matched_names(alice, paired) == ["Kissing"]


def test_comparing_again_is_a_new_round_with_history_and_what_is_new(alice, bob, paired, catalogue):
    answer(alice, catalogue, kissing="yes")
    answer(bob, catalogue, kissing="yes")
    both_ready(paired, alice, bob)
    answer(alice, catalogue, negotiation_talk="yes")
    answer(bob, catalogue, negotiation_talk="yes")

    assert state_of(alice, paired) == "Compare again"
    press_ready(bob, paired)
    assert Round.objects.get(number=2).revealed is None
    press_ready(alice, paired)

    assert matched_names(alice, paired, 2) == ["Negotiation talk", "Kissing"]  # what is new comes first
    html = alice.get(f"{paired}rounds/2/").content.decode()
    new_group = html.split('<h2 id="m-new">New this time</h2>', 1)[1].split("</section>", 1)[0]
    assert "<h3>Negotiation talk</h3>" in new_group and "Kissing" not in new_group
    assert '<p class="match-category-name">Talk</p>' in new_group
    assert "2 shared yeses</strong> · 1 new since comparison 1" in html
    assert (
        "Answers can change between comparisons; anything not here simply isn’t a shared yes right now."
        in html
    )
    first = alice.get(f"{paired}rounds/1/").content.decode()
    assert "New this time" not in first and "Answers can change" not in first
    page = alice.get(paired).content.decode()
    assert page.index("Comparison 2,") < page.index("Comparison 1,")
    assert "2 shared yeses, 1 new since the one before" in page
    assert "1 shared yes\n" in page


def test_a_match_that_vanished_is_not_a_mystery(alice, bob, paired, catalogue):
    answer(alice, catalogue, kissing="yes", negotiation_talk="yes")
    answer(bob, catalogue, kissing="yes", negotiation_talk="yes")
    both_ready(paired, alice, bob)
    answer(bob, catalogue, kissing="no")
    both_ready(paired, alice, bob)

    html = alice.get(f"{paired}rounds/2/").content.decode()

    assert matched_names(alice, paired, 2) == ["Negotiation talk"]
    assert "New this time" not in html
    assert "0 new since comparison 1" in html
    assert "anything not here simply isn’t a shared yes right now" in html


def test_a_round_is_not_shown_before_it_is_revealed(alice, bob, paired, catalogue):
    press_ready(alice, paired)

    assert alice.get(f"{paired}rounds/1/").status_code == 404
    assert bob.get(f"{paired}rounds/1/export.json").status_code == 404


def test_nothing_matched_is_said_kindly(alice, bob, paired, catalogue):
    answer(alice, catalogue, kissing="yes")
    answer(bob, catalogue, kissing="no")
    both_ready(paired, alice, bob)

    html = bob.get(f"{paired}rounds/1/").content.decode()

    assert "No shared yes this time" in html
    assert "says nothing about anything else either of you answered" in html
    assert "Kissing" not in html
    assert "export.json" not in html and "export.csv" not in html and "Print" not in html  # nothing to save
    assert 'href="/glossary/safeword/"' in html


def test_the_comparison_page_has_talk_prompts_and_exports_for_both(alice, bob, paired, catalogue):
    answer(alice, catalogue, spanking__receive="yes")
    answer(bob, catalogue, spanking__give="yes")
    both_ready(paired, alice, bob)

    html = alice.get(f"{paired}rounds/1/").content.decode()
    assert "Talk it through" in html
    for term in ("hard-limit", "safeword", "check-in", "aftercare", "negotiation"):
        assert f'href="/glossary/{term}/"' in html
    assert "What would you like them to know before they start?" in html
    assert "data-print hidden>Print / Save as PDF</button>" in html
    assert "export.json" in html and "export.csv" in html
    alice_json = alice.get(f"{paired}rounds/1/export.json").json()["matches"]
    bob_csv = bob.get(f"{paired}rounds/1/export.csv").content.decode()
    assert [(m["activity"], m["direction"]) for m in alice_json] == [("Spanking", "Your partner → you")]
    wordings = "I'd like to spank my partner,I'd like my partner to spank me"
    assert f"Spanking,Impact,You → your partner,{wordings}" in bob_csv


def test_together_rows_in_the_exports_have_every_column_filled(alice, bob, paired, catalogue):
    answer(alice, catalogue, kissing="yes")
    answer(bob, catalogue, kissing="yes")
    both_ready(paired, alice, bob)

    (row,) = alice.get(f"{paired}rounds/1/export.json").json()["matches"]

    assert row["direction"] == "Together"
    assert row["your_wording"] == row["partner_wording"] == "Kissing"
    assert all(str(value) for value in row.values())


def test_saturation_guard_warns_the_partner_of_someone_who_said_yes_to_everything(
    alice, bob, paired, catalogue
):
    answer(alice, catalogue, kissing="yes", negotiation_talk="no", spanking__give="yes", paddling__give="no")
    yes_to_everything(bob)
    both_ready(paired, bob, alice)

    assert Round.objects.get().revealed is None
    alice_html = alice.get(paired).content.decode()
    assert "Your partner said yes to almost everything on the checklist" in alice_html
    assert state_of(bob, paired) == "Waiting for your partner"
    assert "almost everything" not in bob.get(paired).content.decode()
    assert bob.get(f"{paired}rounds/1/").status_code == 404
    assert bob.post(f"{paired}reveal-anyway/").status_code == 409

    assert reveal_anyway(alice, paired).status_code == 303

    assert Round.objects.get().revealed is not None
    assert matched_names(bob, paired) == ["Kissing", "Spanking"]


def test_with_no_yes_of_ones_own_the_warning_says_nothing_is_exposed_and_still_asks(
    alice, bob, paired, catalogue
):
    yes_to_everything(bob)
    answer(alice, catalogue, kissing="no")
    both_ready(paired, bob, alice)
    partners_pages = ("/pairings/", paired, "/checklist/")
    while_nothing_exposed = {path: without_csrf(bob.get(path).content.decode()) for path in partners_pages}
    html = alice.get(paired).content.decode()
    assert "but you said yes to nothing in this comparison, so you have nothing exposed" in html
    assert "It is still your choice: reveal anyway, or cancel this comparison." in html
    assert "Waiting for your partner" in while_nothing_exposed[paired]
    assert ">Reveal anyway</button>" in html and ">Cancel this comparison</button>" in html

    # The other branch: Alice withdraws, says yes to one thing and is ready again.
    assert alice.post(f"{paired}withdraw/").status_code == 303
    answer(alice, catalogue, kissing="yes")
    press_ready(alice, paired)

    html = alice.get(paired).content.decode()
    assert "so revealing this comparison would show them nearly all of your yes answers there" in html
    assert "nothing exposed" not in html
    assert {path: without_csrf(bob.get(path).content.decode()) for path in partners_pages} == (
        while_nothing_exposed
    )


def test_the_warned_partner_may_cancel_the_round(alice, bob, paired, catalogue):
    answer(alice, catalogue, kissing="yes")
    yes_to_everything(bob)
    both_ready(paired, alice, bob)

    assert bob.post(f"{paired}cancel/").status_code == 409
    alice.post(f"{paired}cancel/")

    current = Round.objects.get()
    assert current.cancelled is not None and current.revealed is None
    assert bob.get(f"{paired}rounds/1/").status_code == 404
    assert (
        "Comparison 1, " in bob.get(paired).content.decode()
        and "cancelled" in bob.get(paired).content.decode()
    )
    assert state_of(bob, paired) == "Compare again"


def test_the_guard_cannot_be_used_to_probe_a_partners_answers(alice, bob, paired, catalogue):
    # Bob says Yes to one thing. Alice answers only No to it and asks to compare: whether she is warned
    # must not depend on what Bob answered there, or she could test his answers one by one.
    answer(bob, catalogue, kissing="yes")
    press_ready(bob, paired)
    answer(alice, catalogue, kissing="no")

    press_ready(alice, paired)

    assert "almost everything" not in alice.get(paired).content.decode()
    assert Round.objects.get().revealed is not None
    assert matched_names(alice, paired) == []


def test_answers_to_sides_no_longer_offered_are_never_revealed(alice, bob, paired, catalogue):
    answer(alice, catalogue, spanking__give="yes")
    answer(bob, catalogue, spanking__receive="yes")
    # An admin makes spanking something done together, in a way that skips the model's clean-up (as a
    # bulk update would), or another process saves a tap against its minute-old catalogue.
    Activity.objects.filter(pk=catalogue["spanking"].pk).update(kind="shared")
    forget_catalogue()  # a minute later, as every process will have

    both_ready(paired, alice, bob)

    assert Round.objects.get().revealed is not None
    assert matched_names(alice, paired) == matched_names(bob, paired) == []
    assert Snapshot.objects.filter(yes=[]).count() == 2


def test_a_round_revealed_before_an_activity_lost_a_side_stops_showing_it(alice, bob, paired, catalogue):
    answer(alice, catalogue, spanking__give="yes", kissing="yes")
    answer(bob, catalogue, spanking__receive="yes", kissing="yes")
    both_ready(paired, alice, bob)
    assert matched_names(bob, paired) == ["Kissing", "Spanking"]

    operations.change_kind(catalogue["spanking"], "shared")

    assert matched_names(alice, paired) == matched_names(bob, paired) == ["Kissing"]
    assert "1 shared yes" in bob.get(paired).content.decode()
    export = bob.get(f"{paired}rounds/1/export.csv")
    assert export.status_code == 200
    assert "Kissing" in export.content.decode() and "Spanking" not in export.content.decode()


def test_ending_a_pairing_deletes_its_rounds_for_both(alice, bob, paired, catalogue):
    answer(alice, catalogue, kissing="yes")
    both_ready(paired, alice, bob)

    assert "End the pairing with" in bob.get(f"{paired}end/").content.decode()
    response = bob.post(f"{paired}end/")

    assert response.status_code == 303
    assert Pairing.objects.count() == Round.objects.count() == Snapshot.objects.count() == 0
    assert alice.get(paired).status_code == 410  # "This pairing ended", to a former member alone
    assert participant_of(alice).ratings.filter(answer="yes").count() == 1


def test_several_pairings_are_separate_and_labelled(alice, bob, charlie, catalogue):
    from tests.helpers import invite_link

    bob.post(invite_link(alice))
    charlie.post(invite_link(alice))
    bob.post("/me/name/", {"display_name": "Robin"})

    html = alice.get("/pairings/").content.decode()
    pairings = list(Pairing.objects.order_by("created"))
    today = date_format(timezone.localdate(), "j M Y")
    assert f'<a href="/pairings/{pairings[0].public_id}/">Robin</a>' in html
    assert f'<a href="/pairings/{pairings[1].public_id}/">Your partner since {today}</a>' in html
    press_ready(alice, f"/pairings/{pairings[0].public_id}/")
    assert state_of(charlie, f"/pairings/{pairings[1].public_id}/") == "Ready to compare?"


def test_an_unnamed_partner_has_the_same_label_on_every_page(alice, bob, charlie, catalogue):
    from tests.helpers import both_ready, invite_link

    bob.post(invite_link(alice))
    charlie.post(invite_link(alice))
    first, second = Pairing.objects.order_by("created", "pk")
    Pairing.objects.filter(pk=first.pk).update(created=datetime(2025, 3, 1, tzinfo=UTC))
    Pairing.objects.filter(pk=second.pk).update(created=datetime(2025, 12, 3, tzinfo=UTC))
    second = f"/pairings/{second.public_id}/"
    both_ready(second, alice, charlie)

    for page in (second, f"{second}rounds/1/", f"{second}end/", "/pairings/", "/checklist/"):
        html = alice.get(page).content.decode()
        assert re.search(r"[Yy]our partner since 3 Dec 2025", html), page
        assert "Partner 1" not in html and "Partner 2" not in html, page
        assert "since 1 Mar 2025" not in html or page in ("/pairings/", "/checklist/"), page
    html = alice.get(f"{second}rounds/1/").content.decode()
    assert f'<li><a href="{second}">Your partner since 3 Dec 2025</a></li>' in html  # the breadcrumb


def test_deleting_everything_removes_pairings_for_the_partner_too(alice, bob, paired, catalogue):
    press_ready(alice, paired)

    bob.post("/me/delete/")

    assert Pairing.objects.count() == Round.objects.count() == Snapshot.objects.count() == 0
    assert alice.get(paired).status_code == 410


@pytest.mark.parametrize("prefix", ["", "/de", "/es"])
def test_pages_run_a_constant_number_of_queries(
    alice, bob, paired, catalogue, django_assert_max_num_queries, prefix
):
    answer(alice, catalogue, kissing="yes", spanking__give="yes")
    answer(bob, catalogue, kissing="yes", spanking__receive="yes")
    for _ in range(4):
        press_ready(alice, paired)
        press_ready(bob, paired)
    ActivityTranslation.objects.create(activity=catalogue["kissing"], language="de", name="Küssen")
    ActivityTranslation.objects.create(activity=catalogue["kissing"], language="es", name="Besos")
    read_catalogue(prefix.strip("/") or None)  # in memory, as after the first page in that language

    for url in (paired, f"{paired}rounds/4/", "/pairings/", f"{paired}rounds/4/export.csv"):
        with django_assert_max_num_queries(8):
            assert alice.get(f"{prefix}{url}").status_code == 200


def test_the_guard_sees_yes_to_every_shared_and_receive_side(alice, bob, paired, catalogue):
    answer(alice, catalogue, kissing="yes", spanking__give="yes", paddling__give="yes")
    answer(
        bob,
        catalogue,
        kissing="yes",
        negotiation_talk="yes",
        spanking__receive="yes",
        paddling__receive="yes",
    )
    both_ready(paired, alice, bob)

    assert "almost everything on the checklist" in alice.get(paired).content.decode()
    assert Round.objects.get().revealed is None


def test_the_guard_counts_yes_answers_spread_over_rounds(alice, bob, paired, catalogue):
    answer(alice, catalogue, kissing="yes", spanking__give="yes", paddling__receive="yes")
    answer(bob, catalogue, kissing="yes", spanking__receive="yes")
    both_ready(paired, alice, bob)
    assert Round.objects.get().revealed is not None  # 2 of 4 in the larger half: no warning

    answer(
        bob, catalogue, kissing="no", spanking__receive="no", negotiation_talk="yes", paddling__receive="yes"
    )
    both_ready(paired, alice, bob)

    assert "almost everything on the checklist" in alice.get(paired).content.decode()


def test_a_decision_to_reveal_anyway_holds_only_for_the_answers_it_was_shown(alice, bob, paired, catalogue):
    yes_to_everything(bob)
    both_ready(paired, alice, bob)
    page_alice_read = alice.get(paired).content.decode()
    bob.post(f"{paired}withdraw/")
    both_ready(paired, bob)  # Bob locks in again while Alice's warning stays open

    stale = re.search(r'name="about" value="([^"]+)"', page_alice_read).group(1)
    response = alice.post(f"{paired}reveal-anyway/", {"about": stale})

    assert response.status_code == 409
    assert "Your partner pressed Ready again after this page was shown" in response.content.decode()
    assert Round.objects.get().revealed is None
    assert alice.post(f"{paired}reveal-anyway/").status_code == 409  # no token, no reveal
    assert Round.objects.get().revealed is None
    assert reveal_anyway(alice, paired).status_code == 303  # decided on the page as it is now
    assert Round.objects.get().revealed is not None


def test_withdrawing_clears_the_other_partners_decision(alice, bob, paired, catalogue):
    yes_to_everything(alice)
    yes_to_everything(bob)
    both_ready(paired, alice, bob)
    reveal_anyway(bob, paired)

    alice.post(f"{paired}withdraw/")

    assert list(Snapshot.objects.values_list("reveals_anyway", flat=True)) == [False]


def test_titles_never_name_the_partner(alice, bob, paired, catalogue):
    alice.post("/me/name/", {"display_name": "Sam"})
    bob.post("/me/name/", {"display_name": "Robin"})
    answer(alice, catalogue, kissing="yes")
    answer(bob, catalogue, kissing="yes")
    both_ready(paired, alice, bob)

    for client, partner in ((alice, "Robin"), (bob, "Sam")):
        for url in (paired, f"{paired}rounds/1/"):
            html = client.get(url).content.decode()
            title = re.search(r"<title>([^<]*)</title>", html).group(1)
            assert partner in html.split("</title>", 1)[1], url  # named on the page itself
            assert partner not in title, (url, title)


def test_compare_again_is_highlighted_when_your_own_answers_changed(alice, bob, paired, catalogue):
    answer(alice, catalogue, kissing="yes")
    answer(bob, catalogue, kissing="yes")
    both_ready(paired, alice, bob)
    unchanged = alice.get(paired).content.decode()
    assert "Your answers have changed" not in unchanged
    assert '<button class="button" type="submit">Ready to compare</button>' in unchanged

    answer(alice, catalogue, spanking__give="yes")

    html = alice.get(paired).content.decode()
    assert state_of(alice, paired) == "Compare again"
    assert "Your answers have changed since your last comparison." in html
    assert '<button class="button button-primary" type="submit">Ready to compare</button>' in html
    answer(alice, catalogue, spanking__give="no")  # back to the answers compared: nothing changed
    assert "Your answers have changed" not in alice.get(paired).content.decode()


def test_answers_other_than_yes_do_not_count_as_a_change(alice, bob, paired, catalogue):
    answer(alice, catalogue, kissing="yes")
    both_ready(paired, alice, bob)

    answer(alice, catalogue, negotiation_talk="maybe", paddling__receive="no")

    assert "Your answers have changed" not in alice.get(paired).content.decode()
