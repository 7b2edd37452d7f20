"""Every write to meetings goes through here: agenda edits, registration and waitlists,
session sign-ups, stars and published agenda versions.

Places are handed out under a row lock on the meeting (registrations) or the session
(sign-ups), so concurrent requests can never overfill them; on SQLite the IMMEDIATE
transaction mode serialises writers the same way.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from kohorta.permissions import require
from kohorta.tasks import enqueue

from . import selectors
from .enums import (
    REGISTRATION_TRANSITIONS,
    SIGNUP_TRANSITIONS,
    CancelCause,
    RegistrationState,
    SignupState,
)
from .models import AgendaRelease, MeetingPage, Registration, Session, SessionSignup, Star

MOVE_FIELDS = ("day", "start_time", "end_time", "room_id")


def _require_self_or_manager(by, user, meeting):
    """People act for themselves; coordinators of the meeting's cohort may act for anyone."""
    if by is None or by.pk == user.pk:
        return
    require(by, "events.manage_meeting", meeting)


def _lock_meeting(meeting):
    return MeetingPage.objects.select_for_update(of=("self",)).get(pk=meeting.pk)


# Agenda editing -------------------------------------------------------------------------


def _new_source(obj):
    """A new room, track or session is a source: in its meeting's locale, whatever locale
    the admin listing was showing (translations are made with "Translate")."""
    if obj.pk is None and hasattr(obj, "translation_key") and obj.meeting_id is not None:
        obj.locale_id = obj.meeting.locale_id


def _delete_translations(obj):
    """Deleting a source deletes its translations (they are its text in other languages)."""
    if hasattr(obj, "translation_key") and obj.is_source:
        type(obj).objects.filter(translation_key=obj.translation_key).exclude(pk=obj.pk).delete()


def save_agenda_item(*, obj, by):
    """Create or change a room, track or speaker of a meeting the acting person manages."""
    require(by, "events.manage_meeting", obj.meeting)
    with transaction.atomic():
        created = obj.pk is None
        _new_source(obj)
        obj.full_clean()
        obj.save()
        log(obj, "wagtail.create" if created else "wagtail.edit", user=by)
    return obj


def delete_agenda_item(*, obj, by):
    require(by, "events.manage_meeting", obj.meeting)
    with transaction.atomic():
        log(obj, "wagtail.delete", user=by)
        _delete_translations(obj)
        obj.delete()


def save_translation(*, source, language_code, by, **texts):
    """Create or change the translation of a room, track, session or agenda version into a
    language: what an editor does with wagtail-localize's "Translate" in the admin, for the
    demo and imports. Only the model's translated text fields (``translatable_fields``)
    may be given; the rest is copied from the source. Returns the translation."""
    from wagtail.models import Locale
    from wagtail_localize.fields import TranslatableField

    require(by, "events.manage_meeting", source.meeting)
    if not source.is_source:
        raise ValidationError(_("This is a translation of a session; use the session itself."))
    allowed = {
        field.field_name
        for field in source.translatable_fields
        if isinstance(field, TranslatableField)
    }
    unknown = set(texts) - allowed
    if unknown:
        raise ValueError(f"not translated text fields: {sorted(unknown)}")
    locale = Locale.objects.filter(language_code=language_code).first()
    if locale is None or locale.pk == source.locale_id:
        raise ValidationError(_("Choose a language other than the original's."))
    with transaction.atomic():
        model = type(source)
        translation = model.objects.filter(
            translation_key=source.translation_key, locale=locale
        ).first()
        created = translation is None
        if created:
            translation = source.copy_for_translation(locale)
        for name, value in texts.items():
            setattr(translation, name, value)
        translation.full_clean()
        translation.save()
        log(translation, "wagtail.create" if created else "wagtail.edit", user=by)
    return translation


