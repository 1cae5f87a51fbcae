"""Two sealed people, two browsers: a sealed invite carrying its secret in the fragment, accepting it, and
comparing twice over the real pages, the reveal computed in their browsers. Each result must be
checklist/reveal.py's on the answers locked in, for both of them, whatever is edited after the lock, on
whichever device finishes it; and the saturation warning must let the warned one cancel or reveal anyway."""

from __future__ import annotations

import json
import os
import random
import re
from pathlib import Path

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import Page, expect

from checklist.catalogue import catalogue
from checklist.models import Activity, Pairing, Participant, SealedBlob
from checklist.reveal import Direction, reveal
from checklist.sealed import bundle
from tests.helpers import readable_in_storage

from .helpers import DESKTOP, PHONE, axe_violations, start

SEAL = """async ({participant}) => {
  const { api, firstBlobs, keys } = await import("/static/js/sealed/store.js");
  const { newSecret } = await import("/static/js/sealed/crypto.js");
  const key = newSecret();
  keys.put(participant, key);
  const blobs = await firstBlobs({ participant, key, answers: [], sections: {} });
  await api("POST", "/sealed/seal/", { blobs });
}"""

# What a sealed checklist page saves: the answers and the sections left out, through the person's store.
WRITE = """async ({participant, answers, hidden}) => {
  const { SealedStore, keys } = await import("/static/js/sealed/store.js");
  const { encodeAnswers, encodeSections } = await import("/static/js/sealed/crypto.js");
  const store = await SealedStore.open(participant, keys.get(participant));
  await store.update("answers", () => encodeAnswers(answers));
  await store.update("sections", () => encodeSections({ hidden }));
}"""

CARDS = "cards => cards.map(c => [c.querySelector('h3').textContent, c.querySelector('.chip').textContent])"

SHOTS = os.environ.get("SEALED_SCREENSHOTS")  # a folder: the test then saves what each page looked like


def shot(page: Page, name: str, full_page: bool = True) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=full_page)


def participant_of(page: Page) -> Participant:
    """The participant of the browser's session, as the server binds it."""
    cookies = {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}
    session = SessionStore(session_key=cookies[settings.SESSION_COOKIE_NAME])
    return Participant.objects.get(pk=session["participant_id"])


class Person:
    """Someone who seals their checklist in a browser; `yes` is what their next Ready locks in."""

    def __init__(self, page: Page, rng: random.Random) -> None:
        self.page, self.rng = page, rng
        self.id = str(participant_of(page).public_id)
        page.goto("/pairings/")
        page.evaluate(SEAL, {"participant": self.id})
        self.yes: set[tuple[int, str]] = set()

    def answer(self, answers: dict[tuple[int, str], str], hidden: tuple[int, ...] = ()) -> None:
        rows = [[activity_id, side, value] for (activity_id, side), value in answers.items()]
        self.page.evaluate(WRITE, {"participant": self.id, "answers": rows, "hidden": list(hidden)})

    def answer_at_random(self, hidden_section=None) -> None:
        answers = {
            key: self.rng.choice(["yes", "yes", "maybe", "no"])
            for key in bundle().sides
            if self.rng.random() < 0.7
        }
        self.answer(answers, (hidden_section.id,) if hidden_section else ())
        left_out = {
            (entry.id, side) for entry in getattr(hidden_section, "entries", ()) for side in entry.sides
        }
        self.yes = {key for key, value in answers.items() if value == "yes"} - left_out


def expected_cards(matches, partner: str, as_inviter: bool) -> set[tuple[str, str]]:
    """What the ordinary reveal shows one partner: one card per activity, its direction as a chip."""
    names = {entry.id: entry.name for section in catalogue().sections for entry in section.entries}
    directions: dict[int, set[Direction]] = {}
    for match in matches:
        directions.setdefault(match.activity_id, set()).add(match.direction)
    mine = Direction.A_TO_B if as_inviter else Direction.B_TO_A
    chips = set()
    for activity_id, found in directions.items():
        if Direction.TOGETHER in found:
            chip = "Together"
        elif len(found) == 2:
            chip = "Both ways"
        elif mine in found:
            chip = f"You → {partner}"
        else:
            chip = f"{partner[0].upper()}{partner[1:]} → you"
        chips.add((names[activity_id], chip))
    return chips


def shown_cards(page: Page) -> set[tuple[str, str]]:
    expect(page.get_by_role("heading", level=1)).to_have_text("What you both said yes to")
    expect(page.locator("[data-count]")).to_be_visible()
    return {tuple(card) for card in page.eval_on_selector_all("li.match", CARDS)}


