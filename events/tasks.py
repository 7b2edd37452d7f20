"""Background e-mails for meetings: thin, idempotent wrappers that take ids.

Each goes through ``notifications.notify`` with a once-key, so a retried task never tells
anyone twice.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from kohorta.translatable import localize_one
from notifications.mail import absolute, language_of
from notifications.services import notify

from . import notifications as kinds
from . import selectors, services
from .enums import RegistrationState, SignupState
from .models import AgendaRelease, Registration, SessionSignup


def _page_path(meeting):
    return meeting.url or "/"


def _for_reader(user, session):
    """The session with ``.tr``: its translation in the person's language, for their notice."""
    with translation.override(language_of(user)):
        localize_one(session)
    return session


def _offer_context(row):
    """What a promotion notice says about confirming: the deadline, or nothing."""
    return {"confirm_by": row.offer_expires_at} if row.offer_expires_at else {}


def send_registration_promotion(registration_id):
    """Tell someone a place is theirs (or offered to them until a deadline); once only."""
    with transaction.atomic():
        registration = (
            Registration.objects.order_by()
            .select_for_update(of=("self",))
            .filter(
                pk=registration_id,
                state__in=RegistrationState.holding,
                promotion_sent_at__isnull=True,
                promoted_at__isnull=False,
            )
            .select_related("user", "meeting")
            .first()
        )
        if registration is None:
            return "skipped"
        offer = _offer_context(registration)
        notify(
            registration.user,
            kinds.REGISTRATION_PROMOTED.name,
            context={"meeting": registration.meeting, **offer},
            url=reverse("events:registration_offer", args=[registration.meeting_id])
            if offer
            else _page_path(registration.meeting),
            once_key=f"events.registration_promoted:{registration.pk}:"
            f"{registration.promoted_at.isoformat()}",
        )
        registration.promotion_sent_at = timezone.now()
        registration.save(update_fields=["promotion_sent_at"])
    return "sent"


def send_offer_expired(what, pk, at):
    """Tell someone the place offered to them went to the next person (not confirmed in time)."""
    if what == "registration":
        row = (
            Registration.objects.filter(pk=pk, state=RegistrationState.CANCELLED)
            .select_related("user", "meeting")
            .first()
        )
        context = {"meeting": row.meeting} if row else {}
    else:
        row = (
            SessionSignup.objects.filter(pk=pk, state=SignupState.CANCELLED)
            .select_related("user", "session__meeting")
            .first()
        )
        context = (
            {"meeting": row.session.meeting, "session": _for_reader(row.user, row.session)}
            if row
            else {}
        )
    if row is None:
        return "skipped"
    sent = notify(
        row.user,
        kinds.OFFER_EXPIRED.name,
        context=context,
        url=_page_path(context["meeting"]),
        once_key=f"events.offer_expired:{what}:{pk}:{at}",
    )
    return "sent" if sent else "skipped"


def expire_offers():
    """Hourly: offers not confirmed in time go to the next person waiting."""
    return services.expire_offers()


SCHEDULES = [
    # (name, function, schedule type, first run as (weekday or None, hour or None: at once))
    ("events: expire waiting-list offers", "events.tasks.expire_offers", "H", (None, None)),
]


def ensure_schedules(**kwargs):
    """Create this app's django-q schedules once (run after migrate)."""
    from kohorta.tasks import create_schedules

    create_schedules(SCHEDULES)


def send_registration_notice(registration_id, state, at):
    """Confirm a registration (with the person's agenda as .ics) or a waiting-list place."""
    registration = (
        Registration.objects.filter(pk=registration_id, state=state)
        .select_related("user", "meeting")
        .first()
    )
    if registration is None:
        return "skipped"
    meeting = registration.meeting
    calendar_url = absolute(reverse("events:personal_ics", args=[registration.calendar_token]))
    if state == RegistrationState.REGISTERED:
        kind = kinds.REGISTERED.name
        with translation.override(language_of(registration.user)):
            attachments = [
                ("my-agenda.ics", selectors.personal_calendar(registration), "text/calendar")
            ]
    else:
        kind, attachments = kinds.WAITLISTED.name, ()
    sent = notify(
        registration.user,
        kind,
        context={"meeting": meeting, "calendar_url": calendar_url},
        url=_page_path(meeting),
        once_key=f"{kind}:{registration.pk}:{at}",
        attachments=attachments,
    )
    return "sent" if sent else "skipped"


