"""Pairings, rounds and the comparison: the partner-facing pages (invites: `invites.py`).

Templates here get only the plain data of `checklist.partner_view`; a pairing is reached only through
`pairing_for()` (anything not the participant's own is a 404).
"""

from __future__ import annotations

from functools import wraps
from uuid import UUID

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_GET
from django_htmx.http import HttpResponseClientRefresh

from checklist import comparison_view, endings, partner_view, rounds, wording
from checklist.models import Participant, Round
from checklist.pairings import (
    NotAllowed,
    close_banner,
    pairing_for,
    ready_question,
    set_nickname,
)
from checklist.participants import current_participant, participant_page
from kinklist.downloads import csv_download, json_download
from kinklist.logs import log_event
from kinklist.responses import HtmxHttpRequest, private_page, see_other


@participant_page("GET")
def pairings(request: HtmxHttpRequest, participant: Participant) -> HttpResponse:
    context = {
        "page": partner_view.partners_page(participant),
        "ended": partner_view.ended_notes(participant),
        "my_name": participant.display_name,
        "me_sealed": participant.is_sealed,  # their invites carry a secret only their browser adds
        "me": participant.public_id,  # a sealed person's script opens their own blobs, bound to it
    }
    return render(request, "checklist/pairing/pairings.html", context)


@participant_page("POST")
def dismiss_ended(request: HtmxHttpRequest, participant: Participant, pairing_id: UUID) -> HttpResponse:
    if not endings.dismiss(participant, pairing_id):
        raise Http404
    return see_other(reverse("checklist:pairings"))


def _says_if_ended(view):
    """A link to a pairing that ended tells its former members so; to anyone else it is the same 404 as a
    link that never existed."""

    @wraps(view)
    def wrapped(request: HtmxHttpRequest, participant: Participant, pairing_id: UUID, **rest) -> HttpResponse:
        try:
            return view(request, participant, pairing_id, **rest)
        except Http404:
            ended = partner_view.ended_pairing(participant, pairing_id)
            if ended is None:
                raise
            return render(request, "checklist/pairing/ended.html", {"ended": ended}, status=410)

    return wrapped


@participant_page("GET")
@_says_if_ended
def pairing_page(request: HtmxHttpRequest, participant: Participant, pairing_id: UUID) -> HttpResponse:
    page = partner_view.pairing_page(participant, pairing_id)
    if page.sealed == "both":
        return render(
            request, "checklist/pairing/sealed.html", _sealed_context(participant, page.pairing, page)
        )
    saved = request.GET.get("nickname") == "saved"
    context = {"page": page, "pairing": page.pairing, "nickname_saved": saved}
    if request.htmx:
        if page.round.state == "waiting":
            return render(request, "checklist/pairing/_round_state.html", context)
        if page.latest_reveal:  # one clear way on, rather than a page that changes under the reader
            return render(request, "checklist/pairing/_revealed.html", context)
        return HttpResponseClientRefresh()  # cancelled, or a decision to make: the whole page changes
    return render(request, "checklist/pairing/pairing.html", context)


def _act(step, *posted: str):
    """A POST on a pairing that runs one rule of `rounds` (with the named posted fields after the
    pairing and the participant), then returns to the pairing page, or to the result if it revealed one."""

    @participant_page("POST")
    def view(request: HtmxHttpRequest, participant: Participant, pairing_id: UUID) -> HttpResponse:
        pairing = pairing_for(participant, pairing_id)
        try:
            outcome = step(pairing, participant, *(request.POST.get(name, "") for name in posted))
        except NotAllowed as refusal:
            context = {"message": str(refusal), "back": pairing.get_absolute_url()}
            return render(request, "checklist/pairing/not_allowed.html", context, status=409)
        if isinstance(outcome, Round) and outcome.revealed is not None:
            return see_other(reverse("checklist:round", args=[pairing.public_id, outcome.number]))
        return see_other(pairing.get_absolute_url())

    return view


def _asks_first_with_little_answered(view):
    """Ready, unless confirmed (`confirm=1`), first asks someone who answered very little whether to
    compare anyway; nothing is recorded until they say so."""

    @wraps(view)
    @private_page
    def wrapper(request: HtmxHttpRequest, pairing_id: UUID) -> HttpResponse:
        participant = current_participant(request)
        if request.method == "POST" and participant is not None and request.POST.get("confirm") != "1":
            question = ready_question(participant, pairing_id)
            if question is not None:
                return render(request, "checklist/pairing/ready_confirm.html", {"question": question})
        return view(request, pairing_id)

    return wrapper


