"""Hostile input over events: registration, sign-ups and stars, agenda filters and time
zones, calendar feed tokens, and the coordinator's publishing and registration pages.

No answer is a 5xx, markup comes back escaped and a refused form saves nothing.
"""

import csv
import io
from urllib.parse import quote

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from cohorts.enums import Role
from events import services
from events.models import AgendaRelease, Registration, SessionSignup, Star
from tests.events import conftest as events_fixtures
from tests.factories.cohorts import add_member
from tests.factories.grants import is_not_found

from .hostile import (
    MARKUP_PAYLOADS,
    app_settings,
    assert_safe_response,
    get_hostile,
    hostile_form_data,
    hostile_text,
    post_hostile,
    row_counts,
)

pytestmark = pytest.mark.django_db

# The events tests' cohort, meeting (Sofia, capacity 10), people and three-session agenda.
cohort = events_fixtures.cohort
meeting = events_fixtures.meeting
coordinator = events_fixtures.coordinator
innovator = events_fixtures.innovator
room = events_fixtures.room
agenda = events_fixtures.agenda

REGISTRATION = {
    "dietary_needs": "Vegetarian",
    "accessibility_needs": "",
    "arrival_on": "2027-11-24",
    "departure_on": "2027-11-29",
    "listed": "on",
}
# Ids no row has (the agenda's rows have small ones), up to beyond the 64-bit range.
BOGUS_IDS = st.one_of(
    st.integers(min_value=10**6, max_value=2**70), st.sampled_from([0, 2**63, 10**18])
)


@pytest.fixture
def published(meeting, agenda, coordinator):
    services.publish_agenda(meeting=meeting, name="Final programme", by=coordinator)
    return meeting


def _registered(meeting, person):
    """The person's registration (made once; examples of one test share the database)."""
    return Registration.objects.filter(meeting=meeting, user=person).first() or (
        services.register(meeting=meeting, user=person, by=person)
    )


