"""The signed-in person kept in the shared cache (``personal_cache.get_user``): a logged-in
page reads no person row, and a change to the person counts on the very next request."""

import pytest
from django.contrib.auth import HASH_SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorts.enums import Role
from kohorta import personal_cache
from tests.factories.cohorts import CohortFactory, UserFactory, add_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["django.contrib.sessions.backends.db", "kohorta.sessions"])
def session_engine(request, settings):
    """Every test with sessions in the database (the embedded default) and with the engine
    production uses with Redis, which reads the kept person with the session."""
    settings.KOHORTA_PERSONAL_CACHE_SECONDS = 120
    settings.SESSION_ENGINE = request.param
    return request.param


@pytest.fixture
def person(client):
    person = UserFactory(full_name="Ana Petrova", country="MK")
    add_member(CohortFactory(), Role.INNOVATOR, user=person)
    client.force_login(person)
    return person


def _person_queries(client, name="notifications:inbox"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name))
    person_reads = [q for q in queries if 'FROM "cohorts_user"' in q["sql"]]
    return response, len(person_reads)


def test_the_second_request_reads_no_person_row(client, person):
    _response, first = _person_queries(client)
    response, second = _person_queries(client)
    assert first >= 1
    assert second == 0
    assert response.status_code == 200
    assert response.wsgi_request.user == person


def test_off_when_the_setting_is_zero(client, person, settings):
    settings.KOHORTA_PERSONAL_CACHE_SECONDS = 0
    _person_queries(client)
    _response, again = _person_queries(client)
    assert again >= 1


def test_a_changed_password_signs_other_sessions_out_at_once(client, person):
    _person_queries(client)
    _person_queries(client)  # kept
    person.set_password("a new passphrase for Ana")
    person.save()
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_deactivated_person_is_signed_out_at_once(client, person):
    _person_queries(client)
    person.is_active = False
    person.save()
    assert client.get(reverse("dashboard")).status_code == 302


def test_a_renamed_person_shows_the_new_name_at_once(client, person):
    assert "Ana" in client.get(reverse("cohorts:profile")).content.decode()
    person.full_name = "Ivana Petrova"
    person.save()
    response = client.get(reverse("cohorts:profile"))
    assert response.wsgi_request.user.full_name == "Ivana Petrova"


def test_a_session_that_does_not_carry_the_persons_hash_is_not_believed(client, person):
    _person_queries(client)  # kept
    session = client.session
    session[HASH_SESSION_KEY] = "0" * 64
    session.save()
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert not response.wsgi_request.user.is_authenticated


def test_a_bulk_update_in_a_task_or_request_bumps_before_the_copy_is_read(client, person):
    from django.contrib.auth import get_user_model

    _person_queries(client)
    get_user_model().objects.filter(pk=person.pk).update(full_name="Mila Petrova")
    # update() sends no signal: the request or task that made it bumps the generation.
    personal_cache.bump_generation()
    response = client.get(reverse("cohorts:profile"))
    assert response.wsgi_request.user.full_name == "Mila Petrova"


def test_each_person_has_their_own_copy(client, person):
    other = UserFactory(full_name="Boris Ivanov")
    _person_queries(client)
    client.force_login(other)
    response, _reads = _person_queries(client)
    assert response.wsgi_request.user == other
    client.force_login(person)
    assert client.get(reverse("cohorts:profile")).wsgi_request.user == person


def test_sessions_are_read_from_redis_in_production_settings(monkeypatch, session_engine):
    import importlib

    import kohorta.settings.base as base

    monkeypatch.delenv("REDIS_URL", raising=False)
    try:
        assert importlib.reload(base).SESSION_ENGINE == "django.contrib.sessions.backends.db"
        monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/9")
        assert importlib.reload(base).SESSION_ENGINE == "kohorta.sessions"
    finally:
        monkeypatch.undo()
        importlib.reload(base)


def test_the_session_engine_brings_the_person_in_the_same_read(client, person, monkeypatch):
    from django.core.cache import cache

    client.get(reverse("notifications:inbox"))  # the person is kept for this session
    reads = []
    for name in ("get", "get_many"):
        original = getattr(cache, name)

        def counted(*args, _original=original, _name=name, **kwargs):
            reads.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(cache, name, counted)
    with CaptureQueriesContext(connection) as queries:
        request = client.get(reverse("notifications:inbox")).wsgi_request
    assert request.user == person
    assert not [q for q in queries if "cohorts_user" in q["sql"]]
    if request.session.__module__ == "kohorta.sessions":
        assert not [q for q in queries if "django_session" in q["sql"]]
        # The session, the generation and the person: one get_many before the view.
        assert reads[0] == "get_many"
        assert "get_many" not in reads[1:]


def test_a_session_missing_from_the_cache_is_read_from_the_database(client, person):
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX
    from django.core.cache import cache

    client.get(reverse("notifications:inbox"))
    cache.delete(KEY_PREFIX + client.session.session_key)  # evicted, or Redis restarted
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 200
    assert response.wsgi_request.user == person
