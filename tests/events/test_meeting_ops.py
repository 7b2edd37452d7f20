"""Meetings for the office (issue 18, points 8-11): agenda days in the viewer's time zone,
cancelling on a confirmation page, offers, the public change log and "changed" marks,
speaker pages, calendar subscription, overlaps in "My agenda" and the check-in lists."""

import datetime
import io

import pytest
from django.core import mail
from pypdf import PdfReader

from cohorts.enums import Role
from events import services
from events.models import Registration, SessionSignup
from tests.factories.cohorts import add_member
from tests.factories.events import SessionFactory, SpeakerFactory, make_meeting
from tests.tables import read_table


@pytest.fixture
def published(meeting, agenda, coordinator):
    services.publish_agenda(meeting=meeting, name="Final programme", by=coordinator)
    return meeting


def _members(cohort, count):
    return [add_member(cohort, Role.INNOVATOR) for _ in range(count)]


# 8. Agenda days in the viewer's time zone -------------------------------------------------


@pytest.fixture
def summer_meeting(cohort, coordinator):
    """Berlin in June (CEST, UTC+2): breakfast 08:00 on day 2, dinner 20:00 on day 1."""
    meeting = make_meeting(
        cohort,
        timezone="Europe/Berlin",
        starts_on=datetime.date(2027, 6, 14),
        ends_on=datetime.date(2027, 6, 15),
    )
    SessionFactory(
        meeting=meeting,
        title="Welcome dinner",
        kind="social",
        day=datetime.date(2027, 6, 14),
        start_time=datetime.time(20),
        end_time=datetime.time(22),
    )
    SessionFactory(
        meeting=meeting,
        title="Early breakfast",
        kind="break",
        day=datetime.date(2027, 6, 15),
        start_time=datetime.time(8),
        end_time=datetime.time(9),
    )
    services.publish_agenda(meeting=meeting, name="v1", by=coordinator)
    return meeting


def _days(client, meeting, zone):
    """``{day heading: [(time, title)]}`` from the phone list of the agenda."""
    import re

    content = client.get(f"{meeting.url}?tz={zone}").content.decode()
    days = {}
    for section in content.split('<section class="agenda-day"')[1:]:
        heading = re.search(r"<h3[^>]*>([^<]+)</h3>", section).group(1)
        listing = section.split('<ol class="agenda-list')[1]
        days[heading] = re.findall(
            r'session-card__time">(\d\d:\d\d)–.*?session-card__title"><a [^>]+>([^<]+)</a>',
            listing,
            flags=re.S,
        )
    return days


def test_agenda_days_in_meeting_zone(client, summer_meeting):
    assert _days(client, summer_meeting, "Europe/Berlin") == {
        "Monday 14 June 2027": [("20:00", "Welcome dinner")],
        "Tuesday 15 June 2027": [("08:00", "Early breakfast")],
    }


def test_agenda_days_east_dinner_moves_to_next_day(client, summer_meeting):
    # Tokyo is UTC+9: the 20:00 CEST dinner is at 03:00 on Tuesday, listed under Tuesday.
    assert _days(client, summer_meeting, "Asia/Tokyo") == {
        "Tuesday 15 June 2027": [("03:00", "Welcome dinner"), ("15:00", "Early breakfast")],
    }


def test_agenda_days_west_breakfast_moves_to_previous_day(client, summer_meeting):
    # Los Angeles is UTC-7: the 08:00 CEST breakfast is at 23:00 on Monday.
    assert _days(client, summer_meeting, "America/Los_Angeles") == {
        "Monday 14 June 2027": [("11:00", "Welcome dinner"), ("23:00", "Early breakfast")],
    }


# 9. Cancelling asks first and says what is lost -----------------------------------------


