"""Every URL the site answers, sent what a careless client or an attacker might send.

Every route of the URL configuration itself is fuzzed (so a new view is, the day it lands): Hypothesis picks a
requester (a partner, a stranger with a checklist of their own, someone with none), the ids to put in the
path (the requester's own, another couple's, random or huge ones; for secrets, live, dead and someone
else's links), a method, a CSRF token (none, wrong, right, or no cookie), the htmx header and a body of
nasty fields or JSON (what a sealed checklist's script sends, right and wrong). Each request must answer
below 500; a refused one (4xx) must leave every answer, pairing, invite, round, snapshot and sealed
ciphertext as it was; and another couple's pairing or invite must answer exactly as a
pairing or invite that does not exist (404 to a participant, never 403 or 200).

Each example runs in a savepoint rolled back afterwards, so one that deletes a checklist or ends a
pairing does not change the world the next one meets. `derandomize` makes CI meet the same examples.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cache
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test import Client
from django.urls import URLResolver, get_resolver
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from checklist.models import Invite, Pairing, Participant, Rating, Round, SealedBlob, SealedMessage, Snapshot
from checklist.sealed import SEALING_SLOTS, bundle
from kinklist.secret_links import hash_secret
from tests.helpers import (
    accept,
    answer,
    b64,
    blob,
    both_ready,
    field,
    invite_link,
    lock,
    points,
    press_ready,
    seal,
    sealed_invite_link,
)

pytestmark = pytest.mark.django_db

EXAMPLES_PER_ROUTE = 20
# A sealed step's JSON goes deep in its own sweep below; random draws here try the doors around it.
SEALED_EXAMPLES = 15
# Routes that read posted fields get more: their forms are where wrong types and odd names go deepest.
FORM_EXAMPLES = {
    "checklist/": 100,
    "checklist/sections/": 80,
    "me/name/": 60,
    "accounts/signup/": 60,
    "accounts/login/": 60,
    "admin/login/": 40,
    "pairings/<uuid:pairing_id>/reveal-anyway/": 60,
    "glossary/": 60,
}
CSRF_COOKIE = "k" * 32  # a CSRF secret as Django keeps it in the cookie; the token may be the secret itself
HUGE = "\U0001f496" * 25_000  # 100 KB of UTF-8
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
BROKEN_BODY = b"--x\r\n\x00%ZZ&="  # a multipart body that ends before its first part does
# Drawn with weights: most requests should get past the CSRF check and the method check, to the view.
METHODS = ["GET", "GET", "POST", "POST", "POST", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
TOKENS = ["right in header", *["right in field"] * 3, "none", "wrong", "no cookie"]


def routes(resolver=None, prefix: str = "") -> list[str]:
    """Every route of the URL configuration, nested ones spelled out; of the admin only its log-in page
    (the rest answers only to staff, and is Django's)."""
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += routes(entry, route)
        elif not route.startswith("admin/") or route == "admin/login/":
            found.append(route)
    return found


@dataclass
class World:
    """Alice and Bob's pairing (a revealed round and one Alice is ready for), Charlie and Dave's (another
    couple's), Eve and Frank's (sealed, both locked in), live, used and revoked invites, live and dead resume
    links, and who may ask."""

    requesters: dict[str, Client]
    own: dict[str, dict[str, list]]  # requester -> converter name -> their own values
    others: dict[str, list]  # converter name -> values that belong to someone else
    dead: dict[str, list]  # secret kind -> links that no longer open anything
    live: dict[str, list]
    slugs: list[str]
    fields: list[str]
    sent: list[int]  # requests sent, counted in a list the examples share
    sealed: list  # what a sealed person's browser sends: messages of the right sizes, the catalogue version
    blob_names: list[str]


def resume_secret(client: Client) -> str:
    html = client.post("/me/resume-link/").content.decode()
    return re.search(r"/resume/([^/\"<]+)/", html).group(1)


def secret_of(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[1]


@pytest.fixture
def world(person, catalogue):
    alice, bob, charlie, dave, eve = (person() for _ in range(5))
    used = invite_link(alice)
    paired = accept(bob, used)
    answer(alice, catalogue, kissing="yes", negotiation_talk="maybe", spanking__give="yes")
    answer(bob, catalogue, kissing="yes", negotiation_talk="no", spanking__receive="yes")
    both_ready(paired, alice, bob)
    press_ready(alice, paired)
    theirs = accept(charlie, invite_link(dave))  # dave invited charlie
    answer(charlie, catalogue, kissing="yes")
    answer(dave, catalogue, kissing="yes")
    both_ready(theirs, charlie, dave)
    revoked = invite_link(alice)
    revoked_invite = Invite.objects.get(secret_hash=hash_secret(secret_of(revoked)))
    alice.post(f"/pairings/invites/{revoked_invite.public_id}/revoke/")
    alices_link, charlies_link = invite_link(alice), invite_link(charlie)
    old_resume = resume_secret(alice)
    alices_resume, bobs_resume = resume_secret(alice), resume_secret(bob)
    frank = person()  # Eve and Frank sealed their checklists, paired, and both pressed Ready
    seal(eve)
    seal(frank)
    sealed_pairing = accept(frank, sealed_invite_link(eve))
    for partner in (eve, frank):
        lock(partner, f"/sealed{sealed_pairing}rounds/")
    password = "a-long-password-1"
    dave.post("/accounts/signup/", {"username": "dave", "password1": password, "password2": password})

    pairings = {p.public_id: p for p in Pairing.objects.all()}
    ours = next(key for key, p in pairings.items() if str(key) in paired)
    sealed_id = next(key for key in pairings if str(key) in sealed_pairing)
    theirs_id = next(key for key in pairings if key not in (ours, sealed_id))
    alices_invites = list(
        Invite.objects.filter(inviter=Participant.objects.get(pk=alice.session["participant_id"]))
    )
    other_invites = list(Invite.objects.exclude(pk__in=[i.pk for i in alices_invites]))
    assert alice.get(paired).status_code == 200
    assert dave.get(f"/pairings/{theirs_id}/").status_code == 200 and User.objects.filter(username="dave")
    return World(
        requesters={"alice": alice, "eve": eve, "dave (account)": dave, "nobody": Client()},
        own={
            "alice": {
                "pairing_id": [ours],
                "invite_id": [i.public_id for i in alices_invites],
                "invite": [secret_of(alices_link)],
                "resume": [alices_resume],
            },
            "dave (account)": {"pairing_id": [theirs_id]},
            "eve": {"pairing_id": [sealed_id]},
        },
        others={
            "pairing_id": [ours, theirs_id, sealed_id],
            "invite_id": [i.public_id for i in other_invites + alices_invites],
        },
        dead={"invite": [secret_of(used), secret_of(revoked)], "resume": [old_resume]},
        live={"invite": [secret_of(charlies_link), secret_of(alices_link)], "resume": [bobs_resume]},
        slugs=["consent", "impact-play", "draft-term"],
        fields=fields_for(catalogue),
        sent=[0],
        sealed=[
            points("lock"),
            points("reply"),
            b64(blob("answers")),
            bundle().version,
            {name: b64(blob(name)) for name in SEALING_SLOTS},
        ],
        blob_names=[*SEALING_SLOTS, f"results:{sealed_id}", f"round-secret:{ours}", f"results:{theirs_id}"],
    )


def fields_for(catalogue) -> list[str]:
    """Rating field names: real ones, sides an activity does not have, activities that do not exist, and
    digits that are digits only to Unicode."""
    kissing, spanking = catalogue["kissing"], catalogue["spanking"]
    real = [field(kissing), field(spanking, "give"), field(spanking, "receive")]
    wrong_side = [field(kissing, "give"), field(spanking), f"r{kissing.pk}x", f"r{kissing.pk}"]
    missing = ["r999999s", "r0s", "r-1s", "r1.0s", "r" + "9" * 40 + "g", "rs", "r", "R1s", "r 1s"]
    unicode = ["r\u00b2s", "r\u0661s", "r\u00bdg", "r\U0001d7d9r", "r1\u0301s", "r\uff11s"]
    return real + wrong_side + missing + unicode


NAMES = [
    "display_name", "shown", "add", "clear", "category", "show", "about", "username", "password",
    "password1", "password2", "q", "csrfmiddlewaretoken", "next", "", "\x00", "r",
]  # fmt: skip
SEALED_NAMES = ["blobs", "data", "expected_revision", "message", "catalogue", "sealed"]
NASTY = [
    "", "yes", "no", "maybe", "YES", " yes", "yes\x00", "\x00", HUGE,
    "\U0001f469\u200d\u2764\ufe0f\u200d\U0001f468",
    "\u202eevil\u202c", "e\u0301\u0301\u0301", "\u0661\u0662", "\u00b2", "-1", "0", "9" * 40, "1e309", "NaN",
    "null", "[]", "{}", "true", "talk", "impact", "unanswered", "<script>x()</script>", "' OR 1=1 --",
    "%00", "../../etc", "\r\nSet-Cookie: x=1",
]  # fmt: skip
text = st.text(st.characters(codec="utf-8"), max_size=30)


def watched() -> list:
    """Everything a refused request must leave alone."""
    return [
        Rating.objects.values_list("participant", "activity", "side", "answer", "review"),
        Participant.objects.values_list(
            "pk",
            "display_name",
            "resume_hash",
            "access_version",
            "user",
            "hidden_categories",
            "shown_categories",
            "sealed",
        ),
        Invite.objects.values_list("pk", "inviter", "expires", "used", "revoked", "sealed"),
        Pairing.objects.values_list("pk", "public_id", "first", "second"),
        Round.objects.values_list("pk", "pairing", "number", "revealed", "cancelled"),
        Snapshot.objects.values_list("pk", "round", "participant", "yes", "saturation", "reveals_anyway"),
        User.objects.values_list("pk", "username", "password"),
        SealedBlob.objects.values_list("pk", "revision", "data"),
        SealedMessage.objects.values_list("pk", "delivered", "data"),
    ]


@cache
def watched_sql() -> list[tuple[str, tuple]]:
    # Compiled once: the fuzzing reads all of it before each of its thousands of requests.
    return [queryset.order_by("pk").query.sql_with_params() for queryset in watched()]


def state() -> tuple:
    """What `watched` reads, as stored."""
    tables = []
    with connection.cursor() as cursor:
        for sql, params in watched_sql():
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            tables.append(
                tuple(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in rows)
            )
    return tuple(tables)


@dataclass(frozen=True)
class Probe:
    """One request: where, as whom, how, with what; `whose` says what its path carries."""

    requester: str
    route: str
    path: str
    whose: str  # "own", "other", "random", "dead", "live" or "" for no id
    value: str  # the id or secret in the path, as it stands there
    method: str
    token: str  # "none", "wrong", "right in field", "right in header", "no cookie"
    htmx: bool
    fields: tuple[tuple[str, str], ...]
    encoding: str  # "multipart", "urlencoded", "broken", or "json" (which sends `document`)
    document: str = ""


@st.composite
def probes(draw, world: World, route: str) -> Probe:
    # A sealed person's routes are mostly met by the one sealed requester, a few steps deep.
    lead = "eve" if route.startswith("sealed/") else "alice"
    requester = draw(st.sampled_from([lead, lead, "alice", "eve", "dave (account)", "nobody"]))
    path, whose, in_path = "/" + route, "", ""
    for converter, name in re.findall(r"<(\w+):(\w+)>", route):
        value, kind = draw(path_value(world, requester, route, converter, name))
        path = path.replace(f"<{converter}:{name}>", quote(str(value), safe=""))
        if kind:
            whose, in_path = kind, quote(str(value), safe="")
    names = st.one_of(st.sampled_from(world.fields), st.sampled_from(NAMES), text)
    values = st.one_of(st.sampled_from(NASTY), st.sampled_from(world.fields), text)
    return Probe(
        requester=requester,
        route=route,
        path=path,
        whose=whose,
        value=in_path,
        method=draw(st.sampled_from(METHODS)),
        token=draw(st.sampled_from(TOKENS)),
        htmx=draw(st.booleans()),
        fields=tuple(draw(st.lists(st.tuples(names, values), max_size=6))),
        encoding=draw(st.sampled_from(["multipart", "multipart", "urlencoded", "broken", "json", "json"])),
        document=draw(documents(world)),
    )


def documents(world: World):
    """JSON bodies: mostly objects of what a sealed person's browser sends, right and wrong."""
    values = st.one_of(
        st.sampled_from(world.sealed),
        st.sampled_from(NASTY),
        st.integers(-(2**70), 2**70),
        st.booleans(),
        st.none(),
        st.lists(st.integers(), max_size=3),
    )
    objects = st.dictionaries(st.one_of(st.sampled_from(SEALED_NAMES), text), values, max_size=4)
    return st.one_of(objects.map(json.dumps), st.sampled_from(["", "[]", "{", "null", '"x"', "[" * 5000]))


def path_value(world: World, requester: str, route: str, converter: str, name: str):
    """A value for one path parameter, and whose it is."""
    if converter == "uuid":
        own = world.own.get(requester, {}).get(name, [])
        others = [value for value in world.others[name] if value not in own]
        return st.one_of(
            st.sampled_from([(value, "own") for value in own]) if own else st.nothing(),
            st.sampled_from([(value, "other") for value in others]),
            st.uuids().map(lambda value: (value, "random")),
        )
    if converter == "int":
        numbers = st.one_of(st.sampled_from([0, 1, 2, 3, 2**31, 2**63, 10**30]), st.integers(0, 10**40))
        return numbers.map(lambda number: (number, ""))
    if name == "name":
        return st.one_of(st.sampled_from(world.blob_names), text.filter(lambda s: "/" not in s and s)).map(
            lambda value: (value, "")
        )
    if converter == "slug":
        return st.one_of(st.sampled_from(world.slugs), st.from_regex(r"\A[-a-zA-Z0-9_]{1,60}\Z")).map(
            lambda slug: (slug, "")
        )
    kind = "invite" if route.startswith("invite/") else "resume"
    own = world.own.get(requester, {}).get(kind, [])
    return st.one_of(
        st.sampled_from([(secret, "own") for secret in own]) if own else st.nothing(),
        st.sampled_from([(secret, "dead") for secret in world.dead[kind]]),
        st.sampled_from([(secret, "live") for secret in world.live[kind] if secret not in own]),
        st.one_of(text.filter(lambda s: "/" not in s and s.strip()), st.just("x" * 5000)).map(
            lambda secret: (secret, "random")
        ),
    )


def send(world: World, probe: Probe, path: str | None = None):
    """Sends the probe as a fresh CSRF-checking client with the requester's cookies."""
    client = Client(enforce_csrf_checks=True)
    for name, morsel in world.requesters[probe.requester].cookies.items():
        client.cookies[name] = morsel.value
    headers = {"HX-Request": "true"} if probe.htmx else {}
    data: dict[str, list[str]] = {}
    for name, value in probe.fields:
        data.setdefault(name, []).append(value)
    if probe.token != "no cookie":
        client.cookies["csrftoken"] = CSRF_COOKIE
    token = {"wrong": "w" * 32, "no cookie": CSRF_COOKIE}.get(probe.token, CSRF_COOKIE)
    if probe.token == "right in header" or probe.token == "no cookie":
        headers["X-CSRFToken"] = token
    elif probe.token in ("wrong", "right in field"):
        data.setdefault("csrfmiddlewaretoken", []).append(token)  # Django reads the last
    world.sent[0] += 1
    path = path or probe.path
    if probe.method in ("GET", "HEAD"):
        return client.generic(probe.method, f"{path}?{urlencode(data, doseq=True)}", headers=headers)
    if probe.encoding == "json":
        return client.generic(probe.method, path, probe.document, "application/json", headers=headers)
    if probe.encoding == "multipart" and probe.method == "POST":
        return client.post(path, data, headers=headers)
    if probe.encoding == "broken":
        broken = "multipart/form-data; boundary=x"
        return client.generic(probe.method, path, BROKEN_BODY, broken, headers=headers)
    body = urlencode(data, doseq=True)
    return client.generic(probe.method, path, body, "application/x-www-form-urlencoded", headers=headers)


def budget(route: str) -> int:
    return FORM_EXAMPLES.get(route, SEALED_EXAMPLES if route.startswith("sealed/") else EXAMPLES_PER_ROUTE)


def test_every_route_survives_fuzzing_and_refusals_change_nothing(world, settings):
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, "100000/m")
    all_routes = routes()
    assert {"pairings/<uuid:pairing_id>/rounds/<int:number>/", "invite/<str:secret>/", "admin/login/"} <= set(
        all_routes
    )
    for route in all_routes:  # each route its own budget: drawn from all, a few would get almost none

        @hypothesis_settings(
            max_examples=budget(route),
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=[
                HealthCheck.too_slow,
                HealthCheck.data_too_large,
                HealthCheck.filter_too_much,
            ],
        )
        @given(probe=probes(world, route))
        def fuzz(probe: Probe) -> None:
            with transaction.atomic():
                check(world, probe)
                transaction.set_rollback(True)

        fuzz()

    print(f"\nfuzz: {world.sent[0]} requests over {len(all_routes)} routes")
    assert world.sent[0] >= sum(budget(route) for route in all_routes)


def test_every_odd_field_name_and_value_reaches_every_form(world, settings):
    """Random draws reach a given odd field on a given form only now and then; this sweep sends each one,
    from Alice with a good token, to each form that reads fields, alone and beside a real answer."""
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, "100000/m")
    ours = world.own["alice"]["pairing_id"][0]
    kissing = world.fields[0]
    bodies = [((name, "yes"),) for name in world.fields + NAMES]
    bodies += [((kissing, value),) for value in NASTY]
    # Every other name at once, each form reading its own (a name starting with r is a rating's, checked
    # first, and would hide the rest).
    bodies += [tuple((name, value) for name in NAMES if not name.startswith("r")) for value in NASTY]
    bodies += [((name, "yes"), (kissing, "no")) for name in world.fields]
    for route in [*FORM_EXAMPLES, "pairings/<uuid:pairing_id>/ready/"]:
        path = "/" + route.replace("<uuid:pairing_id>", str(ours))
        for fields in bodies:
            probe = Probe("alice", route, path, "", "", "POST", "right in header", False, fields, "multipart")
            with transaction.atomic():
                check(world, probe)
                transaction.set_rollback(True)

    print(f"\nsweep: {world.sent[0]} requests")
    assert world.sent[0] == len(bodies) * (len(FORM_EXAMPLES) + 1)


