import pytest
from django.urls import reverse

from cohorts.enums import Role
from tests.factories.cohorts import CohortFactory, UserFactory, add_member, assign_mentor

pytestmark = pytest.mark.django_db


def _cohort_with(size, person):
    """A cohort where ``person`` holds every role, with ``size`` innovators and mentees."""
    cohort = CohortFactory()
    for role in Role.values:
        add_member(cohort, role, user=person)
    for _ in range(size):
        innovator = add_member(cohort, Role.INNOVATOR, country=person.country.code)
        assign_mentor(cohort, person, innovator)
    return cohort


@pytest.fixture
def no_app_panels(monkeypatch):
    """Only the foundation's part of the dashboard: other apps' panels count in their tests."""
    from wagtail import hooks

    real = hooks.get_hooks
    monkeypatch.setattr(
        hooks,
        "get_hooks",
        lambda name: [] if name == "kohorta_dashboard_panels" else real(name),
    )


@pytest.mark.parametrize("size", [1, 12])
def test_dashboard_query_count_is_fixed(client, django_assert_num_queries, no_app_panels, size):
    person = UserFactory(country="MK")
    _cohort_with(size, person)
    _cohort_with(size, person)
    client.force_login(person)
    # session, user, memberships, mentor, mentees, ambassador's innovators, coordinator
    # counts, and the person's and their groups' permissions (the admin link in the header)
    with django_assert_num_queries(9):
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200


def test_dashboard_shows_roles_and_mentees(client):
    mentor = UserFactory(full_name="Dimitris Alexiou")
    cohort = CohortFactory(name="INELI Balkans 2025–2027")
    add_member(cohort, Role.MENTOR, user=mentor)
    mentee = add_member(cohort, Role.INNOVATOR, full_name="Ana Stojanovska", country="MK")
    assign_mentor(cohort, mentor, mentee)
    client.force_login(mentor)
    content = client.get(reverse("dashboard")).content.decode()
    assert "INELI Balkans 2025–2027" in content
    assert '<li class="badge badge--mentor">Mentor</li>' in content
    assert "Ana Stojanovska" in content
    client.force_login(mentee)
    content = client.get(reverse("dashboard")).content.decode()
    assert "Dimitris Alexiou" in content
    assert '<li class="badge badge--innovator">Innovator</li>' in content


def test_dashboard_ambassador_sees_only_own_country(client):
    cohort = CohortFactory()
    ambassador = add_member(cohort, Role.AMBASSADOR, country="RS")
    add_member(cohort, Role.INNOVATOR, full_name="Jovana from Serbia", country="RS")
    add_member(cohort, Role.INNOVATOR, full_name="Georgi from Bulgaria", country="BG")
    other = CohortFactory()
    add_member(other, Role.INNOVATOR, full_name="Milan in another cohort", country="RS")
    client.force_login(ambassador)
    content = client.get(reverse("dashboard")).content.decode()
    assert "Jovana from Serbia" in content
    assert "Georgi from Bulgaria" not in content
    assert "Milan in another cohort" not in content


def test_dashboard_without_cohorts(client):
    client.force_login(UserFactory())
    content = client.get(reverse("dashboard")).content.decode()
    assert "You are not a member of any cohort yet." in content


def test_dashboard_hides_mentor_section_in_peer_rounds(client):
    round_without_mentors = CohortFactory(name="ILN round")
    participant = add_member(round_without_mentors, Role.INNOVATOR)
    client.force_login(participant)
    content = client.get(reverse("dashboard")).content.decode()
    assert "ILN round" in content
    assert "Your mentor" not in content
    add_member(round_without_mentors, Role.MENTOR)
    content = client.get(reverse("dashboard")).content.decode()
    assert "No mentor has been assigned to you yet." in content


def _dashboard_queries(client, size):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    person = UserFactory(country="MK")
    _cohort_with(size, person)
    _cohort_with(size, person)
    client.force_login(person)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return len(queries)


def test_the_whole_dashboard_with_every_apps_panel_costs_the_same_at_two_sizes(client):
    """Every role in two cohorts, every app's panel (curriculum, grants, meetings,
    community, intake ...): 1 or 12 innovators and mentees each, the same number of
    queries (the bench's ``dashboard.coordinator`` counts 29 at every scale)."""
    assert _dashboard_queries(client, 1) == _dashboard_queries(client, 12)
