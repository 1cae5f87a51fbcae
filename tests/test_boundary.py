"""The privacy boundary holds by structure: partner-facing pages get plain data, never a way to the answers.

From a model instance or a queryset a template can walk to every answer of either partner
(`{{ pairing.first.ratings.all }}`), so a careless template edit would be a leak no page test notices.
These tests walk every partner-facing context in every state a person meets, try the walks a template
could write, read the views' imports, and hold the exports to the page's own matches.
"""

from __future__ import annotations

import ast
import csv
import dataclasses
import inspect
import io
import json
import re
from collections.abc import Callable
from datetime import date, time, timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from uuid import UUID

import pytest
from django.apps import apps
from django.conf import settings
from django.db.models import Manager, Model, QuerySet
from django.template import Context, Variable, VariableDoesNotExist, engines
from django.test import Client
from django.test.utils import ContextList, override_settings

from checklist.comparison_view import EXPORT_COLUMNS
from checklist.models import Invite, Pairing, Participant
from checklist.partner_view import PairingRef, RoundState
from tests.helpers import (
    answer,
    both_ready,
    invite_link,
    participant_of,
    press_ready,
    reveal_anyway,
    seal,
    sealed_invite_link,
    sealed_round,
    yes_to_everything,
)

pytestmark = pytest.mark.django_db

# What Django's own context processors and template machinery add, not about the pairing. Of these only
# `user` (and `request.user`) is a model: the viewer's own account, from which a template reaches the
# viewer's own answers and nothing of a partner's (test_djangos_own_context_reaches_only_the_viewer).
DJANGOS_OWN = {"user", "request", "csrf_token", "messages", "perms", "block"}

# Plain values carry no way anywhere. Forms are not among them: a ModelForm holds its instance and a model
# choice field a queryset; no partner-facing page needs one.
PLAIN = (str, int, float, type(None), date, time, timedelta, UUID, Decimal)


def not_plain(value, path: str) -> list[str]:
    """Every place in `value` that is not plain data, by template path ("page.history.0.when")."""
    if isinstance(value, PLAIN):
        return []
    if isinstance(value, Model | QuerySet | Manager):
        return [f"{path}: {type(value).__name__} (a model, queryset or manager)"]
    if isinstance(value, dict):  # a template reaches the keys too, through `.items`
        return [
            found
            for key, item in value.items()
            for found in not_plain(key, f"{path} key") + not_plain(item, f"{path}.{key}")
        ]
    if isinstance(value, list | tuple | set | frozenset):
        return [found for index, item in enumerate(value) for found in not_plain(item, f"{path}.{index}")]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if not type(value).__dataclass_params__.frozen:
            return [f"{path}: {type(value).__name__} is a dataclass that is not frozen"]
        return [found for name, item in reachable(value) for found in not_plain(item, f"{path}.{name}")]
    return [f"{path}: {type(value).__name__} is not plain data"]


def reachable(value) -> list[tuple[str, object]]:
    """What a template reaches from a dataclass: its fields, properties, and methods it can call (those
    without arguments), each as a template would resolve it."""
    found = []
    for name in dir(value):
        if name.startswith("_"):
            continue  # templates cannot look these up
        attribute = getattr(value, name)
        if callable(attribute):
            if getattr(attribute, "alters_data", False):
                continue
            try:
                inspect.signature(attribute).bind()
            except TypeError:
                continue  # it needs arguments: a template cannot call it
            attribute = attribute()
        found.append((name, attribute))
    return found


def contexts_of(response) -> list[dict]:
    """The context of every template the response rendered (includes too), flattened; an include that
    sees exactly the objects another template saw is walked once."""
    if response.context is None:
        return []
    rendered = response.context if isinstance(response.context, ContextList) else [response.context]
    distinct = {}
    for context in rendered:
        flat = context.flatten()
        # The response keeps every object alive, so an identity stands for one object throughout.
        distinct.setdefault(frozenset((str(key), id(value)) for key, value in flat.items()), flat)
    return list(distinct.values())


