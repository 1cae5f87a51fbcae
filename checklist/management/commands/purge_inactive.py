from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from checklist.endings import leave
from checklist.models import Invite, Participant
from checklist.relay import forget_finished


class Command(BaseCommand):
    help = (
        "Delete anonymous checklists nobody has opened for PURGE_AFTER_DAYS days (answers, links, pairings "
        "and comparisons with them), invites that were used, switched off or have expired, expired "
        "sessions, and the relayed messages of sealed comparisons finished a day ago or more. Run daily."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=settings.PURGE_AFTER_DAYS)

    def handle(self, *args, days: int, **options) -> None:
        now = timezone.now()
        stale = Participant.objects.filter(user__isnull=True, last_seen__lt=now - timedelta(days=days))
        participants = stale.count()
        with transaction.atomic():
            leave(stale)  # their partners are told, as when a pairing is ended
            stale.delete()
        invites, _ = Invite.objects.filter(
            Q(used__isnull=False) | Q(revoked__isnull=False) | Q(expires__lte=now)
        ).delete()
        # An expired session still names the checklist it was bound to; Redis forgets its copy by itself.
        sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
        # Fetching them deletes them, normally within seconds; this is for a partner who never came back.
        forget_finished(now - timedelta(days=1))
        self.stdout.write(
            f"Deleted {participants} checklist{'s' if participants != 1 else ''} unused for {days} days, "
            f"{invites} finished invite{'s' if invites != 1 else ''} "
            f"and {sessions} expired session{'s' if sessions != 1 else ''}."
        )