def test_cancel_page_lists_places_and_queue_positions(client, published, agenda, cohort):
    people = _members(cohort, 4)
    for person in people:
        services.register(meeting=published, user=person, by=person)
    visit = agenda["visit"]  # two places
    other = SessionFactory(
        meeting=published,
        title="Library bus tour",
        kind="study_visit",
        day=published.starts_on,
        start_time=datetime.time(14),
        end_time=datetime.time(16),
        capacity=1,
    )
    services.publish_agenda(meeting=published, name="v2", by=None)
    for person in people:
        services.sign_up(session=visit, user=person, by=person)
    services.sign_up(session=other, user=people[0], by=people[0])
    services.sign_up(session=other, user=people[3], by=people[3])
    client.force_login(people[3])
    response = client.get(f"/meetings/{published.pk}/register/cancel/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Place 2 on the waiting list of “Study visit: Plovdiv public library”." in content
    assert "Place 1 on the waiting list of “Library bus tour”." in content
    assert "The place at the meeting; it goes to the first person" in content
    # Nothing is cancelled by looking.
    assert Registration.objects.get(user=people[3]).state == "registered"
    client.force_login(people[0])
    content = client.get(f"/meetings/{published.pk}/register/cancel/").content.decode()
    assert "The place in “Library bus tour”" in content
    assert "The place in “Study visit: Plovdiv public library”" in content


def test_cancel_page_post_cancels_notifies_and_offers_place(
    client, published, cohort, run_on_commit
):
    published.capacity = 1
    published.save()
    first, second = _members(cohort, 2)
    for person in (first, second):
        services.register(meeting=published, user=person, by=person)
    client.force_login(first)
    with run_on_commit():
        response = client.post(f"/meetings/{published.pk}/register/cancel/", follow=True)
    assert "Your registration has been cancelled." in response.content.decode()
    assert Registration.objects.get(user=second).state == "offered"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.email, second.email])


def test_coordinator_cancel_page_names_person_and_sends_reason(
    client, published, cohort, coordinator, run_on_commit
):
    person = _members(cohort, 1)[0]
    registration = services.register(meeting=published, user=person, by=person)
    client.force_login(coordinator)
    url = f"/meetings/{published.pk}/manage/registrations/{registration.pk}/cancel/"
    content = client.get(url).content.decode()
    assert f"Cancel the registration of {person.full_name}?" in content
    assert 'name="reason"' in content
    with run_on_commit():
        client.post(url, {"reason": "Visa refused"})
    assert Registration.objects.get(pk=registration.pk).state == "cancelled"
    assert "Reason: Visa refused" in mail.outbox[-1].body


def test_cancel_page_of_cancelled_registration_is_404(client, published, innovator):
    registration = services.register(meeting=published, user=innovator, by=innovator)
    services.cancel_registration(registration=registration, by=innovator)
    client.force_login(innovator)
    response = client.get(f"/meetings/{published.pk}/register/cancel/", follow=True)
    assert response.status_code == 404


# 10. Offers: the e-mailed page --------------------------------------------------------------


def test_offer_page_confirm(client, published, cohort):
    published.capacity = 1
    published.save()
    first, second = _members(cohort, 2)
    for person in (first, second):
        services.register(meeting=published, user=person, by=person)
    services.cancel_registration(registration=Registration.objects.get(user=first), by=first)
    client.force_login(second)
    url = f"/meetings/{published.pk}/register/offer/"
    content = client.get(url + "?answer=confirm").content.decode()
    assert "A place is offered to you" in content
    assert "Confirm or decline by" in content
    response = client.post(url, {"answer": "confirm"}, follow=True)
    assert "The place is yours. See you there!" in response.content.decode()
    assert Registration.objects.get(user=second).state == "registered"
    # Answered: the page now just sends the person back.
    assert client.get(url).status_code == 302


