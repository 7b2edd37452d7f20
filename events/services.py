"""Every write to meetings goes through here: agenda edits, registration and waitlists,
session sign-ups, stars and published agenda versions.

Places are handed out under a row lock on the meeting (registrations) or the session
(sign-ups), so concurrent requests can never overfill them; on SQLite the IMMEDIATE
transaction mode serialises writers the same way.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from kohorta.permissions import require
from kohorta.tasks import enqueue

from . import selectors
from .enums import ACTIVE_REGISTRATION_STATES, ACTIVE_SIGNUP_STATES, RegistrationState, SignupState
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


def save_agenda_item(*, obj, by):
    """Create or change a room, track or speaker of a meeting the acting person manages."""
    require(by, "events.manage_meeting", obj.meeting)
    with transaction.atomic():
        created = obj.pk is None
        obj.full_clean()
        obj.save()
        log(obj, "wagtail.create" if created else "wagtail.edit", user=by)
    return obj


def delete_agenda_item(*, obj, by):
    require(by, "events.manage_meeting", obj.meeting)
    with transaction.atomic():
        log(obj, "wagtail.delete", user=by)
        obj.delete()


def save_session(*, session, by, speakers=None):
    """Create or change a session; a moved session gets a new iCalendar SEQUENCE.

    Refuses sessions that end before they start, fall outside the meeting's days or
    overlap another session in the same room (``Session.clean``). Returns the session;
    speakers in two places at once are reported by ``selectors.speaker_clashes``.
    """
    require(by, "events.manage_meeting", session.meeting)
    with transaction.atomic():
        created = session.pk is None
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
        session.delete()


# Registration ---------------------------------------------------------------------------


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
        if registration is not None and registration.state in ACTIVE_REGISTRATION_STATES:
            raise ValidationError(
                _("You are already registered for this meeting.")
                if registration.state == RegistrationState.REGISTERED
                else _("You are already on the waiting list for this meeting.")
            )
        registration = registration or Registration(meeting=meeting, user=user)
        for name, value in details.items():
            setattr(registration, name, value)
        _check_stay(registration, meeting)
        taken = Registration.objects.filter(
            meeting=meeting, state=RegistrationState.REGISTERED
        ).count()
        now = timezone.now()
        registration.cancelled_at = None
        registration.promoted_at = None
        registration.promotion_sent_at = None
        if taken < meeting.capacity:
            registration.state = RegistrationState.REGISTERED
            registration.queued_at = None
        else:
            registration.state = RegistrationState.WAITLISTED
            registration.queued_at = now
        registration.save()
        log(
            registration,
            "kohorta.meeting.register",
            user=by,
            data={"meeting": meeting.pk, "user": user.pk, "state": registration.state},
        )
        enqueue(
            "events.tasks.send_registration_notice",
            registration.pk,
            registration.state,
            now.isoformat(),
        )
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
        if registration.state not in ACTIVE_REGISTRATION_STATES:
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


def cancel_registration(*, registration, by, reason=""):
    """Cancel a registration (and its session sign-ups) and promote whoever waits first.

    The person is told, with ``reason`` when a coordinator gives one.
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
        registration.state = RegistrationState.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.queued_at = None
        registration.save()
        for signup in SessionSignup.objects.filter(
            session__meeting=meeting, user_id=registration.user_id, state__in=ACTIVE_SIGNUP_STATES
        ):
            cancel_signup(signup=signup, by=None)
        log(registration, "kohorta.meeting.cancel", user=by, data={"meeting": meeting.pk})
        enqueue(
            "events.tasks.send_registration_cancelled",
            registration.pk,
            registration.cancelled_at.isoformat(),
            by.pk if by is not None else None,
            (reason or "").strip()[:1000],
        )
        promoted = _fill_meeting(meeting)
    return promoted


def _fill_meeting(meeting):
    """Promote waiting people into free places, first come first served; call under the lock."""
    free = (
        meeting.capacity
        - Registration.objects.filter(meeting=meeting, state=RegistrationState.REGISTERED).count()
    )
    promoted = []
    if free <= 0:
        return promoted
    for registration in Registration.objects.filter(
        meeting=meeting, state=RegistrationState.WAITLISTED
    ).order_by("queued_at", "pk")[:free]:
        registration.state = RegistrationState.REGISTERED
        registration.promoted_at = timezone.now()
        registration.save(update_fields=["state", "promoted_at"])
        log(registration, "kohorta.meeting.promote", user=None, data={"meeting": meeting.pk})
        enqueue("events.tasks.send_registration_promotion", registration.pk)
        promoted.append(registration)
    return promoted


