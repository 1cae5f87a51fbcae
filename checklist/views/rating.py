from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from checklist.forms import RatingsForm
from checklist.models import Participant
from checklist.participants import bind, current_participant
from checklist.sheet import Tally, build_sheet, catalogue
from kinklist.decorators import limit_rate, private_page, see_other
from kinklist.logging import log_event

UNANSWERED = "unanswered"


@limit_rate("start")
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    if current_participant(request) is None:
        bind(request, Participant.objects.create())
        log_event("participant.started")
    return see_other(reverse("checklist:checklist"))


@limit_rate("saves", method="POST")
@require_http_methods(["GET", "POST"])
@private_page
def checklist(request: HttpRequest) -> HttpResponse:
    participant = current_participant(request)
    if participant is None:
        if request.method == "POST":
            return render(request, "checklist/no_participant.html", status=403)
        return render(request, "checklist/start.html")

    show_unanswered = request.GET.get("show", request.POST.get("show")) == UNANSWERED
    if request.method == "GET":
        sheet = build_sheet(participant)
        # One category's ratings at a time keeps the page small; the others load as fragments when
        # they scroll into view (or, without JavaScript, as this page with that category open).
        chosen = sheet.category(request.GET.get("category", ""))
        context = {"sheet": sheet, "show_unanswered": show_unanswered, "state": chosen}
        if request.htmx and chosen is not None:
            return render(request, "checklist/_category_form.html", context)
        context["open"] = chosen or sheet.resume_category
        return render(request, "checklist/checklist.html", context)

    tally = Tally(participant, catalogue(with_terms=False))
    form = RatingsForm(request.POST, tally.catalogue.placement)
    if not form.is_valid():
        template = "checklist/_save_error.html" if request.htmx else "checklist/save_error.html"
        return render(request, template, {"errors": form.non_field_errors() or form.errors}, status=400)
    changed = tally.save(form.cleaned_data["changes"])
    if request.htmx:
        context = {"sheet": tally, "changed": changed, "touched": tally.categories_of(changed)}
        return render(request, "checklist/_saved.html", context)

    category = tally.catalogue.category(request.POST.get("category", ""))
    params = {"category": category.slug} if category else {}
    if show_unanswered:
        params["show"] = UNANSWERED
    url = reverse("checklist:checklist") + (f"?{urlencode(params)}" if params else "")
    return see_other(url + (f"#c-{category.slug}" if category else ""))
