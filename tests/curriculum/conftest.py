import datetime
import os
import warnings

import pytest
import time_machine
from django.conf import settings
from django.urls import get_resolver
from django.utils.deprecation import RemovedInDjango60Warning

from cohorts.enums import Role
from tests.factories.cohorts import CohortFactory, add_member, assign_mentor
from tests.factories.curriculum import make_course, run_course

TODAY = datetime.datetime(2026, 2, 10, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True, scope="session")
def _urls_loaded():
    """The foundation's ProgrammeViewSet builds a URLField form while the URLconf loads,
    which warns under Django 5.2 (reported to the maintainers); load it once quietly."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RemovedInDjango60Warning)
        assert get_resolver().url_patterns
    # WhiteNoise warns when STATIC_ROOT does not exist (it does not before collectstatic).
    os.makedirs(settings.STATIC_ROOT, exist_ok=True)


@pytest.fixture(autouse=True)
def _today():
    """Module 1 opened 1 Jan (due 29 Jan), module 2 on 31 Jan (due 28 Feb), module 3 on 2 Mar."""
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def world():
    """A cohort running a 3x2 course (module 2 asks for a reflection), and one of each role."""
    cohort = CohortFactory()
    course = make_course(modules=3, lessons=2, reflection={1}, quiz_in={(1, 1)})
    run = run_course(cohort, course)
    innovator = add_member(cohort, Role.INNOVATOR, country="MK", full_name="Ana Stojanovska")
    other_innovator = add_member(cohort, Role.INNOVATOR, country="RS", full_name="Milan Petrović")
    mentor = add_member(cohort, Role.MENTOR, full_name="Dimitris Alexiou")
    other_mentor = add_member(cohort, Role.MENTOR, full_name="Snežana Ilić")
    assign_mentor(cohort, mentor, innovator)
    assign_mentor(cohort, other_mentor, other_innovator)
    ambassador_mk = add_member(cohort, Role.AMBASSADOR, country="MK")
    ambassador_rs = add_member(cohort, Role.AMBASSADOR, country="RS")
    coordinator = add_member(cohort, Role.COORDINATOR)
    other_cohort = CohortFactory()
    other_coordinator = add_member(other_cohort, Role.COORDINATOR)
    other_mentor_elsewhere = add_member(other_cohort, Role.MENTOR)
    return {
        "cohort": cohort,
        "course": course,
        "run": run,
        "innovator": innovator,
        "other_innovator": other_innovator,
        "mentor": mentor,
        "other_mentor": other_mentor,
        "ambassador_mk": ambassador_mk,
        "ambassador_rs": ambassador_rs,
        "coordinator": coordinator,
        "other_cohort": other_cohort,
        "other_coordinator": other_coordinator,
        "other_mentor_elsewhere": other_mentor_elsewhere,
    }


@pytest.fixture
def admin_client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login