def test_signup_offer_page_decline(client, published, agenda, cohort):
    people = _members(cohort, 3)
    for person in people:
        services.register(meeting=published, user=person, by=person)
        services.sign_up(session=agenda["visit"], user=person, by=person)
    services.cancel_signup(signup=SessionSignup.objects.get(user=people[0]), by=people[0])
    client.force_login(people[2])
    url = f"/meetings/sessions/{agenda['visit'].pk}/signup/offer/"
    assert "Study visit: Plovdiv public library" in client.get(url).content.decode()
    response = client.post(url, {"answer": "decline"}, follow=True)
    assert "You gave the place to the next person waiting." in response.content.decode()
    assert SessionSignup.objects.get(user=people[2]).state == "cancelled"


# 11. Change log, "changed" marks, speakers, subscriptions, overlaps, check-in lists --------


def test_changelog_and_changed_mark(client, published, agenda, coordinator):
    opening = agenda["opening"]
    opening.start_time, opening.end_time = datetime.time(9, 30), datetime.time(10, 15)
    services.save_session(session=opening, by=coordinator)
    SessionFactory(
        meeting=published,
        title="Late addition",
        start_time=datetime.time(16),
        end_time=datetime.time(17),
    )
    services.publish_agenda(meeting=published, name="Second draft", by=coordinator)
    content = client.get(f"/meetings/{published.pk}/changes/").content.decode()
    assert content.index("Second draft (version 2)") < content.index("Final programme (version 1)")
    assert "Late addition" in content
    assert "Opening plenary" in content
    page = client.get(published.url).content.decode()
    # Both grid and list show each card: the changed one and the new one are marked.
    assert page.count('badge--changed">Changed') == 2
    assert page.count('badge--new">New') == 2


@pytest.mark.parametrize("count", [1, 4])
def test_changelog_query_count(client, django_assert_num_queries, published, coordinator, count):
    for number in range(count - 1):
        SessionFactory(
            meeting=published,
            title=f"Added {number}",
            start_time=datetime.time(14 + number),
            end_time=datetime.time(14 + number, 30),
        )
        services.publish_agenda(meeting=published, name=f"v{number + 2}", by=coordinator)
    client.get(f"/meetings/{published.pk}/changes/")
    with django_assert_num_queries(4):
        response = client.get(f"/meetings/{published.pk}/changes/")
    assert response.content.decode().count('<section class="release"') == count


def test_speaker_page_lists_published_sessions(client, published, agenda):
    speaker = agenda["speaker"]
    speaker.organisation = "National Library of Bulgaria"
    speaker.bio = "Runs the innovation lab."
    speaker.save()
    content = client.get(f"/meetings/speakers/{speaker.pk}/").content.decode()
    assert "Dana Speaker" in content
    assert "National Library of Bulgaria" in content
    assert "Runs the innovation lab." in content
    assert "Opening plenary" in content
    # The session page and the agenda link to it.
    assert f"/meetings/speakers/{speaker.pk}/" in client.get(published.url).content.decode()


def test_unpublished_speaker_page_is_404(client, published):
    newcomer = SpeakerFactory(meeting=published, name="Not yet announced")
    response = client.get(f"/meetings/speakers/{newcomer.pk}/", follow=True)
    assert response.status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_speaker_page_query_count(
    client, django_assert_num_queries, published, agenda, coordinator, count
):
    speaker = agenda["speaker"]
    for number in range(count - 1):
        session = SessionFactory(
            meeting=published,
            title=f"Talk {number}",
            start_time=datetime.time(14 + number),
            end_time=datetime.time(14 + number, 30),
        )
        session.speakers.add(speaker)
    if count > 1:
        services.publish_agenda(meeting=published, name="v2", by=coordinator)
    url = f"/meetings/speakers/{speaker.pk}/"
    client.get(url)
    with django_assert_num_queries(3):
        response = client.get(url)
    assert response.content.decode().count('class="session-card__title"') == count


