"""Coordinators edit agendas in the Wagtail admin, only for the meetings of their cohorts."""

import datetime

import pytest

from cohorts import services as cohort_services
from cohorts.enums import Role
from events.models import Session
from tests.factories.cohorts import CohortFactory, UserFactory
from tests.factories.events import RoomFactory, SessionFactory, make_meeting


def _coordinator(cohort):
    user = UserFactory()
    cohort_services.add_member(cohort=cohort, user=user, role=Role.COORDINATOR, by=None)
    return user


@pytest.fixture
def admin_coordinator(cohort):
    return _coordinator(cohort)


@pytest.fixture
def foreign_session():
    other = make_meeting(CohortFactory(), title="Other meeting")
    return SessionFactory(meeting=other, title="Someone else's workshop")


def _form(meeting, room, **changes):
    data = {
        "meeting": meeting.pk,
        "title": "Service design clinic",
        "kind": "workshop",
        "day": "2027-11-25",
        "start_time": "14:00",
        "end_time": "15:30",
        "room": room.pk,
        "location": "",
        "track": "",
        "description": "",
        "capacity": "",
    }
    data.update(changes)
    return data


def test_admin_session_list_scoped_to_own_cohort(
    client, admin_coordinator, agenda, foreign_session
):
    client.force_login(admin_coordinator)
    response = client.get("/admin/snippets/events/session/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Opening plenary" in content
    assert "Someone else&#x27;s workshop" not in content
    assert "Someone else's workshop" not in content


def test_admin_session_edit_other_cohort_not_found(client, admin_coordinator, foreign_session):
    client.force_login(admin_coordinator)
    url = f"/admin/snippets/events/session/edit/{foreign_session.pk}/"
    assert client.get(url, follow=True).status_code == 404


def test_admin_session_create(client, admin_coordinator, meeting, room):
    client.force_login(admin_coordinator)
    response = client.post("/admin/snippets/events/session/add/", _form(meeting, room))
    assert response.status_code == 302
    session = Session.objects.get(title="Service design clinic")
    assert (session.start_time, session.room) == (datetime.time(14), room)


def test_admin_session_overlap_shows_error_and_saves_nothing(
    client, admin_coordinator, meeting, room
):
    SessionFactory(
        meeting=meeting,
        room=room,
        title="Busy",
        start_time=datetime.time(14, 30),
        end_time=datetime.time(16),
    )
    client.force_login(admin_coordinator)
    response = client.post("/admin/snippets/events/session/add/", _form(meeting, room))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "start_time": ["Main hall is taken by “Busy” from 14:30 to 16:00."]
    }
    assert not Session.objects.filter(title="Service design clinic").exists()


def test_admin_session_ending_before_start_shows_error(client, admin_coordinator, meeting, room):
    client.force_login(admin_coordinator)
    response = client.post(
        "/admin/snippets/events/session/add/", _form(meeting, room, end_time="13:00")
    )
    assert response.status_code == 200
    assert "end_time" in response.context["form"].errors
    assert not Session.objects.filter(title="Service design clinic").exists()


def test_admin_session_for_other_cohort_meeting_refused(client, admin_coordinator, meeting):
    other = make_meeting(CohortFactory())
    other_room = RoomFactory(meeting=other)
    client.force_login(admin_coordinator)
    response = client.post("/admin/snippets/events/session/add/", _form(other, other_room))
    assert response.status_code == 200
    assert "meeting" in response.context["form"].errors
    assert not Session.objects.filter(title="Service design clinic").exists()


def test_admin_session_list_refused_for_innovator(client, innovator):
    client.force_login(innovator)
    response = client.get("/admin/snippets/events/session/")
    assert response.status_code == 302


def test_admin_session_speaker_of_other_meeting_shows_error(
    client, admin_coordinator, meeting, room, cohort
):
    from tests.factories.events import SpeakerFactory

    sibling = make_meeting(cohort, title="Sibling meeting")
    speaker = SpeakerFactory(meeting=sibling, name="Visiting speaker")
    client.force_login(admin_coordinator)
    response = client.post(
        "/admin/snippets/events/session/add/", _form(meeting, room, speakers=[speaker.pk])
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "speakers": ["Visiting speaker speaks at another meeting."]
    }
    assert not Session.objects.filter(title="Service design clinic").exists()
