"""Pages kept per session answer before their permission check is made again (issue 21),
and only while nothing has changed: a role taken away closes them at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorts import services as cohort_services
from cohorts.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _personal_cache_on(settings):
    settings.KOHORTA_PERSONAL_CACHE_SECONDS = 120


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def test_the_kept_overview_answers_before_the_permission_check(client, world):
    url = reverse("curriculum:cohort_dashboard", args=[world["run"].pk])
    client.force_login(world["coordinator"])
    first, computed = _get(client, url)
    second, kept = _get(client, url)
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    # The session, as the dashboard (the person is kept too): no roles, no course run.
    assert kept == 1 < computed


def test_a_role_taken_away_closes_the_kept_overview_at_once(client, world):
    url = reverse("curriculum:mentor_dashboard", args=[world["run"].pk])
    client.force_login(world["mentor"])
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200  # kept
    membership = Membership.objects.get(user=world["mentor"], cohort=world["cohort"])
    cohort_services.remove_member(membership=membership, by=None)
    assert client.get(url).status_code == 404


def test_another_person_never_gets_the_kept_copy(client, world):
    from django.test import Client

    url = reverse("curriculum:cohort_dashboard", args=[world["run"].pk])
    client.force_login(world["coordinator"])
    assert client.get(url).status_code == 200
    other = Client()
    other.force_login(world["mentor"])
    assert other.get(url).status_code == 404
