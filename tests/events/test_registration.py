import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from cohorts.enums import Role
from events import services, tasks
from events.enums import RegistrationState, SignupState
from events.models import Registration, SessionSignup, Star
from tests.factories.cohorts import CohortFactory, add_member
from tests.factories.events import SessionFactory


def _members(cohort, count):
    return [add_member(cohort, Role.INNOVATOR) for _ in range(count)]


def test_register_member_gets_place(meeting, innovator):
    registration = services.register(
        meeting=meeting, user=innovator, by=innovator, dietary_needs="vegetarian", listed=True
    )
    assert registration.state == RegistrationState.REGISTERED
    assert (registration.dietary_needs, registration.listed) == ("vegetarian", True)


def test_register_twice_refused(meeting, innovator):
    services.register(meeting=meeting, user=innovator, by=innovator)
    with pytest.raises(ValidationError) as error:
        services.register(meeting=meeting, user=innovator, by=innovator)
    assert error.value.messages == ["You are already registered for this meeting."]
    assert Registration.objects.count() == 1


def test_register_non_member_refused(meeting):
    stranger = add_member(CohortFactory(), Role.INNOVATOR)
    with pytest.raises(PermissionDenied):
        services.register(meeting=meeting, user=stranger, by=stranger)
    assert Registration.objects.count() == 0


def test_register_for_someone_else_refused_unless_coordinator(meeting, cohort, innovator):
    other = add_member(cohort, Role.INNOVATOR)
    with pytest.raises(PermissionDenied):
        services.register(meeting=meeting, user=other, by=innovator)
    coordinator = add_member(cohort, Role.COORDINATOR)
    assert services.register(meeting=meeting, user=other, by=coordinator).user == other


def test_register_departure_before_arrival_refused(meeting, innovator):
    with pytest.raises(ValidationError) as error:
        services.register(
            meeting=meeting,
            user=innovator,
            by=innovator,
            arrival_on=datetime.date(2027, 11, 25),
            departure_on=datetime.date(2027, 11, 24),
        )
    assert error.value.message_dict == {"departure_on": ["Departure cannot be before arrival."]}
    assert Registration.objects.count() == 0


def test_register_full_meeting_goes_to_waitlist(meeting, cohort):
    people = _members(cohort, 11)
    states = [services.register(meeting=meeting, user=p, by=p).state for p in people]
    assert states == ["registered"] * 10 + ["waitlisted"]


def test_cancel_promotes_first_waitlisted_and_emails_once(meeting, cohort, run_on_commit):
    meeting.capacity = 1
    meeting.save()
    first, second, third = _members(cohort, 3)
    for person in (first, second, third):
        services.register(meeting=meeting, user=person, by=person)
    with run_on_commit():
        promoted = services.cancel_registration(
            registration=Registration.objects.get(user=first), by=first
        )
    assert [r.user for r in promoted] == [second]
    assert dict(Registration.objects.values_list("user__email", "state")) == {
        first.email: "cancelled",
        second.email: "offered",  # a place to confirm (tests/events/test_offers.py)
        third.email: "waitlisted",
    }
    # first is told of the cancellation (tests/events/test_notices.py); second of the place.
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([first.email], f"Your registration for {meeting.title} is cancelled"),
        ([second.email], f"You have a place at {meeting.title}"),
    ]
    assert tasks.send_registration_promotion(promoted[0].pk) == "skipped"
    assert len(mail.outbox) == 2


def test_cancel_waitlisted_promotes_nobody(meeting, cohort, run_on_commit):
    meeting.capacity = 1
    meeting.save()
    first, second = _members(cohort, 2)
    services.register(meeting=meeting, user=first, by=first)
    waiting = services.register(meeting=meeting, user=second, by=second)
    with run_on_commit():
        assert services.cancel_registration(registration=waiting, by=second) == []
    # Only the cancellation is told; nobody is promoted.
    assert [m.to for m in mail.outbox] == [[second.email]]
    assert mail.outbox[0].subject == f"Your registration for {meeting.title} is cancelled"


def test_register_again_after_cancel_joins_end_of_queue(meeting, cohort):
    meeting.capacity = 1
    meeting.save()
    first, second = _members(cohort, 2)
    own = services.register(meeting=meeting, user=first, by=first)
    services.cancel_registration(registration=own, by=first)
    services.register(meeting=meeting, user=second, by=second)
    again = services.register(meeting=meeting, user=first, by=first)
    assert again.pk == own.pk
    assert again.state == RegistrationState.WAITLISTED


def test_change_capacity_promotes_in_queue_order(meeting, cohort, coordinator):
    meeting.capacity = 1
    meeting.save()
    people = _members(cohort, 3)
    for person in people:
        services.register(meeting=meeting, user=person, by=person)
    promoted = services.change_capacity(meeting=meeting, capacity=2, by=coordinator)
    assert [r.user for r in promoted] == [people[1]]


# Session sign-ups -------------------------------------------------------------------------


@pytest.fixture
def registered(meeting, cohort):
    people = _members(cohort, 4)
    for person in people:
        services.register(meeting=meeting, user=person, by=person)
    return people


def test_sign_up_limited_session_fills_then_waitlists(agenda, registered):
    visit = agenda["visit"]
    states = [services.sign_up(session=visit, user=p, by=p).state for p in registered[:3]]
    assert states == ["confirmed", "confirmed", "waitlisted"]
    assert Star.objects.filter(session=visit).count() == 3


