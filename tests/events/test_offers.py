"""The registration and sign-up workflows: transition tables on the enums, the one
promotion function, offers to confirm within KOHORTA_WAITLIST_CONFIRM_HOURS, lapsed offers
and the calendar feed's TENTATIVE sessions."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from cohorts.enums import Role
from events import services, tasks
from events.enums import (
    REGISTRATION_TRANSITIONS,
    SIGNUP_TRANSITIONS,
    RegistrationState,
    SignupState,
)
from events.models import Registration, SessionSignup
from events.selectors import personal_calendar
from notifications.models import Notification
from tests.factories.cohorts import add_member


def _members(cohort, count):
    return [add_member(cohort, Role.INNOVATOR) for _ in range(count)]


@pytest.fixture
def full_meeting(meeting, cohort):
    """One place: first holds it, second and third wait in that order."""
    meeting.capacity = 1
    meeting.save()
    people = _members(cohort, 3)
    for person in people:
        services.register(meeting=meeting, user=person, by=person)
    return meeting, people


def test_state_sets_live_on_the_enums():
    assert RegistrationState.holding == {"registered", "offered"}
    assert RegistrationState.active == {"registered", "offered", "waitlisted"}
    assert SignupState.placed == "confirmed"
    assert SignupState.tentative == {"offered", "waitlisted"}


@pytest.mark.parametrize(
    ("table", "states"),
    [(REGISTRATION_TRANSITIONS, RegistrationState), (SIGNUP_TRANSITIONS, SignupState)],
)
def test_transition_tables_cover_every_state(table, states):
    assert set(table) == {None, *states}
    assert all(targets <= set(states) for targets in table.values())


def test_transition_outside_table_refused(meeting, innovator):
    registration = services.register(meeting=meeting, user=innovator, by=innovator)
    with pytest.raises(ValidationError) as error:
        services.transition_registration(
            registration=registration, to=RegistrationState.WAITLISTED, by=innovator
        )
    assert error.value.messages == [
        "A registration cannot go from “Registered” to “On the waiting list”."
    ]
    assert Registration.objects.get(pk=registration.pk).state == "registered"


def test_cancel_offers_place_until_deadline(full_meeting, settings, run_on_commit):
    settings.KOHORTA_WAITLIST_CONFIRM_HOURS = 24
    meeting, (first, second, third) = full_meeting
    before = timezone.now()
    with run_on_commit():
        promoted = services.cancel_registration(
            registration=Registration.objects.get(user=first), by=first
        )
    offered = Registration.objects.get(user=second)
    assert [r.pk for r in promoted] == [offered.pk]
    assert offered.state == RegistrationState.OFFERED
    assert before + datetime.timedelta(hours=24) <= offered.offer_expires_at
    assert offered.offer_expires_at <= timezone.now() + datetime.timedelta(hours=24)
    # The offer holds the place: the third person still waits; a newcomer waits too.
    assert Registration.objects.get(user=third).state == RegistrationState.WAITLISTED
    promotion = next(m for m in mail.outbox if m.to == [second.email])
    assert promotion.subject == f"You have a place at {meeting.title}"
    offer_url = f"/meetings/{meeting.pk}/register/offer/"
    assert f"Confirm: http://testserver{offer_url}?answer=confirm" in promotion.body
    assert f"Decline: http://testserver{offer_url}?answer=decline" in promotion.body
    assert "Please confirm or decline it by" in promotion.body


def test_confirm_offer_gives_the_place(full_meeting, run_on_commit):
    meeting, (first, second, third) = full_meeting
    services.cancel_registration(registration=Registration.objects.get(user=first), by=first)
    with run_on_commit():
        registration = services.answer_registration_offer(
            registration=Registration.objects.get(user=second), accept=True, by=second
        )
    assert (registration.state, registration.offer_expires_at) == ("registered", None)
    # Confirmed: the usual confirmation with the agenda attached.
    assert [m.subject for m in mail.outbox if m.to == [second.email]][-1].startswith(
        "You are registered"
    )
    with pytest.raises(ValidationError):
        services.answer_registration_offer(registration=registration, accept=True, by=second)


def test_decline_offer_moves_place_to_next(full_meeting):
    meeting, (first, second, third) = full_meeting
    services.cancel_registration(registration=Registration.objects.get(user=first), by=first)
    services.answer_registration_offer(
        registration=Registration.objects.get(user=second), accept=False, by=second
    )
    assert dict(Registration.objects.values_list("user_id", "state")) == {
        first.pk: "cancelled",
        second.pk: "cancelled",
        third.pk: "offered",
    }


def test_someone_else_cannot_answer_an_offer(full_meeting):
    meeting, (first, second, third) = full_meeting
    services.cancel_registration(registration=Registration.objects.get(user=first), by=first)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.answer_registration_offer(
            registration=Registration.objects.get(user=second), accept=True, by=third
        )


def test_expired_offers_go_to_next_and_are_told_once(full_meeting, run_on_commit):
    meeting, (first, second, third) = full_meeting
    services.cancel_registration(registration=Registration.objects.get(user=first), by=first)
    later = timezone.now() + datetime.timedelta(hours=49)
    mail.outbox.clear()
    with run_on_commit():
        assert services.expire_offers(now=later) == 1
    assert services.expire_offers() == 0  # run again: nothing more is due
    assert Registration.objects.get(user=second).state == RegistrationState.CANCELLED
    assert Registration.objects.get(user=third).state == RegistrationState.OFFERED
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == sorted(
        [
            (second.email, f"Your offered place at {meeting.title} has lapsed"),
            (third.email, f"You have a place at {meeting.title}"),
        ]
    )
    assert Notification.objects.filter(recipient=second, kind="events.offer_expired").count() == 1
    # A lapsed offer cannot be confirmed afterwards.
    with pytest.raises(ValidationError) as error:
        services.answer_registration_offer(
            registration=Registration.objects.get(user=second), accept=True, by=second
        )
    assert error.value.messages == ["This offer is no longer open."]


def test_offer_not_yet_due_stays(full_meeting):
    meeting, (first, second, third) = full_meeting
    services.cancel_registration(registration=Registration.objects.get(user=first), by=first)
    assert services.expire_offers() == 0
    assert Registration.objects.get(user=second).state == RegistrationState.OFFERED


def test_places_raised_in_the_page_editor_are_offered_by_the_hourly_run(full_meeting):
    meeting, (first, second, third) = full_meeting
    type(meeting).objects.filter(pk=meeting.pk).update(capacity=2)  # as the page editor does
    assert services.expire_offers() == 0
    assert Registration.objects.get(user=second).state == RegistrationState.OFFERED
    assert Registration.objects.get(user=third).state == RegistrationState.WAITLISTED


def test_zero_hours_gives_place_at_once(full_meeting, settings):
    settings.KOHORTA_WAITLIST_CONFIRM_HOURS = 0
    meeting, (first, second, third) = full_meeting
    services.cancel_registration(registration=Registration.objects.get(user=first), by=first)
    registration = Registration.objects.get(user=second)
    assert (registration.state, registration.offer_expires_at) == ("registered", None)


def test_signup_offer_expires_to_next(agenda, meeting, cohort, run_on_commit):
    people = _members(cohort, 4)
    for person in people:
        services.register(meeting=meeting, user=person, by=person)
    visit = agenda["visit"]  # two places
    for person in people:
        services.sign_up(session=visit, user=person, by=person)
    services.cancel_signup(signup=SessionSignup.objects.get(user=people[0]), by=people[0])
    assert SessionSignup.objects.get(user=people[2]).state == SignupState.OFFERED
    with run_on_commit():
        services.expire_offers(now=timezone.now() + datetime.timedelta(days=3))
    assert SessionSignup.objects.get(user=people[2]).state == SignupState.CANCELLED
    assert SessionSignup.objects.get(user=people[3]).state == SignupState.OFFERED
    services.answer_signup_offer(
        signup=SessionSignup.objects.get(user=people[3]), accept=True, by=people[3]
    )
    assert SessionSignup.objects.get(user=people[3]).state == SignupState.CONFIRMED
    assert [m.subject for m in mail.outbox if m.to == [people[2].email]] == [
        f"Your offered place in “{visit.title}” has lapsed"
    ]


def test_new_sign_up_does_not_jump_an_offer(agenda, meeting, cohort):
    people = _members(cohort, 4)
    for person in people:
        services.register(meeting=meeting, user=person, by=person)
    visit = agenda["visit"]
    for person in people[:3]:
        services.sign_up(session=visit, user=person, by=person)
    services.cancel_signup(signup=SessionSignup.objects.get(user=people[0]), by=people[0])
    late = services.sign_up(session=visit, user=people[3], by=people[3])
    assert late.state == SignupState.WAITLISTED


def test_expire_task_is_scheduled_hourly(db):
    from django_q.models import Schedule

    tasks.ensure_schedules()
    schedule = Schedule.objects.get(func="events.tasks.expire_offers")
    assert schedule.schedule_type == "H"


def _statuses(registration):
    calendar = Calendar.from_ical(personal_calendar(registration))
    return {str(event["summary"]): str(event["status"]) for event in calendar.walk("VEVENT")}


def test_waitlisted_session_is_tentative_in_personal_feed(agenda, meeting, cohort, coordinator):
    people = _members(cohort, 3)
    for person in people:
        services.register(meeting=meeting, user=person, by=person)
    visit = agenda["visit"]
    for person in people:
        services.sign_up(session=visit, user=person, by=person)
    services.star_session(session=agenda["opening"], user=people[2], by=people[2])
    services.publish_agenda(meeting=meeting, name="v1", by=coordinator)
    assert _statuses(Registration.objects.get(user=people[2])) == {
        "Opening plenary": "CONFIRMED",
        visit.title: "TENTATIVE",
    }
    assert _statuses(Registration.objects.get(user=people[0])) == {visit.title: "CONFIRMED"}


def test_waitlisted_registration_makes_every_session_tentative(full_meeting, agenda, coordinator):
    meeting, (first, second, third) = full_meeting
    services.star_session(session=agenda["opening"], user=second, by=second)
    services.publish_agenda(meeting=meeting, name="v1", by=coordinator)
    assert _statuses(Registration.objects.get(user=second)) == {"Opening plenary": "TENTATIVE"}
