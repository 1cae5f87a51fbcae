"""Sealed checklists: the JSON the browser's script speaks with the server, and the public catalogue bundle.

Every endpoint but the bundle is a participant's own: session-bound, CSRF-checked, rate-limited like saves,
never cached. A refusal is `{"error": "<what went wrong, for a person>"}` with a 4xx; anything that is not
the participant's is a 404, as if it did not exist. What a partner gets comes from `partner_view`.
"""

from __future__ import annotations

import json
from functools import wraps
from uuid import UUID

from django.core.exceptions import RequestDataTooBig
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import etag, require_GET, require_http_methods
from django_ratelimit.exceptions import Ratelimited

from checklist import invites, partner_view, relay, sealed
from checklist.models import Pairing, Participant
from checklist.pairings import NotAllowed, pairing_for
from checklist.participants import NO_PARTICIPANT, current_participant
from checklist.views.mydata import fresh_resume_link
from kinklist.responses import HtmxHttpRequest, limit_rate, private_page
from kinklist.views import NOT_FOUND, TOO_MANY

LOCK_MOST = relay.LOCK_OVERHEAD + relay.POINT_BYTES * 4096  # far above any checklist, far below a flood


def refused(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def sealed_api(*methods: str):
    """A JSON endpoint of the participant's own: these methods only, never cached, counted like saves, and
    every refusal as a JSON message. The view gets the participant."""

    def decorate(view):
        @limit_rate("saves")
        def counted(request: HtmxHttpRequest, *args, **kwargs) -> HttpResponse:
            participant = current_participant(request)
            if participant is None:
                return refused(NO_PARTICIPANT, 403)
            return view(request, participant, *args, **kwargs)

        @wraps(view)
        def answered(request: HtmxHttpRequest, *args, **kwargs) -> HttpResponse:
            try:
                return counted(request, *args, **kwargs)
            except sealed.Invalid as refusal:
                return refused(str(refusal), 400)
            except NotAllowed as refusal:
                return refused(str(refusal), 409)
            except Http404:
                return refused(NOT_FOUND, 404)
            except Ratelimited:
                return refused(TOO_MANY, 429)

        return require_http_methods(list(methods))(private_page(answered))

    return decorate


def body_of(request: HtmxHttpRequest) -> dict:
    if request.content_type != "application/json":
        raise sealed.Invalid(gettext("Send this as JSON (Content-Type: application/json)."))
    try:
        body = json.loads(request.body)
    except RequestDataTooBig:
        raise sealed.Invalid(gettext("This is too large to be sealed data.")) from None
    except (ValueError, RecursionError):
        raise sealed.Invalid(gettext("This is not valid JSON.")) from None
    if not isinstance(body, dict):
        raise sealed.Invalid(gettext("Send a JSON object."))
    return body


@require_GET
@cache_control(public=True, max_age=60)
@etag(lambda request: f"{sealed.bundle().version}-{len(sealed.bundle().changes)}")
def catalogue_bundle(request: HtmxHttpRequest) -> HttpResponse:
    """The same bytes for everyone: a browser loads it whole, so no request names an activity."""
    current = sealed.bundle()
    sides = [list(side) for side in current.sides]
    return JsonResponse({"version": current.version, "sides": sides, "changes": list(current.changes)})


@sealed_api("POST")
def seal(request: HtmxHttpRequest, participant: Participant) -> HttpResponse:
    body = body_of(request)
    blobs, changes = body.get("blobs"), body.get("changes", 0)
    if not isinstance(blobs, dict):
        raise sealed.Invalid(gettext("Send the sealed parts as “blobs”."))
    if isinstance(changes, bool) or not isinstance(changes, int):
        raise sealed.Invalid(
            gettext("Send the number of content changes the answers went through as “changes”.")
        )
    with transaction.atomic():
        decoded = {name: sealed.decode(data, name, sealed.BLOB_BYTES) for name, data in blobs.items()}
        sealed.seal(participant, decoded, changes)
        # A link made before knows no key, so it could never open the sealed answers: it is replaced.
        link = fresh_resume_link(request, participant)
    return JsonResponse({"blobs": {name: {"revision": 1} for name in sealed.SEALING_SLOTS}, "resume": link})


@sealed_api("GET")
def blobs(request: HtmxHttpRequest, participant: Participant) -> HttpResponse:
    return JsonResponse(
        {
            blob.name: {"revision": blob.revision, "data": sealed.encode(blob.data)}
            for blob in sealed.blobs_of(participant)
        }
    )


@sealed_api("PUT")
def blob(request: HtmxHttpRequest, participant: Participant, name: str) -> HttpResponse:
    body = body_of(request)
    data = sealed.decode(body.get("data"), "data", sealed.BLOB_BYTES)
    revision = sealed.put_blob(participant, name, body.get("expected_revision"), data)
    return JsonResponse({"revision": revision})


@sealed_api("POST")
def create_invite(request: HtmxHttpRequest, participant: Participant) -> HttpResponse:
    if body_of(request).get("sealed") is not True:
        raise sealed.Invalid(gettext('Only sealed invites are made here: send {"sealed": true}.'))
    invite, secret = invites.create_invite(participant, sealed=True)
    link = request.build_absolute_uri(reverse("checklist:invite", args=[secret]))
    return JsonResponse(
        {"invite": str(invite.public_id), "link": link, "expires": invite.expires.isoformat()}, status=201
    )


@sealed_api("GET")
def pairing(request: HtmxHttpRequest, participant: Participant, pairing_id: UUID) -> HttpResponse:
    page = partner_view.sealed_pairing(participant, pairing_id)
    return JsonResponse(
        {
            "pairing": str(page.pairing_id),
            "role": page.role,
            "sealed": page.sealed,
            "partner_sealed": page.partner_sealed,
            "partner": page.partner,
            "invite": page.invite and str(page.invite),
            "round": page.round,
            "finished": [{"number": number, "date": when.isoformat()} for number, when in page.finished],
        }
    )


def _round(participant: Participant, found: Pairing, number: int) -> JsonResponse:
    """The round as this partner's browser sees it; handing it the partner's reply counts as delivery."""
    state = partner_view.sealed_round(participant, found, number)
    if state.partner_reply is not None:
        relay.delivered(found, participant, number)
    body = {
        "stage": state.stage,
        "me_locked": state.me_locked,
        "partner_locked": state.partner_locked,
        "me_replied": state.me_replied,
    }
    for key in ("partner_message", "partner_reply"):
        if getattr(state, key) is not None:
            body[key] = sealed.encode(getattr(state, key))
    return JsonResponse(body)


def _sealed_pairing(participant: Participant, pairing_id: UUID) -> Pairing:
    found = pairing_for(participant, pairing_id)
    relay.require_sealed(found)
    return found


@sealed_api("GET")
def round_state(
    request: HtmxHttpRequest, participant: Participant, pairing_id: UUID, number: int
) -> HttpResponse:
    return _round(participant, _sealed_pairing(participant, pairing_id), number)


@sealed_api("POST")
def lock(request: HtmxHttpRequest, participant: Participant, pairing_id: UUID, number: int) -> HttpResponse:
    found = _sealed_pairing(participant, pairing_id)
    body = body_of(request)
    message = sealed.decode(body.get("message"), "message", LOCK_MOST)
    relay.lock(found, participant, number, body.get("catalogue"), message)
    return _round(participant, found, number)


@sealed_api("POST")
def reply(request: HtmxHttpRequest, participant: Participant, pairing_id: UUID, number: int) -> HttpResponse:
    found = _sealed_pairing(participant, pairing_id)
    relay.reply(
        found, participant, number, sealed.decode(body_of(request).get("message"), "message", LOCK_MOST)
    )
    return _round(participant, found, number)


@sealed_api("POST")
def withdraw(
    request: HtmxHttpRequest, participant: Participant, pairing_id: UUID, number: int
) -> HttpResponse:
    found = _sealed_pairing(participant, pairing_id)
    relay.withdraw(found, participant, number)
    return _round(participant, found, number)
