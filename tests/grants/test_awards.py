import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cohorts.enums import Role
from grants import services, tasks
from grants.enums import MilestoneStatus, Outcome, ProposalState, ReportKind
from grants.models import Milestone, Report, ReportFile
from tests.factories.cohorts import CohortFactory, add_member
from tests.factories.grants import GrantCallFactory, ProposalFactory, is_not_found

PDF = b"%PDF-1.4\n%report\n"


def award_for(proposal, coordinator, amount="4000"):
    services.record_decision(
        proposal=proposal, by=coordinator, outcome=Outcome.AWARD, amount=Decimal(amount)
    )
    services.send_decisions(call=proposal.call, by=coordinator, reason="sent early in a test")
    proposal.refresh_from_db()
    return proposal.award


@pytest.fixture
def award(call, innovator, coordinator):
    proposal = ProposalFactory(
        call=call, applicant=innovator, state=ProposalState.IN_REVIEW, budget=["4000"]
    )
    return award_for(proposal, coordinator)


def test_add_milestone_within_award(award, coordinator):
    services.add_milestone(
        award=award,
        by=coordinator,
        title="Launch",
        due_on=datetime.date(2027, 1, 15),
        amount=Decimal("2500"),
    )
    with pytest.raises(ValidationError) as error:
        services.add_milestone(
            award=award,
            by=coordinator,
            title="Too much",
            due_on=datetime.date(2027, 3, 1),
            amount=Decimal("1500.01"),
        )
    assert error.value.message_dict == {
        "amount": ["Milestone payments would total 4,000.01, more than the award of 4,000."]
    }
    assert Milestone.objects.count() == 1


def test_add_milestone_by_applicant_refused(award, innovator):
    with pytest.raises(PermissionDenied):
        services.add_milestone(
            award=award, by=innovator, title="Mine", due_on=datetime.date(2027, 1, 1)
        )


def test_milestone_form_bad_date_shows_error(client, award, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("grants:award", args=[award.pk]),
        {
            "action": "milestone",
            "milestone-title": "Launch",
            "milestone-due_on": "soon",
            "milestone-amount": "10",
            "milestone-report_kind": "progress",
        },
    )
    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()
    assert Milestone.objects.count() == 0


def test_report_with_file_by_applicant(client, award, innovator, coordinator):
    milestone = services.add_milestone(
        award=award, by=coordinator, title="Launch", due_on=datetime.date(2027, 1, 15)
    )
    client.force_login(innovator)
    response = client.post(
        reverse("grants:award", args=[award.pk]),
        {
            "action": "report",
            "milestone": milestone.pk,
            "report-text": "We opened.",
            "report-files": [SimpleUploadedFile("photos.pdf", PDF)],
        },
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.text, report.kind, report.submitted_by) == (
        "We opened.",
        ReportKind.PROGRESS,
        innovator,
    )
    report_file = ReportFile.objects.get()
    download = client.get(reverse("grants:report_file", args=[report_file.pk]))
    body = b"".join(download.streaming_content)
    download.close()
    assert body == PDF
    assert download["Content-Disposition"] == 'attachment; filename="photos.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"


def test_report_bad_file_refused_nothing_saved(client, award, innovator, coordinator):
    milestone = services.add_milestone(
        award=award, by=coordinator, title="Launch", due_on=datetime.date(2027, 1, 15)
    )
    client.force_login(innovator)
    response = client.post(
        reverse("grants:award", args=[award.pk]),
        {
            "action": "report",
            "milestone": milestone.pk,
            "report-text": "We opened.",
            "report-files": [SimpleUploadedFile("page.html", b"<script>x</script>")],
        },
    )
    assert response.status_code == 200
    assert "page.html: Upload a PDF" in response.content.decode()
    assert Report.objects.count() == 0


def test_report_by_other_innovator_refused(award, cohort, coordinator):
    milestone = services.add_milestone(
        award=award, by=coordinator, title="Launch", due_on=datetime.date(2027, 1, 15)
    )
    other = add_member(cohort, Role.INNOVATOR)
    with pytest.raises(PermissionDenied):
        services.submit_report(milestone=milestone, by=other, text="Not mine")


def test_report_file_other_cohort_404(client, award, innovator, coordinator):
    milestone = services.add_milestone(
        award=award, by=coordinator, title="Launch", due_on=datetime.date(2027, 1, 15)
    )
    services.submit_report(
        milestone=milestone, by=innovator, text="Done", files=[SimpleUploadedFile("a.pdf", PDF)]
    )
    client.force_login(add_member(CohortFactory(), Role.COORDINATOR))
    assert is_not_found(
        client.get(reverse("grants:report_file", args=[ReportFile.objects.get().pk]))
    )
    assert is_not_found(client.get(reverse("grants:award", args=[award.pk])))


