"""Invite links: made by one participant, accepted once by another, who then pair."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from kinklist.logs import log_event
from kinklist.secret_links import hash_secret, new_secret

from .models import Invite, Pairing, Participant
from .pairings import NotAllowed, pairing_between


def create_invite(inviter: Participant, sealed: bool = False) -> tuple[Invite, str]:
    """A sealed checklist makes only sealed invites (a partner it could never compare with is no use), and
    only a sealed one can make them."""
    if sealed and not inviter.is_sealed:
        raise NotAllowed(gettext("Only a sealed checklist can make a sealed invite. Seal yours first."))
    if inviter.is_sealed and not sealed:
        raise NotAllowed(
            gettext(
                "Your checklist is sealed, so its invite carries a secret that only your browser can add: "
                "making one needs JavaScript."
            )
        )
    secret, secret_hash = new_secret()
    log_event("invite.created")
    invite = Invite.objects.create(
        inviter=inviter,
        secret_hash=secret_hash,
        expires=timezone.now() + timedelta(days=settings.INVITE_DAYS),
        sealed=sealed,
    )
    return invite, secret


def usable_invites():
    return Invite.objects.filter(used__isnull=True, revoked__isnull=True, expires__gt=timezone.now())


def find_invite(secret: str) -> Invite | None:
    """The invite behind a link, if it can still be accepted; used, revoked, expired and unknown alike."""
    return usable_invites().select_related("inviter").filter(secret_hash=hash_secret(secret)).first()


def accept_invite(invite: Invite, participant: Participant | None) -> tuple[Participant, Pairing] | None:
    """Consumes the invite and pairs the inviter with `participant` (a new one if None).

    Returns who accepted and the pairing, or None if someone else was quicker: exactly one can win.
    """
    if participant is not None and participant.pk == invite.inviter_id:
        raise NotAllowed(
            gettext("This is your own invite. Send it to your partner: it works once, for them.")
        )
    if invite.sealed and (participant is None or not participant.is_sealed):
        raise NotAllowed(
            gettext(
                "This invite is to compare sealed checklists: seal yours first, then open this link again. "
                "The invite still works."
            )
        )
    with transaction.atomic():
        claimed = usable_invites().filter(pk=invite.pk).update(used=timezone.now())
        if not claimed:
            return None
        participant = participant or Participant.objects.create()
        pairing = pairing_between(invite.inviter, participant)
        if pairing is None:
            try:
                with transaction.atomic():
                    pairing = Pairing.objects.create(first=invite.inviter, second=participant)
            except IntegrityError:  # they accepted each other's invites at the same moment
                pairing = pairing_between(invite.inviter, participant)
        if invite.sealed:
            pairing.sealed_invite = invite.public_id
            pairing.save(update_fields=["sealed_invite"])
        log_event("invite.accepted")
        return participant, pairing


def revoke_invite(inviter: Participant, public_id) -> None:
    revoked = usable_invites().filter(inviter=inviter, public_id=public_id).update(revoked=timezone.now())
    if not revoked:
        raise Http404
