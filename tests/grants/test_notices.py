"""Grant notices: proposal submitted, co-applicant added, review assigned and reminded."""

import datetime

from django.core import mail
from django.utils import timezone

from cohorts.enums import Role
from grants import services, tasks
from grants.enums import ProposalState
from notifications.models import Notification
from tests.factories.cohorts import add_member
from tests.factories.grants import review


def _kind_count(kind):
    return Notification.objects.filter(kind=kind).count()


def test_proposal_submitted_tells_applicant_and_co_applicants_once(
    proposal, cohort, innovator, run_on_commit
):
    partner = add_member(cohort, Role.INNOVATOR, full_name="Pia Partner")
    with run_on_commit():
        services.save_proposal(proposal=proposal, by=innovator, co_applicants=[partner])
    assert [(m.to[0], m.subject) for m in mail.outbox] == [
        (partner.email, "You are a co-applicant of “Seed Library”")
    ]
    with run_on_commit():
        services.save_proposal(proposal=proposal, by=innovator, co_applicants=[partner])
    assert len(mail.outbox) == 1  # still a co-applicant: nothing new
    mail.outbox.clear()

    with run_on_commit():
        services.transition_proposal(proposal, ProposalState.SUBMITTED, by=innovator)
    assert tasks.send_proposal_submitted(proposal.pk, 1) == 0  # a retry
    assert sorted(m.to[0] for m in mail.outbox) == sorted([innovator.email, partner.email])
    assert {m.subject for m in mail.outbox} == {"Proposal submitted: “Seed Library”"}
    assert _kind_count("grants.proposal_submitted") == 2
    assert _kind_count("grants.co_applicant_added") == 1


def test_review_assigned_tells_the_juror_once(in_review, juror, coordinator, run_on_commit):
    with run_on_commit():
        assignment = services.assign_juror(proposal=in_review, juror=juror, by=coordinator)
    assert tasks.send_review_assigned(assignment.pk) == "skipped"
    (message,) = mail.outbox
    assert message.to == [juror.email]
    assert message.subject == "A proposal to review: “Seed Library”"
    assert _kind_count("grants.review_assigned") == 1


def test_review_reminder_days_before_close_only_for_unsubmitted(
    call, in_review, juror, cohort, settings
):
    settings.KOHORTA_REVIEW_REMINDER_DAYS = 3
    done = add_member(cohort, Role.JURY, full_name="Dora Done")
    call.reviews_close_at = timezone.make_aware(datetime.datetime(2027, 6, 10, 17))
    call.save()
    review(in_review, done, {})
    from tests.factories.grants import assign

    assign(in_review, juror)

    assert tasks.send_review_reminders(today=datetime.date(2027, 6, 6)) == 0  # too early
    assert tasks.send_review_reminders(today=datetime.date(2027, 6, 7)) == 1
    assert tasks.send_review_reminders(today=datetime.date(2027, 6, 8)) == 0
    (message,) = mail.outbox
    assert message.to == [juror.email]
    assert message.subject == "1 review to submit before 10 Jun"
    assert "- Seed Library" in message.body
    assert _kind_count("grants.review_reminder") == 1


def test_assignments_page_shows_review_progress_per_juror(
    client, call, in_review, juror, cohort, coordinator
):
    done = add_member(cohort, Role.JURY, full_name="Dora Done")
    review(in_review, done, {})
    from tests.factories.grants import assign

    assign(in_review, juror)
    call.reviews_close_at = timezone.now() - datetime.timedelta(days=1)
    call.save()
    client.force_login(coordinator)
    response = client.get(f"/grants/calls/{call.pk}/assignments/")
    progress = {
        row["juror"].full_name: (row["assigned"], row["submitted"], row["overdue"])
        for row in response.context["progress"]
    }
    assert progress == {"Jules Juror": (1, 0, 1), "Dora Done": (1, 1, 0)}
    assert "Review progress" in response.content.decode()
