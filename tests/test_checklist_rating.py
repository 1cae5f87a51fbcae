from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from django.test import Client

from checklist.models import Rating
from tests.helpers import answer, answers_of, field, participant_of, without_csrf

pytestmark = pytest.mark.django_db


def test_each_rating_is_a_fieldset_with_a_legend_and_three_labelled_radios(alice, catalogue):
    html = (
        alice.get("/checklist/").content.decode() + alice.get("/checklist/?category=impact").content.decode()
    )

    spanking_give = field(catalogue["spanking"], "give")
    block = re.search(rf'<fieldset id="f-{spanking_give}".*?</fieldset>', html, re.S).group(0)
    legend = unescape(re.sub(r"<[^>]+>", "", re.search(r"<legend>(.*?)</legend>", block, re.S).group(1)))
    assert legend == "Spanking — I'd like to spank my partner"
    labels = re.findall(
        rf'<input type="radio" name="{spanking_give}" value="(\w+)"><span>(\w+)</span>', block
    )
    assert labels == [("yes", "Yes"), ("maybe", "Maybe"), ("no", "No")]
    receive = field(catalogue["spanking"], "receive")
    assert "I&#x27;d like my partner to spank me" in html
    assert f'id="f-{receive}"' in html
    kissing = re.search(rf'<fieldset id="f-{field(catalogue["kissing"])}".*?</fieldset>', html, re.S).group(0)
    assert re.sub(r"<[^>]+>", "", re.search(r"<legend>(.*?)</legend>", kissing, re.S).group(1)) == "Kissing"


def test_the_page_shows_descriptions_risk_and_published_glossary_links(alice, catalogue):
    html = (
        alice.get("/checklist/").content.decode() + alice.get("/checklist/?category=impact").content.decode()
    )

    assert "About Spanking." in html
    assert "Low risk" in html
    assert '<a href="/glossary/impact-play/">Impact play</a>' in html
    assert "Unfinished term" not in html


def test_categories_have_headings_a_jump_menu_and_progress(alice, catalogue):
    alice.post("/checklist/", {field(catalogue["kissing"]): "yes"})

    html = alice.get("/checklist/").content.decode()

    assert '<h2 id="h-talk">Talk</h2>' in html
    assert (
        '<button type="submit" form="cf-talk" name="next" value="talk">'
        'Talk <span id="jc-talk" class="muted">1/2</span></button>'
    ) in html
    assert "<strong>1 of 6</strong> answered" in html
    assert '<progress id="progress-bar" max="6" value="1">' in html
    assert "1 of 2 answered" in html  # the open section counts its own progress, under its intro
    assert '<p class="intro">Talking first.</p>' in html
    assert "Impact play." not in html  # a closed section's intro comes with its questions
    assert '<span id="jc-impact" class="muted">0/4</span>' in html  # a closed one in the section links
    assert "0 of 4 answered" in alice.get("/checklist/?category=impact").content.decode()


