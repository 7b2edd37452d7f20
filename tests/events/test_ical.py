import datetime
import zoneinfo

import pytest
from icalendar import Calendar

from cohorts.enums import Role
from events import services
from tests.factories.cohorts import add_member
from tests.factories.events import RoomFactory, SessionFactory, make_meeting


def _events(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return calendar, list(calendar.walk("VEVENT"))


@pytest.fixture
def dst_meeting(cohort, coordinator):
    """A meeting across the end of summer time in Sofia (Sunday 31 October 2027)."""
    meeting = make_meeting(
        cohort, starts_on=datetime.date(2027, 10, 30), ends_on=datetime.date(2027, 11, 1)
    )
    room = RoomFactory(meeting=meeting)
    SessionFactory(
        meeting=meeting,
        room=room,
        title="Saturday lecture",
        kind="lecture",
        day=datetime.date(2027, 10, 30),
        start_time=datetime.time(10),
        end_time=datetime.time(11),
    )
    SessionFactory(
        meeting=meeting,
        room=room,
        title="Monday workshop",
        day=datetime.date(2027, 11, 1),
        start_time=datetime.time(10),
        end_time=datetime.time(11),
    )
    services.publish_agenda(meeting=meeting, name="v1", by=coordinator)
    return meeting


def test_agenda_ics_round_trip_across_dst(client, dst_meeting):
    calendar, events = _events(client.get(f"/meetings/{dst_meeting.pk}/agenda.ics"))
    assert [str(e["SUMMARY"]) for e in events] == ["Saturday lecture", "Monday workshop"]
    starts = [e.decoded("DTSTART") for e in events]
    assert [s.astimezone(datetime.UTC).hour for s in starts] == [7, 8]
    assert [s.utcoffset() for s in starts] == [
        datetime.timedelta(hours=3),
        datetime.timedelta(hours=2),
    ]
    assert [str(e["DTSTART"].params["TZID"]) for e in events] == ["Europe/Sofia"] * 2
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Sofia"]
    assert starts[0].tzinfo.utcoffset(starts[0]) == zoneinfo.ZoneInfo("Europe/Sofia").utcoffset(
        datetime.datetime(2027, 10, 30, 10)
    )


def test_ics_uids_stable_and_sequence_bumped_when_session_moves(client, dst_meeting, coordinator):
    _cal, before = _events(client.get(f"/meetings/{dst_meeting.pk}/agenda.ics"))
    session = dst_meeting.sessions.get(title="Monday workshop")
    session.start_time, session.end_time = datetime.time(12), datetime.time(13)
    services.save_session(session=session, by=coordinator)
    services.publish_agenda(meeting=dst_meeting, name="v2", by=coordinator)
    _cal, after = _events(client.get(f"/meetings/{dst_meeting.pk}/agenda.ics"))
    assert [str(e["UID"]) for e in before] == [str(e["UID"]) for e in after]
    assert [int(e["SEQUENCE"]) for e in before] == [0, 0]
    assert [int(e["SEQUENCE"]) for e in after] == [0, 1]
    assert after[1].decoded("DTSTART").hour == 12


def test_ics_shows_published_version_only(client, dst_meeting, coordinator):
    SessionFactory(meeting=dst_meeting, title="Draft only", day=datetime.date(2027, 10, 31))
    _cal, events = _events(client.get(f"/meetings/{dst_meeting.pk}/agenda.ics"))
    assert "Draft only" not in [str(e["SUMMARY"]) for e in events]


def test_session_ics_has_one_event(client, dst_meeting):
    session = dst_meeting.sessions.get(title="Saturday lecture")
    _cal, events = _events(client.get(f"/meetings/sessions/{session.pk}/session.ics"))
    assert [str(e["SUMMARY"]) for e in events] == ["Saturday lecture"]
    assert str(events[0]["UID"]) == f"meeting-session-{session.pk}@kohorta"


def test_personal_ics_lists_starred_sessions(client, dst_meeting, cohort):
    person = add_member(cohort, Role.INNOVATOR)
    registration = services.register(meeting=dst_meeting, user=person, by=person)
    services.star_session(
        session=dst_meeting.sessions.get(title="Monday workshop"), user=person, by=person
    )
    _cal, events = _events(client.get(f"/meetings/calendar/{registration.calendar_token}.ics"))
    assert [str(e["SUMMARY"]) for e in events] == ["Monday workshop"]


def test_personal_ics_unknown_token_not_found(client, dst_meeting):
    assert client.get("/meetings/calendar/not-a-real-token.ics").status_code == 404


def test_personal_ics_cancelled_registration_token_not_found(client, dst_meeting, cohort):
    person = add_member(cohort, Role.INNOVATOR)
    registration = services.register(meeting=dst_meeting, user=person, by=person)
    services.cancel_registration(registration=registration, by=person)
    response = client.get(f"/meetings/calendar/{registration.calendar_token}.ics")
    assert response.status_code == 404
