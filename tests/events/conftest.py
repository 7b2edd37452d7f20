import datetime

import pytest

from cohorts.enums import Role
from events.models import Session
from tests.factories.cohorts import CohortFactory, add_member
from tests.factories.events import RoomFactory, SessionFactory, SpeakerFactory, make_meeting


@pytest.fixture
def cohort():
    return CohortFactory()


@pytest.fixture
def meeting(cohort):
    return make_meeting(cohort)


@pytest.fixture
def coordinator(cohort):
    return add_member(cohort, Role.COORDINATOR, email="coord@example.org")


@pytest.fixture
def innovator(cohort):
    return add_member(cohort, Role.INNOVATOR, email="inno@example.org")


@pytest.fixture
def outsider():
    """A coordinator of another cohort."""
    return add_member(CohortFactory(), Role.COORDINATOR, email="other@example.org")


@pytest.fixture
def room(meeting):
    return RoomFactory(meeting=meeting, name="Main hall")


@pytest.fixture
def agenda(meeting, room):
    """Three sessions on the first day and a limited study visit."""
    speaker = SpeakerFactory(meeting=meeting, name="Dana Speaker")
    opening = SessionFactory(
        meeting=meeting,
        room=room,
        title="Opening plenary",
        kind="plenary",
        start_time=datetime.time(9),
        end_time=datetime.time(10),
    )
    opening.speakers.add(speaker)
    SessionFactory(
        meeting=meeting,
        room=room,
        title="Design thinking workshop",
        start_time=datetime.time(10, 30),
        end_time=datetime.time(12),
    )
    visit = SessionFactory(
        meeting=meeting,
        title="Study visit: Plovdiv public library",
        kind="study_visit",
        day=meeting.starts_on + datetime.timedelta(days=1),
        start_time=datetime.time(9),
        end_time=datetime.time(17),
        capacity=2,
        location="Plovdiv",
    )
    return {"opening": opening, "visit": visit, "speaker": speaker, "all": Session.objects.all()}