@app_settings
@given(data=hostile_form_data(list(REGISTRATION)))
def test_registration_form_survives_hostile_input(client, meeting, coordinator, data):
    person = add_member(meeting.cohort, Role.INNOVATOR)
    client.force_login(person)
    url = reverse("events:register", args=[meeting.pk])
    posted = {**REGISTRATION, **data}
    before = row_counts(Registration)
    response = post_hostile(client, url, posted)
    if response.status_code == 200:
        assert row_counts(Registration) == before
        return
    assert response.status_code == 302
    assert Registration.objects.filter(user=person).count() == 1
    pages = [url, meeting.url, reverse("events:participants", args=[meeting.pk])]
    for page in pages:
        assert_safe_response(client.get(page), posted)
    client.force_login(coordinator)
    for page in (reverse("events:registrations", args=[meeting.pk]), pages[2]):
        shown = client.get(page)
        assert shown.status_code == 200
        assert_safe_response(shown, posted)
    export = client.get(reverse("events:registrations_csv", args=[meeting.pk]))
    for row in list(csv.reader(io.StringIO(export.content.decode())))[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


@app_settings
@given(data=hostile_form_data(list(REGISTRATION)))
def test_registration_update_survives_hostile_input(client, meeting, innovator, data):
    registration = Registration.objects.filter(user=innovator).first() or services.register(
        meeting=meeting, user=innovator, by=innovator, dietary_needs="None"
    )
    client.force_login(innovator)
    before = list(Registration.objects.filter(pk=registration.pk).values())
    response = post_hostile(
        client, reverse("events:register", args=[meeting.pk]), {**REGISTRATION, **data}
    )
    if response.status_code == 200:
        assert list(Registration.objects.filter(pk=registration.pk).values()) == before
    else:
        assert response.status_code == 302
        assert row_counts(Registration) == (1,)


@app_settings
@given(session_id=BOGUS_IDS, action=hostile_text(), next_url=hostile_text())
def test_signup_and_star_survive_bogus_ids(
    client, published, innovator, agenda, session_id, action, next_url
):
    _registered(published, innovator)
    client.force_login(innovator)
    before = row_counts(SessionSignup, Star)
    session = f"/meetings/sessions/{session_id}"
    for url in (f"{session}/signup/", f"{session}/signup/cancel/", f"{session}/star/"):
        response = post_hostile(client, url, {"action": action, "next": next_url})
        assert is_not_found(response), url
    assert row_counts(SessionSignup, Star) == before
    for url in (f"{session}/", f"{session}/session.ics"):
        assert is_not_found(client.get(url)), url


@app_settings
@given(action=hostile_text(), next_url=hostile_text())
def test_star_with_hostile_next_stays_on_the_site(
    client, published, innovator, agenda, action, next_url
):
    client.force_login(innovator)
    session = agenda["opening"]
    _registered(published, innovator)
    response = post_hostile(
        client, reverse("events:star", args=[session.pk]), {"action": action, "next": next_url}
    )
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location


@pytest.mark.parametrize(
    "next_url",
    [
        "//evil.example/",
        "/\\evil.example/",
        "/\\/evil.example/",
        "https://evil.example/",
        "/%5Cevil",
    ],
)
def test_star_never_redirects_off_the_site(client, published, innovator, agenda, next_url):
    """``/\\evil.example`` is ``//evil.example`` to browsers: an open redirect before."""
    services.register(meeting=published, user=innovator, by=innovator)
    client.force_login(innovator)
    response = client.post(reverse("events:star", args=[agenda["opening"].pk]), {"next": next_url})
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location


@app_settings
@given(query=hostile_form_data(["tz", "track", "kind"]))
def test_agenda_filters_and_time_zone_survive_hostile_query_strings(
    client, published, innovator, query
):
    _registered(published, innovator)
    pages = [published.url, reverse("events:my_agenda", args=[published.pk])]
    client.force_login(innovator)
    for page in pages:
        response = get_hostile(client, page, query)
        assert response.status_code == 200, page
        assert_safe_response(response, query)
    client.logout()
    response = get_hostile(client, published.url, query)
    assert response.status_code == 200
    assert_safe_response(response, query)


TIME_ZONE_TRICKS = [
    "America",
    "America/",
    "../../../../etc/passwd",
    "/etc/localtime",
    "Europe/Sofia\x00",
    "a" * 5000,
    "Europe/" + "x" * 300,
    "UTC",
    "localtime",
    "posixrules",
    "Factory",
    "zone.tab",
    "tzdata.zi",
    "__init__",
    "__pycache__",
    MARKUP_PAYLOADS[0],
]


def test_agenda_time_zone_tricks(client, published):
    """``America`` and ``__pycache__`` are folders, 300 characters too long a file name:
    each was a 500 when the name went to ``ZoneInfo`` before the zone list."""
    for tz in TIME_ZONE_TRICKS:
        response = get_hostile(client, published.url, {"tz": tz})
        assert response.status_code == 200, tz
        assert_safe_response(response, {"tz": tz})


@app_settings
@given(token=hostile_text())
def test_calendar_feed_with_garbage_token_is_not_found(client, published, token):
    has_nul = "\x00" in token
    token = quote(token.replace("/", "").replace("\\", ""), safe="") or "x"
    response = client.get(f"/meetings/calendar/{token}.ics")
    assert response.status_code == (400 if has_nul else 404)


@app_settings
@given(name=hostile_text())
def test_publish_form_survives_hostile_names(client, meeting, agenda, coordinator, name):
    client.force_login(coordinator)
    url = reverse("events:manage", args=[meeting.pk])
    before = row_counts(AgendaRelease)
    response = post_hostile(client, url, {"name": name})
    if response.status_code == 200:
        assert row_counts(AgendaRelease) == before
        return
    assert response.status_code == 302
    shown = client.get(url)
    assert shown.status_code == 200
    assert_safe_response(shown, {"name": name})
    assert_safe_response(client.get(meeting.url), {"name": name})


@app_settings
@given(registration_id=BOGUS_IDS, number=BOGUS_IDS)
def test_coordinator_pages_survive_bogus_ids(
    client, published, coordinator, innovator, registration_id, number
):
    client.force_login(coordinator)
    before = list(Registration.objects.values("pk", "state"))
    meeting = f"/meetings/{published.pk}"
    response = client.post(f"{meeting}/manage/registrations/{registration_id}/cancel/")
    assert is_not_found(response)
    assert list(Registration.objects.values("pk", "state")) == before
    assert is_not_found(client.get(f"{meeting}/tracks-{number}.css"))
    for page in ("register/", "my-agenda/", "agenda.ics", "manage/", "participants/"):
        assert is_not_found(client.get(f"/meetings/{registration_id}/{page}")), page


def test_markup_in_registration_needs_is_escaped_for_the_coordinator(
    client, meeting, coordinator, innovator
):
    services.register(
        meeting=meeting,
        user=innovator,
        by=innovator,
        dietary_needs=MARKUP_PAYLOADS[0],
        accessibility_needs=MARKUP_PAYLOADS[1],
        listed=True,
    )
    client.force_login(coordinator)
    for name in ("events:registrations", "events:participants"):
        body = client.get(reverse(name, args=[meeting.pk])).content.decode()
        assert MARKUP_PAYLOADS[0] not in body and MARKUP_PAYLOADS[1] not in body