ready = _asks_first_with_little_answered(_act(rounds.ready))
withdraw = _act(rounds.withdraw)
reveal_anyway = _act(rounds.reveal_anyway, "about")
cancel = _act(rounds.cancel)


@participant_page("POST")
def dismiss_banner(request: HtmxHttpRequest, participant: Participant, pairing_id: UUID) -> HttpResponse:
    """Closes the checklist's banner about a pairing, for this participant alone."""
    close_banner(participant, pairing_for(participant, pairing_id))
    if request.htmx:
        return HttpResponse("")  # the banner swaps itself out for nothing
    return see_other(reverse("checklist:checklist"))


@participant_page("POST")
def nickname(request: HtmxHttpRequest, participant: Participant, pairing_id: UUID) -> HttpResponse:
    """What this participant privately calls their partner: only they ever see it."""
    pairing = pairing_for(participant, pairing_id)
    try:
        set_nickname(participant, pairing, request.POST.get("nickname", ""))
    except NotAllowed as refusal:
        context = {"message": str(refusal), "back": pairing.get_absolute_url()}
        return render(request, "checklist/pairing/not_allowed.html", context, status=400)
    return see_other(pairing.get_absolute_url() + "?nickname=saved#name")


@participant_page("GET", "POST")
def end(request: HtmxHttpRequest, participant: Participant, pairing_id: UUID) -> HttpResponse:
    if request.method == "GET":
        page = partner_view.pairing_page(participant, pairing_id)
        return render(request, "checklist/pairing/end.html", {"pairing": page.pairing})
    endings.end(pairing_for(participant, pairing_id), participant)
    log_event("pairing.ended")
    return see_other(reverse("checklist:pairings"))


def _sealed_context(participant: Participant, pairing: partner_view.PairingRef, page) -> dict:
    """What a sealed pairing's pages give their script: the viewer's own public id (their blobs are bound
    to it), and the thresholds the ordinary comparison applies on the server."""
    return {
        "page": page,
        "pairing": pairing,
        "me": participant.public_id,
        "saturation_threshold": settings.SATURATION_THRESHOLD,
        "ask_below": settings.READY_ASK_BELOW,
    }


@participant_page("GET")
@_says_if_ended
def round_page(
    request: HtmxHttpRequest, participant: Participant, pairing_id: UUID, number: int
) -> HttpResponse:
    sealed = partner_view.sealed_comparison(participant, pairing_id, number)
    if sealed is not None:
        context = _sealed_context(participant, sealed.pairing, sealed)
        return render(request, "checklist/pairing/sealed_round.html", context)
    result = comparison_view.comparison(participant, pairing_id, number)
    return render(request, "checklist/pairing/round.html", {"pairing": result.pairing, "result": result})


@participant_page("GET")
@_says_if_ended
def round_export_json(
    request: HtmxHttpRequest, participant: Participant, pairing_id: UUID, number: int
) -> HttpResponse:
    rows = comparison_view.export_rows(comparison_view.comparison(participant, pairing_id, number))
    return json_download(f"shared-yes-round-{number}.json", "matches", rows, language=get_language())


@participant_page("GET")
@_says_if_ended
def round_export_csv(
    request: HtmxHttpRequest, participant: Participant, pairing_id: UUID, number: int
) -> HttpResponse:
    rows = comparison_view.export_rows(comparison_view.comparison(participant, pairing_id, number))
    rows = [{**row, "language": get_language()} for row in rows]
    return csv_download(f"shared-yes-round-{number}.csv", comparison_view.EXPORT_COLUMNS, rows)


@require_GET
@cache_control(public=True, max_age=60)
@condition(etag_func=lambda request: wording.wording(get_language()).version)
def wording_bundle(request: HtmxHttpRequest) -> HttpResponse:
    """The activities' words for sealed comparisons in the address's language (/de/sealed/wording.json):
    the same bytes for everyone reading that language, loaded whole."""
    return HttpResponse(wording.wording(get_language()).body, content_type="application/json")
