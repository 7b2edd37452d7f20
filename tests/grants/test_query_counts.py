"""Coordinator pages cost the same number of queries whatever the call size."""

import pytest
from django.urls import reverse

from cohorts.enums import Role
from grants import services
from grants.enums import Outcome, ProposalState
from tests.factories.cohorts import add_member
from tests.factories.grants import ProposalFactory, assign, juror_of, review


@pytest.fixture
def grow(cohort, call):
    jurors = [juror_of(cohort, organisation=f"Jury {i}") for i in range(2)]

    def add(n):
        for _ in range(n):
            applicant = add_member(cohort, Role.INNOVATOR)
            proposal = ProposalFactory(
                call=call, applicant=applicant, state=ProposalState.IN_REVIEW
            )
            ProposalFactory(call=call, state=ProposalState.SUBMITTED)
            assign(proposal, jurors[0])
            review(proposal, jurors[1], dict.fromkeys(call.criteria.all(), 3))
            services.record_decision(proposal=proposal, by=None, outcome=Outcome.NOT_FUNDED)

    return add


@pytest.mark.parametrize(
    ("name", "queries"),
    [
        ("grants:manage", 10),
        ("grants:assignments", 16),  # + the review progress per juror
        ("grants:decisions", 11),  # + what still holds the decisions back
        ("grants:call", 8),  # + the reader's locale, to show the criteria in its language
    ],
)
def test_coordinator_page_fixed_queries(
    client, call, coordinator, grow, name, queries, django_assert_num_queries
):
    client.force_login(coordinator)
    url = reverse(name, args=[call.pk])
    grow(1)
    client.get(url)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    grow(3)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
