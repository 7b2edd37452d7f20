"""Background work for cohorts: thin, idempotent wrappers that take ids."""

from django.db import transaction
from django.urls import reverse

from notifications.services import notify

from . import notifications as kinds
from .models import Invitation
from .services import issue_invitation_token


def send_invitation(invitation_id):
    """E-mail a one-time invitation link; does nothing if it was sent or accepted already.

    ``sent_at`` is written in the same transaction as the send: if the worker dies before
    the commit, the broker delivers the task again and the same e-mail (same link, same
    Message-ID) goes out; once committed, a second delivery sends nothing.
    """
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .filter(pk=invitation_id, sent_at__isnull=True, accepted_at__isnull=True)
            .select_related("user", "cohort__programme", "invited_by")
            .first()
        )
        if invitation is None:
            return "skipped"
        token = issue_invitation_token(invitation)
        notify(
            invitation.user,
            kinds.INVITATION.name,
            context={"invitation": invitation},
            url=reverse("cohorts:invitation", kwargs={"token": token}),
            actor=invitation.invited_by,
            once_key=f"cohorts.invitation:{invitation.pk}:{token[:16]}",
        )
    return "sent"