def other_device(open_page, person: Person) -> Page:
    """The same person on another device: their session, and their key from their resume link."""
    page = open_page(viewport=DESKTOP, color_scheme="dark")
    page.context.add_cookies(person.page.context.cookies())
    key = person.page.evaluate("(id) => localStorage.getItem(`kinklist-sealed:key:${id}`)", person.id)
    page.goto("/pairings/")
    page.evaluate("([id, key]) => localStorage.setItem(`kinklist-sealed:key:${id}`, key)", [person.id, key])
    return page


def test_two_sealed_people_compare_twice_in_their_browsers(open_page, log_lines):
    rng = random.Random(seed := random.randrange(2**32))  # noqa: S311 - test data
    pages = open_page(viewport=PHONE), open_page(viewport=DESKTOP, color_scheme="dark")
    for page in pages:
        start(page)
    alex, blake = (Person(page, rng) for page in pages)
    some_section = rng.choice([section for section in catalogue().sections if section.entries])
    alex.answer_at_random()
    blake.answer_at_random(hidden_section=some_section)

    # Alex invites: the link carries its secret after "#", made and kept by Alex's browser alone.
    alex.page.goto("/pairings/")
    alex.page.get_by_label("Your name, as your partner will see it (optional)").fill("Alex")
    alex.page.get_by_role("button", name="Create an invite link").click()
    expect(alex.page.get_by_role("heading", name="Your invite link")).to_be_visible()
    link = alex.page.get_by_label("Invite link", exact=True).input_value()
    assert re.search(r"/invite/[^/#]+/#K=[A-Za-z0-9_-]{43}$", link), link
    shot(alex.page, "pairings-invite-made")
    assert axe_violations(alex.page) == [], "a sealed invite made"

    blake.page.goto(link)
    expect(blake.page.get_by_role("heading", level=1)).to_have_text("Alex invites you to compare")
    expect(blake.page.get_by_text("This partner compares sealed")).to_be_visible()
    assert "#" not in blake.page.url  # the secret left the address bar at once
    shot(blake.page, "invite-sealed")
    assert axe_violations(blake.page) == [], "a sealed invite"
    blake.page.get_by_role("button", name="Accept and go to our comparison").click()
    blake.page.wait_for_url(re.compile(r"/pairings/[0-9a-f-]+/$"))
    pairing = blake.page.url
    expect(blake.page.get_by_role("heading", name="Ready to compare?")).to_be_visible()
    shot(blake.page, "pairing-ready")
    assert axe_violations(blake.page) == [], "a sealed pairing"

    # Round 1: Blake is ready first, then changes answers, which the locked comparison must not see.
    blake.page.get_by_role("button", name="Ready to compare").click()
    expect(blake.page.get_by_role("heading", name="Waiting for your partner")).to_be_visible()
    shot(blake.page, "pairing-waiting")
    assert axe_violations(blake.page) == [], "waiting"
    first_yes = (alex.yes, blake.yes)
    text = blake.page.locator("main").inner_text()
    assert "shared yes" not in text and not any(
        name in text for name, _ in expected_cards(reveal(*first_yes), "x", True)
    )
    blake.answer(dict.fromkeys(bundle().sides, "yes"))
    laptop = other_device(open_page, blake)  # where Blake finishes this comparison
    blake.page.close()
    blake.page = laptop

    alex.page.goto(pairing)
    expect(alex.page.get_by_role("heading", name="Your partner is ready to compare")).to_be_visible()
    alex.page.get_by_role("button", name="Ready to compare").click()
    expect(alex.page.get_by_role("heading", name="Waiting for your partner")).to_be_visible()
    blake.page.goto(pairing)  # the other device replies with the round's secret from Blake's blob
    expect(blake.page.get_by_role("heading", name="Your comparison is ready")).to_be_visible(timeout=20_000)
    alex.page.wait_for_url(
        re.compile(r"/rounds/1/$"), timeout=20_000
    )  # the second to be ready sees it at once

    first = reveal(*first_yes)
    assert shown_cards(alex.page) == expected_cards(first, "your partner", True), seed
    blake.page.get_by_role("link", name="See them").click()
    assert shown_cards(blake.page) == expected_cards(first, "Alex", False), seed
    shot(blake.page, "round-1", full_page=False)
    assert axe_violations(blake.page) == [], "a sealed comparison"
    with alex.page.expect_download() as download:
        alex.page.get_by_role("link", name="JSON").click()
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert {(row["activity"], row["direction"]) for row in exported["matches"]} == shown_cards(alex.page)
    expect(alex.page.get_by_role("button", name="Print / Save as PDF")).to_be_visible()

    # Round 2: Blake now says yes to everything. Alex is warned, cancels, then reveals anyway.
    alex.page.goto(pairing)
    alex.page.get_by_role("button", name="Ready to compare").click()
    expect(alex.page.get_by_role("heading", name="Waiting for your partner")).to_be_visible()
    blake.page.goto(pairing)
    blake.page.get_by_role("button", name="Ready to compare").click()
    expect(blake.page.get_by_role("heading", name="Waiting for your partner")).to_be_visible()
    warning = alex.page.get_by_role("heading", name="Before you compare")
    expect(warning).to_be_visible(timeout=20_000)
    shot(alex.page, "pairing-decide")
    assert axe_violations(alex.page) == [], "the saturation warning"
    alex.page.get_by_role("button", name="Cancel this comparison").click()
    # The pressed button went with its panel: the next panel's heading takes the focus.
    expect(alex.page.get_by_role("heading", name="Your partner is ready to compare")).to_be_focused()
    expect(blake.page.get_by_text("Your partner withdrew from this comparison")).to_be_visible(timeout=20_000)
    alex.page.get_by_role("button", name="Ready to compare").click()
    expect(warning).to_be_visible(timeout=20_000)
    alex.page.get_by_role("button", name="Reveal anyway").click()
    alex.page.wait_for_url(re.compile(r"/rounds/2/$"), timeout=20_000)

    second = reveal(alex.yes, set(bundle().sides))
    assert shown_cards(alex.page) == expected_cards(second, "your partner", True), seed
    fresh = {match.activity_id for match in second - first}
    new = alex.page.locator("section", has=alex.page.get_by_role("heading", name="New this time")).locator(
        "li.match"
    )
    expect(new).to_have_count(len(fresh))
    expect(blake.page.get_by_role("heading", name="Your comparison is ready")).to_be_visible(timeout=20_000)
    blake.page.get_by_role("link", name="See them").click()
    assert shown_cards(blake.page) == expected_cards(second, "Alex", False), seed
    blake.page.goto(pairing)
    history = blake.page.locator(".history")
    expect(history).to_contain_text(f"{len(fresh)} new since the one before")
    expect(history.get_by_role("link", name=re.compile(r"^Comparison 1,"))).to_be_visible()
    shot(blake.page, "pairing-history")

    # Through all of it, nothing the server stored, logged or cached reads anything of either checklist,
    # and the two people's stored parts have the same sizes, though their answers differ.
    assert readable_in_storage(Activity.objects.select_related("category"), log_lines()) == [], seed
    kept = {
        person.pk: sorted(
            (blob.name.partition(":")[0], len(bytes(blob.data)))
            for blob in SealedBlob.objects.filter(participant=person)
        )
        for person in Participant.objects.all()
    }
    assert len(kept) == 2 and len({tuple(parts) for parts in kept.values()}) == 1, kept