# The steps from pairing data to answers: a Pairing's partners, an Invite's inviter, a Round's pairing,
# the viewer's own account; then a Participant's ratings, a Pairing's rounds, a Round's snapshots.
HOPS = (
    "",
    "first.",
    "second.",
    "inviter.",
    "partner.",
    "participant.",
    "invite.inviter.",
    "pairing.first.",
    "pairing.second.",
    "round.pairing.first.",
    "round.pairing.second.",
    "user.participant.",
)
# Written from P, which each path is bound to in turn: a template reaching P writes what this writes.
REACH = (
    "{% for r in P.ratings.all %}{{ r.participant.public_id }} {{ r.activity.name }}={{ r.answer }};"
    "{% endfor %}"
    "{% for s in P.snapshots.all %}{{ s.participant.public_id }} {{ s.yes }};{% endfor %}"
    "{% for x in P.rounds.all %}{% for s in x.snapshots.all %}{{ s.participant.public_id }} {{ s.yes }};"
    "{% endfor %}{% endfor %}"
)


def roots(key: str, value, depth: int = 2) -> list[str]:
    """`key` and the template paths below it, `depth` steps down: where a planted expression could start."""
    paths = [key]
    if depth == 0:
        return paths
    if isinstance(value, dict):
        below = [(str(name), item) for name, item in value.items() if str(name).isidentifier()]
    elif isinstance(value, list | tuple):
        below = [("0", value[0])] if value else []
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        below = reachable(value)
    else:
        below = []
    return paths + [path for name, item in below for path in roots(f"{key}.{name}", item, depth - 1)]


def planted_reach(context: dict, keys) -> dict[str, str]:
    """Renders, for every path from `keys`, every walk to answers a template could write; returns the
    paths whose walk printed anything, with what it printed."""
    reach = engines["django"].from_string(REACH)
    # As inside a template: a lookup that fails silently (a user with no participant) gives the engine's
    # string_if_invalid, which the context finds through its template.
    bound = Context(context)
    bound.template = reach.template
    reached = {}
    for path in (
        f"{root}.{hop}".rstrip(".") for key in keys for root in roots(key, context[key]) for hop in HOPS
    ):
        try:  # the lookup a template makes of `path`, step by step, callables called
            value = Variable(path).resolve(bound)
        except VariableDoesNotExist:
            continue
        printed = reach.render({"P": value})
        if printed:
            reached[path] = printed
    return reached


def pairing_keys(context: dict) -> list[str]:
    return [key for key in context if key not in DJANGOS_OWN]


# Every partner-facing response, in each state a person meets: (what brings it about, the template it
# renders or None for a download, a text that proves the state is the one named). Each step gets the
# people (w.alice, w.bob, w.charlie), their pairing's path and the catalogue, with the planted answers.
def _pairings_alone(w):
    return w.charlie.get("/pairings/")


def _pairings_partner_ready(w):
    invite_link(w.bob)
    press_ready(w.alice, w.pairing)
    return w.bob.get("/pairings/")


def _invite_visitor(w):
    w.alice.post("/me/name/", {"display_name": "Sam"})
    return Client().get(invite_link(w.alice))


def _invite_inviter(w):
    return w.alice.get(invite_link(w.alice))


def _invite_own_accepted(w):
    return w.alice.post(invite_link(w.alice))


def _invite_used(w):
    link = invite_link(w.alice)
    w.charlie.post(link)
    return Client().get(link)


def _invite_created(w):
    return w.alice.post("/pairings/invite/")


def _pairing_fresh(w):
    return w.alice.get(w.pairing)


def _pairing_waiting(w):
    press_ready(w.alice, w.pairing)
    return w.alice.get(w.pairing)


def _pairing_waiting_fragment(w):
    press_ready(w.alice, w.pairing)
    return w.alice.get(w.pairing, headers={"HX-Request": "true"})


def _pairing_revealed_fragment(w):
    both_ready(w.pairing, w.alice, w.bob)
    return w.alice.get(w.pairing, headers={"HX-Request": "true"})


def _pairing_answers_changed(w):
    both_ready(w.pairing, w.alice, w.bob)
    answer(w.alice, w.catalogue, paddling__give="yes")
    return w.alice.get(w.pairing)


def _pairing_partner_ready(w):
    press_ready(w.alice, w.pairing)
    return w.bob.get(w.pairing)


def _saturated(w):
    """Bob said Yes to everything: Alice is warned, Bob only waits."""
    yes_to_everything(w.bob)
    both_ready(w.pairing, w.alice, w.bob)


def _pairing_both_ready_not_asked(w):
    _saturated(w)
    return w.bob.get(w.pairing)


def _pairing_saturation_warning(w):
    _saturated(w)
    return w.alice.get(w.pairing)


def _pairing_saturation_warning_nothing_exposed(w):
    answer(w.alice, w.catalogue, kissing="no", spanking__give="maybe")  # no Yes of hers to freeze
    _saturated(w)
    return w.alice.get(w.pairing)


