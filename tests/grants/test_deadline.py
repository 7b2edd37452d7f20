import datetime
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from grants import services
from grants.enums import ProposalState
from grants.models import Proposal, ProposalRevision
from tests.factories.grants import ProposalFactory, make_call

ATHENS = zoneinfo.ZoneInfo("Europe/Athens")
OPENS = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=ATHENS)
CLOSES = datetime.datetime(2026, 6, 30, 17, 0, tzinfo=ATHENS)  # 14:00 UTC


@pytest.fixture
def timed_call(cohort):
    return make_call(cohort, opens_at=OPENS, closes_at=CLOSES)


@pytest.fixture
def draft(timed_call, innovator):
    return ProposalFactory(call=timed_call, applicant=innovator)


def test_submit_one_second_before_deadline_allowed(draft, innovator):
    with time_machine.travel(CLOSES - datetime.timedelta(seconds=1), tick=False):
        proposal = services.transition_proposal(draft, ProposalState.SUBMITTED, by=innovator)
    assert proposal.state == ProposalState.SUBMITTED


def test_submit_at_deadline_refused(draft, innovator):
    with time_machine.travel(CLOSES, tick=False), pytest.raises(ValidationError) as error:
        services.transition_proposal(draft, ProposalState.SUBMITTED, by=innovator)
    assert error.value.messages == [
        "The call closed on 30 Jun 2026 17:00 EEST; proposals can no longer be changed."
    ]


def test_submit_one_second_late_refused(draft, innovator):
    with (
        time_machine.travel(CLOSES + datetime.timedelta(seconds=1), tick=False),
        pytest.raises(ValidationError),
    ):
        services.transition_proposal(draft, ProposalState.SUBMITTED, by=innovator)
    draft.refresh_from_db()
    assert draft.state == ProposalState.DRAFT
    assert ProposalRevision.objects.count() == 0


def test_submit_before_opening_refused(draft, innovator):
    before = time_machine.travel(OPENS - datetime.timedelta(seconds=1), tick=False)
    with before, pytest.raises(ValidationError) as error:
        services.transition_proposal(draft, ProposalState.SUBMITTED, by=innovator)
    assert error.value.messages == [
        "The call opens on 1 Mar 2026 09:00 EET; you can submit from then."
    ]


def test_submit_view_one_second_late_keeps_the_draft(client, draft, innovator):
    client.force_login(innovator)
    url = reverse("grants:proposal_edit", args=[draft.pk])
    with time_machine.travel(CLOSES - datetime.timedelta(seconds=5), tick=False):
        page = client.get(url)
    assert page.status_code == 200
    data = {
        "title": "Seed Library v2",
        "summary": "s",
        "problem": "p",
        "target_community": "t",
        "activities": "a",
        "timeline": "t",
        "budget-TOTAL_FORMS": "1",
        "budget-INITIAL_FORMS": "0",
        "budget-0-description": "Seeds",
        "budget-0-amount": "100",
        "submit": "1",
    }
    with time_machine.travel(CLOSES + datetime.timedelta(seconds=1), tick=False):
        response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("grants:proposal", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.state == ProposalState.DRAFT
    assert draft.title != "Seed Library v2"


def test_reopen_before_deadline_allowed(draft, innovator):
    with time_machine.travel(CLOSES - datetime.timedelta(hours=1), tick=False):
        services.transition_proposal(draft, ProposalState.SUBMITTED, by=innovator)
        proposal = services.transition_proposal(draft, ProposalState.DRAFT, by=innovator)
    assert proposal.state == ProposalState.DRAFT


def test_reopen_after_deadline_refused(draft, innovator):
    with time_machine.travel(CLOSES - datetime.timedelta(hours=1), tick=False):
        services.transition_proposal(draft, ProposalState.SUBMITTED, by=innovator)
    with (
        time_machine.travel(CLOSES + datetime.timedelta(seconds=1), tick=False),
        pytest.raises(ValidationError),
    ):
        services.transition_proposal(draft, ProposalState.DRAFT, by=innovator)
    draft.refresh_from_db()
    assert draft.state == ProposalState.SUBMITTED


def test_save_draft_after_deadline_refused(draft, innovator):
    with (
        time_machine.travel(CLOSES + datetime.timedelta(seconds=1), tick=False),
        pytest.raises(ValidationError),
    ):
        services.save_proposal(proposal=draft, by=innovator, title="Late change")
    assert Proposal.objects.get(pk=draft.pk).title == draft.title


def test_save_draft_before_opening_allowed(draft, innovator):
    with time_machine.travel(OPENS - datetime.timedelta(days=3), tick=False):
        proposal = services.save_proposal(
            proposal=draft, by=innovator, budget_lines=[("Seeds", Decimal("50"))]
        )
    assert proposal.budget_total == Decimal("50.00")


def test_resubmission_diff_view_shows_changes(client, draft, innovator):
    with time_machine.travel(CLOSES - datetime.timedelta(hours=2), tick=False):
        services.transition_proposal(draft, ProposalState.SUBMITTED, by=innovator)
        services.transition_proposal(draft, ProposalState.DRAFT, by=innovator)
        services.save_proposal(proposal=draft, by=innovator, summary="A better summary.")
        services.transition_proposal(draft, ProposalState.SUBMITTED, by=innovator)
    client.force_login(innovator)
    response = client.get(reverse("grants:revisions", args=[draft.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Changes from revision 1 to 2" in html
    assert '<span class="diff-del">− A new service.</span>' in html
    assert '<span class="diff-add">+ A better summary.</span>' in html
