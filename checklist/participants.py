"""Who is rating: the participant bound to this browser's session, and the one door every view uses."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth import login
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from kinklist.languages import page_language
from kinklist.responses import private_page, refusal

from .models import Participant

SESSION_KEY = "participant_id"
VERSION_KEY = "participant_access"
# last_seen feeds the purge of long-unused data; a day's precision is plenty and spares a write per save.
LAST_SEEN_PRECISION = timezone.timedelta(days=1)


def current_participant(request: HttpRequest, lock: bool = False) -> Participant | None:
    """The participant this browser's session (or account) names, read once per request. With `lock`, inside
    a transaction, it is read (again) under the row lock sealing takes: a plain write that checks
    `is_sealed` on it cannot land after a seal that raced it, and needs no second read to know."""
    if lock or not hasattr(request, "_participant"):
        participant = None
        participants = Participant.objects.select_for_update() if lock else Participant.objects.all()
        participant_id = request.session.get(SESSION_KEY)
        if participant_id is not None:
            version = request.session.get(VERSION_KEY, 0)
            participant = participants.filter(pk=participant_id, access_version=version).first()
        elif request.user.is_authenticated:
            participant = participants.filter(user=request.user).first()
        if participant is not None and touch(participant):
            request.session.modified = True  # the session lasts from its last use, not its first
        request._participant = participant
    return request._participant


def bind(request: HttpRequest, participant: Participant) -> None:
    """Makes this browser the participant's, under a new session key (no session fixation)."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = participant.pk
    request.session[VERSION_KEY] = participant.access_version
    request._participant = participant


def remember_language(participant: Participant) -> None:
    """Notes the page's language as the participant's, when it changed: their resume link opens their
    checklist in it."""
    language = page_language()
    if participant.language != language:
        Participant.objects.filter(pk=participant.pk).update(language=language)
        participant.language = language


def sign_out_everywhere_else(request: HttpRequest, participant: Participant) -> None:
    """Every other browser bound to this participant loses it; this one stays."""
    # Counted in the database: two browsers doing this at once must not both end on the same version.
    Participant.objects.filter(pk=participant.pk).update(access_version=F("access_version") + 1)
    participant.refresh_from_db(fields=["access_version"])
    bind(request, participant)


def log_in(request: HttpRequest, participant: Participant) -> None:
    """Binds the participant and, if they have an account, logs it in too."""
    if participant.user is not None:
        login(request, participant.user, backend="django.contrib.auth.backends.ModelBackend")
    bind(request, participant)


def touch(participant: Participant) -> bool:
    """Notes that the participant was here (at most once a day); says whether it did."""
    now = timezone.now()
    if now - participant.last_seen <= LAST_SEEN_PRECISION:
        return False
    Participant.objects.filter(pk=participant.pk).update(last_seen=now)
    participant.last_seen = now
    return True


def participant_required(view):
    """Views of a participant's own data: without one in this browser, say how to get back in."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        participant = current_participant(request)
        if participant is None:
            if request.method == "GET":
                return redirect("checklist:checklist")
            return no_participant(request)
        return view(request, participant, *args, **kwargs)

    return wrapper


NO_PARTICIPANT = gettext_lazy(
    "There is no checklist in this browser any more: your session may have ended, or the checklist was "
    "opened in another browser. Nothing you saved before was changed. Reload the page to get back in."
)


def no_participant(request: HttpRequest) -> HttpResponse:
    """A change asked for without a checklist in this browser: say how to get back in."""
    return refusal(request, "checklist/no_participant.html", NO_PARTICIPANT, status=403)


def participant_page(*methods: str):
    """A page of a participant's own data: only these methods, never stored by a browser cache or a proxy,
    and without a participant in this browser, the way back in. The view gets the participant."""

    def decorate(view):
        return require_http_methods(list(methods))(private_page(participant_required(view)))

    return decorate
