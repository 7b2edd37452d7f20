"""Roles are sets of capabilities (``cohorts.rules.ROLE_CAPABILITIES``); permissions and
selectors ask for capabilities, and both answer from the same declaration."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from cohorts import rules as cohort_rules
from cohorts.enums import ROLE_PLURALS, Role
from cohorts.services import coordinators_group
from tests.factories.cohorts import CohortFactory, UserFactory, add_member

pytestmark = pytest.mark.django_db

# What the observer reads in its cohort, and what it must never do there.
OBSERVER_READS = [
    "cohorts.view_cohort",
    "cohorts.view_dashboards",
    "cohorts.view_applications",
    "curriculum.view_cohort_dashboard",
    "curriculum.read_course",
    "grants.view_call_results",
    "events.view_registrations",
]
OBSERVER_REFUSED = [
    "cohorts.manage_cohort",
    "cohorts.import_members",
    "cohorts.manage_intake",
    "cohorts.review_applications",
    "cohorts.decide_application",
    "curriculum.manage_course",
    "curriculum.take_course",
    "curriculum.view_mentor_dashboard",
    "curriculum.view_country_dashboard",
    "grants.manage_call",
    "grants.apply_to_call",
    "grants.judge_call",
    "events.register",
    "events.manage_meeting",
]


def test_every_role_has_capabilities_and_a_plural():
    assert set(cohort_rules.ROLE_CAPABILITIES) == set(Role)
    assert set(ROLE_PLURALS) == set(Role)


def test_observer_capabilities_are_read_only():
    assert cohort_rules.ROLE_CAPABILITIES[Role.OBSERVER] == {
        cohort_rules.VIEW_COHORT_DATA,
        cohort_rules.READ_COURSE,
    }


@pytest.mark.parametrize("perm", OBSERVER_READS)
def test_observer_reads_own_cohort_only(perm):
    cohort, other = CohortFactory(), CohortFactory()
    observer = add_member(cohort, Role.OBSERVER)
    assert observer.has_perm(perm, cohort) is True
    assert observer.has_perm(perm, other) is False


@pytest.mark.parametrize("perm", OBSERVER_REFUSED)
def test_observer_changes_nothing(perm):
    cohort = CohortFactory()
    observer = add_member(cohort, Role.OBSERVER)
    assert observer.has_perm(perm, cohort) is False
    if perm in cohort_rules.PERM_CAPABILITIES:
        assert cohort_rules.cohort_ids_with_perm(observer, perm) == []


def test_observer_is_not_a_coordinator_in_the_admin():
    cohort = CohortFactory()
    observer = add_member(cohort, Role.OBSERVER)
    assert not observer.groups.filter(name="Coordinators").exists()


@pytest.mark.parametrize("role", list(Role))
def test_queryset_and_check_agree_for_every_declared_permission(role):
    """``cohort_ids_with_perm`` (the queryset side) and ``has_perm`` (the check) give the same
    answer for every role and every permission declared with ``grant()``."""
    cohort, other = CohortFactory(), CohortFactory()
    person = add_member(cohort, role, country="MK")
    for perm in cohort_rules.PERM_CAPABILITIES:
        ids = cohort_rules.cohort_ids_with_perm(person, perm)
        assert (cohort.pk in ids) is person.has_perm(perm, cohort), (role, perm)
        assert other.pk not in ids, (role, perm)
        assert person.has_perm(perm, other) is False, (role, perm)


def test_superuser_holds_only_the_permissions_granted_to_superusers():
    cohort = CohortFactory()
    superuser = UserFactory(is_superuser=True)
    assert cohort_rules.has_cohort_perm(superuser, "curriculum.view_cohort_dashboard", cohort)
    assert not cohort_rules.has_cohort_perm(superuser, "curriculum.view_mentor_dashboard", cohort)
    assert cohort_rules.cohort_ids_with_perm(superuser, "grants.manage_call") == []


def test_coordinators_group_gathers_every_apps_admin_permissions():
    gathered = cohort_rules.admin_permissions()
    assert ("curriculum", "add_cohortcourse") in gathered
    assert ("grants", "change_grantcall") in gathered
    assert ("events", "delete_session") in gathered
    # Coordinators translate their cohorts' content (scoped: kohorta.translation_scope).
    assert ("wagtail_localize", "submit_translation") in gathered
    # cohorts (with the intake questions and topics, and translating), curriculum, grants
    # (with the call questions), events (with the agenda versions); each permission once.
    assert len(gathered) == len(set(gathered)) == (8 + 5) + 3 + (8 + 2) + (16 + 2)
    group = coordinators_group()
    assert group.permissions.count() == len(gathered)


# Reads and views ask for capabilities; a role is named only in the rules modules, in the
# enum, and where a membership of that role is created or counted.
ROLE_NAME = re.compile(r"\bRole\.(INNOVATOR|MENTOR|AMBASSADOR|JURY|OBSERVER|COORDINATOR)\b")
CHECKED = [
    "cohorts/services.py",
    "cohorts/selectors.py",
    "cohorts/wagtail_hooks.py",
    "cohorts/intake_hooks.py",
    "cohorts/intake/hooks.py",
    "cohorts/views_intake.py",
    "cohorts/intake/views.py",
    "cohorts/tasks_intake.py",
    "cohorts/intake/tasks.py",
    "cohorts/matching.py",
    "cohorts/intake/matching/service.py",
    "cohorts/mentoring.py",
    "curriculum/selectors.py",
    "curriculum/wagtail_hooks.py",
    "curriculum/views",
    "curriculum/services",
    "curriculum/tasks.py",
    "grants/selectors.py",
    "grants/wagtail_hooks.py",
    "grants/views",
    "grants/services",
    "grants/forms.py",
    "events/wagtail_hooks.py",
    "events/views.py",
    "kohorta/task_failures.py",
]


def _sources():
    base = Path(settings.BASE_DIR)
    for name in CHECKED:
        path = base / name
        if not path.exists():  # moved into a package: checked where it now lives
            continue
        yield from sorted(path.rglob("*.py")) if path.is_dir() else [path]


def test_no_role_names_outside_the_rules():
    found = [
        f"{path}:{number}: {line.strip()}"
        for path in _sources()
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if ROLE_NAME.search(line)
    ]
    assert not found, "Ask for a capability or a permission instead:\n" + "\n".join(found)