def test_one_tap_with_htmx_saves_and_returns_only_fragments(alice, catalogue):
    name = field(catalogue["spanking"], "give")

    response = alice.post("/checklist/", {name: "yes", "category": "impact"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert answers_of(alice) == {("spanking", "give"): "yes"}
    assert "<html" not in html
    assert f'<fieldset id="f-{name}" class="rate saved" data-hx-swap-oob="true">' in html
    assert f'name="{name}" value="yes" checked' in html
    assert '<div id="progress" class="progress-box" data-hx-swap-oob="true">' in html
    assert "<strong>1 of 6</strong> answered" in html
    assert '<p id="cp-impact" class="cat-progress" data-hx-swap-oob="true">' in html
    assert "1 of 4 answered" in html
    assert "Saved: Spanking — I&#x27;d like to spank my partner: Yes." in html


def test_a_saves_progress_follows_checklist_order_and_ignores_sides_no_longer_offered(alice, catalogue):
    kissing = catalogue["kissing"]
    # Left from a time when kissing had a giving and a receiving side.
    Rating.objects.create(participant=participant_of(alice), activity=kissing, side="give", answer="yes")

    response = alice.post("/checklist/", {field(kissing): "yes"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert "<strong>1 of 6</strong> answered" in html
    assert "1 of 2 answered" in html
    talk = field(catalogue["negotiation-talk"])
    next_link = f'<a class="next-link" href="?category=talk#f-{talk}">Next unanswered: Negotiation talk</a>'
    assert next_link in html


def test_posting_a_whole_category_saves_only_what_changed(alice, catalogue):
    kissing, talk = field(catalogue["kissing"]), field(catalogue["negotiation-talk"])
    alice.post("/checklist/", {kissing: "yes"})

    response = alice.post("/checklist/", {kissing: "yes", talk: "maybe"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert f'id="f-{talk}"' in html
    assert f'id="f-{kissing}"' not in html  # unchanged, so not swapped
    assert answers_of(alice) == {("kissing", "shared"): "yes", ("negotiation-talk", "shared"): "maybe"}


def test_without_javascript_the_category_save_button_returns_to_the_same_place(alice, catalogue):
    spanking = catalogue["spanking"]
    response = alice.post(
        "/checklist/",
        {field(spanking, "give"): "no", field(spanking, "receive"): "maybe", "category": "impact"},
    )

    assert response.status_code == 303
    assert response["Location"] == "/checklist/?category=impact#c-impact"
    assert answers_of(alice) == {("spanking", "give"): "no", ("spanking", "receive"): "maybe"}
    assert 'value="no" checked' in alice.get(response["Location"]).content.decode()


def test_an_answer_can_be_changed_and_cleared(alice, catalogue):
    kissing = field(catalogue["kissing"])
    alice.post("/checklist/", {kissing: "yes"})
    alice.post("/checklist/", {kissing: "no"})
    assert answers_of(alice) == {("kissing", "shared"): "no"}

    response = alice.post("/checklist/", {kissing: "no", "clear": kissing}, headers={"HX-Request": "true"})

    assert answers_of(alice) == {}
    html = response.content.decode()
    assert "checked" not in html.split("</fieldset>")[0]
    assert "Saved: Kissing: cleared." in html


def test_a_clear_button_appears_only_for_answered_ratings(alice, catalogue):
    kissing = field(catalogue["kissing"])
    alice.post("/checklist/", {kissing: "yes"})

    html = alice.get("/checklist/").content.decode()

    assert html.count('name="clear"') == 1
    assert f'name="clear" value="{kissing}"' in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"r999999s": "yes"}, "not on the checklist"),
        ({"rXs": "yes"}, "not on the checklist"),
        ({"clear": "r1"}, "not on the checklist"),
        ({"KISSING": "maybe", "BAD": "definitely"}, "only be Yes, Maybe or No"),
        ({"SPANKING_SHARED": "yes"}, "not on the checklist"),
        ({"KISSING_GIVE": "yes"}, "not on the checklist"),
    ],
)
def test_bad_input_gets_a_400_with_a_message_and_changes_nothing(alice, catalogue, data, message):
    kissing = field(catalogue["kissing"])
    alice.post("/checklist/", {kissing: "yes"})
    replacements = {
        "KISSING": kissing,
        "BAD": field(catalogue["negotiation-talk"]),
        "SPANKING_SHARED": field(catalogue["spanking"], "shared"),
        "KISSING_GIVE": field(catalogue["kissing"], "give"),
    }
    data = {replacements.get(key, key): value for key, value in data.items()}

    for headers in ({}, {"HX-Request": "true"}):
        response = alice.post("/checklist/", data, headers=headers)
        assert response.status_code == 400
        assert message in response.content.decode()
        assert "Nothing you saved before was changed." in response.content.decode()
    assert answers_of(alice) == {("kissing", "shared"): "yes"}


def test_a_save_without_a_checklist_in_this_browser_is_refused(client, catalogue):
    response = client.post("/checklist/", {field(catalogue["kissing"]): "yes"})

    assert response.status_code == 403
    assert "There is no checklist in this browser" in response.content.decode()
    assert Rating.objects.count() == 0


def test_to_htmx_a_save_without_a_checklist_is_refused_with_only_its_message(client, catalogue):
    response = client.post(
        "/checklist/", {field(catalogue["kissing"]): "yes"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 403
    assert response.content.decode().strip() == (
        '<p class="error">There is no checklist in this browser any more: your session may have ended, '
        "or the checklist was opened in another browser. Nothing you saved before was changed. Reload the "
        "page to get back in.</p>"
    )


def test_a_save_without_csrf_token_is_refused(catalogue, person):
    from django.test import Client

    careful = Client(enforce_csrf_checks=True)
    careful.cookies = person().cookies

    response = careful.post("/checklist/", {field(catalogue["kissing"]): "yes"})

    assert response.status_code == 403
    assert "Please reload the page and try again" in response.content.decode()
    assert "CSRF verification" not in response.content.decode()
    assert Rating.objects.count() == 0
    htmx = careful.post("/checklist/", {field(catalogue["kissing"]): "yes"}, headers={"HX-Request": "true"})
    assert htmx.status_code == 403
    assert htmx.content.decode().startswith('<p class="error">This page was open for a long time')
    assert "<nav" not in htmx.content.decode()


def test_one_person_never_sees_or_changes_anothers_answers(alice, bob, catalogue):
    kissing = field(catalogue["kissing"])
    alice.post("/checklist/", {kissing: "yes"})

    bob.post("/checklist/", {kissing: "no"})
    bob.post("/checklist/", {kissing: "no", "clear": kissing})

    assert answers_of(alice) == {("kissing", "shared"): "yes"}
    assert answers_of(bob) == {}
    assert not re.search(r'<input type="radio"[^>]* checked>', bob.get("/checklist/").content.decode())
    assert "yes" not in bob.get("/me/export.csv").content.decode().split("\n", 1)[1]


def test_show_unanswered_only_and_next_unanswered(alice, catalogue):
    kissing, talk = field(catalogue["kissing"]), field(catalogue["negotiation-talk"])
    alice.post("/checklist/", {kissing: "yes"})

    everything = alice.get("/checklist/").content.decode()
    unanswered = alice.get("/checklist/?show=unanswered").content.decode()

    # On the page it is a button of the open section's form, so leaving for it saves that section first
    # (without JavaScript too); in a save's answer, the answers are saved already and a link will do.
    next_button = (
        '<button class="next-link" type="submit" form="cf-talk" name="next" value="talk">'
        "Next unanswered: Negotiation talk</button>"
    )
    assert next_button in everything
    response = alice.post("/checklist/", {talk: "maybe", "category": "talk", "next": "talk"})
    assert response["Location"] == "/checklist/?category=talk#c-talk"
    assert answers_of(alice)[("negotiation-talk", "shared")] == "maybe"
    alice.post("/checklist/", {"clear": talk})
    assert f'id="f-{kissing}"' in everything
    assert f'id="f-{kissing}"' not in unanswered
    assert f'id="f-{talk}"' in unanswered
    assert '<input type="hidden" name="show" value="unanswered">' in unanswered
    response = alice.post("/checklist/", {talk: "no", "category": "talk", "show": "unanswered"})
    assert response["Location"] == "/checklist/?category=talk&show=unanswered#c-talk"
    assert "Everything here is answered." in alice.get(response["Location"]).content.decode()


@pytest.mark.parametrize("prefix", ["", "/de", "/es"])
def test_the_page_and_a_save_run_a_constant_number_of_queries(
    catalogue, django_assert_max_num_queries, make_term, prefix
):
    from checklist.models import Activity, ActivityTranslation, Category

    alice = Client()
    alice.post(f"{prefix}/start/")  # in the language she reads it in
    category = Category.objects.get(slug="impact")
    term = make_term()
    for number in range(40):
        extra = Activity.objects.create(
            category=category,
            slug=f"extra-{number}",
            name=f"Extra {number}",
            kind="directional",
            risk="low",
            give_text=f"I'd like to do extra {number} to my partner",
            receive_text=f"I'd like my partner to do extra {number} to me",
        )
        extra.terms.add(term)
        if number % 2:  # half of them translated, the others shown in English
            ActivityTranslation.objects.create(activity=extra, language="de", name=f"Extra {number} (de)")
            ActivityTranslation.objects.create(activity=extra, language="es", name=f"Extra {number} (es)")
        alice.post(f"{prefix}/checklist/", {field(extra, "give"): "yes", field(extra, "receive"): "no"})

    with django_assert_max_num_queries(8):
        alice.get(f"{prefix}/checklist/?category=impact")
    # A save reads the participant under the row lock sealing takes, in a transaction (a write racing a seal
    # must not land): the session, the participant, the answers, the write; the transaction counts twice
    # here, as a savepoint inside the test's own.
    with django_assert_max_num_queries(6):
        alice.post(
            f"{prefix}/checklist/", {field(catalogue["kissing"]): "yes"}, headers={"HX-Request": "true"}
        )
    with django_assert_max_num_queries(6):
        alice.post(
            f"{prefix}/checklist/", {field(catalogue["kissing"]): "yes", "clear": field(catalogue["kissing"])}
        )


def test_saving_notes_when_the_participant_was_last_seen(alice, catalogue, time_machine):
    participant = participant_of(alice)
    later = participant.last_seen + timedelta(days=3)
    time_machine.move_to(later, tick=False)

    alice.post("/checklist/", {field(catalogue["kissing"]): "yes"})

    participant.refresh_from_db()
    assert participant.last_seen == later


def test_the_catalogue_is_remembered_but_edits_show_at_once(alice, catalogue, django_assert_num_queries):
    alice.get("/checklist/")

    with django_assert_num_queries(4):  # session, participant, answers, pairings: the catalogue is in memory
        alice.get("/checklist/")

    catalogue["kissing"].name = "Kissing, renamed"
    catalogue["kissing"].save()
    assert "Kissing, renamed" in alice.get("/checklist/").content.decode()


def test_the_page_holds_one_category_and_loads_the_others_as_fragments(alice, catalogue):
    html = alice.get("/checklist/").content.decode()

    assert 'id="f-' + field(catalogue["kissing"]) + '"' in html
    assert "Spanking" not in html.split('id="c-impact"')[1]
    assert (
        '<div id="cf-impact" class="cat-lazy" data-hx-get="/checklist/?category=impact"'
        ' data-hx-trigger="revealed"' in html
    )
    assert (
        '<button class="button" type="submit" form="cf-talk" name="next" value="impact">'
        "Show the 4 questions</button>"
    ) in html  # two directional activities: two questions each

    fragment = alice.get("/checklist/?category=impact", headers={"HX-Request": "true"})

    assert fragment.status_code == 200
    assert fragment.content.decode().startswith('<form id="cf-impact"')
    assert "<html" not in fragment.content.decode()
    assert "Spanking" in fragment.content.decode()
    assert "no-store" in fragment["Cache-Control"]


def test_without_javascript_a_category_opens_as_its_own_page(alice, catalogue):
    html = alice.get("/checklist/?category=impact").content.decode()

    assert '<form id="cf-impact"' in html
    assert '<div id="cf-talk" class="cat-lazy"' in html


def test_the_checklist_opens_where_one_left_off(alice, catalogue):
    alice.post(
        "/checklist/", {field(catalogue["kissing"]): "yes", field(catalogue["negotiation-talk"]): "no"}
    )

    html = alice.get("/checklist/").content.decode()

    assert '<form id="cf-impact"' in html
    assert '<div id="cf-talk" class="cat-lazy"' in html


def test_an_unknown_category_falls_back_to_where_one_left_off(alice, catalogue):
    response = alice.get("/checklist/?category=nope")

    assert response.status_code == 200
    assert '<form id="cf-talk"' in response.content.decode()


def test_every_count_on_the_checklist_page_counts_questions(alice, catalogue):
    """One unit everywhere: a directional activity is two questions, in the progress, the section links,
    the chooser and the button that shows a section."""
    html = unescape(re.sub(r"<[^>]+>", "", alice.get("/checklist/").content.decode()))
    text = re.sub(r"\s+", " ", html)

    assert "0 of 6 answered" in text  # 2 shared + 2 directional
    assert "Talk 0/2" in text
    assert "Impact 0/4" in text
    assert "Talk · 2 questions" in text
    assert "Impact · 4 questions" in text
    assert "Show the 4 questions" in text
    assert not re.search(r"\d+ (activities|to rate)", text)


def test_the_notice_says_how_answers_save_with_and_without_javascript(alice, catalogue):
    html = alice.get("/checklist/").content.decode()

    assert '<span class="js-only">Every tap saves.</span>' in html
    assert '<span class="no-js-only">Press Save at the end of each section.</span>' in html
    assert "Every tap saves. Only" not in html  # never said without its JavaScript-only wrapper


def test_a_long_section_repeats_its_save_button_every_eight_activities(alice, catalogue):
    talk = catalogue["kissing"].category
    for number in range(15):  # 17 activities with the two already there
        talk.activities.create(slug=f"extra-{number}", name=f"Extra {number}", kind="shared", risk="low")

    html = alice.get("/checklist/?category=talk").content.decode()
    form = re.search(r'<form id="cf-talk".*?</form>', html, re.S).group(0)

    rows_then_saves = re.findall(r'<div class="act"|<p class="save-row">.*?</p>', form)
    saves = [at for at, part in enumerate(rows_then_saves) if part.startswith("<p")]
    assert saves == [8, 17, 19]  # after activity 8, after 16, and the section's own at the end
    assert rows_then_saves[8] == (
        '<p class="save-row"><button class="button" type="submit">Save so far</button></p>'
    )
    assert rows_then_saves[-1].endswith("Save talk</button></p>")


def test_without_javascript_going_to_another_section_saves_this_one_first(alice, catalogue):
    kissing = field(catalogue["kissing"])
    html = alice.get("/checklist/").content.decode()
    assert 'form="cf-talk" name="next" value="impact"' in html  # the section link is a button of the form

    response = alice.post("/checklist/", {kissing: "maybe", "category": "talk", "next": "impact"})

    assert response.status_code == 303
    assert response["Location"] == "/checklist/?category=impact#c-impact"
    assert answers_of(alice) == {("kissing", "shared"): "maybe"}
    assert '<form id="cf-impact"' in alice.get(response["Location"]).content.decode()


def test_with_htmx_going_to_another_section_saves_then_loads_it(alice, catalogue):
    kissing = field(catalogue["kissing"])

    response = alice.post(
        "/checklist/",
        {kissing: "yes", "category": "talk", "next": "impact", "show": "unanswered"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == "/checklist/?category=impact&show=unanswered#c-impact"
    assert answers_of(alice) == {("kissing", "shared"): "yes"}


def test_an_unknown_next_section_returns_to_the_saved_one(alice, catalogue):
    kissing = field(catalogue["kissing"])

    response = alice.post("/checklist/", {kissing: "no", "category": "talk", "next": "nowhere"})

    assert response["Location"] == "/checklist/?category=talk#c-talk"
    assert answers_of(alice) == {("kissing", "shared"): "no"}


def test_the_clear_and_saved_line_is_there_before_anything_is_answered(alice, catalogue):
    """Its room is kept from the start, so a save does not push the next question down."""
    kissing = field(catalogue["kissing"])
    html = alice.get("/checklist/").content.decode()

    assert re.search(
        rf'<fieldset id="f-{kissing}" class="rate">.*?'
        r'<div class="rate-foot"><span class="note"></span></div>',
        html,
        re.S,
    )


def test_the_page_is_the_same_when_its_kept_fragments_are_dropped_on_the_way(alice, catalogue, monkeypatch):
    from checklist.templatetags import checklist_fragments

    answer(alice, catalogue, kissing="yes", spanking__give="maybe")
    page = without_csrf(alice.get("/checklist/?category=impact").content.decode())
    monkeypatch.setattr(checklist_fragments, "MOST_KEPT", 1)
    monkeypatch.setattr(checklist_fragments, "_kept", {})

    assert without_csrf(alice.get("/checklist/?category=impact").content.decode()) == page
    assert len(checklist_fragments._kept) == 1