def save_session(*, session, by, speakers=None):
    """Create or change a session; a moved session gets a new iCalendar SEQUENCE.

    Refuses sessions that end before they start, fall outside the meeting's days or
    overlap another session in the same room (``Session.clean``). Returns the session;
    speakers in two places at once are reported by ``selectors.speaker_clashes``.
    """
    require(by, "events.manage_meeting", session.meeting)
    with transaction.atomic():
        created = session.pk is None
        _new_source(session)
        if not session.is_source:
            speakers = None  # a translation is text only: speakers stay on the source
        if not created:
            before = Session.objects.filter(pk=session.pk).values(*MOVE_FIELDS).first()
            if before and any(before[name] != getattr(session, name) for name in MOVE_FIELDS):
                session.sequence += 1
        session.full_clean()
        session.save()
        if speakers is not None:
            foreign = [s for s in speakers if s.meeting_id != session.meeting_id]
            if foreign:
                raise ValidationError(
                    {"speakers": _("%(name)s speaks at another meeting.") % {"name": foreign[0]}}
                )
            session.speakers.set(speakers)
        log(session, "wagtail.create" if created else "wagtail.edit", user=by)
    return session


def delete_session(*, session, by):
    require(by, "events.manage_meeting", session.meeting)
    with transaction.atomic():
        log(session, "wagtail.delete", user=by)
        _delete_translations(session)
        session.delete()


# Registration and session sign-ups: one transition service per workflow ------------------


def _offer_deadline(now):
    """When an offered place lapses, or None when places are given without confirmation."""
    hours = settings.KOHORTA_WAITLIST_CONFIRM_HOURS
    return now + datetime.timedelta(hours=hours) if hours > 0 else None


def _stamp(row, states, previous, to, now):
    """Set the times that go with a state: queue order, promotion, offer deadline."""
    row.state = to
    if to == states.WAITLISTED:
        row.queued_at = now
        row.promoted_at = row.promotion_sent_at = None
    elif previous == states.WAITLISTED and to != states.CANCELLED:
        row.promoted_at = now  # offered, or placed at once
        row.promotion_sent_at = None
    elif previous in (None, states.CANCELLED):
        row.queued_at = row.promoted_at = row.promotion_sent_at = None
    if to == states.CANCELLED:
        row.queued_at = None
    row.offer_expires_at = _offer_deadline(now) if to == states.OFFERED else None


def transition_registration(*, registration, to, by, note="", cause=CancelCause.CANCELLED):
    """Move a registration to ``to``: the one place its state changes.

    Checks ``REGISTRATION_TRANSITIONS``, stamps the times that go with the state, logs the
    change and queues the notice for the person (registered with the .ics, waiting list,
    offered or promoted place, cancelled with ``note`` as the reason). Call it inside a
    transaction holding the meeting's row lock; permissions are the caller's.
    """
    previous = RegistrationState(registration.state) if registration.state else None
    to = RegistrationState(to)
    if to not in REGISTRATION_TRANSITIONS[previous]:
        raise ValidationError(
            _("A registration cannot go from “%(from)s” to “%(to)s”.")
            % {"from": previous.label if previous else "–", "to": to.label}
        )
    now = timezone.now()
    _stamp(registration, RegistrationState, previous, to, now)
    if to == RegistrationState.CANCELLED:
        registration.cancelled_at = now
    else:
        registration.cancelled_at = None
    registration.save()
    action = {
        RegistrationState.CANCELLED: "kohorta.meeting.cancel",
        RegistrationState.OFFERED: "kohorta.meeting.promote",
    }.get(to, "kohorta.meeting.register")
    if previous == RegistrationState.WAITLISTED and to == RegistrationState.REGISTERED:
        action = "kohorta.meeting.promote"
    data = {"meeting": registration.meeting_id, "user": registration.user_id, "state": to}
    if to == RegistrationState.CANCELLED:
        data["cause"] = cause
    log(registration, action, user=by, data=data)
    if to == RegistrationState.CANCELLED and cause == CancelCause.EXPIRED:
        enqueue("events.tasks.send_offer_expired", "registration", registration.pk, now.isoformat())
    elif to == RegistrationState.CANCELLED:
        enqueue(
            "events.tasks.send_registration_cancelled",
            registration.pk,
            registration.cancelled_at.isoformat(),
            by.pk if by is not None else None,
            (note or "").strip()[:1000],
        )
    elif previous == RegistrationState.WAITLISTED:
        enqueue("events.tasks.send_registration_promotion", registration.pk)
    else:
        enqueue("events.tasks.send_registration_notice", registration.pk, to, now.isoformat())
    return registration