def test_every_sealed_step_meets_every_odd_json_body(world, settings):
    """Random draws seldom get a JSON body past the CSRF check, the method and the round's number to a sealed
    step; this sweep sends each step of Eve's open round its right body with one value at a time made odd,
    from Eve with a good token, and bodies that are not JSON objects at all."""
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, "100000/m")
    rounds = f"/sealed/pairings/{world.own['eve']['pairing_id'][0]}/rounds/1/"
    lock, reply, blob, version, blobs = world.sealed
    steps = [
        ("POST", "/sealed/seal/", {"blobs": blobs}),
        ("PUT", "/sealed/blobs/answers/", {"expected_revision": 1, "data": blob}),
        ("POST", "/sealed/invites/", {"sealed": True}),
        ("POST", f"{rounds}lock/", {"catalogue": version, "message": lock}),
        ("POST", f"{rounds}reply/", {"message": reply}),
        ("POST", f"{rounds}withdraw/", {}),
    ]
    values = [*world.sealed, None, 0, -1, True, 2**70, "", "=", "A", HUGE, [], {}]
    not_objects = ["", "[]", "{", "null", '"x"', "[" * 5000]
    sent = 0
    for method, path, right in steps:
        odd = [json.dumps(right | {key: value}) for key in right for value in values]
        for document in [json.dumps(right), *odd, *not_objects]:
            probe = Probe("eve", path, path, "", "", method, "right in header", False, (), "json", document)
            with transaction.atomic():
                check(world, probe)
                transaction.set_rollback(True)
            sent += 1

    assert world.sent[0] == sent == 6 * (1 + len(not_objects)) + 7 * len(values)


