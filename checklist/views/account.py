"""Optional accounts: a username and password instead of (or as well as) the resume link. No e-mail."""

from __future__ import annotations

from django.contrib.auth import login, logout
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from checklist.models import Participant
from checklist.participants import bind, current_participant
from kinklist.logs import log_event
from kinklist.responses import HtmxHttpRequest, limit_rate, private_page, see_other


@limit_rate("accounts", method="POST")
@require_http_methods(["GET", "POST"])
@private_page
def signup(request: HtmxHttpRequest) -> HttpResponse:
    """Turns the participant in this browser into an account, keeping every answer."""
    participant = current_participant(request)
    if participant is not None and participant.user is not None:
        return see_other(reverse("checklist:me"))
    form = UserCreationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        participant = participant or Participant.objects.create()
        participant.user = user
        participant.save(update_fields=["user"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        bind(request, participant)
        log_event("account.created")
        return see_other(reverse("checklist:me") + "#account")
    status = 400 if form.errors else 200
    return render(request, "accounts/signup.html", {"form": form}, status=status)


@limit_rate("accounts", method="POST")
@limit_rate("accounts", key="post:username", method="POST")
@require_http_methods(["GET", "POST"])
@private_page
def log_in(request: HtmxHttpRequest) -> HttpResponse:
    form = AuthenticationForm(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        login(request, user)
        participant, _ = Participant.objects.get_or_create(user=user)
        bind(request, participant)
        log_event("account.logged_in")
        return see_other(reverse("checklist:checklist"))
    return render(request, "accounts/login.html", {"form": form}, status=400 if form.errors else 200)


@require_POST
def log_out(request: HtmxHttpRequest) -> HttpResponse:
    logout(request)
    return see_other(reverse("home"))