def change_capacity(*, meeting, capacity, by):
    """Change the number of places; new places go to the waiting list in order."""
    require(by, "events.manage_meeting", meeting)
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        meeting.capacity = capacity
        MeetingPage.objects.filter(pk=meeting.pk).update(capacity=capacity)
        log(meeting, "wagtail.edit", user=by, data={"capacity": capacity})
        return _fill_meeting(meeting)


# Session sign-ups -----------------------------------------------------------------------


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
        if not Registration.objects.filter(
            meeting_id=session.meeting_id, user=user, state=RegistrationState.REGISTERED
        ).exists():
            raise ValidationError(
                _("Only people registered for the meeting can sign up for its sessions.")
            )
        signup = SessionSignup.objects.filter(session=session, user=user).first()
        if signup is not None and signup.state in ACTIVE_SIGNUP_STATES:
            raise ValidationError(
                _("You are already signed up for this session.")
                if signup.state == SignupState.CONFIRMED
                else _("You are already on the waiting list for this session.")
            )
        clash = (
            SessionSignup.objects.filter(
                user=user,
                state__in=ACTIVE_SIGNUP_STATES,
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
        taken = SessionSignup.objects.filter(session=session, state=SignupState.CONFIRMED).count()
        signup = signup or SessionSignup(session=session, user=user)
        signup.promoted_at = None
        signup.promotion_sent_at = None
        if taken < session.capacity:
            signup.state, signup.queued_at = SignupState.CONFIRMED, None
        else:
            signup.state, signup.queued_at = SignupState.WAITLISTED, timezone.now()
        signup.save()
        Star.objects.get_or_create(session=session, user=user)
        log(
            signup,
            "kohorta.session.signup",
            user=by,
            data={"session": session.pk, "state": signup.state},
        )
        enqueue(
            "events.tasks.send_signup_notice", signup.pk, signup.state, timezone.now().isoformat()
        )
    return signup


def cancel_signup(*, signup, by):
    """Give up a session place (or queue place) and promote whoever waits first."""
    session = signup.session
    _require_self_or_manager(by, signup.user, session.meeting)
    with transaction.atomic():
        session = Session.objects.order_by().select_for_update(of=("self",)).get(pk=session.pk)
        signup = SessionSignup.objects.order_by().select_for_update(of=("self",)).get(pk=signup.pk)
        if signup.state == SignupState.CANCELLED:
            raise ValidationError(_("This sign-up was already cancelled."))
        signup.state = SignupState.CANCELLED
        signup.queued_at = None
        signup.save()
        log(signup, "kohorta.session.cancel", user=by, data={"session": session.pk})
        return _fill_session(session)


def _fill_session(session):
    free = (session.capacity or 0) - SessionSignup.objects.filter(
        session=session, state=SignupState.CONFIRMED
    ).count()
    promoted = []
    if free <= 0:
        return promoted
    for signup in SessionSignup.objects.filter(
        session=session, state=SignupState.WAITLISTED
    ).order_by("queued_at", "pk")[:free]:
        signup.state = SignupState.CONFIRMED
        signup.promoted_at = timezone.now()
        signup.save(update_fields=["state", "promoted_at"])
        log(signup, "kohorta.session.promote", user=None, data={"session": session.pk})
        enqueue("events.tasks.send_signup_promotion", signup.pk)
        promoted.append(signup)
    return promoted


# Personal agenda -----------------------------------------------------------------------


def star_session(*, session, user, by):
    """Add a session to a registered (or waiting) participant's personal agenda."""
    _require_self_or_manager(by, user, session.meeting)
    if not Registration.objects.filter(
        meeting_id=session.meeting_id, user=user, state__in=ACTIVE_REGISTRATION_STATES
    ).exists():
        raise ValidationError(_("Register for the meeting to build your own agenda."))
    star, _created = Star.objects.get_or_create(session=session, user=user)
    return star


def unstar_session(*, session, user, by):
    _require_self_or_manager(by, user, session.meeting)
    if SessionSignup.objects.filter(
        session=session, user=user, state__in=ACTIVE_SIGNUP_STATES
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
        previous = AgendaRelease.objects.filter(meeting=meeting).order_by("-number").first()
        snapshot = selectors.agenda_snapshot(meeting)
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
