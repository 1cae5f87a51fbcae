"""A person seals their checklist and keeps using it: their answers survive sealing, taps save encrypted in
bursts, another device opens them only with the key in the resume link, and a browser without it is told
why. What the server holds afterwards is checked in tests/test_sealed.py."""

from __future__ import annotations

import random
import re

from django.db import transaction
from playwright.sync_api import Page, expect

from checklist import operations
from checklist.models import Activity, AnswerChange, Participant, Rating, SealedBlob
from tests.helpers import readable_in_storage

from .helpers import DESKTOP, axe_violations, group, start


def rate_a_little(page: Page) -> None:
    group(page, "Negotiation talk before play").get_by_label("Yes", exact=True).check()
    group(page, "Agreeing a safeword").get_by_label("No", exact=True).check()
    expect(page.locator("#save-status")).to_contain_text("Saved")


def opened(page: Page) -> None:
    expect(page.locator("[data-sheet-body]")).to_be_visible()


def answer_of(page: Page, legend: str) -> str | None:
    checked = group(page, legend).locator("input:checked")
    return checked.get_attribute("value") if checked.count() else None


def test_sealing_keeps_the_answers_and_only_a_browser_with_the_key_opens_them(
    open_page, content_to_edit, log_lines
):
    page = open_page()
    start(page)
    rate_a_little(page)

    page.goto("/me/seal/")
    assert axe_violations(page) == []
    page.get_by_label("I understand that if I lose this browser").check()
    page.get_by_role("button", name="Seal my checklist").click()
    link = page.get_by_label("Resume link with your key")
    expect(link).to_have_value(re.compile(r"/resume/[\w-]+/#k=[\w-]{43}$"))
    resume = link.input_value()
    assert not Rating.objects.exists()  # the readable copy is gone

    page.clock.install()  # the save waits for a quiet moment: the test decides when time passes
    page.goto("/checklist/")
    opened(page)
    assert answer_of(page, "Negotiation talk before play") == "yes"
    assert answer_of(page, "Agreeing a safeword") == "no"
    expect(page.locator("[data-overall]")).to_have_text(re.compile(r"^2 of \d+$"))

    # A burst of taps is one encrypted save, so the server's logs count bursts, never answers.
    saves = []

    def note_save(request) -> None:
        if "/sealed/blobs/answers/" in request.url:
            saves.append(request.method)

    page.on("request", note_save)
    group(page, "A check-in before play").get_by_label("Maybe", exact=True).check()
    group(page, "Check-ins during play").get_by_label("Yes", exact=True).check()
    group(page, "Agreeing a safeword").get_by_role("button", name=re.compile("^Clear")).click()
    page.clock.run_for(1000)
    expect(page.locator("[data-sheet-status]")).to_have_text("Saving…")
    assert saves == []  # each tap starts the wait again
    page.clock.run_for(600)
    expect(page.locator("[data-sheet-status]")).to_have_text("Saved.")
    assert saves == ["PUT"]
    expect(page.locator("[data-overall]")).to_have_text(re.compile(r"^3 of \d+$"))

    # Leaving a section out is kept too, encrypted.
    page.locator("#sections summary").click()
    page.get_by_role("checkbox", name=re.compile("^Toys")).uncheck()
    page.get_by_role("button", name="Save sections").click()
    expect(page.locator("[data-sheet-status]")).to_contain_text("Sections saved")
    expect(page.locator("#c-toys")).to_be_hidden()

    page.reload()
    opened(page)
    assert answer_of(page, "A check-in before play") == "maybe"
    assert answer_of(page, "Agreeing a safeword") is None
    expect(page.locator("#c-toys")).to_be_hidden()
    assert axe_violations(page) == []

    # Another device opens them with the resume link; the key leaves the address bar at once.
    other = open_page(viewport=DESKTOP, color_scheme="dark")
    other.goto(resume)
    assert "#" not in other.url
    other.get_by_role("button", name="Open my checklist").click()
    opened(other)
    assert answer_of(other, "Check-ins during play") == "yes"
    other.goto("/me/print/")
    opened(other)
    expect(other.locator("tr:visible", has_text="A check-in before play")).to_contain_text("Maybe")
    expect(other.locator("tr:visible", has_text="Agreeing a safeword")).to_have_count(0)

    # Without the key, the same checklist cannot be opened, and the page says why and what to do.
    keyless = open_page()
    keyless.goto(resume.split("#")[0])
    keyless.get_by_role("button", name="Open my checklist").click()
    expect(keyless.locator("[data-no-key]")).to_be_visible()
    expect(keyless.locator("[data-sheet-body]")).to_be_hidden()

    # A content change reaches the sealed answers through the browser, by the server's rules: a shared
    # Yes becomes a Maybe on each side, marked for review until the person answers again.
    operations.change_kind(
        Activity.objects.get(slug="negotiation-talk"), "directional", "I'd like to lead the talk", "Lead it"
    )
    other.goto("/checklist/")
    opened(other)
    assert answer_of(other, "Negotiation talk before play — I'd like to lead the talk") == "maybe"
    talk = other.locator("#a-negotiation-talk")
    expect(talk.locator(".review-note")).to_have_count(2)
    group(other, "Negotiation talk before play — Lead it").get_by_label("Yes", exact=True).check()
    expect(talk.locator(".review-note")).to_have_count(0)
    expect(other.locator("[data-sheet-status]")).to_have_text("Saved.")
    other.reload()
    opened(other)
    assert answer_of(other, "Negotiation talk before play — Lead it") == "yes"
    expect(talk.locator(".review-note")).to_have_count(0)

    blobs = SealedBlob.objects.filter(participant=Participant.objects.get())
    assert {blob.name for blob in blobs} == {"answers", "sections", "keyring"}
    # Nothing stored, logged or cached since says what was answered, or which sections were left out.
    assert readable_in_storage(Activity.objects.select_related("category"), log_lines()) == []


