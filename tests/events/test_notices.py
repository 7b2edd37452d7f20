"""Meeting notices: each event tells the person once (one e-mail, one inbox entry)."""

import datetime

from django.core import mail

from cohorts.enums import Role
from events import services, tasks
from events.enums import RegistrationState
from events.models import Registration
from notifications.models import Notification
from tests.factories.cohorts import add_member
from tests.factories.events import SessionFactory


def _entries(user, kind):
    return Notification.objects.filter(recipient=user, kind=kind).count()


def test_registration_confirmed_with_ics_and_private_calendar_link(
    meeting, innovator, run_on_commit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        registration = services.register(meeting=meeting, user=innovator, by=innovator)
    for callback in callbacks:
        callback()
    for callback in callbacks:  # the broker delivers the task twice
        callback()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [innovator.email]
    assert message.subject == f"You are registered for {meeting.title}"
    assert f"/meetings/calendar/{registration.calendar_token}.ics" in message.body
    ((filename, content, mimetype),) = message.attachments
    assert (filename, mimetype) == ("my-agenda.ics", "text/calendar")
    assert "BEGIN:VCALENDAR" in (content.decode() if isinstance(content, bytes) else content)
    assert _entries(innovator, "events.registered") == 1


def test_waitlisted_then_promoted_each_told_once(meeting, cohort, run_on_commit):
    meeting.capacity = 1
    meeting.save()
    first = add_member(cohort, Role.INNOVATOR)
    second = add_member(cohort, Role.INNOVATOR)
    with run_on_commit():
        services.register(meeting=meeting, user=first, by=first)
        waiting = services.register(meeting=meeting, user=second, by=second)
    assert waiting.state == RegistrationState.WAITLISTED
    assert [m.subject for m in mail.outbox if m.to == [second.email]] == [
        f"You are on the waiting list for {meeting.title}"
    ]
    with run_on_commit():
        services.cancel_registration(registration=Registration.objects.get(user=first), by=first)
    tasks.send_registration_promotion(waiting.pk)
    assert [m.subject for m in mail.outbox if m.to == [second.email]] == [
        f"You are on the waiting list for {meeting.title}",
        f"You have a place at {meeting.title}",
    ]
    assert _entries(second, "events.waitlisted") == 1
    assert _entries(second, "events.registration_promoted") == 1


def test_cancelled_by_coordinator_with_reason(
    client, meeting, innovator, coordinator, run_on_commit
):
    registration = services.register(meeting=meeting, user=innovator, by=innovator)
    client.force_login(coordinator)
    with run_on_commit():
        client.post(
            f"/meetings/{meeting.pk}/manage/registrations/{registration.pk}/cancel/",
            {"reason": "The venue moved; places are fewer."},
        )
    registration.refresh_from_db()
    assert registration.state == RegistrationState.CANCELLED
    told = [m for m in mail.outbox if m.to == [innovator.email]]
    assert len(told) == 1
    assert told[0].subject == f"Your registration for {meeting.title} is cancelled"
    assert f"{coordinator.full_name} cancelled your registration" in told[0].body
    assert "Reason: The venue moved; places are fewer." in told[0].body
    assert _entries(innovator, "events.registration_cancelled") == 1


def test_cancelled_by_the_person(meeting, innovator, run_on_commit):
    registration = services.register(meeting=meeting, user=innovator, by=innovator)
    with run_on_commit():
        services.cancel_registration(registration=registration, by=innovator)
    (message,) = mail.outbox
    assert "You cancelled your registration" in message.body


def test_session_signup_confirmed_waitlisted_promoted(meeting, cohort, run_on_commit):
    session = SessionFactory(
        meeting=meeting,
        title="Makerspace tour",
        capacity=1,
        start_time=datetime.time(10),
        end_time=datetime.time(11),
    )
    first = add_member(cohort, Role.INNOVATOR)
    second = add_member(cohort, Role.INNOVATOR)
    for person in (first, second):
        services.register(meeting=meeting, user=person, by=person)
    with run_on_commit():
        own = services.sign_up(session=session, user=first, by=first)
        services.sign_up(session=session, user=second, by=second)
    assert [(m.to[0], m.subject) for m in mail.outbox] == [
        (first.email, "Your place in “Makerspace tour” is confirmed"),
        (second.email, "You are on the waiting list for “Makerspace tour”"),
    ]
    with run_on_commit():
        services.cancel_signup(signup=own, by=first)
    assert len(mail.outbox) == 3
    assert mail.outbox[2].to == [second.email]
    assert _entries(second, "events.signup_waitlisted") == 1
    assert _entries(second, "events.signup_promoted") == 1


def test_capacity_only_agenda_change_sends_nothing(
    meeting, cohort, agenda, coordinator, run_on_commit
):
    person = add_member(cohort, Role.INNOVATOR)
    services.register(meeting=meeting, user=person, by=person)
    services.sign_up(session=agenda["visit"], user=person, by=person)
    services.star_session(session=agenda["opening"], user=person, by=person)
    services.publish_agenda(meeting=meeting, name="v1", by=coordinator)
    visit = agenda["visit"]
    visit.capacity = 17
    services.save_session(session=visit, by=coordinator)
    with run_on_commit():
        release = services.publish_agenda(meeting=meeting, name="v2", by=coordinator)
    assert release.changes["changed"][0]["fields"].keys() == {"capacity"}
    assert mail.outbox == []
    assert not Notification.objects.filter(kind="events.agenda_changed").exists()


def test_agenda_time_change_tells_each_person_once(
    meeting, cohort, agenda, coordinator, run_on_commit
):
    person = add_member(cohort, Role.INNOVATOR)
    services.register(meeting=meeting, user=person, by=person)
    services.star_session(session=agenda["opening"], user=person, by=person)
    services.publish_agenda(meeting=meeting, name="v1", by=coordinator)
    opening = agenda["opening"]
    opening.start_time, opening.end_time = datetime.time(8), datetime.time(8, 45)
    services.save_session(session=opening, by=coordinator)
    with run_on_commit():
        release = services.publish_agenda(meeting=meeting, name="v2", by=coordinator)
    assert tasks.send_release_notices(release.pk) == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted([person.email, agenda["speaker"].email])
    assert Notification.objects.filter(recipient=person, kind="events.agenda_changed").count() == 1
