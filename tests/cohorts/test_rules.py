"""Every cohort rule: allowed for the right role, refused for every other role and cohort."""

import pytest

from cohorts import rules as cohort_rules
from cohorts.enums import Role
from cohorts.models import Membership
from tests.factories.cohorts import CohortFactory, UserFactory, add_member, assign_mentor

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    cohort = CohortFactory()
    other = CohortFactory()
    innovator = add_member(cohort, Role.INNOVATOR, country="MK")
    people = {
        "innovator": innovator,
        "other_innovator": add_member(cohort, Role.INNOVATOR, country="RS"),
        "mentor": add_member(cohort, Role.MENTOR),
        "other_mentor": add_member(cohort, Role.MENTOR),
        "ambassador": add_member(cohort, Role.AMBASSADOR, country="MK"),
        "ambassador_elsewhere": add_member(cohort, Role.AMBASSADOR, country="BG"),
        "jury": add_member(cohort, Role.JURY),
        "coordinator": add_member(cohort, Role.COORDINATOR),
        "other_coordinator": add_member(other, Role.COORDINATOR),
        "other_cohort_mentor": add_member(other, Role.MENTOR),
        "stranger": UserFactory(),
        "superuser": UserFactory(is_superuser=True),
    }
    assign_mentor(cohort, people["mentor"], innovator)
    # The other cohort's mentor mentors the same person there: no right in this cohort.
    add_member(other, Role.INNOVATOR, user=innovator)
    assign_mentor(other, people["other_cohort_mentor"], innovator)
    membership = Membership.objects.get(cohort=cohort, user=innovator, role=Role.INNOVATOR)
    return cohort, other, people, membership


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("innovator", True),
        ("mentor", True),
        ("coordinator", True),
        ("jury", True),
        ("ambassador", True),
        ("other_coordinator", False),
        ("other_cohort_mentor", False),
        ("stranger", False),
        ("superuser", True),
    ],
)
def test_view_cohort(world, who, expected):
    cohort, _other, people, _membership = world
    assert people[who].has_perm("cohorts.view_cohort", cohort) is expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("coordinator", True),
        ("superuser", True),
        ("innovator", False),
        ("mentor", False),
        ("ambassador", False),
        ("jury", False),
        ("other_coordinator", False),
        ("stranger", False),
    ],
)
def test_manage_cohort(world, who, expected):
    cohort, _other, people, _membership = world
    assert people[who].has_perm("cohorts.manage_cohort", cohort) is expected
    assert people[who].has_perm("cohorts.import_members", cohort) is expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("innovator", True),
        ("mentor", True),
        ("ambassador", True),
        ("coordinator", True),
        ("superuser", True),
        ("other_innovator", False),
        ("other_mentor", False),
        ("ambassador_elsewhere", False),
        ("jury", False),
        ("other_coordinator", False),
        ("other_cohort_mentor", False),
        ("stranger", False),
    ],
)
def test_view_member_progress(world, who, expected):
    _cohort, _other, people, membership = world
    assert people[who].has_perm("cohorts.view_member_progress", membership) is expected


def test_role_in_one_cohort_gives_nothing_in_another(world):
    cohort, other, people, _membership = world
    coordinator = people["coordinator"]
    assert cohort_rules.has_role(coordinator, cohort, Role.COORDINATOR) is True
    assert cohort_rules.has_role(coordinator, other, Role.COORDINATOR) is False
    assert cohort_rules.cohort_ids_with_role(coordinator, Role.COORDINATOR) == [cohort.pk]


def test_roles_are_read_in_one_query(world, django_assert_num_queries):
    cohort, other, people, _membership = world
    innovator = type(people["innovator"]).objects.get(pk=people["innovator"].pk)
    with django_assert_num_queries(1):
        for _ in range(5):
            cohort_rules.has_role(innovator, cohort, Role.INNOVATOR)
            cohort_rules.has_role(innovator, other, Role.MENTOR)


def test_anonymous_has_no_roles(world):
    from django.contrib.auth.models import AnonymousUser

    cohort, _other, _people, _membership = world
    assert cohort_rules.roles_by_cohort(AnonymousUser()) == {}
    assert AnonymousUser().has_perm("cohorts.view_cohort", cohort) is False
