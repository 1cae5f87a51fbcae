"""Couples on the site, for Locust: each simulated user is one person, and persons 2n and 2n + 1 are a couple.

Each person starts a checklist, rates every question it shows with one-tap saves as htmx sends them, and
then one invites and the other accepts (each with a name), both press Ready (answering the questions the
site may ask first), both see the reveal and export it and their own answers. One couple in ten has a
partner who says Yes to everything, so the other meets the saturation guard's warning and reveals anyway.

Every person has a client address of their own, sent as a trusted proxy appends it (X-Forwarded-For), so
the rate limits count each person apart. Run by bench/load.py (`make load`), which reads what this writes
to LOAD_RESULTS when the run ends: each step's figures, each person's session, the saves the site
acknowledged, and the number of shared yeses they were shown.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from urllib.parse import urlencode

import gevent
from gevent.event import AsyncResult
from locust import FastHttpUser, constant, events, task

COUPLES = int(os.getenv("LOAD_COUPLES", "200"))
RESULTS = os.getenv("LOAD_RESULTS", "")
POLL_SECONDS = float(os.getenv("LOAD_POLL_SECONDS", "5"))  # what the waiting page's htmx does
PARTNER_WAIT_SECONDS = 900
ANSWERS = ("yes", "maybe", "no")

CSRF = re.compile(r'"X-CSRFToken": "([^"]+)"|name="csrfmiddlewaretoken" value="([^"]+)"')
FIELD = re.compile(r'<input type="radio" name="(r\d+[sgr])"')
SECTION = re.compile(r'<button type="submit" form="cf-[^"]*" name="next" value="([^"]+)"')
OPEN_SECTION = re.compile(r'<form id="cf-([^"]+)" method="post"')
INVITE_LINK = re.compile(r'value="https?://[^/"]+(/invite/[^"]+/)"')
PAIRING = re.compile(r'href="(/pairings/[0-9a-f-]{36}/)"')
STATE = re.compile(r'<h2 id="round-state-title">([^<]+)</h2>')
ABOUT = re.compile(r'name="about" value="([^"]*)"')
ROUND = re.compile(r'href="(/pairings/[0-9a-f-]{36}/rounds/\d+/)"')
SHARED_YESES = re.compile(r"<strong>(\d+) shared yes")

_numbers = itertools.count()
people: list[Person] = []
invites = [AsyncResult() for _ in range(COUPLES)]  # the inviter's link, for the partner
pairings = [AsyncResult() for _ in range(COUPLES)]  # the pairing's page, once the partner accepted


class Stuck(Exception):
    """A step did not go as a person would expect: the journey ends there and counts as failed."""


def address(number: int) -> str:
    return f"10.0.{number // 250}.{number % 250 + 1}"


class Person(FastHttpUser):
    wait_time = constant(1)

    def __init__(self, environment) -> None:
        self.number = next(_numbers)
        self.default_headers = {"X-Forwarded-For": address(self.number)}
        super().__init__(environment)
        self.couple, self.inviter = divmod(self.number, 2)[0], self.number % 2 == 0
        self.says_yes_to_everything = self.couple % 10 == 1 and not self.inviter
        self.random = random.Random(self.number)
        self.csrf = ""
        self.acknowledged: dict[str, str] = {}
        self.shown: int | None = None
        self.exported: int | None = None
        self.failed = ""
        self.done = False
        people.append(self)

    @task
    def journey(self) -> None:
        if self.done:
            return
        try:
            self.start_checklist()
            self.rate_everything()
            pairing = self.invite() if self.inviter else self.accept()
            round_page = self.compare(pairing)
            self.see_and_export(round_page)
        except Stuck as stuck:
            self.failed = str(stuck)
            for waited in (invites[self.couple], pairings[self.couple]):
                if not waited.ready():
                    waited.set(None)  # the partner need not wait for what will never come
        self.done = True
        if all(person.done for person in people) and len(people) == 2 * COUPLES:
            gevent.spawn(self.environment.runner.quit)

    # Steps

    def start_checklist(self) -> None:
        self.get("/", "home page")
        self.post("/start/", "start", {}, expect=303)

    def rate_everything(self) -> None:
        page = self.get("/checklist/", "checklist page")
        opened = OPEN_SECTION.search(page).group(1)
        for slug in dict.fromkeys(SECTION.findall(page)):
            if slug != opened:
                page = self.get(f"/checklist/?category={slug}", "section (htmx)", htmx=True)
            self.rate_section(slug, FIELD.findall(page))

    def rate_section(self, slug: str, fields: list[str]) -> None:
        """One tap per question; htmx posts the section's whole form each time, so every answer so far."""
        form = {"category": slug}
        for field in dict.fromkeys(fields):
            answer = "yes" if self.says_yes_to_everything else self.random.choice(ANSWERS)
            form[field] = answer
            self.post(
                "/checklist/",
                "one-tap save",
                form,
                htmx=True,
                headers={"HX-Trigger": f"cf-{slug}", "HX-Target": f"cf-{slug}"},
                contains=f'id="f-{field}" class="rate saved"',
            )
            self.acknowledged[field] = answer

    def invite(self) -> str:
        self.get("/pairings/", "partners page")
        created = self.post("/pairings/invite/", "invite", {"display_name": f"Person {self.number}"})
        link = INVITE_LINK.search(created)
        if link is None:
            raise Stuck("no invite link")
        invites[self.couple].set(link.group(1))
        if pairings[self.couple].wait(PARTNER_WAIT_SECONDS) is None:
            raise Stuck("the partner did not accept")
        return self.found(PAIRING, self.get("/pairings/", "partners page"), "no pairing on the partners page")

    def accept(self) -> str:
        link = invites[self.couple].wait(PARTNER_WAIT_SECONDS)
        if link is None:
            raise Stuck("no invite came")
        self.get(link, "invite page")
        self.post(link, "accept", {"display_name": f"Person {self.number}"}, expect=303)
        page = self.get("/checklist/?name=saved", "checklist page")
        pairing = self.found(PAIRING, page, "no pairing in the checklist's banner")
        pairings[self.couple].set(pairing)
        return pairing

    def compare(self, pairing: str) -> str:
        """Presses Ready, answers what the site asks, waits for the partner; returns the comparison's path."""
        self.get(pairing, "pairing page")
        response = self.post(f"{pairing}ready/", "ready", {}, expect=(200, 303), whole=True)
        if response.status_code == 200:  # asked whether to compare with so little answered
            response = self.post(f"{pairing}ready/", "ready", {"confirm": "1"}, expect=303, whole=True)
        location = response.headers["Location"]
        while "/rounds/" not in location:
            page = self.get(pairing, "pairing page")
            state = self.found(STATE, page, "no comparison state on the pairing page")
            if state == "Before you compare":  # the partner said yes to nearly everything
                about = {"about": self.found(ABOUT, page, "no decision to make")}
                revealed = self.post(f"{pairing}reveal-anyway/", "reveal anyway", about, 303, whole=True)
                location = revealed.headers["Location"]
            elif state == "Waiting for your partner":
                location = self.wait_for_partner(pairing)
            elif ROUND.search(page):  # the partner was ready too, and it was revealed meanwhile
                location = ROUND.search(page).group(1)
            else:
                raise Stuck(f"unexpected state after Ready: {state}")
        return location

    def wait_for_partner(self, pairing: str) -> str:
        """Polls as the waiting page does; the comparison's path once revealed, else the pairing page's."""
        partner = people[self.number ^ 1]
        for _ in range(int(PARTNER_WAIT_SECONDS / POLL_SECONDS)):
            if partner.failed:
                raise Stuck("the partner's journey failed")
            gevent.sleep(POLL_SECONDS)
            response = self.request("GET", pairing, "waiting (htmx poll)", htmx=True)
            if response.headers.get("HX-Refresh"):  # a decision to make: the whole page changes
                return pairing
            revealed = ROUND.search(response.text)
            if revealed:
                return revealed.group(1)
        raise Stuck("the partner never pressed Ready")

    def see_and_export(self, round_page: str) -> None:
        shown = self.found(SHARED_YESES, self.get(round_page, "comparison page"), "no count of shared yeses")
        self.shown = int(shown)
        exported = self.request("GET", f"{round_page}export.json", "export (comparison)")
        self.exported = len(json.loads(exported.text)["matches"])
        self.request("GET", "/me/export.json", "export (my answers)")

    # Requests

    def get(self, path: str, name: str, htmx: bool = False) -> str:
        return self.request("GET", path, name, htmx=htmx).text

    def post(self, path: str, name: str, data: dict, expect=200, whole: bool = False, **options):
        body = urlencode({"csrfmiddlewaretoken": self.csrf, **data})
        headers = {"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": self.csrf}
        headers |= options.pop("headers", {})
        response = self.request("POST", path, name, expect, data=body, headers=headers, **options)
        return response if whole else response.text

    def request(self, method, path, name, expect=200, htmx=False, contains="", headers=None, **options):
        """One request as a browser (or htmx) sends it; anything unexpected fails it and ends the journey."""
        headers = dict(headers or {})
        if htmx:
            headers |= {"HX-Request": "true", "HX-Current-URL": f"{self.host}/checklist/"}
        expected = expect if isinstance(expect, tuple) else (expect,)
        with self.client.request(
            method, path, name=name, headers=headers, allow_redirects=False, catch_response=True, **options
        ) as response:
            problem = ""
            if response.status_code not in expected:
                problem = f"{name}: {response.status_code} where {expected} was expected"
            elif contains and contains not in (response.text or ""):
                problem = f"{name}: the response lacks {contains!r}"
            if problem:
                response.failure(problem)
            else:
                response.success()
        if problem:
            raise Stuck(problem)
        token = CSRF.search(response.text or "") if response.status_code == 200 else None
        if token:
            self.csrf = token.group(1) or token.group(2)
        return response

    @staticmethod
    def found(pattern: re.Pattern, text: str, missing: str) -> str:
        match = pattern.search(text)
        if match is None:
            raise Stuck(missing)
        return match.group(1)

    def session_key(self) -> str:
        return next((cookie.value for cookie in self.client.cookiejar if cookie.name == "session"), "")


def by_name(entry) -> str:
    return entry.name


@events.quitting.add_listener
def write_results(environment, **kwargs) -> None:
    if not RESULTS:
        return
    results = [
        {
            "number": person.number,
            "couple": person.couple,
            "session": person.session_key(),
            "acknowledged": person.acknowledged,
            "shown": person.shown,
            "exported": person.exported,
            "failed": person.failed or ("" if person.done else "unfinished when the run ended"),
        }
        for person in people
    ]
    # Read here, at the very end: Locust's CSV files may be written before the last requests are counted.
    steps = [
        {
            "name": entry.name,
            "requests": entry.num_requests,
            "errors": entry.num_failures,
            "p50": entry.get_response_time_percentile(0.5),
            "p99": entry.get_response_time_percentile(0.99),
        }
        for entry in [*sorted(environment.stats.entries.values(), key=by_name), environment.stats.total]
    ]
    with open(RESULTS, "w", encoding="utf-8") as file:
        json.dump({"couples": COUPLES, "people": results, "steps": steps}, file)
