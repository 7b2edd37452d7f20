import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import Locale

from cohorts.enums import Role
from events import services
from events.models import Registration, SessionSignup, Star
from tests.factories.cohorts import CohortFactory, add_member
from tests.factories.events import RoomFactory, SessionFactory, TrackFactory, make_meeting
from tests.tables import read_table


def _status(client, url):
    """Final status: LocaleMiddleware sends a 404 outside the language prefix to /en/... first."""
    return client.get(url, follow=True).status_code


@pytest.fixture
def published(meeting, agenda, coordinator):
    services.publish_agenda(meeting=meeting, name="Final programme", by=coordinator)
    return meeting


def _build_agenda(meeting, coordinator, rooms, per_room):
    track = TrackFactory(meeting=meeting, name="Leadership")
    Locale.objects.get_or_create(language_code="bg")
    services.save_translation(source=track, language_code="bg", by=None, name="Лидерство")
    for r in range(rooms):
        room = RoomFactory(meeting=meeting)
        for i in range(per_room):
            SessionFactory(
                meeting=meeting,
                room=room,
                track=track,
                title=f"S{r}-{i}",
                start_time=datetime.time(8 + i),
                end_time=datetime.time(8 + i, 50),
            )
    services.publish_agenda(meeting=meeting, name="v1", by=coordinator)


# The public agenda ----------------------------------------------------------------------


