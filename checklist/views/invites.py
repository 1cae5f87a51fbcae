"""Invite links: making one, switching one off, and the page a link opens, where accepting pairs two people.

Templates here get only the plain data of `checklist.partner_view`, as the pairing pages do.
"""

from __future__ import annotations

from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from checklist import invites, partner_view
from checklist.models import Participant
from checklist.pairings import NotAllowed, clean_name
from checklist.participants import bind, current_participant, participant_page
from kinklist.responses import HtmxHttpRequest, limit_rate, private_page, see_other


def _save_display_name(participant: Participant, typed: str) -> str:
    """Saves the name a partner will see, if one was typed (empty keeps the current one); returns it."""
    name = clean_name(typed)
    if name:
        participant.display_name = name
        participant.save(update_fields=["display_name"])
    return name


@participant_page("POST")
def create_invite(request: HtmxHttpRequest, participant: Participant) -> HttpResponse:
    typed = request.POST.get("display_name", "")
    try:
        clean_name(typed)  # refused before anything is made: a bad name loses nothing
        invite, secret = invites.create_invite(participant)
    except NotAllowed as refusal:
        return render(request, "checklist/pairing/not_allowed.html", {"message": str(refusal)}, status=400)
    name = _save_display_name(participant, typed)
    link = request.build_absolute_uri(reverse("checklist:invite", args=[secret]))
    context = {"link": link, "expires": invite.expires, "name_saved": name}
    return render(request, "checklist/pairing/invite_created.html", context)


@participant_page("POST")
def revoke_invite(request: HtmxHttpRequest, participant: Participant, invite_id: UUID) -> HttpResponse:
    invites.revoke_invite(participant, invite_id)
    return see_other(reverse("checklist:pairings") + "#invites")


@limit_rate("secret-links")
@require_http_methods(["GET", "POST"])
@private_page
def invite(request: HtmxHttpRequest, secret: str) -> HttpResponse:
    """GET shows who invites and what will be shared; only the POST accepts (link previewers GET)."""
    found = invites.find_invite(secret)
    if found is None:
        return render(request, "checklist/pairing/invite_invalid.html", status=404)
    participant = current_participant(request)
    context = {"page": partner_view.invite_page(found, participant)}
    if request.method == "GET":
        return render(request, "checklist/pairing/invite.html", context)
    typed = request.POST.get("display_name", "")
    try:
        clean_name(typed)  # refused before the invite is used: a bad name loses nothing
    except NotAllowed as refusal:
        context |= {"error": str(refusal), "typed": typed}
        return render(request, "checklist/pairing/invite.html", context, status=400)
    try:
        accepted = invites.accept_invite(found, participant)
    except NotAllowed as refusal:
        return render(request, "checklist/pairing/not_allowed.html", {"message": str(refusal)}, status=400)
    if accepted is None:
        return render(request, "checklist/pairing/invite_invalid.html", status=404)
    participant, pairing = accepted
    bind(request, participant)
    saved = "?name=saved" if _save_display_name(participant, typed) else ""
    if found.sealed:
        # To the pairing, whose page keeps the secret this tab holds from the link: the checklist was
        # sealed, so it was answered before.
        return see_other(pairing.get_absolute_url())
    # To the checklist, where a banner says what comes next: a page with only "Ready" would invite
    # comparing before answering anything.
    return see_other(reverse("checklist:checklist") + saved)
