"""The office dashboard: what needs attention across the cohorts a person manages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_q.models import Failure

from cohorts.attention import attention_items
from cohorts.enums import Role
from grants.models import Award, Milestone
from tests.factories.cohorts import CohortFactory, UserFactory, add_member
from tests.factories.events import SessionFactory, make_meeting
from tests.factories.grants import ProposalFactory, assign, juror_of, make_call
from tests.factories.intake import ApplicationFactory

pytestmark = pytest.mark.django_db


def _labels(items):
    return {(item.label, item.count, item.where) for item in items}


def _busy_cohort(name, applications=2):
    cohort = CohortFactory(name=name)
    for _ in range(applications):
        ApplicationFactory(cohort=cohort)
    call = make_call(
        cohort,
        title=f"Call of {name}",
        opens_at=timezone.now() - datetime.timedelta(days=40),
        closes_at=timezone.now() - datetime.timedelta(days=20),
        reviews_close_at=timezone.now() - datetime.timedelta(days=1),
    )
    proposal = ProposalFactory(call=call, title=f"Project of {name}")
    assign(proposal, juror_of(cohort))
    award = Award.objects.create(proposal=proposal, amount=1000)
    Milestone.objects.create(
        award=award, title="Pilot", due_on=timezone.localdate() - datetime.timedelta(days=2)
    )
    meeting = make_meeting(cohort, title=f"Meeting of {name}", starts_on=timezone.localdate())
    SessionFactory(meeting=meeting)
    return cohort


def test_a_superuser_without_cohorts_lands_on_what_needs_attention(client):
    _busy_cohort("Balkans")
    admin = UserFactory(is_staff=True, is_superuser=True)
    Failure.objects.create(
        id="a" * 32,
        name="n",
        func="grants.tasks.build_dossier",
        started=timezone.now(),
        stopped=timezone.now(),
        success=False,
        result="boom",
    )
    client.force_login(admin)
    html = client.get(reverse("dashboard")).content.decode()
    assert "Needs attention" in html
    assert "You are not a member of any cohort yet" not in html
    for text in (
        "Applications to decide",
        "Reviews overdue",
        "Reports overdue",
        "Agenda not yet published",
        "Failed background tasks",
    ):
        assert text in html


def test_a_coordinator_sees_only_their_cohorts():
    mine = _busy_cohort("Balkans", applications=3)
    _busy_cohort("ILN", applications=5)
    coordinator = add_member(mine, Role.COORDINATOR)
    labels = _labels(attention_items(coordinator))
    assert ("Applications to decide", 3, "Balkans") in labels
    assert ("Reviews overdue", 1, "Call of Balkans") in labels
    assert ("Reports overdue", 1, "Project of Balkans") in labels
    assert ("Agenda not yet published", 1, "Meeting of Balkans") in labels
    assert not any("ILN" in where for _label, _count, where in labels)
    assert attention_items(add_member(mine, Role.INNOVATOR)) == []


def test_submitted_reviews_and_reports_leave_the_list():
    from grants.enums import ReviewState
    from grants.models import JuryAssignment, Report
    from tests.factories.grants import review

    cohort = _busy_cohort("Balkans")
    for assignment in JuryAssignment.objects.filter(proposal__call__cohort=cohort):
        review(assignment.proposal, assignment.juror, {}, state=ReviewState.SUBMITTED)
    milestone = Milestone.objects.get(award__proposal__call__cohort=cohort)
    Report.objects.create(milestone=milestone, kind=milestone.report_kind, text="Done.")
    labels = {
        label for label, _c, _w in _labels(attention_items(add_member(cohort, Role.COORDINATOR)))
    }
    assert "Reviews overdue" not in labels
    assert "Reports overdue" not in labels


def test_the_panel_costs_the_same_queries_for_one_or_three_cohorts(django_assert_num_queries):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    _busy_cohort("One")
    attention_items(superuser)  # warm Wagtail's hook registry and content types
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        attention_items(superuser)
    _busy_cohort("Two")
    _busy_cohort("Three")
    # Meetings cost a few queries each (their agenda is compared with the last version);
    # everything else is a fixed number of queries.
    per_meeting = 5
    with django_assert_num_queries(len(one) + 2 * per_meeting):
        attention_items(superuser)
