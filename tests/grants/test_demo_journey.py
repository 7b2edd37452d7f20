"""The issue's "done when" journey, on the demo data."""

import datetime
import io
import random

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from cohorts import demo as cohorts_demo
from cohorts.models import User
from grants import demo as grants_demo
from grants.enums import ProposalState, ReviewState
from grants.models import (
    Award,
    Conflict,
    Decision,
    GrantCall,
    JuryAssignment,
    Milestone,
    Proposal,
    Review,
)
from tests.factories.grants import is_not_found

TODAY = datetime.datetime(2026, 11, 21, 10, 0, tzinfo=datetime.UTC)


def counts():
    return [
        model.objects.count()
        for model in (
            GrantCall,
            Proposal,
            Review,
            JuryAssignment,
            Conflict,
            Decision,
            Award,
            Milestone,
        )
    ]


@pytest.fixture
def demo():
    with time_machine.travel(TODAY, tick=False):
        context = {}
        cohorts_demo.seed(rng=random.Random(1), scale=1, stdout=io.StringIO(), context=context)
        grants_demo.seed(rng=random.Random(2), scale=1, stdout=io.StringIO(), context=context)
    return context


def check_demo_content_and_idempotence(demo):
    awards = GrantCall.objects.get(title=grants_demo.AWARDS_TITLE)
    states = sorted(awards.proposals.values_list("state", flat=True))
    assert len(states) == 30
    assert states.count(ProposalState.AWARDED) == 5
    assert set(Review.objects.filter(proposal__call=awards).values_list("state", flat=True)) == {
        ReviewState.DRAFT,
        ReviewState.SUBMITTED,
    }
    assert Conflict.objects.filter(proposal__call=awards).count() == 3
    assert Milestone.objects.filter(award__proposal__call=awards).count() == 15
    assert Proposal.objects.filter(applicant__email="innovator@example.org").count() == 2
    before = counts()
    grants_demo.seed(rng=random.Random(2), scale=1, stdout=io.StringIO(), context=demo)
    assert counts() == before


def test_demo_journey_end_to_end(client, demo, django_capture_on_commit_callbacks):
    """Seeding the demo is slow (the ILN round), so the checks above run here too."""
    check_demo_content_and_idempotence(demo)
    capture = django_capture_on_commit_callbacks
    seed = GrantCall.objects.get(title=grants_demo.SEED_TITLE)
    ana = User.objects.get(email="innovator@example.org")
    coordinator = User.objects.get(email="coordinator@example.org")
    jury, jury2, jury3 = (
        User.objects.get(email=f"{name}@example.org") for name in ("jury", "jury2", "jury3")
    )
    draft = Proposal.objects.get(call=seed, applicant=ana)

    with time_machine.travel(TODAY, tick=False):
        # The innovator submits her draft.
        client.force_login(ana)
        response = client.post(
            reverse("grants:proposal_transition", args=[draft.pk]), {"to": "submitted"}
        )
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.state == ProposalState.SUBMITTED

        # The coordinator screens it and puts it in review with two jurors.
        client.force_login(coordinator)
        for target in ("eligible", "in_review"):
            client.post(reverse("grants:proposal_transition", args=[draft.pk]), {"to": target})
        for juror in (jury, jury2):
            client.post(
                reverse("grants:assignments", args=[seed.pk]),
                {"action": "assign", "assign-proposal": draft.pk, "assign-juror": juror.pk},
            )
        assert set(draft.assignments.values_list("juror__email", flat=True)) == {
            "jury@example.org",
            "jury2@example.org",
        }

        # jury2 reviews first; jury@ cannot see that review until submitting their own.
        criteria = list(seed.criteria.all())
        client.force_login(jury2)
        client.post(
            reverse("grants:review", args=[draft.pk]),
            {
                **{f"criterion_{c.pk}": "5" for c in criteria},
                "recommendation": "yes",
                "comment_to_applicant": "Excellent pilot.",
                "private_note": "Best of the round.",
                "submit": "1",
            },
        )
        client.force_login(jury)
        url = reverse("grants:proposal", args=[draft.pk])
        assert "Best of the round." not in client.get(url).content.decode()
        client.post(
            reverse("grants:review", args=[draft.pk]),
            {
                **{f"criterion_{c.pk}": "4" for c in criteria},
                "recommendation": "yes",
                "submit": "1",
            },
        )
        assert "Best of the round." in client.get(url).content.decode()

        # A juror with a declared conflict cannot reach it by URL.
        client.force_login(jury3)
        client.post(
            reverse("grants:jury_conflicts", args=[seed.pk]),
            {"proposal": draft.pk, "note": "Colleague"},
        )
        assert is_not_found(client.get(url))

        # The coordinator ranks, awards within budget and sends the decisions.
        client.force_login(coordinator)
        ranking = client.get(reverse("grants:ranking", args=[seed.pk]))
        assert draft.title in ranking.content.decode()
        response = client.post(
            reverse("grants:decisions", args=[seed.pk]),
            {"proposal": draft.pk, f"p{draft.pk}-outcome": "award", f"p{draft.pk}-amount": "2200"},
        )
        assert response.status_code == 302
        mail.outbox.clear()
        with capture(execute=True):
            response = client.post(
                reverse("grants:decisions", args=[seed.pk]),
                {"action": "send", "send-reason": "sent early in a test"},
            )
        assert [message.to for message in mail.outbox] == [["innovator@example.org"]]
        assert "Excellent pilot." in mail.outbox[0].body
        assert "Best of the round." not in mail.outbox[0].body
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.state == ProposalState.AWARDED

        # Milestones, then the public page.
        award = draft.award
        client.post(
            reverse("grants:award", args=[award.pk]),
            {
                "action": "milestone",
                "milestone-title": "Help desk opens",
                "milestone-due_on": "2027-02-15",
                "milestone-amount": "1000",
                "milestone-report_kind": "progress",
            },
        )
        client.logout()
        public = client.get(reverse("grants:funded", args=["ineli-balkans"])).content.decode()
        assert "Tech Help Desk for Skopje" in public
        assert "Help desk opens" in public