def test_my_agenda_subscribe_copy_and_overlap_warning(client, published, agenda, innovator):
    services.register(meeting=published, user=innovator, by=innovator)
    clash = SessionFactory(
        meeting=published,
        title="Parallel workshop",
        start_time=datetime.time(9, 30),
        end_time=datetime.time(11),
    )
    services.publish_agenda(meeting=published, name="v2", by=None)
    for session in (agenda["opening"], clash):
        services.star_session(session=session, user=innovator, by=innovator)
    client.force_login(innovator)
    content = client.get(f"/meetings/{published.pk}/my-agenda/").content.decode()
    token = Registration.objects.get(user=innovator).calendar_token
    assert f'href="webcal://testserver/meetings/calendar/{token}.ics"' in content
    assert 'data-copy-target="feed-url"' in content and "events/copy.js" in content
    assert "Some sessions in your agenda overlap:" in content
    assert "“Opening plenary” and “Parallel workshop”" in content


def test_my_agenda_without_overlap_has_no_warning(client, published, agenda, innovator):
    services.register(meeting=published, user=innovator, by=innovator)
    services.star_session(session=agenda["opening"], user=innovator, by=innovator)
    client.force_login(innovator)
    content = client.get(f"/meetings/{published.pk}/my-agenda/").content.decode()
    assert "overlap" not in content


def _check_in_people(published, agenda, cohort):
    people = _members(cohort, 3)
    services.register(
        meeting=published,
        user=people[0],
        by=people[0],
        arrival_on=published.starts_on + datetime.timedelta(days=1),
        dietary_needs="=vegan",
    )
    services.register(meeting=published, user=people[1], by=people[1])
    services.register(
        meeting=published,
        user=people[2],
        by=people[2],
        departure_on=published.starts_on,
    )
    services.sign_up(session=agenda["visit"], user=people[1], by=people[1])
    return people


def test_check_in_csv_opens_in_excel(client, published, agenda, cohort, coordinator):
    people = _check_in_people(published, agenda, cohort)
    client.force_login(coordinator)
    day = published.starts_on + datetime.timedelta(days=1)
    response = client.get(f"/meetings/{published.pk}/manage/check-in-{day.isoformat()}.csv")
    rows = read_table(response)  # checks the byte-order mark
    twin = read_table(
        client.get(f"/meetings/{published.pk}/manage/check-in-{day.isoformat()}.xlsx")
    )
    assert [row[:4] for row in twin] == [row[:4] for row in rows]
    assert rows[0][:5] == ["Name", "E-mail", "Organisation", "Country", "Sessions with a place"]
    # Day 2: people[2] left after day 1; people[0] arrives that day; by name.
    expected = sorted([people[0], people[1]], key=lambda p: p.full_name)
    assert [row[0] for row in rows[1:]] == [p.full_name for p in expected]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name[people[1].full_name][4] == "Study visit: Plovdiv public library"
    assert by_name[people[0].full_name][5] == "'=vegan"  # never a formula


def test_check_in_pdf_lists_the_day(client, published, agenda, cohort, coordinator):
    people = _check_in_people(published, agenda, cohort)
    client.force_login(coordinator)
    response = client.get(
        f"/meetings/{published.pk}/manage/check-in-{published.starts_on.isoformat()}.pdf"
    )
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Check-in list" in text
    assert people[1].full_name in text and people[2].full_name in text
    assert people[0].full_name not in text  # arrives the next day
    assert "2 people expected" in text


@pytest.mark.parametrize("count", [1, 5])
def test_check_in_csv_query_count(
    client, django_assert_num_queries, published, agenda, cohort, coordinator, count
):
    for person in _members(cohort, count):
        services.register(meeting=published, user=person, by=person)
    client.force_login(coordinator)
    url = f"/meetings/{published.pk}/manage/check-in-{published.starts_on.isoformat()}.csv"
    client.get(url)
    with django_assert_num_queries(7):
        response = client.get(url)
    assert len(response.content.decode("utf-8-sig").strip().splitlines()) == count + 1
