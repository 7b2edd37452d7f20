import datetime

import factory
from django.utils import timezone

from cohorts.enums import CohortStatus, Role
from cohorts.intake.enums import ApplicationState, CareerStage, Sector
from cohorts.models import Application, Call, CallQuestion, ReviewCriterion

from .cohorts import CohortFactory, MembershipFactory, UserFactory


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    cohort = factory.SubFactory(CohortFactory, status=CohortStatus.OPEN)
    deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    country_cap_percent = 20


class CallQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallQuestion

    call = factory.SubFactory(CallFactory)
    label = factory.Sequence(lambda n: f"Question {n}?")
    required = True


class ReviewCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewCriterion

    call = factory.SubFactory(CallFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    scale_max = 5
    position = factory.Sequence(lambda n: n)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(UserFactory)
    state = ApplicationState.SUBMITTED
    sector = Sector.PUBLIC
    career_stage = CareerStage.MID
    country = factory.LazyAttribute(lambda o: o.user.country)
    organisation = factory.LazyAttribute(lambda o: o.user.organisation)
    languages = factory.LazyFunction(lambda: ["en"])
    interests = factory.LazyFunction(lambda: ["digital"])
    hopes = "To learn."
    submitted_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def keys(obj, create, extracted, **kwargs):
        from cohorts.intake.services import _set_keys

        _set_keys(obj)
        if create:
            obj.save(update_fields=["email_key", "name_key"])


def open_call(**cohort_fields):
    """An open cohort with a call whose deadline is 30 days away."""
    return CallFactory(cohort=CohortFactory(status=CohortStatus.OPEN, **cohort_fields))


def participant(cohort, country, **application_fields):
    """An innovator of the cohort with an accepted application; returns the person."""
    user = UserFactory(country=country)
    MembershipFactory(user=user, cohort=cohort, role=Role.INNOVATOR)
    ApplicationFactory(
        cohort=cohort, user=user, state=ApplicationState.ACCEPTED, **application_fields
    )
    return user
