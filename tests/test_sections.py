"""Choosing sections: leaving whole categories out, and the intense ones that start hidden."""

from __future__ import annotations

import csv
import io
import json

import pytest

from checklist.models import Activity, Category, Round
from tests.helpers import answer, answers_of, both_ready, field, matched_names, participant_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_edge(catalogue):
    """The small checklist plus a section that starts hidden, as edge play does."""
    edge = Category.objects.create(
        slug="edge", name="Edge", intro="Risky play, described honestly.", order=3, starts_hidden=True
    )
    catalogue["fire-play"] = Activity.objects.create(
        category=edge, slug="fire-play", name="Fire play", kind="shared", risk="high", description="Fire."
    )
    return catalogue


def sections_shown(client) -> list[str]:
    """The sections in the page's section links, which list exactly the shown ones."""
    html = client.get("/checklist/").content.decode()
    return [name for name in ("Talk", "Impact", "Edge") if f'id="jc-{name.lower()}"' in html]


def checklist_page(client) -> str:
    return client.get("/checklist/").content.decode()


def test_a_section_that_starts_hidden_is_offered_with_one_line_and_counts_for_nothing(alice, with_edge):
    html = checklist_page(alice)

    assert sections_shown(alice) == ["Talk", "Impact"]
    assert '<h2 id="h-edge">Edge</h2>' in html
    assert "Risky play, described honestly. This section starts hidden" in html
    assert '<button class="button" type="submit">Show edge (1 question)</button>' in html
    assert 'name="r{}s"'.format(with_edge["fire-play"].pk) not in html  # nothing of it to rate
    assert "<strong>0 of 6</strong> answered" in html  # 2 shared + 2 directional, not fire play
    assert 'Sections: 2 of 3 shown <span class="muted">· choose</span>' in html


def test_one_tap_shows_a_section_that_starts_hidden(alice, with_edge):
    response = alice.post("/checklist/sections/", {"add": "edge"})

    assert response.status_code == 303
    assert response["Location"] == "/checklist/?category=edge#c-edge"
    html = alice.get(response["Location"]).content.decode()
    assert f'name="{field(with_edge["fire-play"])}"' in html
    assert "This section starts hidden" not in html
    assert "<strong>0 of 7</strong> answered" in html
    assert participant_of(alice).shown_categories == [Category.objects.get(slug="edge").pk]


def test_someone_who_answered_in_a_section_before_it_started_hidden_keeps_seeing_it(alice, with_edge):
    answer(alice, with_edge, fire_play="maybe")

    html = checklist_page(alice)

    assert sections_shown(alice) == ["Talk", "Impact", "Edge"]
    assert "This section starts hidden" not in html
    assert "<strong>1 of 7</strong> answered" in html


def test_the_chooser_works_without_javascript_and_keeps_every_answer(alice, with_edge):
    answer(alice, with_edge, spanking__give="yes", kissing="no")

    response = alice.post("/checklist/sections/", {"shown": ["talk"]})

    assert response.status_code == 303
    assert response["Location"] == "/checklist/?sections=saved"
    html = alice.get(response["Location"]).content.decode()
    assert "Sections saved: 1 of 3 shown." in html
    assert sections_shown(alice) == ["Talk"]
    assert "Spanking" not in html
    assert "<strong>1 of 2</strong> answered" in html  # Kissing's No, out of Talk's two
    assert "This section starts hidden" in html  # never shown, so still offered with its one line
    assert answers_of(alice) == {("spanking", "give"): "yes", ("kissing", "shared"): "no"}

    alice.post("/checklist/sections/", {"shown": ["talk", "impact"]})

    assert sections_shown(alice) == ["Talk", "Impact"]
    assert "<strong>2 of 6</strong> answered" in checklist_page(alice)


def test_a_section_shown_once_and_then_unticked_is_left_out_without_its_line(alice, with_edge):
    alice.post("/checklist/sections/", {"add": "edge"})
    alice.post("/checklist/sections/", {"shown": ["talk", "impact"]})

    assert sections_shown(alice) == ["Talk", "Impact"]
    assert "This section starts hidden" not in checklist_page(alice)
    assert participant_of(alice).hidden_categories == [Category.objects.get(slug="edge").pk]


