"""Two people pressing at the same moment, against the real server with real threads."""

from __future__ import annotations

import http.cookiejar
import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

from checklist.models import Invite, Pairing, Round, SealedMessage
from checklist.sealed import SEALING_SLOTS, bundle
from tests.helpers import b64, blob, points

pytestmark = pytest.mark.django_db(transaction=True)

# On SQLite these show that WAL, the busy timeout and IMMEDIATE transactions make writers queue
# instead of failing with "database is locked"; on PostgreSQL, that row locks serialise the steps.


class Browser:
    """A minimal HTTP client with its own cookies that posts forms with their CSRF token."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path) as response:
            return response.read().decode()

    def token(self, page: str) -> str:
        """The CSRF token from a page's form."""
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get(page)).group(1)

    def post(self, path: str, token_from: str = "/", data: dict | None = None) -> tuple[int, str]:
        """Posts with the CSRF token found on page `token_from`; returns the status and the body."""
        return self.submit(path, self.token(token_from), data)

    def submit(self, path: str, token: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **(data or {})}).encode()
        return self.send(
            urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        )

    def send_json(self, path: str, token: str, body: dict) -> tuple[int, str]:
        """Posts JSON as a page's script does, the CSRF token in its header."""
        headers = {"Content-Type": "application/json", "X-CSRFToken": token}
        return self.send(
            urllib.request.Request(self.base + path, data=json.dumps(body).encode(), headers=headers)
        )

    def send(self, request: urllib.request.Request) -> tuple[int, str]:
        try:
            with self.opener.open(request) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, ""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def at_once(*actions) -> list:
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(index, action):
        barrier.wait()
        try:
            results[index] = action()
        except Exception as error:  # noqa: BLE001 - handed to the test, which fails with it
            results[index] = error

    threads = [threading.Thread(target=run, args=(index, action)) for index, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    for result in results:
        if isinstance(result, Exception):
            raise result
    return results


def invite_link_of(inviter: Browser) -> str:
    inviter.post("/start/")
    status, html = inviter.post("/pairings/invite/", token_from="/pairings/")
    assert status == 200
    return re.search(r'value="https?://[^/]+(/invite/[^"]+/)"', html).group(1)


def test_two_people_accepting_one_invite_at_once_make_exactly_one_pairing(live_server):
    alice, bob, charlie = (Browser(live_server.url) for _ in range(3))
    link = invite_link_of(alice)

    tokens = bob.token(link), charlie.token(link)  # both have the page open before either presses

    results = at_once(lambda: bob.submit(link, tokens[0]), lambda: charlie.submit(link, tokens[1]))

    assert sorted(status for status, _ in results) == [303, 404]
    assert Pairing.objects.count() == 1
    assert Invite.objects.get().used is not None


def test_both_partners_pressing_ready_at_once_reveal_one_round(live_server):
    alice, bob = Browser(live_server.url), Browser(live_server.url)
    link = invite_link_of(alice)
    assert bob.post(link, token_from=link)[0] == 303
    pairing = f"/pairings/{Pairing.objects.get().public_id}/"

    tokens = alice.token(pairing), bob.token(pairing)

    results = at_once(
        lambda: alice.submit(f"{pairing}ready/", tokens[0]), lambda: bob.submit(f"{pairing}ready/", tokens[1])
    )

    assert [status for status, _ in results] == [303, 303]
    current = Round.objects.get()
    assert current.revealed is not None
    assert current.snapshots.count() == 2


def test_32_people_saving_at_once_all_get_their_answers_saved(live_server, settings, catalogue):
    from checklist.models import Rating
    from tests.helpers import field

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "start": "100/m"}
    people = [Browser(live_server.url) for _ in range(32)]
    for person in people:
        assert person.post("/start/")[0] == 303
    answers = ["yes", "maybe", "no"]

    tokens = [person.token("/checklist/") for person in people]

    def save(index: int):
        data = {field(catalogue["kissing"]): answers[index % 3], field(catalogue["spanking"], "give"): "yes"}
        return people[index].submit("/checklist/", tokens[index], data)

    results = at_once(*[lambda index=index: save(index) for index in range(32)])

    assert [status for status, _ in results] == [303] * 32
    assert Rating.objects.count() == 64
    kissing = Rating.objects.filter(activity=catalogue["kissing"]).values_list("answer", flat=True)
    assert sorted(kissing) == sorted(answers[index % 3] for index in range(32))


def test_both_sealed_replies_at_once_release_both_together(live_server, catalogue):
    alice, bob = Browser(live_server.url), Browser(live_server.url)
    for person in (alice, bob):
        person.post("/start/")
        blobs = {name: b64(blob(name)) for name in SEALING_SLOTS}
        assert person.send_json("/sealed/seal/", person.token("/pairings/"), {"blobs": blobs})[0] == 200
    invited = alice.send_json("/sealed/invites/", alice.token("/pairings/"), {"sealed": True})[1]
    link = urllib.parse.urlparse(json.loads(invited)["link"]).path
    assert bob.post(link, token_from=link)[0] == 303
    rounds = f"/sealed/pairings/{Pairing.objects.get().public_id}/rounds/1/"
    for person in (alice, bob):
        body = {"catalogue": bundle().version, "message": points("lock")}
        assert person.send_json(f"{rounds}lock/", person.token("/pairings/"), body)[0] == 200

    tokens = alice.token("/pairings/"), bob.token("/pairings/")
    replies = points("reply"), points("reply")

    results = at_once(
        lambda: alice.send_json(f"{rounds}reply/", tokens[0], {"message": replies[0]}),
        lambda: bob.send_json(f"{rounds}reply/", tokens[1], {"message": replies[1]}),
    )

    assert [status for status, _ in results] == [200, 200]
    assert Round.objects.get().revealed is not None
    # Whoever's answer was read after the release got the partner's reply in it; the other fetches it.
    for person, (_, body), partners in zip((alice, bob), results, reversed(replies), strict=True):
        state = json.loads(body)
        fetched = state if "partner_reply" in state else json.loads(person.get(rounds))
        assert fetched["stage"] == "done" and fetched["partner_reply"] == partners
    assert SealedMessage.objects.count() == 0  # both have the other's reply
