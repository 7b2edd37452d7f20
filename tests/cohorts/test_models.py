import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from cohorts.enums import Role
from cohorts.models import Cohort, Membership, User
from tests.factories.cohorts import CohortFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_create_user_lowercases_email_and_has_no_username():
    user = User.objects.create_user("Ana.Stojanovska@Example.ORG", "pw", full_name="Ana")
    assert user.email == "ana.stojanovska@example.org"
    assert user.get_username() == "ana.stojanovska@example.org"
    assert User.objects.get_by_natural_key("ANA.stojanovska@example.org") == user


def test_create_user_without_password_has_unusable_password():
    user = User.objects.create_user("x@example.org", full_name="X")
    assert user.has_usable_password() is False


def test_user_email_is_unique_case_insensitively():
    User.objects.create_user("same@example.org", full_name="A")
    with pytest.raises(IntegrityError):
        User.objects.create(email="SAME@example.org", full_name="B")


def test_create_superuser_is_staff():
    user = User.objects.create_superuser("root@example.org", "pw", full_name="Root")
    assert (user.is_staff, user.is_superuser) == (True, True)


def test_user_str_and_short_name():
    user = UserFactory.build(full_name="Vesna Marković", email="v@example.org")
    assert str(user) == "Vesna Marković"
    assert user.get_short_name() == "Vesna"


def test_cohort_clean_refuses_end_before_start():
    cohort = CohortFactory.build(
        starts_on=datetime.date(2026, 5, 1), ends_on=datetime.date(2026, 4, 30)
    )
    with pytest.raises(ValidationError) as error:
        cohort.clean()
    assert error.value.message_dict == {"ends_on": ["The cohort cannot end before it starts."]}


def test_cohort_end_before_start_refused_by_database():
    cohort = CohortFactory()
    with pytest.raises(IntegrityError):
        Cohort.objects.filter(pk=cohort.pk).update(ends_on=datetime.date(2000, 1, 1))


def test_membership_ambassador_needs_country_in_database():
    cohort = CohortFactory()
    user = UserFactory()
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=user, cohort=cohort, role=Role.AMBASSADOR, country="")


def test_membership_same_role_twice_refused():
    cohort = CohortFactory()
    user = UserFactory()
    Membership.objects.create(user=user, cohort=cohort, role=Role.MENTOR)
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=user, cohort=cohort, role=Role.MENTOR)
