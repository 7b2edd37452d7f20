"""Factories and helpers for grants tests.

Rows are created directly (fast) except where a test exercises a service; helpers that
move proposals along use the services, so the data obeys the same rules as real data.
"""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from cohorts.enums import Role
from grants.enums import ProposalState, ReviewState
from grants.models import (
    BudgetLine,
    Criterion,
    GrantCall,
    GrantQuestion,
    JuryAssignment,
    Proposal,
    Review,
    Score,
)
from tests.factories.cohorts import CohortFactory, add_member


class GrantCallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GrantCall

    cohort = factory.SubFactory(CohortFactory)
    title = factory.Sequence(lambda n: f"Innovation call {n}")
    description = "Grants for new library services."
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    timezone = "Europe/Athens"
    total_budget = Decimal("20000")
    max_per_proposal = Decimal("5000")
    awards = 3
    jurors_per_proposal = 2


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    call = factory.SubFactory(GrantCallFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    weight = Decimal("1")
    scale_min = 1
    scale_max = 5
    required = True


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    call = factory.SubFactory(GrantCallFactory)
    cohort = factory.LazyAttribute(lambda o: o.call.cohort)
    applicant = factory.LazyAttribute(lambda o: add_member(o.call.cohort, Role.INNOVATOR))
    title = factory.Sequence(lambda n: f"New service {n}")
    summary = "A new service."
    problem = "A problem."
    target_community = "Young people."
    activities = "Workshops."
    timeline = "Twelve months."
    state = ProposalState.DRAFT

    @factory.post_generation
    def budget(obj, create, extracted, **kwargs):
        if not create:
            return
        amounts = extracted if extracted is not None else [Decimal("1000")]
        for index, amount in enumerate(amounts):
            BudgetLine.objects.create(
                proposal=obj,
                description=f"Item {index + 1}",
                amount=Decimal(amount),
                position=index,
            )
        obj.budget_total = sum((Decimal(a) for a in amounts), Decimal("0"))
        obj.save(update_fields=["budget_total"])


def make_call(cohort=None, criteria=2, extra_questions="", **fields):
    """A call with ``criteria`` required criteria (scale 1–5, weight 1) and a question per
    line of ``extra_questions`` (answers are keyed by ``question_key``)."""
    call = GrantCallFactory(cohort=cohort or CohortFactory(), **fields)
    for index in range(criteria):
        CriterionFactory(call=call, name=f"Criterion {index + 1}", position=index)
    for index, text in enumerate(line for line in extra_questions.splitlines() if line.strip()):
        GrantQuestion.objects.create(call=call, text=text.strip(), position=index)
    return call


def question_key(call, text):
    """The key of the answer to ``call``'s question ``text`` in ``Proposal.answers``."""
    return str(GrantQuestion.objects.sources().get(call=call, text=text).pk)


def coordinator_of(cohort, **fields):
    return add_member(cohort, Role.COORDINATOR, **fields)


def juror_of(cohort, **fields):
    return add_member(cohort, Role.JURY, **fields)


def assign(proposal, juror):
    return JuryAssignment.objects.create(proposal=proposal, juror=juror)


def review(proposal, juror, values, *, state=ReviewState.SUBMITTED, comment="", note=""):
    """A review row with scores ``{criterion: value|None}`` (assigning the juror if needed)."""
    JuryAssignment.objects.get_or_create(proposal=proposal, juror=juror)
    row = Review.objects.create(
        proposal=proposal,
        juror=juror,
        state=state,
        comment_to_applicant=comment,
        private_note=note,
        recommendation="yes",
        submitted_at=timezone.now() if state == ReviewState.SUBMITTED else None,
    )
    for criterion, value in values.items():
        Score.objects.create(review=row, criterion=criterion, value=value)
    return row


def is_not_found(response):
    """A 404, or the foundation's older LocaleMiddleware turning a 404 into ``/en/…``.

    (The newer foundation keeps the 404 of views outside the language prefix.)
    """
    if response.status_code == 404:
        return True
    return (
        response.status_code == 302
        and response["Location"] == "/en" + response.request["PATH_INFO"]
    )
