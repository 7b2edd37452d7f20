import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from cohorts.enums import Role
from events import services, tasks
from events.models import AgendaRelease, Session
from tests.factories.cohorts import add_member
from tests.factories.events import SessionFactory, SpeakerFactory


def test_publish_first_version_freezes_sessions(meeting, agenda, coordinator, run_on_commit):
    with run_on_commit():
        release = services.publish_agenda(meeting=meeting, name="Draft programme", by=coordinator)
    assert (release.number, release.name) == (1, "Draft programme")
    assert [s["title"] for s in release.snapshot["sessions"]] == [
        "Opening plenary",
        "Design thinking workshop",
        "Study visit: Plovdiv public library",
    ]
    assert release.changes == {"added": [], "removed": [], "changed": []}
    assert mail.outbox == []


def test_publish_refused_for_other_cohort_coordinator(meeting, agenda, outsider):
    with pytest.raises(PermissionDenied):
        services.publish_agenda(meeting=meeting, name="Mine", by=outsider)
    assert AgendaRelease.objects.count() == 0


def test_publish_refused_for_innovator(meeting, agenda, innovator):
    with pytest.raises(PermissionDenied):
        services.publish_agenda(meeting=meeting, name="Mine", by=innovator)


def test_publish_without_changes_refused(meeting, agenda, coordinator):
    services.publish_agenda(meeting=meeting, name="v1", by=coordinator)
    with pytest.raises(ValidationError) as error:
        services.publish_agenda(meeting=meeting, name="v2", by=coordinator)
    assert error.value.messages == ["Nothing has changed since version 1 (“v1”)."]


def test_publish_without_name_refused(meeting, agenda, coordinator):
    with pytest.raises(ValidationError) as error:
        services.publish_agenda(meeting=meeting, name="  ", by=coordinator)
    assert error.value.message_dict == {
        "name": ["Give the version a name, e.g. “Final programme”."]
    }


def test_version_diff_lists_added_removed_and_moved(meeting, agenda, coordinator, room):
    services.publish_agenda(meeting=meeting, name="v1", by=coordinator)
    opening = agenda["opening"]
    opening.start_time, opening.end_time = datetime.time(9, 15), datetime.time(10, 15)
    services.save_session(session=opening, by=coordinator)
    Session.objects.get(title="Design thinking workshop").delete()
    SessionFactory(
        meeting=meeting,
        title="Closing dinner",
        kind="social",
        start_time=datetime.time(19),
        end_time=datetime.time(22),
    )
    release = services.publish_agenda(meeting=meeting, name="v2", by=coordinator)
    changes = release.changes
    assert [e["title"] for e in changes["added"]] == ["Closing dinner"]
    assert [e["title"] for e in changes["removed"]] == ["Design thinking workshop"]
    assert [(e["title"], e["fields"]) for e in changes["changed"]] == [
        (
            "Opening plenary",
            {
                "start": {"before": "09:00", "after": "09:15"},
                "end": {"before": "10:00", "after": "10:15"},
            },
        )
    ]


def test_moving_a_session_bumps_sequence_once_per_save(meeting, agenda, coordinator):
    opening = agenda["opening"]
    opening.title = "Welcome"
    services.save_session(session=opening, by=coordinator)
    assert Session.objects.get(pk=opening.pk).sequence == 0
    opening.day = meeting.starts_on + datetime.timedelta(days=2)
    services.save_session(session=opening, by=coordinator)
    assert Session.objects.get(pk=opening.pk).sequence == 1


def test_save_session_refuses_foreign_speaker(meeting, agenda, coordinator):
    from tests.factories.events import make_meeting

    foreign = SpeakerFactory(meeting=make_meeting(agenda["opening"].meeting.cohort))
    with pytest.raises(ValidationError):
        services.save_session(session=agenda["opening"], by=coordinator, speakers=[foreign])


def test_release_emails_affected_participants_and_speakers_once(
    meeting, cohort, agenda, coordinator, run_on_commit
):
    starred, unaffected, waiting = (add_member(cohort, Role.INNOVATOR) for _ in range(3))
    for person in (starred, unaffected):
        services.register(meeting=meeting, user=person, by=person)
    services.star_session(session=agenda["opening"], user=starred, by=starred)
    services.star_session(
        session=Session.objects.get(title="Design thinking workshop"),
        user=unaffected,
        by=unaffected,
    )
    services.publish_agenda(meeting=meeting, name="v1", by=coordinator)
    opening = agenda["opening"]
    opening.start_time, opening.end_time = datetime.time(8), datetime.time(8, 45)
    services.save_session(session=opening, by=coordinator)
    with run_on_commit():
        release = services.publish_agenda(meeting=meeting, name="v2", by=coordinator)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([starred.email, agenda["speaker"].email])
    message = next(m for m in mail.outbox if m.to == [starred.email])
    assert message.subject == f"Agenda changes for {meeting.title}"
    assert "Opening plenary: changed – 2027-11-25 08:00–08:45, Main hall" in message.body
    assert "starts at: 09:00 → 08:00" in message.body
    assert tasks.send_release_notices(release.pk) == 0
    assert len(mail.outbox) == 2