def _pairing_revealed_anyway(w):
    _saturated(w)
    reveal_anyway(w.alice, w.pairing)
    return w.bob.get(w.pairing)


def _pairing_cancelled(w):
    _saturated(w)
    w.alice.post(f"{w.pairing}cancel/")
    return w.bob.get(w.pairing)


def _pairing_revealed(w):
    both_ready(w.pairing, w.alice, w.bob)
    return w.alice.get(w.pairing)


def _compared_twice(w):
    both_ready(w.pairing, w.alice, w.bob)
    answer(w.bob, w.catalogue, negotiation_talk="yes")
    answer(w.alice, w.catalogue, negotiation_talk="yes")
    both_ready(w.pairing, w.bob, w.alice)


def _pairing_compared_twice(w):
    _compared_twice(w)
    return w.bob.get(w.pairing)


def _nothing_to_decide(w):
    return w.bob.post(f"{w.pairing}cancel/")


def _end_page(w):
    return w.alice.get(f"{w.pairing}end/")


def _ended(w):
    w.alice.post(f"{w.pairing}end/")
    return w.bob.get("/pairings/")


def _ended_link(w):
    w.alice.post("/me/delete/")
    return w.bob.get(f"{w.pairing}rounds/1/")


def _round_page(w):
    both_ready(w.pairing, w.alice, w.bob)
    return w.bob.get(f"{w.pairing}rounds/1/")


def _round_page_with_new(w):
    _compared_twice(w)
    return w.alice.get(f"{w.pairing}rounds/2/")


def _round_revealed_anyway(w):
    _saturated(w)
    reveal_anyway(w.alice, w.pairing)
    return w.alice.get(f"{w.pairing}rounds/1/")


def _round_json(w):
    both_ready(w.pairing, w.alice, w.bob)
    return w.alice.get(f"{w.pairing}rounds/1/export.json")


def _round_csv(w):
    both_ready(w.pairing, w.alice, w.bob)
    return w.alice.get(f"{w.pairing}rounds/1/export.csv")


def _invite_bad_name(w):
    return Client().post(invite_link(w.alice), {"display_name": "x" * 41})


def _invite_created_named(w):
    return w.alice.post("/pairings/invite/", {"display_name": "Sam"})


def _pairing_nickname_saved(w):
    w.alice.post(f"{w.pairing}name/", {"nickname": "Honey"})
    return w.alice.get(f"{w.pairing}?nickname=saved")


def _nickname_too_long(w):
    return w.alice.post(f"{w.pairing}name/", {"nickname": "x" * 41})


def _ready_question(w):
    with override_settings(READY_ASK_BELOW=0.9):
        return w.bob.post(f"{w.pairing}ready/")


def _pairing_sealed_compared(w):
    seal(w.alice)
    seal(w.bob)
    sealed_round(f"/sealed{w.pairing}rounds/", 1, w.alice, w.bob)
    return w.bob.get(w.pairing)


def _pairing_sealed_fresh(w):
    seal(w.alice)
    seal(w.bob)
    return w.alice.get(w.pairing)


def _round_page_sealed(w):
    _pairing_sealed_compared(w)
    return w.alice.get(f"{w.pairing}rounds/1/")


def _pairings_sealed(w):
    seal(w.alice)
    return w.alice.get("/pairings/")


def _invite_sealed(w, seal_visitor: bool):
    seal(w.alice)
    link = sealed_invite_link(w.alice)
    if seal_visitor:
        seal(w.charlie)
    return w.charlie.get(link)


def _pairing_partner_sealed(w):
    seal(w.alice)
    return w.bob.get(w.pairing)


def _pairing_own_sealed(w):
    seal(w.alice)
    return w.alice.get(w.pairing)


def _ready_partner_sealed(w):
    seal(w.alice)
    return w.bob.post(f"{w.pairing}ready/")