# Each pair shares one budget, counted per client address.
GUESSING_DOORS = {
    "secret-links": ["invite/<str:secret>/", "resume/<str:secret>/"],
    "accounts": ["accounts/login/", "accounts/signup/"],
}


@pytest.mark.parametrize("group", GUESSING_DOORS)
def test_with_the_real_limits_the_doors_for_guessing_close_and_still_change_nothing(
    world, settings, time_machine, group
):
    """The test settings' own limits: fuzzing the secret links or the account forms soon meets a 429,
    which is as harmless as any other refusal. The clock stands still, so the minute never turns over."""
    time_machine.move_to(datetime.now(UTC), tick=False)
    limit = int(settings.RATE_LIMITS[group].split("/")[0])
    statuses: list[int] = []

    @hypothesis_settings(max_examples=limit + 15, deadline=None, derandomize=True, database=None)
    @given(probe=st.sampled_from(GUESSING_DOORS[group]).flatmap(lambda route: probes(world, route)))
    def fuzz(probe: Probe) -> None:
        probe = replace(probe, method="POST", token="right in header")  # each one counted
        with transaction.atomic():
            statuses.append(check(world, probe))
            transaction.set_rollback(True)

    fuzz()

    assert 429 in statuses and statuses[-1] == 429, statuses


