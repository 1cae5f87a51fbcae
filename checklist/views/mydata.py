"""Everything a participant can do with their own data: resume link, name, export, print, delete."""

from __future__ import annotations

from django.contrib.auth import logout
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from checklist.forms import DisplayNameForm
from checklist.models import Participant
from checklist.participants import log_in, participant_required, sign_out_everywhere_else
from checklist.sheet import build_sheet
from kinklist.capabilities import hash_secret, new_secret
from kinklist.decorators import limit_rate, private_page, see_other
from kinklist.downloads import csv_download, json_download
from kinklist.logging import log_event

EXPORT_COLUMNS = ["activity", "category", "side", "wording", "answer", "updated"]


@require_GET
@private_page
@participant_required
def me(request: HttpRequest, participant: Participant) -> HttpResponse:
    return render(
        request,
        "checklist/me.html",
        {"participant": participant, "name_form": DisplayNameForm(instance=participant)},
    )


@require_POST
@private_page
@participant_required
def display_name(request: HttpRequest, participant: Participant) -> HttpResponse:
    form = DisplayNameForm(request.POST, instance=participant)
    if not form.is_valid():
        return render(
            request, "checklist/me.html", {"participant": participant, "name_form": form}, status=400
        )
    form.save()
    return see_other(reverse("checklist:me") + "#name")


@require_POST
@transaction.atomic
@private_page
@participant_required
def resume_link(request: HttpRequest, participant: Participant) -> HttpResponse:
    """A new link each time: the previous one stops working, and every browser that opened it is signed
    out. The secret is shown once and never stored."""
    secret, participant.resume_hash = new_secret()
    participant.save(update_fields=["resume_hash"])
    sign_out_everywhere_else(request, participant)
    link = request.build_absolute_uri(reverse("checklist:resume", args=[secret]))
    return render(request, "checklist/resume_link.html", {"link": link})


@limit_rate("secret-links")
@require_http_methods(["GET", "POST"])
@private_page
def resume(request: HttpRequest, secret: str) -> HttpResponse:
    """GET only shows a button, so link previewers change nothing; the POST restores the checklist."""
    participant = Participant.objects.filter(resume_hash=hash_secret(secret)).select_related("user").first()
    if participant is None:
        return render(request, "checklist/resume_invalid.html", status=404)
    if request.method == "GET":
        return render(request, "checklist/resume.html")
    log_in(request, participant)
    log_event("participant.resumed")
    return see_other(reverse("checklist:checklist"))


def my_answers(participant: Participant) -> list[dict]:
    answers = []
    for state in build_sheet(participant, with_terms=False).categories:
        for item in state.items:
            if item.answer:
                answers.append(
                    {
                        "activity": item.activity.name,
                        "category": state.category.name,
                        "side": item.side,
                        "wording": item.side_text,
                        "answer": item.answer,
                        "updated": item.updated.isoformat() if item.updated else "",
                    }
                )
    return answers


@require_GET
@private_page
@participant_required
def export_json(request: HttpRequest, participant: Participant) -> HttpResponse:
    return json_download("my-answers.json", "answers", my_answers(participant))


@require_GET
@private_page
@participant_required
def export_csv(request: HttpRequest, participant: Participant) -> HttpResponse:
    return csv_download("my-answers.csv", EXPORT_COLUMNS, my_answers(participant))


@require_GET
@private_page
@participant_required
def print_view(request: HttpRequest, participant: Participant) -> HttpResponse:
    return render(request, "checklist/print.html", {"sheet": build_sheet(participant, with_terms=False)})


@require_http_methods(["GET", "POST"])
@private_page
@participant_required
def delete(request: HttpRequest, participant: Participant) -> HttpResponse:
    if request.method == "GET":
        return render(request, "checklist/delete.html")
    user = participant.user
    participant.delete()
    if user is not None:
        user.delete()
    logout(request)  # flushes the whole session, not just the account
    request.session.flush()
    log_event("participant.deleted")
    return see_other(reverse("checklist:deleted"))


@require_GET
def deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "checklist/deleted.html")