STATES: dict[str, tuple[Callable, str | None, str]] = {
    "pairings list, no partner": (_pairings_alone, "checklist/pairing/pairings.html", "No partners yet."),
    "pairings list, partner ready, invite open": (
        _pairings_partner_ready,
        "checklist/pairing/pairings.html",
        "Your partner is ready to compare.",
    ),
    "invite page, visitor": (_invite_visitor, "checklist/pairing/invite.html", "Sam invites you"),
    "invite page, inviter": (_invite_inviter, "checklist/pairing/invite.html", "This is your own invite"),
    "invite, own accepted": (
        _invite_own_accepted,
        "checklist/pairing/not_allowed.html",
        "This is your own invite.",
    ),
    "invite, used": (_invite_used, "checklist/pairing/invite_invalid.html", "This invite link doesn’t work"),
    "invite created": (_invite_created, "checklist/pairing/invite_created.html", "Your invite link"),
    "invite, name too long": (_invite_bad_name, "checklist/pairing/invite.html", "at most 40 characters"),
    "invite created, name saved": (
        _invite_created_named,
        "checklist/pairing/invite_created.html",
        "Saved: your partner will see you as Sam.",
    ),
    "pairing, nickname saved": (
        _pairing_nickname_saved,
        "checklist/pairing/pairing.html",
        "Saved: you’ll see them as Honey.",
    ),
    "nickname, too long": (_nickname_too_long, "checklist/pairing/not_allowed.html", "at most 40 characters"),
    "ready, little answered": (
        _ready_question,
        "checklist/pairing/ready_confirm.html",
        "You’ve answered 4 of 6.",
    ),
    "pairing, nothing yet": (_pairing_fresh, "checklist/pairing/pairing.html", "Ready to compare?"),
    "pairing, waiting": (_pairing_waiting, "checklist/pairing/pairing.html", "Waiting for your partner"),
    "pairing, waiting fragment": (
        _pairing_waiting_fragment,
        "checklist/pairing/_round_state.html",
        "Withdraw",
    ),
    "pairing, revealed fragment": (
        _pairing_revealed_fragment,
        "checklist/pairing/_revealed.html",
        "Your comparison is ready",
    ),
    "pairing, own answers changed": (
        _pairing_answers_changed,
        "checklist/pairing/pairing.html",
        "Your answers have changed since your last comparison",
    ),
    "pairing, partner ready": (
        _pairing_partner_ready,
        "checklist/pairing/pairing.html",
        "Your partner is ready",
    ),
    "pairing, both ready, not asked": (
        _pairing_both_ready_not_asked,
        "checklist/pairing/pairing.html",
        "Waiting for your partner",
    ),
    "pairing, saturation warning": (
        _pairing_saturation_warning,
        "checklist/pairing/pairing.html",
        "Reveal anyway",
    ),
    "pairing, saturation warning, nothing exposed": (
        _pairing_saturation_warning_nothing_exposed,
        "checklist/pairing/pairing.html",
        "you have nothing exposed",
    ),
    "pairing, revealed anyway": (
        _pairing_revealed_anyway,
        "checklist/pairing/pairing.html",
        "2 shared yeses",
    ),
    "pairing, cancelled": (_pairing_cancelled, "checklist/pairing/pairing.html", ": cancelled"),
    "pairing, revealed": (_pairing_revealed, "checklist/pairing/pairing.html", "1 shared yes"),
    "pairing, compared twice": (
        _pairing_compared_twice,
        "checklist/pairing/pairing.html",
        "1 new since the one before",
    ),
    "pairing, nothing to decide": (
        _nothing_to_decide,
        "checklist/pairing/not_allowed.html",
        "Back to the comparison",
    ),
    "end page": (_end_page, "checklist/pairing/end.html", "End the pairing with"),
    "pairing ended": (_ended, "checklist/pairing/pairings.html", "No partners yet."),
    "pairing ended, its note": (
        _ended,
        "checklist/pairing/pairings.html",
        "its comparisons were deleted",
    ),
    "pairing ended, its old link": (_ended_link, "checklist/pairing/ended.html", "This pairing ended"),
    "round page": (_round_page, "checklist/pairing/round.html", "Kissing"),
    "round page, new since the last": (
        _round_page_with_new,
        "checklist/pairing/round.html",
        "New this time",
    ),
    "round page, revealed anyway": (
        _round_revealed_anyway,
        "checklist/pairing/round.html",
        "You → your partner",
    ),
    "pairing, sealed, compared": (
        _pairing_sealed_compared,
        "checklist/pairing/sealed.html",
        "compared in your browsers",
    ),
    "pairing, sealed, nothing yet": (
        _pairing_sealed_fresh,
        "checklist/pairing/sealed.html",
        "Opening your comparison",
    ),
    "round page, sealed": (_round_page_sealed, "checklist/pairing/sealed_round.html", "data-sealed-round"),
    "pairings list, sealed": (_pairings_sealed, "checklist/pairing/pairings.html", "data-sealed-invite-form"),
    "invite page, sealed, visitor must seal": (
        lambda w: _invite_sealed(w, seal_visitor=False),
        "checklist/pairing/invite.html",
        "Seal your checklist first",
    ),
    "invite page, sealed": (
        lambda w: _invite_sealed(w, seal_visitor=True),
        "checklist/pairing/invite.html",
        "Accept and go to our comparison",
    ),
    "pairing, partner sealed": (
        _pairing_partner_sealed,
        "checklist/pairing/pairing.html",
        "Seal your checklist to compare",
    ),
    "pairing, own sealed": (
        _pairing_own_sealed,
        "checklist/pairing/pairing.html",
        "Your partner needs to seal their checklist",
    ),
    "ready, partner sealed": (
        _ready_partner_sealed,
        "checklist/pairing/not_allowed.html",
        "Seal yours to compare.",
    ),
    "round export, JSON": (_round_json, None, '"activity": "Kissing"'),
    "round export, CSV": (_round_csv, None, "Kissing"),
}
PAGES = [name for name, (_, template, _) in STATES.items() if template]


