"""Every intake list page costs the same number of queries at any size."""

import datetime

import pytest
from django.urls import reverse

from cohorts.enums import Role
from cohorts.intake import topics
from cohorts.intake.enums import MatchingJobState
from cohorts.intake.matching import service as matching
from cohorts.models import MatchingJob
from tests.factories.cohorts import PASSWORD, CohortFactory, UserFactory, add_member
from tests.factories.intake import ApplicationFactory, open_call, participant

COUNTRIES = ["PL", "AU", "US", "GB"]


def _login(client, user):
    client.login(username=user.email, password=PASSWORD)


@pytest.mark.parametrize("size", [1, 3])
def test_call_list_query_count(client, django_assert_num_queries, size):
    for _ in range(size):
        open_call()
    with django_assert_num_queries(1):
        response = client.get(reverse("cohorts:calls"))
    assert len(response.context["calls"]) == size


@pytest.mark.parametrize("size", [1, 3])
def test_duplicates_page_query_count(client, django_assert_num_queries, size):
    cohort = CohortFactory()
    coordinator = add_member(cohort, Role.COORDINATOR)
    for n in range(size):
        for suffix in ("", "+again"):
            ApplicationFactory(cohort=cohort, user=UserFactory(email=f"p{n}{suffix}@example.org"))
    _login(client, coordinator)
    with django_assert_num_queries(9):
        response = client.get(reverse("cohorts:duplicates", kwargs={"cohort_id": cohort.pk}))
    assert len(response.context["groups"]) == size


@pytest.mark.parametrize("size", [1, 3])
def test_matching_home_query_count(client, django_assert_num_queries, size):
    cohort = CohortFactory()
    coordinator = add_member(cohort, Role.COORDINATOR)
    people = [participant(cohort, COUNTRIES[n % 4]) for n in range(8)]
    for n in range(size):
        matching.create_run(cohort=cohort, by=None, seed=n)
        matching.add_constraint(
            cohort=cohort, kind="exclude", first=people[n], second=people[n + 4], by=None
        )
        MatchingJob.objects.create(cohort=cohort, state=MatchingJobState.FAILED, error="x")
    _login(client, coordinator)
    with django_assert_num_queries(9):  # the 9th: the round's latest matching job
        response = client.get(reverse("cohorts:matching", kwargs={"cohort_id": cohort.pk}))
    assert len(response.context["runs"]) == size


@pytest.mark.parametrize("size", [1, 3])
def test_topics_page_query_count(client, django_assert_num_queries, size):
    cohort = CohortFactory(starts_on=datetime.date(2026, 9, 1), ends_on=datetime.date(2026, 12, 31))
    coordinator = add_member(cohort, Role.COORDINATOR)
    for day in topics.fortnights(cohort)[:size]:
        topics.schedule_topic(cohort=cohort, starts_on=day, title="T", body="B", by=None)
    _login(client, coordinator)
    with django_assert_num_queries(7):
        response = client.get(reverse("cohorts:topics", kwargs={"cohort_id": cohort.pk}))
    assert len(response.context["topics"]) == size


@pytest.mark.parametrize("size", [1, 3])
def test_mentor_groups_page_query_count(client, django_assert_num_queries, size):
    cohort = CohortFactory()
    coordinator = add_member(cohort, Role.COORDINATOR)
    add_member(cohort, Role.MENTOR, organisation="Mentors")
    for _ in range(size):
        add_member(cohort, Role.INNOVATOR)
    _login(client, coordinator)
    with django_assert_num_queries(9):
        response = client.get(reverse("cohorts:mentor_groups", kwargs={"cohort_id": cohort.pk}))
    assert len(response.context["proposal"].rows) == size
