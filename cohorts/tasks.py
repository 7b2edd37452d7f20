"""Background work for cohorts: thin, idempotent wrappers that take ids."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import Invitation
from .services import issue_invitation_token


def send_invitation(invitation_id):
    """E-mail a one-time invitation link; does nothing if it was sent or accepted already."""
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
        send_mail(subject, body, None, [user.email])
    return "sent"
