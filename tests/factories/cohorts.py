import datetime

import factory
from allauth.account.models import EmailAddress

from cohorts.enums import CohortStatus, Role
from cohorts.models import Cohort, Membership, MentorGroup, MentorGroupMember, Programme, User

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    country = "RS"
    organisation = factory.Sequence(lambda n: f"Library {n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    slug = factory.Sequence(lambda n: f"cohort-{n}")
    starts_on = datetime.date(2026, 1, 1)
    ends_on = datetime.date(2027, 12, 31)
    status = CohortStatus.RUNNING


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    cohort = factory.SubFactory(CohortFactory)
    role = Role.INNOVATOR
    country = factory.LazyAttribute(lambda o: o.user.country if o.role == Role.AMBASSADOR else "")


def add_member(cohort, role, user=None, **user_fields):
    """Create (or reuse) a person and give them a role in a cohort; returns the person.

    Goes through the service, so coordinators also join the Wagtail "Coordinators" group.
    """
    from cohorts import services

    user = user or UserFactory(**user_fields)
    services.add_member(cohort=cohort, user=user, role=role, by=None)
    return user


def assign_mentor(cohort, mentor, innovator):
    group, _created = MentorGroup.objects.get_or_create(cohort=cohort, mentor=mentor)
    MentorGroupMember.objects.update_or_create(
        cohort=cohort, innovator=innovator, defaults={"group": group}
    )
    return group