def transition_signup(*, signup, to, by, cause=CancelCause.CANCELLED):
    """Move a session sign-up to ``to``: the one place its state changes.

    Checks ``SIGNUP_TRANSITIONS``, stamps the times, logs and queues the person's notice (a
    sign-up cancelled with its registration is told with the registration). Call it inside
    a transaction holding the session's row lock; permissions are the caller's.
    """
    previous = SignupState(signup.state) if signup.state else None
    to = SignupState(to)
    if to not in SIGNUP_TRANSITIONS[previous]:
        raise ValidationError(
            _("A sign-up cannot go from “%(from)s” to “%(to)s”.")
            % {"from": previous.label if previous else "–", "to": to.label}
        )
    now = timezone.now()
    _stamp(signup, SignupState, previous, to, now)
    signup.save()
    action = {
        SignupState.CANCELLED: "kohorta.session.cancel",
        SignupState.OFFERED: "kohorta.session.promote",
    }.get(to, "kohorta.session.signup")
    if previous == SignupState.WAITLISTED and to == SignupState.CONFIRMED:
        action = "kohorta.session.promote"
    data = {"session": signup.session_id, "state": to}
    if to == SignupState.CANCELLED:
        data["cause"] = cause
    log(signup, action, user=by, data=data)
    if to == SignupState.CANCELLED:
        if cause == CancelCause.EXPIRED:
            enqueue("events.tasks.send_offer_expired", "signup", signup.pk, now.isoformat())
    elif previous == SignupState.WAITLISTED:
        enqueue("events.tasks.send_signup_promotion", signup.pk)
    else:
        enqueue("events.tasks.send_signup_notice", signup.pk, to, now.isoformat())
    return signup


def promote_waitlist(holder):
    """Give the free places of a meeting or a limited session to the people waiting first.

    The one promotion: cancellations, declined or lapsed offers and added places all call
    it. Each promoted person is offered the place for KOHORTA_WAITLIST_CONFIRM_HOURS (given
    it at once when that is 0) and told. Call it under the holder's row lock; returns the
    promoted registrations or sign-ups in queue order.
    """
    if isinstance(holder, MeetingPage):
        rows, capacity, states = holder.registrations.all(), holder.capacity, RegistrationState
    else:
        rows, capacity, states = holder.signups.all(), holder.capacity or 0, SignupState
    free = capacity - rows.filter(state__in=states.holding).count()
    if free <= 0:
        return []
    to = states.OFFERED if settings.KOHORTA_WAITLIST_CONFIRM_HOURS > 0 else states.placed
    promoted = []
    for row in rows.filter(state=states.WAITLISTED).order_by("queued_at", "pk")[:free]:
        if states is RegistrationState:
            promoted.append(transition_registration(registration=row, to=to, by=None))
        else:
            promoted.append(transition_signup(signup=row, to=to, by=None))
    return promoted


def register(
    *,
    meeting,
    user,
    by,
    dietary_needs="",
    accessibility_needs="",
    arrival_on=None,
    departure_on=None,
    listed=False,
):
    """Register a cohort member for a meeting, or put them on the waiting list when full.

    Someone who cancelled may register again (they join the end of the queue). Raises
    ValidationError for a second registration and PermissionDenied for non-members.
    """
    meeting = meeting.agenda_owner
    if not user.has_perm("events.register", meeting):
        raise PermissionDenied("events.register")
    _require_self_or_manager(by, user, meeting)
    if not meeting.accepts_registrations:
        raise ValidationError(_("Registration for this meeting is closed."))
    details = {
        "dietary_needs": dietary_needs,
        "accessibility_needs": accessibility_needs,
        "arrival_on": arrival_on,
        "departure_on": departure_on,
        "listed": listed,
    }
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        registration = Registration.objects.filter(meeting=meeting, user=user).first()
        if registration is not None and registration.state in RegistrationState.active:
            raise ValidationError(
                _("You are already on the waiting list for this meeting.")
                if registration.state == RegistrationState.WAITLISTED
                else _("You are already registered for this meeting.")
            )
        registration = registration or Registration(meeting=meeting, user=user)
        for name, value in details.items():
            setattr(registration, name, value)
        _check_stay(registration, meeting)
        promote_waitlist(meeting)  # nobody jumps the queue to a place freed elsewhere
        taken = Registration.objects.filter(
            meeting=meeting, state__in=RegistrationState.holding
        ).count()
        to = (
            RegistrationState.REGISTERED
            if taken < meeting.capacity
            else RegistrationState.WAITLISTED
        )
        transition_registration(registration=registration, to=to, by=by)
    return registration


