"""Background work for cohorts: thin, idempotent wrappers that take ids."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

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
        user = invitation.user
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            context = {
                "invitation": invitation,
                "user": user,
                "url": settings.WAGTAILADMIN_BASE_URL
                + reverse("cohorts:invitation", kwargs={"token": token}),
            }
            subject = render_to_string("cohorts/email/invitation_subject.txt", context).strip()
            body = render_to_string("cohorts/email/invitation.txt", context)
        domain = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "kohorta.localhost"
        EmailMessage(
            subject,
            body,
            to=[user.email],
            headers={"Message-ID": f"<invitation-{invitation.pk}-{token[:16]}@{domain}>"},
        ).send()
    return "sent"