def test_sign_up_cancel_promotes_and_emails(agenda, registered, run_on_commit):
    visit = agenda["visit"]
    a, b, c = registered[:3]
    for person in (a, b, c):
        services.sign_up(session=visit, user=person, by=person)
    with run_on_commit():
        promoted = services.cancel_signup(signup=SessionSignup.objects.get(user=a), by=a)
    assert [s.user for s in promoted] == [c]
    assert SessionSignup.objects.get(user=c).state == SignupState.OFFERED
    assert [m.to for m in mail.outbox] == [[c.email]]
    assert mail.outbox[0].subject == "You have a place in “Study visit: Plovdiv public library”"


def test_sign_up_twice_refused(agenda, registered):
    person = registered[0]
    services.sign_up(session=agenda["visit"], user=person, by=person)
    with pytest.raises(ValidationError) as error:
        services.sign_up(session=agenda["visit"], user=person, by=person)
    assert error.value.messages == ["You are already signed up for this session."]


def test_sign_up_overlapping_limited_sessions_refused(meeting, agenda, registered):
    person = registered[0]
    services.sign_up(session=agenda["visit"], user=person, by=person)
    other_visit = SessionFactory(
        meeting=meeting,
        title="Children's museum",
        kind="study_visit",
        day=agenda["visit"].day,
        start_time=datetime.time(14),
        end_time=datetime.time(16),
        capacity=10,
    )
    with pytest.raises(ValidationError) as error:
        services.sign_up(session=other_visit, user=person, by=person)
    assert error.value.messages == [
        "This overlaps “Study visit: Plovdiv public library” (09:00–17:00), "
        "which you signed up for."
    ]
    assert SessionSignup.objects.filter(user=person).count() == 1


def test_sign_up_without_registration_refused(agenda, innovator):
    with pytest.raises(ValidationError) as error:
        services.sign_up(session=agenda["visit"], user=innovator, by=innovator)
    assert error.value.messages == [
        "Only people registered for the meeting can sign up for its sessions."
    ]


def test_sign_up_open_session_refused(agenda, registered):
    with pytest.raises(ValidationError):
        services.sign_up(session=agenda["opening"], user=registered[0], by=registered[0])


def test_cancel_registration_cancels_signups_and_promotes(agenda, registered, run_on_commit):
    visit = agenda["visit"]
    a, b, c = registered[:3]
    for person in (a, b, c):
        services.sign_up(session=visit, user=person, by=person)
    with run_on_commit():
        services.cancel_registration(registration=Registration.objects.get(user=a), by=a)
    assert dict(SessionSignup.objects.values_list("user__email", "state")) == {
        a.email: "cancelled",
        b.email: "confirmed",
        c.email: "offered",
    }


def test_star_needs_registration(agenda, innovator):
    with pytest.raises(ValidationError):
        services.star_session(session=agenda["opening"], user=innovator, by=innovator)


def test_unstar_signed_up_session_refused(agenda, registered):
    person = registered[0]
    services.sign_up(session=agenda["visit"], user=person, by=person)
    with pytest.raises(ValidationError):
        services.unstar_session(session=agenda["visit"], user=person, by=person)
    services.star_session(session=agenda["opening"], user=person, by=person)
    services.unstar_session(session=agenda["opening"], user=person, by=person)
    assert list(Star.objects.filter(user=person).values_list("session__title", flat=True)) == [
        "Study visit: Plovdiv public library"
    ]


def test_register_for_past_meeting_refused(cohort, innovator):
    from tests.factories.events import make_meeting

    past = make_meeting(
        cohort, starts_on=datetime.date(2016, 11, 25), ends_on=datetime.date(2016, 11, 28)
    )
    with pytest.raises(ValidationError) as error:
        services.register(meeting=past, user=innovator, by=innovator)
    assert error.value.messages == ["Registration for this meeting is closed."]
    assert Registration.objects.count() == 0


def test_register_when_registration_switched_off_refused(meeting, innovator):
    meeting.registration_open = False
    meeting.save()
    with pytest.raises(ValidationError):
        services.register(meeting=meeting, user=innovator, by=innovator)


def test_check_in_from_the_badge_once_and_only_for_managers(client):
    """The badge's QR opens the check-in page; a coordinator checks the person in once."""
    from django.urls import reverse
    from django.utils import timezone
    from wagtail.models import ModelLogEntry

    from cohorts.enums import Role
    from events import services as event_services
    from events.models import Registration
    from tests.factories.cohorts import add_member
    from tests.factories.events import make_meeting

    meeting = make_meeting(capacity=5)
    person = add_member(meeting.cohort, Role.INNOVATOR, full_name="Ana Check")
    coordinator = add_member(meeting.cohort, Role.COORDINATOR)
    registration = event_services.register(meeting=meeting, user=person, by=person)
    url = reverse("events:check_in", args=[meeting.pk, registration.pk])

    client.force_login(person)
    assert client.post(url).status_code == 404
    client.force_login(coordinator)
    page = client.get(url)
    assert page.status_code == 200 and "Ana Check" in page.content.decode()
    assert client.post(url).status_code == 302
    first = Registration.objects.get(pk=registration.pk).checked_in_at
    assert first is not None and first <= timezone.now()
    client.post(url)
    assert Registration.objects.get(pk=registration.pk).checked_in_at == first
    assert ModelLogEntry.objects.filter(action="kohorta.meeting.check_in").count() == 1