def ready_anyway(page: Page) -> None:
    """Ready, with nothing answered: the page asks first, as the ordinary one does."""
    page.get_by_role("button", name="Ready to compare").click()
    expect(page.get_by_role("heading", name="Compare anyway?")).to_be_visible()
    page.get_by_role("button", name="Compare anyway").click()


def test_a_pairing_sealed_after_it_began_compares_once_one_seal_link_is_opened(open_page):
    """Paired first, sealed later: neither browser holds a pairing secret. Both make a seal link, so the
    first comparison cannot be read and both are told why; once one opens the other's link and both press
    Ready again, it opens for both (nothing answered: no shared yes)."""
    alex = open_page(viewport=DESKTOP)
    blake = open_page(viewport=PHONE, color_scheme="dark")
    start(alex)
    alex.goto("/pairings/")
    alex.get_by_role("button", name="Create an invite link").click()
    blake.goto(alex.get_by_label("Invite link").input_value())
    blake.get_by_role("button", name="Accept and go to my checklist").click()
    blake.wait_for_url("**/checklist/")
    for page in (alex, blake):
        Person(page, random.Random())  # noqa: S311 - no answers drawn
    pairing = Pairing.objects.get().get_absolute_url()

    links = []
    for page in (alex, blake):
        page.goto(pairing)
        page.get_by_role("button", name="Make a seal link").click()
        made = page.get_by_label("Seal link", exact=True)
        expect(made).to_have_value(re.compile("#K="))
        links.append(made.input_value())
        expect(page.get_by_role("heading", name="Ready to compare?")).to_be_visible()
    assert re.search(rf"{pairing}#K=[A-Za-z0-9_-]{{43}}$", links[0]), links
    shot(alex, "pairing-seal-link")
    assert axe_violations(alex) == [], "a seal link made"
    ready_anyway(blake)
    expect(blake.get_by_role("heading", name="Waiting for your partner")).to_be_visible()
    ready_anyway(alex)
    different = alex.get_by_role("heading", name="Your browsers hold different secrets for this pairing")
    expect(different).to_be_visible(timeout=20_000)
    expect(alex.get_by_text("One of you makes a new seal link below")).to_be_visible()
    shot(alex, "pairing-different-secrets")
    assert axe_violations(alex) == [], "different secrets"
    alex.get_by_role("button", name="Withdraw").click()
    expect(alex.get_by_role("heading", name="Your partner is ready to compare")).to_be_visible()

    blake.goto(links[0])
    expect(blake.get_by_text("Saved: this browser now holds your pairing’s secret")).to_be_visible()
    assert "#" not in blake.url
    blake.get_by_role("button", name="Withdraw").click()  # the lock made under the other secret
    ready_anyway(blake)
    expect(blake.get_by_role("heading", name="Waiting for your partner")).to_be_visible()
    alex.reload()
    ready_anyway(alex)
    alex.wait_for_url(re.compile(r"/rounds/1/$"), timeout=20_000)
    expect(alex.get_by_role("heading", name="No shared yes this time")).to_be_visible()
    expect(blake.get_by_role("heading", name="Your comparison is ready")).to_be_visible(timeout=20_000)
    expect(blake.get_by_text("0 shared yeses with")).to_be_visible()

    blake.evaluate("localStorage.clear()")  # a browser that never held Blake's key
    blake.reload()
    expect(blake.get_by_role("heading", name="This browser can’t open your answers")).to_be_visible()
    expect(blake.get_by_role("button", name="Ready to compare")).to_have_count(0)


