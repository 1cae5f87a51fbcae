"""Two people pressing at the same moment, against the real server with real threads."""

from __future__ import annotations

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

from checklist.models import Invite, Pairing, Round

pytestmark = pytest.mark.django_db(transaction=True)


class Browser:
    """A minimal HTTP client with its own cookies that can post forms with their CSRF token."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path) as response:
            return response.read().decode()

    def post(self, path: str, data: dict | None = None) -> int:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get(path if data is None else "/")).group(1)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **(data or {})}).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        try:
            with self.opener.open(request) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def at_once(*actions) -> list:
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(index, action):
        barrier.wait()
        results[index] = action()

    threads = [threading.Thread(target=run, args=(index, action)) for index, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_people_accepting_one_invite_at_once_make_exactly_one_pairing(live_server):
    alice, bob, charlie = (Browser(live_server.url) for _ in range(3))
    alice.post("/start/", {})
    html = alice.get("/pairings/")
    assert "Create an invite link" in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    request = urllib.request.Request(
        live_server.url + "/pairings/invite/",
        data=urllib.parse.urlencode({"csrfmiddlewaretoken": token}).encode(),
        headers={"Referer": live_server.url + "/pairings/"},
    )
    with alice.opener.open(request) as response:
        link = re.search(r'value="https?://[^/]+(/invite/[^"]+/)"', response.read().decode()).group(1)

    statuses = at_once(lambda: bob.post(link), lambda: charlie.post(link))

    assert sorted(statuses) == [303, 404]
    assert Pairing.objects.count() == 1
    assert Invite.objects.get().used is not None


def test_both_partners_pressing_ready_at_once_reveal_one_round(live_server):
    alice, bob = Browser(live_server.url), Browser(live_server.url)
    alice.post("/start/", {})
    html = alice.get("/pairings/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    request = urllib.request.Request(
        live_server.url + "/pairings/invite/",
        data=urllib.parse.urlencode({"csrfmiddlewaretoken": token}).encode(),
        headers={"Referer": live_server.url + "/pairings/"},
    )
    with alice.opener.open(request) as response:
        link = re.search(r'value="https?://[^/]+(/invite/[^"]+/)"', response.read().decode()).group(1)
    assert bob.post(link) == 303
    pairing = Pairing.objects.get()
    ready = f"/pairings/{pairing.public_id}/ready/"

    statuses = at_once(lambda: alice.post(ready, {}), lambda: bob.post(ready, {}))

    assert statuses == [303, 303]
    current = Round.objects.get()
    assert current.revealed is not None
    assert current.snapshots.count() == 2
