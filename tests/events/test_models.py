import datetime

import pytest
from django.core.exceptions import ValidationError

from events import selectors
from events.models import MeetingPage, validate_timezone
from tests.factories.events import RoomFactory, SessionFactory, SpeakerFactory


def _session(meeting, **fields):
    return SessionFactory.build(meeting=meeting, **fields)


def test_session_ending_before_start_refused(meeting):
    session = _session(meeting, start_time=datetime.time(10), end_time=datetime.time(9))
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert error.value.message_dict["end_time"] == ["The session must end after it starts."]


def test_session_outside_meeting_days_refused(meeting):
    session = _session(meeting, day=datetime.date(2027, 11, 29))
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert error.value.message_dict["day"] == [
        "The meeting runs from 2027-11-25 to 2027-11-28; pick a day in between."
    ]


def test_session_overlapping_in_same_room_refused(meeting, room):
    SessionFactory(
        meeting=meeting,
        room=room,
        title="First",
        start_time=datetime.time(9),
        end_time=datetime.time(10, 30),
    )
    session = _session(meeting, room=room, start_time=datetime.time(10), end_time=datetime.time(11))
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert error.value.message_dict["start_time"] == [
        "Main hall is taken by “First” from 09:00 to 10:30."
    ]


def test_session_back_to_back_in_same_room_allowed(meeting, room):
    SessionFactory(
        meeting=meeting, room=room, start_time=datetime.time(9), end_time=datetime.time(10)
    )
    _session(
        meeting, room=room, start_time=datetime.time(10), end_time=datetime.time(11)
    ).full_clean()


def test_session_overlapping_in_other_room_allowed(meeting, room):
    SessionFactory(
        meeting=meeting, room=room, start_time=datetime.time(9), end_time=datetime.time(10)
    )
    other = RoomFactory(meeting=meeting)
    _session(
        meeting, room=other, start_time=datetime.time(9), end_time=datetime.time(10)
    ).full_clean()


def test_session_room_of_other_meeting_refused(meeting):
    from tests.factories.events import make_meeting

    foreign_room = RoomFactory(meeting=make_meeting())
    with pytest.raises(ValidationError) as error:
        _session(meeting, room=foreign_room).full_clean()
    assert error.value.message_dict["room"] == ["This room belongs to another meeting."]


def test_speaker_in_two_places_flagged(meeting, room):
    speaker = SpeakerFactory(meeting=meeting, name="Ana")
    a = SessionFactory(
        meeting=meeting,
        room=room,
        title="A",
        start_time=datetime.time(9),
        end_time=datetime.time(10),
    )
    b = SessionFactory(
        meeting=meeting,
        room=RoomFactory(meeting=meeting),
        title="B",
        start_time=datetime.time(9, 30),
        end_time=datetime.time(11),
    )
    c = SessionFactory(
        meeting=meeting,
        room=room,
        title="C",
        start_time=datetime.time(11),
        end_time=datetime.time(12),
    )
    for session in (a, b, c):
        session.speakers.add(speaker)
    assert [(name, x.title, y.title) for name, x, y in selectors.speaker_clashes(meeting)] == [
        ("Ana", "A", "B")
    ]


def test_timezone_invalid_refused():
    with pytest.raises(ValidationError) as error:
        validate_timezone("Europe/Atlantis")
    assert error.value.messages == [
        "“Europe/Atlantis” is not a time zone name such as Europe/Sofia."
    ]


def test_meeting_with_invalid_timezone_fails_full_clean(meeting):
    meeting.timezone = "Mars/Olympus"
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "timezone" in error.value.message_dict


def test_meeting_translation_shares_agenda_owner(meeting):
    from wagtail.models import Locale

    bg_locale = Locale.objects.get_or_create(language_code="bg")[0]
    bg = meeting.copy_for_translation(bg_locale, copy_parents=True)
    bg = MeetingPage.objects.get(pk=bg.pk)
    assert bg.agenda_owner.pk == meeting.pk
    assert meeting.agenda_owner.pk == meeting.pk


def test_session_places_above_room_seats_refused(meeting):
    small = RoomFactory(meeting=meeting, name="Library corner", capacity=12)
    with pytest.raises(ValidationError) as error:
        _session(meeting, room=small, capacity=20).full_clean()
    assert error.value.message_dict["capacity"] == [
        "Library corner seats 12 people; lower the places."
    ]


def test_upcoming_meetings_lists_live_future_meetings_soonest_first(cohort):
    from tests.factories.events import make_meeting

    later = make_meeting(
        cohort, starts_on=datetime.date(2028, 5, 1), ends_on=datetime.date(2028, 5, 3)
    )
    sooner = make_meeting(cohort)
    make_meeting(cohort, starts_on=datetime.date(2016, 5, 1), ends_on=datetime.date(2016, 5, 3))
    assert list(selectors.upcoming_meetings()) == [sooner, later]