def test_meeting_page_shows_published_agenda_only(client, published):
    SessionFactory(
        meeting=published,
        title="Unpublished idea",
        start_time=datetime.time(14),
        end_time=datetime.time(15),
    )
    response = client.get(published.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Opening plenary" in content
    assert "Unpublished idea" not in content
    assert "All times are local time in Europe/Sofia." in content


def test_meeting_page_without_release_says_so(client, meeting, agenda):
    response = client.get(meeting.url)
    assert "The agenda has not been published yet." in response.content.decode()
    assert "Opening plenary" not in response.content.decode()


@pytest.mark.parametrize("rooms, per_room", [(1, 1), (4, 6)])
def test_meeting_page_query_count_fixed(
    client, django_assert_num_queries, meeting, coordinator, rooms, per_room
):
    _build_agenda(meeting, coordinator, rooms, per_room)
    client.get(meeting.url)
    with django_assert_num_queries(10):
        response = client.get(meeting.url)
    assert response.content.decode().count('class="session-card__title"') == 2 * rooms * per_room


@pytest.mark.parametrize("rooms, per_room", [(1, 1), (4, 6)])
def test_meeting_page_query_count_fixed_signed_in(
    client, django_assert_num_queries, meeting, cohort, coordinator, rooms, per_room
):
    _build_agenda(meeting, coordinator, rooms, per_room)
    person = add_member(cohort, Role.INNOVATOR)
    services.register(meeting=meeting, user=person, by=person)
    for session in meeting.sessions.all():
        services.star_session(session=session, user=person, by=person)
    client.force_login(person)
    client.get(meeting.url)
    with django_assert_num_queries(18):
        response = client.get(meeting.url)
    assert response.content.decode().count("In my agenda") == 2 * rooms * per_room


def test_agenda_filter_by_kind(client, published):
    content = client.get(published.url + "?kind=study_visit").content.decode()
    assert "Study visit: Plovdiv public library" in content
    assert "Opening plenary" not in content


def test_agenda_filter_by_track(client, published, coordinator):
    track = TrackFactory(meeting=published, name="Leadership")
    session = published.sessions.get(title="Opening plenary")
    session.track = track
    services.save_session(session=session, by=coordinator)
    services.publish_agenda(meeting=published, name="v2", by=coordinator)
    content = client.get(published.url + f"?track={track.pk}").content.decode()
    assert "Opening plenary" in content
    assert "Design thinking workshop" not in content


def test_agenda_in_visitor_timezone(client, published):
    content = client.get(published.url + "?tz=Europe/London").content.decode()
    assert "Times are shown in Europe/London (the meeting runs on Europe/Sofia time)." in content
    assert "07:00–08:00" in content  # 09:00 EET is 07:00 GMT


def test_agenda_invalid_timezone_falls_back_with_message(client, published):
    response = client.get(published.url + "?tz=Mars/Olympus")
    content = response.content.decode()
    assert response.status_code == 200
    assert "“Mars/Olympus” is not a time zone we know; times are in Europe/Sofia." in content
    assert "09:00–10:00" in content


def test_session_detail_unpublished_not_found(client, meeting, agenda):
    assert _status(client, f"/meetings/sessions/{agenda['opening'].pk}/") == 404


def test_session_detail_shows_speaker(client, published, agenda):
    response = client.get(f"/meetings/sessions/{agenda['opening'].pk}/")
    assert response.status_code == 200
    assert "Dana Speaker" in response.content.decode()


# Registration form ----------------------------------------------------------------------


def test_register_form_registers(client, published, innovator):
    client.force_login(innovator)
    response = client.post(
        f"/meetings/{published.pk}/register/",
        {
            "dietary_needs": "vegan",
            "arrival_on": "2027-11-24",
            "departure_on": "2027-11-29",
            "listed": "on",
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get(user=innovator)
    assert (registration.state, registration.dietary_needs, registration.listed) == (
        "registered",
        "vegan",
        True,
    )


def test_register_form_bad_dates_shows_error(client, published, innovator):
    client.force_login(innovator)
    response = client.post(
        f"/meetings/{published.pk}/register/",
        {"dietary_needs": "vegan", "arrival_on": "2027-11-26", "departure_on": "2027-11-25"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "departure_on": ["Departure cannot be before arrival."]
    }
    assert 'value="vegan"' in response.content.decode()
    assert Registration.objects.count() == 0


def test_register_form_date_far_from_meeting_shows_error(client, published, innovator):
    client.force_login(innovator)
    response = client.post(f"/meetings/{published.pk}/register/", {"arrival_on": "2017-05-01"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "arrival_on": ["Pick a date within a week of the meeting."]
    }
    assert Registration.objects.count() == 0


def test_register_other_cohort_not_found(client, published):
    stranger = add_member(CohortFactory(), Role.INNOVATOR)
    client.force_login(stranger)
    assert _status(client, f"/meetings/{published.pk}/register/") == 404
    assert client.post(f"/meetings/{published.pk}/register/", {}, follow=True).status_code == 404
    assert Registration.objects.count() == 0


def test_register_full_meeting_message_waitlist(client, published, cohort, innovator):
    published.capacity = 0
    published.save()
    client.force_login(innovator)
    response = client.post(f"/meetings/{published.pk}/register/", {}, follow=True)
    assert Registration.objects.get(user=innovator).state == "waitlisted"
    assert "The meeting is full, so you are on the waiting list." in response.content.decode()


def test_signup_view_and_overlap_message(client, published, agenda, innovator):
    services.register(meeting=published, user=innovator, by=innovator)
    client.force_login(innovator)
    response = client.post(f"/meetings/sessions/{agenda['visit'].pk}/signup/", follow=True)
    assert "You have a place; the session is in your agenda." in response.content.decode()
    response = client.post(f"/meetings/sessions/{agenda['visit'].pk}/signup/", follow=True)
    assert "You are already signed up for this session." in response.content.decode()
    assert SessionSignup.objects.count() == 1


def test_star_and_my_agenda(client, published, agenda, innovator):
    services.register(meeting=published, user=innovator, by=innovator)
    client.force_login(innovator)
    client.post(f"/meetings/sessions/{agenda['opening'].pk}/star/", {"action": "star"})
    assert Star.objects.filter(user=innovator).count() == 1
    content = client.get(f"/meetings/{published.pk}/my-agenda/").content.decode()
    assert "Opening plenary" in content
    assert "Design thinking workshop" not in content


def test_my_agenda_without_registration_not_found(client, published, innovator):
    client.force_login(innovator)
    assert _status(client, f"/meetings/{published.pk}/my-agenda/") == 404


# Coordinators ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/meetings/{}/manage/",
        "/meetings/{}/manage/registrations/",
        "/meetings/{}/manage/registrations.csv",
    ],
)
def test_manage_views_refuse_other_cohort_and_innovator(
    client, published, outsider, innovator, url
):
    for person in (outsider, innovator):
        client.force_login(person)
        assert _status(client, url.format(published.pk)) == 404


def test_registration_csv_for_coordinator(client, published, coordinator, innovator):
    services.register(meeting=published, user=innovator, by=innovator, dietary_needs="=SUM(1)")
    client.force_login(coordinator)
    response = client.get(f"/meetings/{published.pk}/manage/registrations.csv")
    assert response.status_code == 200
    lines = read_table(response)
    assert lines[0][:6] == ["Name", "E-mail", "Country", "Organisation", "State", "Dietary needs"]
    assert lines[1][:6] == [
        innovator.full_name,
        innovator.email,
        "Serbia",
        innovator.organisation,
        "Registered",
        "'=SUM(1)",
    ]


def test_manage_publish_form_bad_input(client, published, coordinator):
    client.force_login(coordinator)
    response = client.post(f"/meetings/{published.pk}/manage/", {"name": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {"name": ["This field is required."]}
    response = client.post(f"/meetings/{published.pk}/manage/", {"name": "Again"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Nothing has changed since version 1 (“Final programme”)."
    ]
    assert published.releases.count() == 1


def test_manage_publish_form_publishes(client, published, agenda, coordinator):
    session = agenda["opening"]
    session.title = "Opening plenary and welcome"
    services.save_session(session=session, by=coordinator)
    client.force_login(coordinator)
    preview = client.get(f"/meetings/{published.pk}/manage/").content.decode()
    assert "Opening plenary and welcome" in preview
    response = client.post(f"/meetings/{published.pk}/manage/", {"name": "Second"})
    assert response.status_code == 302
    assert list(published.releases.values_list("number", "name")) == [
        (2, "Second"),
        (1, "Final programme"),
    ]


# PDFs -----------------------------------------------------------------------------------


def _pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_programme_pdf_cover_then_days_flowing_on(client, published, agenda):
    reader, text = _pdf_text(client.get(f"/meetings/{published.pk}/programme.pdf"))
    assert len(reader.pages) == 2
    for title in (
        "Opening plenary",
        "Design thinking workshop",
        "Study visit: Plovdiv public library",
    ):
        assert title in text
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_programme_pdf_in_bulgarian(client, published):
    _reader, text = _pdf_text(client.get(f"/meetings/{published.pk}/programme.pdf?lang=bg"))
    assert "Opening plenary" in text


def test_badges_pdf_for_coordinator_only(client, published, coordinator, innovator, outsider):
    services.register(meeting=published, user=innovator, by=innovator)
    client.force_login(outsider)
    assert _status(client, f"/meetings/{published.pk}/manage/badges.pdf") == 404
    client.force_login(coordinator)
    _reader, text = _pdf_text(client.get(f"/meetings/{published.pk}/manage/badges.pdf"))
    assert innovator.full_name in text


# Dashboard ------------------------------------------------------------------------------


@pytest.mark.parametrize("meetings", [1, 3])
def test_dashboard_panel_query_count(
    client, django_assert_num_queries, cohort, innovator, meetings
):
    for number in range(meetings):
        meeting = make_meeting(
            cohort,
            title=f"Future {number}",
            starts_on=datetime.date(2030, 5, 1 + number),
            ends_on=datetime.date(2030, 5, 2 + number),
        )
        services.register(meeting=meeting, user=innovator, by=innovator)
    client.force_login(innovator)
    client.get(reverse("dashboard"))
    with django_assert_num_queries(18):
        response = client.get(reverse("dashboard"))
    content = response.content.decode()
    assert content.count("You are registered.") == meetings


# Lists: query counts and the participant list -----------------------------------------------


def _register_many(meeting, cohort, count, **fields):
    people = [add_member(cohort, Role.INNOVATOR) for _ in range(count)]
    for person in people:
        services.register(meeting=meeting, user=person, by=person, **fields)
    return people


@pytest.mark.parametrize("count", [1, 5])
def test_registrations_list_query_count(
    client, django_assert_num_queries, published, cohort, coordinator, count
):
    _register_many(published, cohort, count)
    client.force_login(coordinator)
    with django_assert_num_queries(8):
        response = client.get(f"/meetings/{published.pk}/manage/registrations/")
    assert response.content.decode().count("Cancel<span") == count


@pytest.mark.parametrize("count", [1, 5])
def test_participants_list_query_count(client, django_assert_num_queries, published, cohort, count):
    people = _register_many(published, cohort, count, listed=True)
    hidden = _register_many(published, cohort, 1, listed=False)[0]
    client.force_login(people[0])
    with django_assert_num_queries(9):
        response = client.get(f"/meetings/{published.pk}/participants/")
    content = response.content.decode()
    assert content.count("<li><strong>") == count
    assert hidden.full_name not in content


def test_participants_list_refused_for_unregistered_and_other_cohort(
    client, published, innovator, outsider
):
    for person in (innovator, outsider):
        client.force_login(person)
        assert _status(client, f"/meetings/{published.pk}/participants/") == 404


@pytest.mark.parametrize("stars", [1, 3])
def test_my_agenda_query_count(
    client, django_assert_num_queries, published, agenda, innovator, stars
):
    services.register(meeting=published, user=innovator, by=innovator)
    for session in list(published.sessions.order_by("pk"))[:stars]:
        services.star_session(session=session, user=innovator, by=innovator)
    client.force_login(innovator)
    client.get(f"/meetings/{published.pk}/my-agenda/")
    with django_assert_num_queries(12):
        response = client.get(f"/meetings/{published.pk}/my-agenda/")
    assert response.content.decode().count('class="session-card__title"') == 2 * stars


def test_coordinator_cancels_registration_and_first_waiting_moves_up(
    client, published, cohort, coordinator, run_on_commit
):
    from django.core import mail

    published.capacity = 1
    published.save()
    first, second = _register_many(published, cohort, 2)
    client.force_login(coordinator)
    registration = Registration.objects.get(user=first)
    with run_on_commit():
        response = client.post(
            f"/meetings/{published.pk}/manage/registrations/{registration.pk}/cancel/",
            follow=True,
        )
    content = response.content.decode()
    assert f"{second.full_name} moved up from the waiting list and has been e-mailed." in content
    # The place is offered (KOHORTA_WAITLIST_CONFIRM_HOURS) until second confirms it.
    assert Registration.objects.get(user=second).state == "offered"
    # The cancelled person is told too (tests/events/test_notices.py); one promotion e-mail.
    assert [m.to for m in mail.outbox if "You have a place" in m.subject] == [[second.email]]


def test_cancel_registration_of_other_cohort_refused(client, published, cohort, outsider):
    person = _register_many(published, cohort, 1)[0]
    registration = Registration.objects.get(user=person)
    client.force_login(outsider)
    url = f"/meetings/{published.pk}/manage/registrations/{registration.pk}/cancel/"
    assert client.post(url, follow=True).status_code == 404
    assert Registration.objects.get(user=person).state == "registered"


def test_signup_by_member_of_other_cohort_not_found(client, published, agenda):
    stranger = add_member(CohortFactory(), Role.INNOVATOR)
    client.force_login(stranger)
    response = client.post(f"/meetings/sessions/{agenda['visit'].pk}/signup/", follow=True)
    assert response.status_code == 404
    assert SessionSignup.objects.count() == 0


def test_star_without_registration_shows_message(client, published, agenda, innovator):
    client.force_login(innovator)
    response = client.post(
        f"/meetings/sessions/{agenda['opening'].pk}/star/", {"action": "star"}, follow=True
    )
    assert "Register for the meeting to build your own agenda." in response.content.decode()
    assert Star.objects.count() == 0


def test_cancel_signup_promotes_waiting_person_through_view(
    client, published, agenda, cohort, run_on_commit
):
    people = _register_many(published, cohort, 3)
    for person in people:
        services.sign_up(session=agenda["visit"], user=person, by=person)
    client.force_login(people[0])
    with run_on_commit():
        response = client.post(
            f"/meetings/sessions/{agenda['visit'].pk}/signup/cancel/", follow=True
        )
    assert "Your sign-up has been cancelled." in response.content.decode()
    assert SessionSignup.objects.get(user=people[2]).state == "offered"


def test_manage_page_lists_signups_and_waiting_list_in_order(
    client, published, agenda, cohort, coordinator
):
    people = _register_many(published, cohort, 3)
    for person in people:
        services.sign_up(session=agenda["visit"], user=person, by=person)
    client.force_login(coordinator)
    content = client.get(f"/meetings/{published.pk}/manage/").content.decode()
    assert "2 of 2 places taken, 1 waiting." in content
    assert f"Waiting list, in order:</strong> 1. {people[2].full_name}" in content


def test_register_page_for_closed_meeting_redirects_with_message(client, published, innovator):
    published.registration_open = False
    published.save()
    client.force_login(innovator)
    response = client.get(f"/meetings/{published.pk}/register/", follow=True)
    assert "Registration for this meeting is closed." in response.content.decode()
    assert Registration.objects.count() == 0


def test_the_dashboard_offers_registration_only_to_who_may_register(client, meeting, innovator):
    observer = add_member(meeting.cohort, Role.OBSERVER)
    register_url = f"/meetings/{meeting.pk}/register/"
    client.force_login(innovator)
    assert register_url in client.get("/dashboard/").content.decode()
    client.force_login(observer)
    html = client.get("/dashboard/").content.decode()
    assert meeting.title in html
    assert register_url not in html