def send_registration_cancelled(registration_id, at, by_id, reason):
    """Tell a person their registration was cancelled (by them, or by whom and why)."""
    registration = (
        Registration.objects.filter(pk=registration_id, state=RegistrationState.CANCELLED)
        .select_related("user", "meeting")
        .first()
    )
    if registration is None:
        return "skipped"
    actor = get_user_model().objects.filter(pk=by_id).first() if by_id else None
    sent = notify(
        registration.user,
        kinds.REGISTRATION_CANCELLED.name,
        context={
            "meeting": registration.meeting,
            "by_self": actor is None or actor.pk == registration.user_id,
            "reason": reason,
        },
        url=_page_path(registration.meeting),
        actor=actor,
        once_key=f"events.registration_cancelled:{registration.pk}:{at}",
    )
    return "sent" if sent else "skipped"


def send_signup_notice(signup_id, state, at):
    """Confirm a session place or a place on a session's waiting list."""
    signup = (
        SessionSignup.objects.filter(pk=signup_id, state=state)
        .select_related("user", "session__meeting")
        .first()
    )
    if signup is None:
        return "skipped"
    kind = (
        kinds.SIGNUP_CONFIRMED.name
        if state == SignupState.CONFIRMED
        else kinds.SIGNUP_WAITLISTED.name
    )
    meeting = signup.session.meeting
    sent = notify(
        signup.user,
        kind,
        context={"session": _for_reader(signup.user, signup.session), "meeting": meeting},
        url=_page_path(meeting),
        once_key=f"{kind}:{signup.pk}:{at}",
    )
    return "sent" if sent else "skipped"


def send_signup_promotion(signup_id):
    """Tell someone a session place is theirs (or offered until a deadline); once only."""
    with transaction.atomic():
        signup = (
            SessionSignup.objects.order_by()
            .select_for_update(of=("self",))
            .filter(
                pk=signup_id,
                state__in=SignupState.holding,
                promotion_sent_at__isnull=True,
                promoted_at__isnull=False,
            )
            .select_related("user", "session__meeting")
            .first()
        )
        if signup is None:
            return "skipped"
        meeting = signup.session.meeting
        offer = _offer_context(signup)
        notify(
            signup.user,
            kinds.SIGNUP_PROMOTED.name,
            context={
                "session": _for_reader(signup.user, signup.session),
                "meeting": meeting,
                **offer,
            },
            url=reverse("events:signup_offer", args=[signup.session_id])
            if offer
            else _page_path(meeting),
            once_key=f"events.signup_promoted:{signup.pk}:{signup.promoted_at.isoformat()}",
        )
        signup.promotion_sent_at = timezone.now()
        signup.save(update_fields=["promotion_sent_at"])
    return "sent"


def send_release_notices(release_id):
    """E-mail each affected participant or speaker once about a published agenda's changes."""
    release = AgendaRelease.objects.select_related("meeting").filter(pk=release_id).first()
    if release is None:
        return 0
    recipients = selectors.release_recipients(release)
    users = {
        user.email.lower(): user
        for user in get_user_model().objects.filter(email__in=list(recipients))
    }
    sent = 0
    for email, (language, entries) in recipients.items():
        user = users.get(email)
        language = language_of(user) if user else language
        with translation.override(language):
            # Session titles in the recipient's language where translated (one query).
            selectors.localize_entries(entries, selectors.source_language(release.snapshot))
            for entry in entries:
                entry["field_list"] = [
                    (
                        str(selectors.FIELD_LABELS.get(name, name)),
                        values["before"],
                        values["after"],
                    )
                    for name, values in entry.get("fields", {}).items()
                ]
        if notify(
            user or email,
            kinds.AGENDA_CHANGED.name,
            context={"release": release, "meeting": release.meeting, "entries": entries},
            url=_page_path(release.meeting),
            once_key=f"events.agenda_changed:{release.pk}:{email}",
            language=language,
        ):
            sent += 1
    return sent