def test_a_sealed_pairing_speaks_the_pages_language_in_the_browser_too(open_page):
    """The sealed pages' script says only what the German page gives it, asks the server at German
    addresses, and writes dates the German way: the invite's expiry, the round panel, the counts and the
    history read German."""
    pages = open_page(viewport=DESKTOP), open_page(viewport=PHONE)
    for page in pages:
        start(page)
    alex, blake = (Person(page, random.Random()) for page in pages)  # noqa: S311 - no answers drawn
    german_date = r"\d{1,2}\. [A-Z][a-zä]+ \d{4}"

    alex.page.goto("/de/pairings/")
    alex.page.get_by_label("Dein Name, wie dein*e Partner*in ihn sehen wird (optional)").fill("Alex")
    alex.page.get_by_role("button", name="Einladungslink erstellen").click()
    expect(alex.page.get_by_role("heading", name="Dein Einladungslink")).to_be_visible()
    expect(alex.page.locator("[data-expires]")).to_have_text(re.compile(rf"^{german_date}$"))
    link = alex.page.get_by_label("Einladungslink", exact=True).input_value()
    assert "/de/invite/" in link

    blake.page.goto(link)
    blake.page.get_by_role("button", name="Annehmen und zu unserem Vergleich").click()
    blake.page.wait_for_url(re.compile(r"/de/pairings/[0-9a-f-]+/$"))
    pairing = blake.page.url
    expect(blake.page.get_by_role("heading", name="Bereit zum Vergleichen?")).to_be_visible()
    expect(blake.page.locator("#history")).to_contain_text("Noch keine Vergleiche.")
    ready_anyway_in_german(blake.page)
    expect(blake.page.get_by_role("heading", name="Warten auf deine*n Partner*in")).to_be_visible()
    alex.page.goto(pairing)
    expect(
        alex.page.get_by_role("heading", name="Dein*e Partner*in ist bereit zum Vergleichen")
    ).to_be_visible()
    ready_anyway_in_german(alex.page)

    alex.page.wait_for_url(re.compile(r"/de/pairings/[0-9a-f-]+/rounds/1/$"), timeout=20_000)
    expect(alex.page.get_by_role("heading", name="Diesmal kein gemeinsames Ja")).to_be_visible()
    expect(alex.page.locator("[data-count]")).to_have_text("0 gemeinsame Ja")
    expect(blake.page.get_by_role("heading", name="Euer Vergleich ist fertig")).to_be_visible(timeout=20_000)
    expect(blake.page.get_by_text("0 gemeinsame Ja mit Alex.")).to_be_visible()
    blake.page.reload()
    expect(blake.page.locator(".history")).to_have_text(
        re.compile(rf"Vergleich 1, {german_date}: 0 gemeinsame Ja")
    )


def ready_anyway_in_german(page: Page) -> None:
    page.get_by_role("button", name="Bereit zum Vergleichen").click()
    expect(page.get_by_role("heading", name="Trotzdem vergleichen?")).to_be_visible()
    page.get_by_role("button", name="Trotzdem vergleichen").click()
