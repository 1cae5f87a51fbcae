"""Starting a checklist and rating: one tap with htmx, or a whole section without JavaScript."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from checklist.answers import Answers
from checklist.catalogue import Section, catalogue
from checklist.forms import RatingsForm, SectionsForm
from checklist.models import Participant
from checklist.pairings import checklist_partners
from checklist.participants import (
    bind,
    current_participant,
    no_participant,
    participant_page,
    remember_language,
)
from checklist.sections import choose, show
from checklist.sheet import build_sheet
from checklist.views.mydata import sealed_sheet
from kinklist.logs import log_event
from kinklist.responses import HtmxHttpRequest, limit_rate, private_page, see_other

UNANSWERED = "unanswered"
SEALED = gettext_lazy(
    "Your checklist is sealed: only your browser saves it, encrypted, and this was sent in plain text, "
    "so it was not saved. Reload the page with JavaScript on."
)


@limit_rate("start")
@require_POST
def start(request: HtmxHttpRequest) -> HttpResponse:
    if current_participant(request) is None:
        bind(request, Participant.objects.create())
        log_event("participant.started")
    return see_other(reverse("checklist:checklist"))


@limit_rate("saves", method="POST")
@require_http_methods(["GET", "POST"])
@private_page
def checklist(request: HtmxHttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _save(request)
    participant = current_participant(request)
    if participant is None:
        return render(request, "checklist/start.html")
    remember_language(participant)
    if participant.is_sealed:
        return sealed_sheet(request, participant, "checklist/sealed/checklist.html")
    sheet = build_sheet(participant, catalogue(get_language()))
    # One category's ratings at a time keeps the page small; the others load as fragments when
    # they scroll into view (or, without JavaScript, as this page with that category open).
    chosen = sheet.category(request.GET.get("category", ""))
    context = {
        "sheet": sheet,
        "show_unanswered": request.GET.get("show") == UNANSWERED,
        "state": chosen,
        "sections_saved": request.GET.get("sections") == "saved",
        "partners": checklist_partners(participant),
        "name_saved": request.GET.get("name") == "saved" and participant.display_name,
    }
    if request.htmx and chosen is not None:
        return render(request, "checklist/_category_form.html", context)
    context["open"] = chosen or sheet.resume_category
    return render(request, "checklist/checklist.html", context)


def _save(request: HtmxHttpRequest) -> HttpResponse:
    """One tap (htmx) or a whole section (a plain form): writes what changed, then says so or moves on."""
    show_unanswered = request.GET.get("show", request.POST.get("show")) == UNANSWERED
    template = "checklist/_save_error.html" if request.htmx else "checklist/save_error.html"
    with transaction.atomic():
        participant = current_participant(request, lock=True)
        if participant is None:
            return no_participant(request)
        if participant.is_sealed:
            return render(request, template, {"errors": [SEALED]}, status=409)
        answers = Answers(participant, catalogue(get_language()))
        form = RatingsForm(request.POST, answers.catalogue.placement)
        if not form.is_valid():
            return render(request, template, {"errors": form.non_field_errors() or form.errors}, status=400)
        changed = answers.save(form.cleaned_data["changes"])
    # A button that leaves the section ("next") saves it first, then opens the section it names.
    section = answers.catalogue.section(request.POST.get("next", "")) or answers.catalogue.section(
        request.POST.get("category", "")
    )
    url = _section_url(section, show_unanswered)
    if request.htmx and "next" in request.POST:
        return HttpResponseClientRedirect(url)
    if request.htmx:
        context = {
            "progress": answers.overall,
            "next_unanswered": answers.next_unanswered,
            "changed": changed,
            "touched": answers.progress_of(changed),
        }
        return render(request, "checklist/_saved.html", context)
    return see_other(url)


def _section_url(section: Section | None, show_unanswered: bool) -> str:
    params = {"category": section.slug} if section else {}
    if show_unanswered:
        params["show"] = UNANSWERED
    url = reverse("checklist:checklist") + (f"?{urlencode(params)}" if params else "")
    return url + (f"#c-{section.slug}" if section else "")


@limit_rate("saves")
@participant_page("POST")
def sections(request: HtmxHttpRequest, participant: Participant) -> HttpResponse:
    """The section chooser, and the one tap that shows a section that starts hidden."""
    with transaction.atomic():
        if participant.sealed_now():
            return render(request, "checklist/save_error.html", {"errors": [SEALED]}, status=409)
        current = catalogue(get_language())
        form = SectionsForm(request.POST, current.sections)
        if not form.is_valid():
            errors = [error for errors in form.errors.values() for error in errors]
            return render(request, "checklist/save_error.html", {"errors": errors}, status=400)
        added = form.cleaned_data["added"]
        if added is not None:
            show(participant, added)
            return see_other(reverse("checklist:checklist") + f"?category={added.slug}#c-{added.slug}")
        waiting = Answers(participant, current).waiting
        choose(participant, current.sections, form.cleaned_data["chosen"], waiting)
    return see_other(reverse("checklist:checklist") + "?sections=saved")