def csrf_token_passes(probe: Probe) -> bool:
    """Whether an unsafe request carries the right token where Django looks: the last posted
    csrfmiddlewaretoken of a POST it could parse, else the header."""
    posted = probe.method == "POST" and probe.encoding in ("multipart", "urlencoded")
    in_body = [value for name, value in probe.fields if name == "csrfmiddlewaretoken"] if posted else []
    if probe.token == "right in field":
        return posted
    return probe.token == "right in header" and not (in_body and in_body[-1])


def check(world: World, probe: Probe) -> int:
    before = state()
    response = send(world, probe)
    status = response.status_code
    assert status < 500, probe
    if 400 <= status < 500:
        assert state() == before, (status, probe)
    csrf_passes = probe.method not in UNSAFE or csrf_token_passes(probe)
    if status == 403:
        # Only two refusals say 403, neither about whose anything is: a failed CSRF check, and a change
        # asked for with no checklist in this browser.
        assert not csrf_passes or probe.requester == "nobody", probe
    if probe.whose == "other":
        # Someone else's pairing or invite answers exactly as one that never existed: a participant whose
        # request passes the CSRF check and names an allowed method gets a 404, never a 403 or a page.
        twin = send(world, probe, probe.path.replace(probe.value, str(uuid.uuid4())))
        assert twin.status_code == status, (status, twin.status_code, probe)
        if probe.requester != "nobody":
            assert not 200 <= status < 400, (status, probe)
            if csrf_passes:
                assert status in (404, 405, 429), (status, probe)
    if probe.whose in ("dead", "random") and "<str:secret>" in probe.route and csrf_passes:
        assert status in (404, 405, 429), (status, probe)
    return status


# What the fuzzing found, each kept as a plain test.


@pytest.mark.parametrize("digits", ["\u00b2", "\u0661", "\uff11", "\U0001d7d9"])
def test_a_rating_field_with_digits_only_unicode_calls_digits_is_refused(alice, catalogue, digits):
    kissing = field(catalogue["kissing"])
    answer(alice, catalogue, kissing="maybe")

    response = alice.post("/checklist/", {f"r{digits}s": "yes", kissing: "yes"})

    assert response.status_code == 400
    assert "That activity, or that side of it, is not on the checklist." in response.content.decode()
    assert Rating.objects.get().answer == "maybe"
