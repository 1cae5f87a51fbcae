"""Everything a participant can do with their own data: resume link, name, export, print, delete."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import logout
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language, gettext_lazy
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_http_methods

from checklist import endings, sealed
from checklist.answers import Answers
from checklist.catalogue import catalogue
from checklist.forms import DisplayNameForm
from checklist.models import Participant
from checklist.participants import log_in, participant_page, sign_out_everywhere_else
from checklist.sheet import blank_sheet, build_sheet
from kinklist.downloads import csv_download, json_download
from kinklist.logs import log_event
from kinklist.responses import HtmxHttpRequest, limit_rate, private_page, see_other
from kinklist.secret_links import hash_secret, new_secret

# The last column says which language the names and wording are in (the page's the download came from).
EXPORT_COLUMNS = [
    "activity",
    "category",
    "side",
    "wording",
    "answer",
    "updated",
    "category_left_out",
    "language",
]


@participant_page("GET")
def me(request: HtmxHttpRequest, participant: Participant) -> HttpResponse:
    return render(
        request,
        "checklist/me.html",
        {"participant": participant, "name_form": DisplayNameForm(instance=participant)},
    )


@participant_page("POST")
def display_name(request: HtmxHttpRequest, participant: Participant) -> HttpResponse:
    form = DisplayNameForm(request.POST, instance=participant)
    if not form.is_valid():
        return render(
            request, "checklist/me.html", {"participant": participant, "name_form": form}, status=400
        )
    form.save()
    return see_other(reverse("checklist:me") + "#name")


def fresh_resume_link(request: HtmxHttpRequest, participant: Participant) -> str:
    """A new link each time: the previous one stops working, and every browser that opened it is signed
    out. The secret is shown once and never stored."""
    secret, participant.resume_hash = new_secret()
    participant.save(update_fields=["resume_hash"])
    sign_out_everywhere_else(request, participant)
    # Without a language prefix: it opens the checklist in the person's language, whichever that is then.
    with translation.override(settings.LANGUAGE_CODE):
        return request.build_absolute_uri(reverse("checklist:resume", args=[secret]))


@participant_page("POST")
@transaction.atomic
def resume_link(request: HtmxHttpRequest, participant: Participant) -> HttpResponse:
    context = {"link": fresh_resume_link(request, participant), "participant": participant}
    return render(request, "checklist/resume_link.html", context)


@participant_page("GET")
def seal_page(request: HtmxHttpRequest, participant: Participant) -> HttpResponse:
    """What sealing protects and costs, then the switch; the browser encrypts what it is given here."""
    context = {"participant": participant}
    if not participant.is_sealed:
        context["own"] = sealed.sealing_input(participant)
    return render(request, "checklist/sealed/seal.html", context)


@limit_rate("secret-links")
@require_http_methods(["GET", "POST"])
@private_page
def resume(request: HtmxHttpRequest, secret: str) -> HttpResponse:
    """GET only shows a button, so link previewers change nothing; the POST restores the checklist."""
    participant = Participant.objects.filter(resume_hash=hash_secret(secret)).select_related("user").first()
    if participant is None:
        return render(request, "checklist/resume_invalid.html", status=404)
    # In the language the person last read their checklist in, whatever the link's address says.
    with translation.override(participant.language):
        if request.method == "GET":
            return render(request, "checklist/resume.html")
        log_in(request, participant)
        log_event("participant.resumed")
        return see_other(reverse("checklist:checklist"))


SEALED_COLUMNS = ["name", "revision", "updated", "data"]
SEALED_NOTE = gettext_lazy(
    "Your checklist is sealed: these are its parts as we store them, encrypted. Only your browser, with "
    "the key in your resume link, can read them; the checklist page exports them readable."
)


@participant_page("GET")
def export_json(request: HtmxHttpRequest, participant: Participant) -> HttpResponse:
    if participant.is_sealed:
        return json_download(
            "my-answers.json", "sealed", sealed.export_rows(participant), note=str(SEALED_NOTE)
        )
    answers = Answers(participant, catalogue(get_language()), with_times=True)
    return json_download(
        "my-answers.json",
        "answers",
        answers.export_rows(),
        categories_left_out=answers.left_out,
        language=get_language(),
    )


@participant_page("GET")
def export_csv(request: HtmxHttpRequest, participant: Participant) -> HttpResponse:
    if participant.is_sealed:
        return csv_download("my-answers.csv", SEALED_COLUMNS, sealed.export_rows(participant))
    rows = Answers(participant, catalogue(get_language()), with_times=True).export_rows()
    return csv_download(
        "my-answers.csv", EXPORT_COLUMNS, [{**row, "language": get_language()} for row in rows]
    )


@participant_page("GET")
def print_view(request: HtmxHttpRequest, participant: Participant) -> HttpResponse:
    if participant.is_sealed:
        return sealed_sheet(request, participant, "checklist/sealed/print.html")
    sheet = build_sheet(participant, catalogue(get_language()))
    return render(request, "checklist/print.html", {"sheet": sheet})


@gzip_page
def sealed_sheet(request: HtmxHttpRequest, participant: Participant, template: str) -> HttpResponse:
    """A sealed checklist's page: every section with nothing answered, the same for every sealed person
    reading that language; their browser fills in their answers. It holds no secret and reflects nothing
    a visitor sends, so compressing it cannot leak one (BREACH) and shrinks its half a megabyte to a
    fraction."""
    context = {"participant": participant, "sheet": blank_sheet(catalogue(get_language()))}
    return render(request, template, context)


@participant_page("GET", "POST")
def delete(request: HtmxHttpRequest, participant: Participant) -> HttpResponse:
    if request.method == "GET":
        return render(request, "checklist/delete.html", {"participant": participant})
    user = participant.user
    with transaction.atomic():
        endings.leave(Participant.objects.filter(pk=participant.pk))
        participant.delete()
        if user is not None:
            user.delete()
    logout(request)  # flushes the whole session, not just the account
    log_event("participant.deleted")
    return see_other(reverse("checklist:deleted"))


@require_GET
def deleted(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "checklist/deleted.html")