@pytest.fixture
def state(request, alice, bob, charlie, planted, catalogue):
    """The response of the state named by the test's parameter, checked to be that state."""
    bring_about, template, text = STATES[request.param]
    response = bring_about(
        SimpleNamespace(alice=alice, bob=bob, charlie=charlie, pairing=planted, catalogue=catalogue)
    )
    assert text in response.content.decode()
    rendered = [each.name for each in response.templates]
    assert rendered[:1] == ([template] if template else [])
    return response


@pytest.mark.parametrize("state", list(STATES), indirect=True)
def test_every_partner_facing_context_holds_only_plain_data(state):
    if state.context is None:
        assert state["Content-Disposition"].startswith("attachment;")  # a download renders no template
    for context in contexts_of(state):
        for key in pairing_keys(context):
            found = not_plain(context[key], key)
            assert not found, "not plain: " + "; ".join(found)


@pytest.mark.parametrize("state", PAGES, indirect=True)
def test_no_template_expression_reaches_an_answer_from_a_partner_facing_context(state):
    for context in contexts_of(state):
        leaks = planted_reach(context, pairing_keys(context))
        assert not leaks, "; ".join(f"{path} reaches {printed}" for path, printed in leaks.items())


def test_djangos_own_context_reaches_only_the_viewer(alice, bob, planted):
    """`user` is the viewer's account: a template reaches the viewer's own answers from it, never the
    partner's, because nothing links a participant to a pairing, a round or a snapshot backwards."""
    alice.post(
        "/accounts/signup/",
        {"username": "alice", "password1": "a-long-pass-phrase-9", "password2": "a-long-pass-phrase-9"},
    )
    both_ready(planted, alice, bob)
    reached = " ".join(
        printed
        for context in contexts_of(alice.get(planted))
        for printed in planted_reach(context, ["user", "request"]).values()
    )

    assert str(participant_of(alice).public_id) in reached
    assert str(participant_of(bob).public_id) not in reached
    assert "Negotiation talk=maybe" in reached  # Alice's own answer, to Alice


def test_the_walk_reads_a_silently_failing_lookup_as_a_template_does(db):
    """`user.participant` of an account without a checklist fails silently in a template: nothing printed."""
    from django.contrib.auth.models import User

    assert planted_reach({"user": User.objects.create(username="sam")}, ["user"]) == {}


@dataclasses.dataclass(frozen=True)
class Wrapper:
    inner: object


@dataclasses.dataclass
class Loose:
    label: str


@dataclasses.dataclass(frozen=True)
class Reaching:
    label: str

    @property
    def pairing(self):
        return Pairing()


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (Pairing(), "page: Pairing"),
        (Pairing.objects.all(), "page: QuerySet"),
        (Participant.objects, "page: Manager"),
        (Wrapper(Invite()), "page.inner: Invite"),
        (Wrapper((1, [{"x": Pairing()}])), "page.inner.1.0.x: Pairing"),
        ({"rows": {Participant(pk=1)}}, "page.rows.0: Participant"),
        ({Pairing(pk=1): "x"}, "page key: Pairing"),
        (Reaching("x"), "page.pairing: Pairing"),
        (Loose("x"), "page: Loose is a dataclass that is not frozen"),
        (object(), "page: object is not plain data"),
    ],
)
def test_the_walk_flags_anything_that_is_not_plain(value, problem):
    assert [found for found in not_plain(value, "page") if found.startswith(problem)] != []