def test_report_reminders_sent_once(award, coordinator, innovator):
    today = datetime.date(2027, 1, 10)
    due = services.add_milestone(
        award=award, by=coordinator, title="Launch", due_on=datetime.date(2027, 1, 15)
    )
    services.add_milestone(
        award=award, by=coordinator, title="Later", due_on=datetime.date(2027, 3, 1)
    )
    done = services.add_milestone(
        award=award, by=coordinator, title="Done", due_on=datetime.date(2027, 1, 12)
    )
    services.set_milestone_status(milestone=done, by=coordinator, status=MilestoneStatus.COMPLETED)
    assert tasks.send_report_reminders(today=today) == 1
    assert tasks.send_report_reminders(today=today) == 0
    assert [m.to for m in mail.outbox] == [[innovator.email]]
    assert mail.outbox[0].subject == "Report due on 15 Jan 2027: Launch"
    due.refresh_from_db()
    assert due.reminder_sent_at is not None


def test_funded_page_lists_awards_with_milestones(
    client, cohort, coordinator, django_assert_num_queries
):
    call = GrantCallFactory(cohort=cohort, total_budget=Decimal("50000"), awards=10)

    def fund(n):
        for _ in range(n):
            proposal = ProposalFactory(call=call, state=ProposalState.IN_REVIEW, budget=["1000"])
            award = award_for(proposal, coordinator, "1000")
            services.add_milestone(
                award=award, by=coordinator, title="Pilot", due_on=datetime.date(2027, 2, 1)
            )

    url = reverse("grants:funded", args=[cohort.programme.slug])
    fund(1)
    with django_assert_num_queries(3):
        response = client.get(url)
    assert len(response.context["awards"]) == 1
    fund(3)
    with django_assert_num_queries(3):
        response = client.get(url)
    assert len(response.context["awards"]) == 4
    assert "Pilot" in response.content.decode()


def test_funded_page_hides_unreleased_and_unknown_programme(client, call, innovator, coordinator):
    proposal = ProposalFactory(
        call=call, applicant=innovator, state=ProposalState.IN_REVIEW, title="Secret plan"
    )
    services.record_decision(
        proposal=proposal, by=coordinator, outcome=Outcome.AWARD, amount=Decimal("100")
    )
    response = client.get(reverse("grants:funded", args=[call.cohort.programme.slug]))
    assert "Secret plan" not in response.content.decode()
    assert is_not_found(client.get(reverse("grants:funded", args=["no-such-programme"])))


def test_programme_page_lists_funded_projects(client, award):
    from tests.factories.cms import add_programme_page, build_site

    homes, _indexes = build_site(("en",))
    programme = award.proposal.call.cohort.programme
    page = add_programme_page(homes["en"], programme, title="The programme")
    content = client.get(page.url).content.decode()
    assert award.proposal.title in content
    assert f'href="/grants/funded/{programme.slug}/"' in content
    assert award.proposal.applicant.full_name not in content


def test_funded_page_groups_by_year_and_call(client, cohort, coordinator):
    from django.utils import timezone

    def fund(call, title):
        proposal = ProposalFactory(
            call=call, state=ProposalState.IN_REVIEW, budget=["1000"], title=title
        )
        award_for(proposal, coordinator, "1000")

    older = GrantCallFactory(
        cohort=cohort,
        title="Call 2025",
        opens_at=timezone.now() - datetime.timedelta(days=450),
        closes_at=timezone.now() - datetime.timedelta(days=400),
    )
    newer = GrantCallFactory(cohort=cohort, title="Call 2026")
    fund(older, "Reading garden")
    fund(newer, "Makerspace")
    fund(newer, "Book bike")
    html = client.get(reverse("grants:funded", args=[cohort.programme.slug])).content.decode()
    this_year, last_year = newer.closes_at.year, older.closes_at.year
    order = [
        f'<h2 id="year-{this_year}">{this_year}</h2>',
        "Call 2026",
        "Book bike",
        "Makerspace",
        f'<h2 id="year-{last_year}">{last_year}</h2>',
        "Call 2025",
        "Reading garden",
    ]
    positions = [html.index(text) for text in order]
    assert positions == sorted(positions)