def _check_stay(registration, meeting):
    errors = {}
    arrival, departure = registration.arrival_on, registration.departure_on
    if arrival and departure and departure < arrival:
        errors["departure_on"] = _("Departure cannot be before arrival.")
    window = (meeting.starts_on.toordinal() - 7, meeting.ends_on.toordinal() + 7)
    for name, value in (("arrival_on", arrival), ("departure_on", departure)):
        if value and not window[0] <= value.toordinal() <= window[1] and name not in errors:
            errors[name] = _("Pick a date within a week of the meeting.")
    if errors:
        raise ValidationError(errors)


def update_registration(*, registration, by, **details):
    """Change the needs and travel dates of an active registration."""
    _require_self_or_manager(by, registration.user, registration.meeting)
    allowed = {"dietary_needs", "accessibility_needs", "arrival_on", "departure_on", "listed"}
    with transaction.atomic():
        registration = (
            Registration.objects.order_by().select_for_update(of=("self",)).get(pk=registration.pk)
        )
        if registration.state not in RegistrationState.active:
            raise ValidationError(_("This registration was cancelled."))
        for name, value in details.items():
            if name in allowed:
                setattr(registration, name, value)
        _check_stay(registration, registration.meeting)
        registration.save()
        log(registration, "wagtail.edit", user=by)
    return registration


def check_in(*, registration, by):
    """Note that a registered person has arrived at the meeting (scanned from their badge at
    the desk). Checking in twice keeps the first time; only registered people check in."""
    require(by, "events.manage_meeting", registration.meeting)
    with transaction.atomic():
        registration = (
            Registration.objects.order_by().select_for_update(of=("self",)).get(pk=registration.pk)
        )
        if registration.state != RegistrationState.REGISTERED:
            raise ValidationError(_("Only a confirmed registration can be checked in."))
        if registration.checked_in_at is None:
            registration.checked_in_at = timezone.now()
            registration.save(update_fields=["checked_in_at"])
            log(
                registration,
                "kohorta.meeting.check_in",
                user=by,
                data={"meeting": registration.meeting_id},
            )
    return registration


def cancel_registration(*, registration, by, reason="", cause=CancelCause.CANCELLED):
    """Cancel a registration (and its session sign-ups) and promote whoever waits first.

    The person is told, with ``reason`` when a coordinator gives one. Returns the people
    promoted to the meeting's freed place.
    """
    meeting = registration.meeting
    _require_self_or_manager(by, registration.user, meeting)
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        registration = (
            Registration.objects.order_by().select_for_update(of=("self",)).get(pk=registration.pk)
        )
        if registration.state == RegistrationState.CANCELLED:
            raise ValidationError(_("This registration was already cancelled."))
        transition_registration(
            registration=registration,
            to=RegistrationState.CANCELLED,
            by=by,
            note=reason,
            cause=cause,
        )
        for signup in SessionSignup.objects.filter(
            session__meeting=meeting,
            user_id=registration.user_id,
            state__in=SignupState.active,
        ):
            cancel_signup(signup=signup, by=None)
        promoted = promote_waitlist(meeting)
    return promoted


def change_capacity(*, meeting, capacity, by):
    """Change the number of places; new places go to the waiting list in order."""
    require(by, "events.manage_meeting", meeting)
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        meeting.capacity = capacity
        MeetingPage.objects.filter(pk=meeting.pk).update(capacity=capacity)
        log(meeting, "wagtail.edit", user=by, data={"capacity": capacity})
        return promote_waitlist(meeting)


def answer_registration_offer(*, registration, accept, by):
    """Take (``accept``) or give up a place offered from the meeting's waiting list.

    Declining frees the place for the next person waiting. Raises ValidationError when
    there is no open offer (already answered, or lapsed). Returns the registration.
    """
    _require_self_or_manager(by, registration.user, registration.meeting)
    with transaction.atomic():
        _lock_meeting(registration.meeting)
        registration = _open_offer(Registration, registration.pk, RegistrationState)
        if accept:
            transition_registration(
                registration=registration, to=RegistrationState.REGISTERED, by=by
            )
        else:
            cancel_registration(registration=registration, by=by, cause=CancelCause.DECLINED)
            registration.refresh_from_db()
    return registration


