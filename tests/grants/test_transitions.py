from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry

from cohorts.enums import Role
from grants import enums, services
from grants.enums import Outcome, ProposalState
from grants.models import Award, Decision, ProposalRevision
from tests.factories.cohorts import CohortFactory, add_member
from tests.factories.grants import ProposalFactory, coordinator_of, is_not_found, make_call

S = ProposalState
PAIRS = [(source, target) for source in S for target in S if source != target]


@pytest.mark.parametrize(("source", "target"), PAIRS, ids=[f"{s}->{t}" for s, t in PAIRS])
def test_transition_table_allowed_or_refused(call, innovator, source, target):
    proposal = ProposalFactory(call=call, applicant=innovator, state=source)
    allowed = enums.transition(source, target) is not None
    if allowed and target in ProposalState.decided():
        Decision.objects.create(
            proposal=proposal,
            outcome=Outcome.AWARD if target == S.AWARDED else Outcome.NOT_FUNDED,
            amount=Decimal("1000") if target == S.AWARDED else None,
        )
    if allowed:
        result = services.transition_proposal(proposal, target, by=None, note="test")
        assert result.state == target
        entry = ModelLogEntry.objects.for_instance(proposal).get(
            action="grants.proposal.transition"
        )
        assert entry.data == {
            "from": str(source),
            "to": str(target),
            "note": "test",
            **({"revision": 1} if (source, target) == (S.DRAFT, S.SUBMITTED) else {}),
        }
    else:
        with pytest.raises(ValidationError):
            services.transition_proposal(proposal, target, by=None)
        proposal.refresh_from_db()
        assert proposal.state == source


def test_submit_by_applicant_keeps_a_revision(proposal, innovator):
    services.transition_proposal(proposal, S.SUBMITTED, by=innovator)
    revision = ProposalRevision.objects.get(proposal=proposal)
    assert revision.number == 1
    assert revision.data["title"] == "Seed Library"
    assert revision.data["budget"] == [["Item 1", "1000.00"]]


def test_submit_by_coordinator_refused(proposal, coordinator):
    with pytest.raises(PermissionDenied):
        services.transition_proposal(proposal, S.SUBMITTED, by=coordinator)


def test_submit_by_other_innovator_refused(proposal, cohort):
    other = add_member(cohort, Role.INNOVATOR)
    with pytest.raises(PermissionDenied):
        services.transition_proposal(proposal, S.SUBMITTED, by=other)


def test_reopen_and_withdraw_by_applicant_allowed(proposal, innovator):
    services.transition_proposal(proposal, S.SUBMITTED, by=innovator)
    services.transition_proposal(proposal, S.DRAFT, by=innovator)
    services.transition_proposal(proposal, S.SUBMITTED, by=innovator)
    assert ProposalRevision.objects.filter(proposal=proposal).count() == 2
    result = services.transition_proposal(proposal, S.WITHDRAWN, by=innovator)
    assert result.state == S.WITHDRAWN


@pytest.mark.parametrize("target", [S.ELIGIBLE, S.INELIGIBLE])
def test_screening_by_coordinator_allowed(call, innovator, coordinator, target):
    proposal = ProposalFactory(call=call, applicant=innovator, state=S.SUBMITTED)
    assert services.transition_proposal(proposal, target, by=coordinator).state == target


def test_screening_by_applicant_refused(call, innovator):
    proposal = ProposalFactory(call=call, applicant=innovator, state=S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.transition_proposal(proposal, S.ELIGIBLE, by=innovator)


def test_screening_by_juror_refused(call, innovator, juror):
    proposal = ProposalFactory(call=call, applicant=innovator, state=S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.transition_proposal(proposal, S.ELIGIBLE, by=juror)


def test_screening_by_other_cohort_coordinator_refused(call, innovator):
    outsider = coordinator_of(CohortFactory())
    proposal = ProposalFactory(call=call, applicant=innovator, state=S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.transition_proposal(proposal, S.ELIGIBLE, by=outsider)
    proposal.refresh_from_db()
    assert proposal.state == S.SUBMITTED


def test_award_without_decision_refused(call, innovator, coordinator):
    proposal = ProposalFactory(call=call, applicant=innovator, state=S.IN_REVIEW)
    with pytest.raises(ValidationError) as error:
        services.transition_proposal(proposal, S.AWARDED, by=coordinator)
    assert error.value.messages == ["Record a decision before the proposal is awarded."]


def test_award_with_decision_creates_award(call, innovator, coordinator):
    proposal = ProposalFactory(call=call, applicant=innovator, state=S.IN_REVIEW)
    services.record_decision(
        proposal=proposal, by=coordinator, outcome=Outcome.AWARD, amount=Decimal("900")
    )
    services.transition_proposal(proposal, S.AWARDED, by=coordinator)
    assert Award.objects.get(proposal=proposal).amount == Decimal("900.00")


def test_transition_view_other_cohort_coordinator_404(client, call, innovator):
    outsider = coordinator_of(CohortFactory())
    proposal = ProposalFactory(call=call, applicant=innovator, state=S.SUBMITTED)
    client.force_login(outsider)
    response = client.post(
        reverse("grants:proposal_transition", args=[proposal.pk]), {"to": "eligible"}
    )
    assert is_not_found(response)
    proposal.refresh_from_db()
    assert proposal.state == S.SUBMITTED


def test_transition_view_coordinator_marks_eligible(client, call, innovator, coordinator):
    proposal = ProposalFactory(call=call, applicant=innovator, state=S.SUBMITTED)
    client.force_login(coordinator)
    response = client.post(
        reverse("grants:proposal_transition", args=[proposal.pk]), {"to": "eligible"}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == S.ELIGIBLE


def test_transition_view_refused_transition_shows_message(client, call, innovator, coordinator):
    proposal = ProposalFactory(call=call, applicant=innovator, state=S.DRAFT)
    client.force_login(coordinator)
    response = client.post(
        reverse("grants:proposal_transition", args=[proposal.pk]), {"to": "awarded"}, follow=True
    )
    assert response.status_code == 200
    assert "A proposal cannot go from “Draft” to “Awarded”." in response.content.decode()


def test_call_other_cohort_404(client, call):
    outsider = add_member(CohortFactory(), Role.INNOVATOR)
    client.force_login(outsider)
    assert is_not_found(client.get(reverse("grants:call", args=[call.pk])))


def test_make_call_helper_gives_two_criteria():
    assert make_call().criteria.count() == 2


def test_withdraw_by_coordinator_allowed(call, innovator, coordinator):
    proposal = ProposalFactory(call=call, applicant=innovator, state=S.IN_REVIEW)
    assert services.transition_proposal(proposal, S.WITHDRAWN, by=coordinator).state == S.WITHDRAWN


def test_allowed_transitions_for_buttons(call, innovator, coordinator):
    proposal = ProposalFactory(call=call, applicant=innovator, state=S.SUBMITTED)
    assert services.allowed_transitions(proposal, innovator) == [S.DRAFT, S.WITHDRAWN]
    assert services.allowed_transitions(proposal, coordinator) == [
        S.ELIGIBLE,
        S.INELIGIBLE,
        S.INFO_REQUESTED,
        S.WITHDRAWN,
    ]