def test_the_chooser_lists_every_section_with_what_is_shown_checked(alice, with_edge):
    alice.post("/checklist/sections/", {"shown": ["talk", "edge"]})

    html = checklist_page(alice)

    assert '<input type="checkbox" name="shown" value="talk" checked> <span>Talk' in html
    assert '<input type="checkbox" name="shown" value="impact"> <span>Impact' in html
    assert '<input type="checkbox" name="shown" value="edge" checked> <span>Edge' in html
    assert sections_shown(alice) == ["Talk", "Edge"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"shown": ["talk", "nonsense"]}, "That section is not on the checklist."),
        ({"add": "nonsense"}, "That section is not on the checklist."),
        ({}, "Keep at least one section to rate"),
    ],
)
def test_a_bad_choice_is_refused_with_a_reason_and_changes_nothing(alice, with_edge, data, message):
    alice.post("/checklist/sections/", {"shown": ["talk", "impact"]})

    response = alice.post("/checklist/sections/", data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert sections_shown(alice) == ["Talk", "Impact"]


def test_the_chooser_needs_a_checklist_and_a_post(client, alice, with_edge):
    assert client.post("/checklist/sections/", {"shown": ["talk"]}).status_code == 403
    assert alice.get("/checklist/sections/").status_code == 405


def test_a_left_out_section_is_never_part_of_a_reveal(alice, bob, paired, with_edge):
    answer(alice, with_edge, kissing="yes", spanking__give="yes")
    answer(bob, with_edge, kissing="yes", spanking__receive="yes")
    alice.post("/checklist/sections/", {"shown": ["talk", "edge"]})

    both_ready(paired, alice, bob)

    assert Round.objects.get().revealed is not None
    for client in (alice, bob):
        assert matched_names(client, paired) == ["Kissing"]
        assert "Spanking" not in client.get(f"{paired}rounds/1/export.csv").content.decode()


def test_leaving_a_section_out_applies_from_the_next_ready(alice, bob, paired, with_edge):
    answer(alice, with_edge, kissing="yes", spanking__give="yes")
    answer(bob, with_edge, kissing="yes", spanking__receive="yes")
    both_ready(paired, alice)  # Alice's Yes answers are committed as they stood

    alice.post("/checklist/sections/", {"shown": ["talk"]})
    both_ready(paired, bob)
    assert matched_names(alice, paired, 1) == ["Kissing", "Spanking"]

    both_ready(paired, alice, bob)
    assert matched_names(alice, paired, 2) == ["Kissing"]


def test_the_saturation_guard_measures_against_the_whole_checklist(alice, bob, paired, with_edge):
    """Leaving sections out neither hides a Yes-to-everything nor makes a modest list look like one."""
    from checklist.models import Snapshot

    answer(alice, with_edge, kissing="yes", negotiation_talk="yes")
    alice.post("/checklist/sections/", {"shown": ["talk"]})
    both_ready(paired, alice)

    # Two shared Yes answers against half the whole checklist (3 shared + 2 directional activities), not
    # against the two activities of the one section shown, which would read as a Yes to everything.
    assert Snapshot.objects.get().saturation == pytest.approx(2 / 5)


def test_the_export_says_which_sections_are_left_out(alice, with_edge):
    answer(alice, with_edge, spanking__give="yes", kissing="no")
    alice.post("/checklist/sections/", {"shown": ["talk"]})

    exported = json.loads(alice.get("/me/export.json").content)
    rows = list(csv.DictReader(io.StringIO(alice.get("/me/export.csv").content.decode())))

    assert exported["categories_left_out"] == ["Impact", "Edge"]
    assert {row["activity"]: row["category_left_out"] for row in exported["answers"]} == {
        "Kissing": "no",
        "Spanking": "yes",
    }
    assert {row["activity"]: row["category_left_out"] for row in rows} == {"Kissing": "no", "Spanking": "yes"}