def answer_signup_offer(*, signup, accept, by):
    """Take (``accept``) or give up a place offered from a session's waiting list."""
    _require_self_or_manager(by, signup.user, signup.session.meeting)
    with transaction.atomic():
        Session.objects.order_by().select_for_update(of=("self",)).get(pk=signup.session_id)
        signup = _open_offer(SessionSignup, signup.pk, SignupState)
        if accept:
            transition_signup(signup=signup, to=SignupState.CONFIRMED, by=by)
        else:
            cancel_signup(signup=signup, by=by, cause=CancelCause.DECLINED)
            signup.refresh_from_db()
    return signup


def _open_offer(model, pk, states):
    row = model.objects.order_by().select_for_update(of=("self",)).get(pk=pk)
    if row.state != states.OFFERED or (
        row.offer_expires_at is not None and row.offer_expires_at <= timezone.now()
    ):
        raise ValidationError(_("This offer is no longer open."))
    return row


def expire_offers(*, now=None):
    """Give up the offers not confirmed in time and offer the places to the next people,
    and offer any other place that is free while people wait.

    Run by a django-q schedule (``events.tasks.expire_offers``); idempotent. Returns the
    number of lapsed offers.
    """
    now = now or timezone.now()
    lapsed = 0
    for pk in Registration.objects.filter(
        state=RegistrationState.OFFERED, offer_expires_at__lte=now
    ).values_list("pk", flat=True):
        with transaction.atomic():
            registration = Registration.objects.select_related("meeting").get(pk=pk)
            meeting = _lock_meeting(registration.meeting)
            registration = (
                Registration.objects.order_by().select_for_update(of=("self",)).get(pk=pk)
            )
            if registration.state != RegistrationState.OFFERED:
                continue
            transition_registration(
                registration=registration,
                to=RegistrationState.CANCELLED,
                by=None,
                cause=CancelCause.EXPIRED,
            )
            promote_waitlist(meeting)
            lapsed += 1
    for pk in SessionSignup.objects.filter(
        state=SignupState.OFFERED, offer_expires_at__lte=now
    ).values_list("pk", flat=True):
        with transaction.atomic():
            signup = SessionSignup.objects.get(pk=pk)
            session = (
                Session.objects.order_by().select_for_update(of=("self",)).get(pk=signup.session_id)
            )
            signup = SessionSignup.objects.order_by().select_for_update(of=("self",)).get(pk=pk)
            if signup.state != SignupState.OFFERED:
                continue
            transition_signup(
                signup=signup, to=SignupState.CANCELLED, by=None, cause=CancelCause.EXPIRED
            )
            promote_waitlist(session)
            lapsed += 1
    _fill_free_places()
    return lapsed


def _fill_free_places():
    """Offer places that are free while people wait (e.g. places raised in the page editor,
    which does not go through ``change_capacity``)."""
    meeting_ids = (
        Registration.objects.filter(state=RegistrationState.WAITLISTED)
        .values_list("meeting_id", flat=True)
        .distinct()
    )
    for meeting_id in list(meeting_ids):
        with transaction.atomic():
            promote_waitlist(_lock_meeting(MeetingPage(pk=meeting_id)))
    session_ids = (
        SessionSignup.objects.filter(state=SignupState.WAITLISTED)
        .values_list("session_id", flat=True)
        .distinct()
    )
    for session_id in list(session_ids):
        with transaction.atomic():
            promote_waitlist(
                Session.objects.order_by().select_for_update(of=("self",)).get(pk=session_id)
            )