def test_the_walk_lets_plain_data_through():
    ref = PairingRef(UUID(int=1), "/pairings/x/", "Sam")
    plain = {"page": (ref, RoundState("none")), "when": date(2025, 1, 1), "n": Decimal(1), "ok": True}
    assert not_plain(plain, "context") == []


def test_a_planted_walk_from_a_model_shows_the_answers_it_reaches(alice, bob, planted):
    """The other side of the planted-expression test: had a page been given a model, it would fail."""
    both_ready(planted, alice, bob)
    pairing = Pairing.objects.get()
    leaks = planted_reach(
        {"pairing": pairing, "page": Wrapper({"invite": Invite.objects.get()})}, ["pairing", "page"]
    )

    printed = " ".join(leaks.values())
    assert "Paddling=no" in printed and "Paddling=maybe" in printed
    assert {"pairing.first", "pairing", "page.inner.invite.inviter"} <= set(leaks)


BASE = Path(settings.BASE_DIR)
FORBIDDEN = {"Rating", "Snapshot"}
BOUNDARY = {"partner_view.py", "comparison_view.py"}  # the modules that read answers for partner pages


def reaches_answers(source: str) -> list[str]:
    """How a module's source reaches the answer models: by import, star import, attribute or name."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            found += [f"imports {alias.name}" for alias in node.names if alias.name in FORBIDDEN]
            if (node.module or "").endswith("models") and any(alias.name == "*" for alias in node.names):
                found.append(f"imports * from {node.module}")
        elif isinstance(node, ast.Attribute) and node.attr in FORBIDDEN:
            found.append(f"uses .{node.attr}")
        elif isinstance(node, ast.Constant) and node.value in FORBIDDEN:
            found.append(f'names "{node.value}"')
    return found


def partner_facing_modules() -> list[Path]:
    """The project's modules that render a pairing template or read partner_view, the boundary aside."""
    found = []
    for app in apps.get_app_configs():
        if not Path(app.path).is_relative_to(BASE):
            continue
        for path in sorted(Path(app.path).rglob("*.py")):
            source = path.read_text(encoding="utf-8")
            if path.name not in BOUNDARY and (
                re.search(r"""["']checklist/pairing/\w+\.html""", source) or "partner_view" in source
            ):
                found.append(path)
    return found


def test_partner_facing_view_modules_never_touch_answers():
    modules = partner_facing_modules()

    assert BASE / "checklist/views/pairing.py" in modules
    for path in modules:
        assert reaches_answers(path.read_text(encoding="utf-8")) == [], path


@pytest.mark.parametrize(
    "source",
    [
        "from checklist.models import Participant, Rating",
        "from .models import Snapshot as Frozen",
        "from checklist.models import *",
        "from checklist import models\nmodels.Rating.objects.all()",
        "import checklist.models\nchecklist.models.Snapshot.objects.all()",
        "from django.apps import apps\napps.get_model('checklist', 'Rating')",
    ],
)
def test_the_import_check_sees_every_way_to_the_answer_models(source):
    assert reaches_answers(source) != []


def test_the_import_check_passes_a_module_that_keeps_to_the_boundary():
    source = "from checklist.models import Participant, Round\nfrom checklist import partner_view\n"
    assert reaches_answers(source) == []


def test_the_exports_hold_exactly_the_round_pages_matches(alice, bob, planted):
    _saturated(SimpleNamespace(alice=alice, bob=bob, pairing=planted))
    reveal_anyway(alice, planted)
    result = alice.get(f"{planted}rounds/1/").context["result"]
    on_page = [
        (1, result.revealed.isoformat(), card.activity.name, card.category, card.chip)
        + (card.your_wording, card.partner_wording)
        for card in result.matches
    ]

    exported = json.loads(alice.get(f"{planted}rounds/1/export.json").content)
    in_csv = list(csv.DictReader(io.StringIO(alice.get(f"{planted}rounds/1/export.csv").content.decode())))

    assert [row[4] for row in on_page] == ["Together", "You → your partner"]
    assert all(all(str(value) for value in row) for row in on_page)  # every column filled
    assert set(exported) == {"exported", "language", "matches"}
    assert [tuple(row.values()) for row in exported["matches"]] == on_page
    assert [tuple(row.values()) for row in in_csv] == [(*map(str, row), "en") for row in on_page]
    assert list(in_csv[0]) == [*exported["matches"][0], "language"] == EXPORT_COLUMNS
