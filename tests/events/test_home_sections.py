import datetime

import pytest

from tests.factories.events import home_page, make_meeting

pytestmark = pytest.mark.django_db


def test_home_page_lists_upcoming_meetings_only(client, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 21, 12, tzinfo=datetime.UTC))
    home_page()
    make_meeting(
        title="Belgrade 2027",
        starts_on=datetime.date(2027, 4, 21),
        ends_on=datetime.date(2027, 4, 24),
    )
    make_meeting(
        title="Sofia 2016",
        starts_on=datetime.date(2016, 11, 25),
        ends_on=datetime.date(2016, 11, 28),
    )
    response = client.get("/en/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Upcoming meetings" in content
    assert "Belgrade 2027" in content
    assert "Sofia 2016" not in content


def test_home_page_without_upcoming_meetings_has_no_section(client, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 21, 12, tzinfo=datetime.UTC))
    home_page()
    make_meeting(
        title="Sofia 2016",
        starts_on=datetime.date(2016, 11, 25),
        ends_on=datetime.date(2016, 11, 28),
    )
    content = client.get("/en/").content.decode()
    assert "Upcoming meetings" not in content
