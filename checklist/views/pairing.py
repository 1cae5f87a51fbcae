"""Invites, pairings, rounds and the comparison. Every object goes through `pairing_for()`: no IDOR."""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from checklist import pairing as rules
from checklist.comparison import comparison
from checklist.models import Participant, Snapshot
from checklist.participants import bind, current_participant, participant_required
from kinklist.decorators import limit_rate, private_page, see_other
from kinklist.downloads import csv_download, json_download
from kinklist.logging import log_event

EXPORT_COLUMNS = ["round", "revealed", "activity", "category", "direction", "your_wording", "partner_wording"]


@require_GET
@private_page
@participant_required
def pairings(request: HttpRequest, participant: Participant) -> HttpResponse:
    mine = list(rules.pairings_of(participant).select_related("first", "second"))
    labels = rules.partner_labels(participant, mine)
    open_rounds = {
        current.pairing_id: current
        for current in rules.Round.objects.filter(
            pairing__in=mine, revealed__isnull=True, cancelled__isnull=True
        ).prefetch_related("snapshots")
    }
    rows = []
    for pairing in mine:
        current = open_rounds.get(pairing.pk)
        view = rules.round_view(current, participant, list(current.snapshots.all()) if current else [])
        rows.append({"pairing": pairing, "label": labels[pairing.pk], "view": view})
    invites = rules.usable_invites().filter(inviter=participant)
    context = {"rows": rows, "invites": invites, "invite_days": settings.INVITE_DAYS}
    return render(request, "pairing/pairings.html", context)


@require_POST
@private_page
@participant_required
def create_invite(request: HttpRequest, participant: Participant) -> HttpResponse:
    invite, secret = rules.create_invite(participant)
    link = request.build_absolute_uri(reverse("checklist:invite", args=[secret]))
    return render(request, "pairing/invite_created.html", {"invite": invite, "link": link})


@require_POST
@private_page
@participant_required
def revoke_invite(request: HttpRequest, participant: Participant, invite_id: UUID) -> HttpResponse:
    rules.revoke_invite(participant, invite_id)
    return see_other(reverse("checklist:pairings") + "#invites")


@limit_rate("secret-links")
@require_http_methods(["GET", "POST"])
@private_page
def invite(request: HttpRequest, secret: str) -> HttpResponse:
    """GET shows who invites and what will be shared; only the POST accepts (link previewers GET)."""
    found = rules.find_invite(secret)
    if found is None:
        return render(request, "pairing/invite_invalid.html", status=404)
    participant = current_participant(request)
    if request.method == "GET":
        own = participant is not None and participant.pk == found.inviter_id
        return render(request, "pairing/invite.html", {"invite": found, "own": own})
    try:
        accepted = rules.accept_invite(found, participant)
    except rules.NotAllowed as refusal:
        return render(request, "pairing/not_allowed.html", {"message": str(refusal)}, status=400)
    if accepted is None:
        return render(request, "pairing/invite_invalid.html", status=404)
    participant, pairing = accepted
    bind(request, participant)
    return see_other(pairing.get_absolute_url())


@require_GET
@private_page
@participant_required
def pairing_page(request: HttpRequest, participant: Participant, pairing_id: UUID) -> HttpResponse:
    pairing = rules.pairing_for(participant, pairing_id)
    rounds = list(pairing.rounds.all())
    snapshots = list(Snapshot.objects.filter(round__pairing=pairing))
    current = next((each for each in rounds if each.is_open), None)
    view = rules.round_view(
        current, participant, [s for s in snapshots if current and s.round_id == current.pk]
    )
    context = {
        "pairing": pairing,
        "partner": rules.partner_labels(participant, [pairing])[pairing.pk],
        "view": view,
        "history": history(rounds, snapshots),
    }
    if request.htmx:
        if view.state != "waiting":  # the wait is over: reload so history and links are current too
            return HttpResponseClientRefresh()
        return render(request, "pairing/_round_state.html", context)
    return render(request, "pairing/pairing.html", context)


def history(rounds, snapshots) -> list[dict]:
    """Past rounds, newest first. A revealed round shows how many matches it revealed and, after the
    first, how many are new: counts of what both partners see anyway, never of anything hidden."""
    entries = []
    previous = None
    for each in rounds:
        if each.cancelled is not None:
            entries.append({"round": each, "state": "cancelled"})
        elif each.revealed is not None:
            matches = rules.matches_of(each, [s for s in snapshots if s.round_id == each.pk])
            new = None if previous is None else len(matches - previous)
            entries.append({"round": each, "state": "revealed", "matches": len(matches), "new": new})
            previous = matches
    return list(reversed(entries))


def _act(step):
    """A POST on a pairing that runs one rule, then returns to the pairing page."""

    @require_POST
    @private_page
    @participant_required
    def view(request: HttpRequest, participant: Participant, pairing_id: UUID) -> HttpResponse:
        pairing = rules.pairing_for(participant, pairing_id)
        try:
            step(pairing, participant)
        except rules.NotAllowed as refusal:
            return render(
                request, "pairing/not_allowed.html", {"pairing": pairing, "message": str(refusal)}, status=409
            )
        return see_other(pairing.get_absolute_url())

    return view


ready = _act(rules.ready)
withdraw = _act(rules.withdraw)
reveal_anyway = _act(rules.reveal_anyway)
cancel = _act(rules.cancel)


@require_http_methods(["GET", "POST"])
@private_page
@participant_required
def end(request: HttpRequest, participant: Participant, pairing_id: UUID) -> HttpResponse:
    pairing = rules.pairing_for(participant, pairing_id)
    if request.method == "GET":
        label = rules.partner_labels(participant, [pairing])[pairing.pk]
        return render(request, "pairing/end.html", {"pairing": pairing, "partner": label})
    pairing.delete()
    log_event("pairing.ended")
    return see_other(reverse("checklist:pairings"))


def _comparison_for(participant, pairing_id, number):
    pairing = rules.pairing_for(participant, pairing_id)
    return pairing, comparison(pairing, list(pairing.rounds.all()), number, participant)


@require_GET
@private_page
@participant_required
def round_page(request: HttpRequest, participant: Participant, pairing_id: UUID, number: int) -> HttpResponse:
    pairing, result = _comparison_for(participant, pairing_id, number)
    label = rules.partner_labels(participant, [pairing])[pairing.pk]
    return render(request, "pairing/round.html", {"pairing": pairing, "partner": label, "result": result})


def export_rows(result) -> list[dict]:
    return [
        {
            "round": result.round.number,
            "revealed": result.round.revealed.isoformat(),
            "activity": row.activity.name,
            "category": group.category.name,
            "direction": row.direction_label,
            "your_wording": row.your_wording,
            "partner_wording": row.partner_wording,
        }
        for group in result.categories
        for row in group.rows
    ]


@require_GET
@private_page
@participant_required
def round_export_json(
    request: HttpRequest, participant: Participant, pairing_id: UUID, number: int
) -> HttpResponse:
    _, result = _comparison_for(participant, pairing_id, number)
    return json_download(f"shared-yes-round-{number}.json", "matches", export_rows(result))


@require_GET
@private_page
@participant_required
def round_export_csv(
    request: HttpRequest, participant: Participant, pairing_id: UUID, number: int
) -> HttpResponse:
    _, result = _comparison_for(participant, pairing_id, number)
    return csv_download(f"shared-yes-round-{number}.csv", EXPORT_COLUMNS, export_rows(result))
