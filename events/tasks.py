"""Background e-mails for meetings: thin, idempotent wrappers that take ids."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import selectors
from .enums import RegistrationState, SignupState
from .models import AgendaRelease, Registration, ReleaseNotice, SessionSignup


def _page_url(meeting):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + (meeting.url or "/")


def _send(template, context, email, language):
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"events/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"events/email/{template}.txt", context)
    send_mail(subject, body, None, [email])


def send_registration_promotion(registration_id):
    """Tell someone they moved from the waiting list to a place; once only."""
    with transaction.atomic():
        registration = (
            Registration.objects.order_by()
            .select_for_update(of=("self",))
            .filter(
                pk=registration_id,
                state=RegistrationState.REGISTERED,
                promotion_sent_at__isnull=True,
                promoted_at__isnull=False,
            )
            .select_related("user", "meeting")
            .first()
        )
        if registration is None:
            return "skipped"
        user = registration.user
        context = {
            "user": user,
            "meeting": registration.meeting,
            "url": _page_url(registration.meeting),
        }
        _send("registration_promoted", context, user.email, user.preferred_language)
        registration.promotion_sent_at = timezone.now()
        registration.save(update_fields=["promotion_sent_at"])
    return "sent"


def send_signup_promotion(signup_id):
    """Tell someone they got a place in a limited session; once only."""
    with transaction.atomic():
        signup = (
            SessionSignup.objects.order_by()
            .select_for_update(of=("self",))
            .filter(
                pk=signup_id,
                state=SignupState.CONFIRMED,
                promotion_sent_at__isnull=True,
                promoted_at__isnull=False,
            )
            .select_related("user", "session__meeting")
            .first()
        )
        if signup is None:
            return "skipped"
        user = signup.user
        meeting = signup.session.meeting
        context = {
            "user": user,
            "session": signup.session,
            "meeting": meeting,
            "url": _page_url(meeting),
        }
        _send("signup_promoted", context, user.email, user.preferred_language)
        signup.promotion_sent_at = timezone.now()
        signup.save(update_fields=["promotion_sent_at"])
    return "sent"


def send_release_notices(release_id):
    """E-mail each affected participant or speaker once about a published agenda's changes."""
    release = AgendaRelease.objects.select_related("meeting").filter(pk=release_id).first()
    if release is None:
        return 0
    sent = 0
    for email, (language, entries) in selectors.release_recipients(release).items():
        try:
            with transaction.atomic():
                ReleaseNotice.objects.create(release=release, email=email)
                with translation.override(language or settings.LANGUAGE_CODE):
                    for entry in entries:
                        entry["field_list"] = [
                            (
                                str(selectors.FIELD_LABELS.get(name, name)),
                                values["before"],
                                values["after"],
                            )
                            for name, values in entry.get("fields", {}).items()
                        ]
                context = {
                    "release": release,
                    "meeting": release.meeting,
                    "entries": entries,
                    "url": _page_url(release.meeting),
                }
                _send("agenda_changed", context, email, language)
        except IntegrityError:
            continue
        sent += 1
    return sent
