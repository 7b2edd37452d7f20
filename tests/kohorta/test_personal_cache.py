"""The dashboard's per-session cache: served again only while nothing on the site changed."""

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpRequest
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorts import services
from cohorts.enums import Role
from cohorts.models import Cohort
from kohorta import personal_cache
from tests.factories.cohorts import CohortFactory, UserFactory, add_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.KOHORTA_PERSONAL_CACHE_SECONDS = 120


@pytest.fixture
def person(client):
    person = UserFactory(country="MK")
    add_member(CohortFactory(name="INELI Balkans 2026"), Role.INNOVATOR, user=person)
    client.force_login(person)
    return person


def _dashboard(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_second_visit_is_served_from_the_cache(client, person):
    first, uncached = _dashboard(client)
    second, cached = _dashboard(client)
    # The whole page is kept, header included.
    assert second == first
    # The session only (the person is kept too): the panels are not gathered again.
    assert cached == 1 < uncached


def test_the_kept_pages_forms_still_pass_the_csrf_check(person):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(person)
    browser.get(reverse("dashboard"))
    page = browser.get(reverse("dashboard")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = browser.post(
        reverse("set_language"),
        {"csrfmiddlewaretoken": token, "language": "mk", "next": reverse("dashboard")},
    )
    assert response.status_code == 302


def test_a_message_is_shown_once_and_never_kept(client, person):
    _dashboard(client)
    cookie = CookieStorage(HttpRequest())._encode([Message(constants.SUCCESS, "Saved, once.")])
    client.cookies[CookieStorage.cookie_name] = cookie
    with_message, _ = _dashboard(client)
    assert "Saved, once." in with_message
    again, queries = _dashboard(client)
    assert "Saved, once." not in again
    assert queries == 1  # the copy from before the message


def test_each_address_has_its_own_copy(client, person):
    # The language form sends the visitor back to the address they came from.
    first = client.get(reverse("dashboard") + "?from=email").content.decode()
    second = client.get(reverse("dashboard") + "?from=menu").content.decode()
    assert 'value="/dashboard/?from=email"' in first
    assert 'value="/dashboard/?from=menu"' in second


def test_a_saved_row_anywhere_makes_it_stale(client, person):
    _dashboard(client)
    cohort = Cohort.objects.get(name="INELI Balkans 2026")
    cohort.name = "INELI Balkans 2026–2028"
    cohort.save()
    page, queries = _dashboard(client)
    assert "INELI Balkans 2026–2028" in page
    assert queries > 2


def test_a_bulk_update_in_a_post_makes_it_stale(client, person):
    _dashboard(client)
    # A write the signals cannot see (QuerySet.update) inside an unsafe request.
    Cohort.objects.filter(name="INELI Balkans 2026").update(name="Renamed in bulk")
    client.post(reverse("cohorts:profile"), {})
    page, _queries = _dashboard(client)
    assert "Renamed in bulk" in page


def test_a_finished_task_makes_it_stale(client, person):
    from django_q.signals import post_execute

    _dashboard(client)
    Cohort.objects.filter(name="INELI Balkans 2026").update(name="Renamed by a task")
    post_execute.send(sender="django_q", task={"name": "test"})
    page, _queries = _dashboard(client)
    assert "Renamed by a task" in page


def test_each_session_and_language_has_its_own_copy(client, person):
    from django.test import Client

    mine, _ = _dashboard(client)
    other = UserFactory(full_name="Ana Other")
    other_client = Client()
    other_client.force_login(other)
    theirs, queries = _dashboard(other_client)
    assert "Ana Other" in theirs and person.full_name not in theirs
    assert queries > 2
    services.update_profile(user=person, by=person, preferred_language="mk")
    client.cookies["django_language"] = "mk"
    macedonian = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="mk").content.decode()
    assert 'lang="mk"' in macedonian


def test_off_when_the_setting_is_zero(client, person, settings):
    settings.KOHORTA_PERSONAL_CACHE_SECONDS = 0
    _first, uncached = _dashboard(client)
    _second, again = _dashboard(client)
    assert again == uncached


def test_session_and_broker_rows_do_not_bump_the_generation(person):
    from django.contrib.sessions.backends.db import SessionStore

    before = personal_cache.generation()
    SessionStore().save()
    assert personal_cache.generation() == before
    person.save()
    assert personal_cache.generation() > before


def test_off_without_a_shared_cache_in_production_settings(monkeypatch):
    import importlib

    import kohorta.settings.base as base

    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("KOHORTA_PERSONAL_CACHE_SECONDS", raising=False)
    try:
        assert importlib.reload(base).KOHORTA_PERSONAL_CACHE_SECONDS == 0
        monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/9")
        assert importlib.reload(base).KOHORTA_PERSONAL_CACHE_SECONDS == 120
    finally:
        monkeypatch.undo()
        importlib.reload(base)


def test_admin_link_follows_the_coordinators_group(client, person):
    from cohorts.services import coordinators_group

    admin_link = 'href="/admin/"'
    assert admin_link not in client.get(reverse("cohorts:profile")).content.decode()
    person.groups.add(coordinators_group())
    assert admin_link in client.get(reverse("cohorts:profile")).content.decode()
    person.groups.clear()
    assert admin_link not in client.get(reverse("cohorts:profile")).content.decode()


def test_a_new_role_that_needs_two_factor_is_enforced_at_once(client, person, settings):
    settings.KOHORTA_REQUIRE_2FA = True
    assert client.get(reverse("dashboard")).status_code == 200  # "no 2FA needed" cached
    add_member(CohortFactory(), Role.JURY, user=person)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