def test_a_sealed_browser_remaps_answers_through_content_changes_exactly_as_the_server_does(open_page):
    """The same random answers, plain on the server and sealed in a browser, through the same merges and
    changes of kind: both end with the same answers and the same activities to review."""
    page = open_page()
    page.goto("/")
    slugs = [
        "holding-hands",
        "cuddling",
        "blankets-and-water",
        "holding-after-play",
        "spooning",
        "making-out",
    ]
    found = {activity.slug: activity for activity in Activity.objects.filter(slug__in=slugs)}
    hands, cuddling, blankets, holding, spooning, making_out = (found[slug] for slug in slugs)
    touched = [*found.values()]
    chooser = random.Random(13)
    people = []
    with transaction.atomic():
        for _ in range(40):
            person = Participant.objects.create()
            answers = {}
            for activity in touched:
                for side in activity.sides:
                    if chooser.random() < 0.75:
                        answers[f"{activity.pk}|{side}"] = chooser.choice(["yes", "maybe", "no"])
            answered = {int(key.split("|")[0]) for key in answers}
            review = [
                activity.pk for activity in touched if activity.pk in answered and chooser.random() < 0.1
            ]
            Rating.objects.bulk_create(
                Rating(participant=person, activity_id=int(key.split("|")[0]), side=key.split("|")[1],
                       answer=answer, review=int(key.split("|")[0]) in review)
                for key, answer in answers.items()
            )  # fmt: skip
            people.append((person, answers, review))

        operations.merge(hands, [cuddling])
        operations.merge(blankets, [holding])
        operations.change_kind(spooning, "shared")
        operations.change_kind(making_out, "directional", "I'd like to kiss my partner", "Kiss me")
        changes = [change.as_listed() for change in AnswerChange.objects.order_by("pk")]
        now = {
            activity.pk: Activity.objects.get(pk=activity.pk).sides
            for activity in (hands, blankets, spooning, making_out)
        }
        expected = []
        for person, _, _ in people:
            rows = Rating.objects.filter(participant=person, activity_id__in=now)
            expected.append(
                {
                    "answers": sorted(f"{row.activity_id}|{row.side}={row.answer}" for row in rows),
                    "review": sorted({row.activity_id for row in rows if row.review}),
                }
            )
        transaction.set_rollback(True)

    remapped = page.evaluate(
        """async ({people, changes, kept}) => {
            const { applyChanges } = await import("/static/js/sealed/changes.js");
            return people.map(({answers, review}) => {
                const byKey = new Map(Object.entries(answers));
                const flagged = new Set(review);
                applyChanges(byKey, flagged, changes, 0);
                return {
                    answers: [...byKey].filter(([key]) => kept.includes(Number(key.split("|")[0])))
                        .map(([key, answer]) => `${key}=${answer}`).sort(),
                    review: [...flagged].filter((id) => kept.includes(id)).sort((a, b) => a - b),
                };
            });
        }""",
        {
            "people": [{"answers": answers, "review": review} for _, answers, review in people],
            "changes": changes,
            "kept": list(now),
        },
    )
    assert remapped == expected
    assert any(each["review"] for each in expected) and any(each["answers"] for each in expected)