def sign_up(*, session, user, by):
    """Take a place in a limited session, or join its waiting list; stars it too.

    Refuses people without a confirmed meeting registration, a second sign-up and a
    sign-up that overlaps another limited session the person holds or waits for.
    """
    meeting = session.meeting
    _require_self_or_manager(by, user, meeting)
    if not session.needs_signup:
        raise ValidationError(_("This session needs no sign-up; just come along."))
    with transaction.atomic():
        session = (
            Session.objects.order_by()
            .select_for_update(of=("self",))
            .select_related("meeting")
            .get(pk=session.pk)
        )
        if not session.is_source:
            raise ValidationError(_("This is a translation of a session; use the session itself."))
        if not Registration.objects.filter(
            meeting_id=session.meeting_id, user=user, state=RegistrationState.REGISTERED
        ).exists():
            raise ValidationError(
                _("Only people registered for the meeting can sign up for its sessions.")
            )
        signup = SessionSignup.objects.filter(session=session, user=user).first()
        if signup is not None and signup.state in SignupState.active:
            raise ValidationError(
                _("You are already on the waiting list for this session.")
                if signup.state == SignupState.WAITLISTED
                else _("You are already signed up for this session.")
            )
        clash = (
            SessionSignup.objects.filter(
                user=user,
                state__in=SignupState.active,
                session__meeting_id=session.meeting_id,
                session__day=session.day,
                session__start_time__lt=session.end_time,
                session__end_time__gt=session.start_time,
            )
            .exclude(session=session)
            .select_related("session")
            .first()
        )
        if clash is not None:
            raise ValidationError(
                _("This overlaps “%(title)s” (%(start)s–%(end)s), which you signed up for.")
                % {
                    "title": clash.session.title,
                    "start": clash.session.start_time.strftime("%H:%M"),
                    "end": clash.session.end_time.strftime("%H:%M"),
                }
            )
        promote_waitlist(session)
        taken = SessionSignup.objects.filter(session=session, state__in=SignupState.holding).count()
        signup = signup or SessionSignup(session=session, user=user)
        to = SignupState.CONFIRMED if taken < session.capacity else SignupState.WAITLISTED
        transition_signup(signup=signup, to=to, by=by)
        Star.objects.get_or_create(session=session, user=user)
    return signup


def cancel_signup(*, signup, by, cause=CancelCause.CANCELLED):
    """Give up a session place (or queue place) and promote whoever waits first."""
    session = signup.session
    _require_self_or_manager(by, signup.user, session.meeting)
    with transaction.atomic():
        session = Session.objects.order_by().select_for_update(of=("self",)).get(pk=session.pk)
        signup = SessionSignup.objects.order_by().select_for_update(of=("self",)).get(pk=signup.pk)
        if signup.state == SignupState.CANCELLED:
            raise ValidationError(_("This sign-up was already cancelled."))
        transition_signup(signup=signup, to=SignupState.CANCELLED, by=by, cause=cause)
        return promote_waitlist(session)


# Personal agenda -----------------------------------------------------------------------


def star_session(*, session, user, by):
    """Add a session to a registered (or waiting) participant's personal agenda."""
    _require_self_or_manager(by, user, session.meeting)
    if not session.is_source:
        raise ValidationError(_("This is a translation of a session; use the session itself."))
    if not Registration.objects.filter(
        meeting_id=session.meeting_id, user=user, state__in=RegistrationState.active
    ).exists():
        raise ValidationError(_("Register for the meeting to build your own agenda."))
    star, _created = Star.objects.get_or_create(session=session, user=user)
    return star


def unstar_session(*, session, user, by):
    _require_self_or_manager(by, user, session.meeting)
    if SessionSignup.objects.filter(
        session=session, user=user, state__in=SignupState.active
    ).exists():
        raise ValidationError(
            _("You signed up for this session; cancel the sign-up to take it off your agenda.")
        )
    Star.objects.filter(session=session, user=user).delete()


# Published versions --------------------------------------------------------------------


def publish_agenda(*, meeting, name, by):
    """Publish the agenda as it stands as a named version and tell the people it touches.

    Freezes the sessions into the version's snapshot, records what changed since the
    previous version, and queues one e-mail per affected participant or speaker.
    """
    meeting = meeting.agenda_owner
    require(by, "events.manage_meeting", meeting)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the version a name, e.g. “Final programme”.")})
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        previous = AgendaRelease.objects.of_meeting(meeting).order_by("-number").first()
        snapshot = selectors.agenda_snapshot(meeting)
        snapshot["language"] = meeting.locale.language_code  # the source texts' language
        if not snapshot["sessions"]:
            raise ValidationError(_("The agenda has no sessions yet."))
        changes = selectors.diff_snapshots(previous.snapshot if previous else None, snapshot)
        if previous is not None and not selectors.has_changes(changes):
            raise ValidationError(
                _("Nothing has changed since version %(number)s (“%(name)s”).")
                % {"number": previous.number, "name": previous.name}
            )
        release = AgendaRelease.objects.create(
            meeting=meeting,
            number=(previous.number + 1) if previous else 1,
            name=name,
            snapshot=snapshot,
            changes=changes,
            published_by=by,
        )
        log(
            release,
            "kohorta.agenda.publish",
            user=by,
            data={"meeting": meeting.pk, "number": release.number},
        )
        if previous is not None:
            enqueue("events.tasks.send_release_notices", release.pk)
    return release
