from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cohorts.enums import Role
from grants import services
from grants.enums import ProposalState
from grants.models import Attachment, BudgetLine, Proposal
from tests.factories.cohorts import CohortFactory, add_member
from tests.factories.grants import ProposalFactory, is_not_found, make_call, question_key

PDF = b"%PDF-1.4\n%test\n"


def form_data(**overrides):
    data = {
        "title": "Seed Library",
        "summary": "Lending seeds.",
        "problem": "No seeds.",
        "target_community": "Gardeners.",
        "activities": "Build a cabinet.",
        "timeline": "A year.",
        "budget-TOTAL_FORMS": "2",
        "budget-INITIAL_FORMS": "0",
        "budget-0-description": "Cabinet",
        "budget-0-amount": "800",
        "budget-1-description": "Seeds",
        "budget-1-amount": "200",
    }
    data.update(overrides)
    return data


def test_start_proposal_creates_draft(client, call, innovator):
    client.force_login(innovator)
    response = client.post(
        reverse("grants:proposal_start", args=[call.pk]), {"title": "Seed Library"}
    )
    proposal = Proposal.objects.get()
    assert response["Location"] == reverse("grants:proposal_edit", args=[proposal.pk])
    assert (proposal.state, proposal.applicant, proposal.cohort) == (
        ProposalState.DRAFT,
        innovator,
        call.cohort,
    )


def test_start_proposal_twice_refused(call, innovator):
    services.create_proposal(call=call, by=innovator, title="One")
    with pytest.raises(ValidationError) as error:
        services.create_proposal(call=call, by=innovator, title="Two")
    assert error.value.message_dict == {"title": ["You already have a proposal in this call."]}


def test_start_proposal_by_juror_refused(call, juror):
    with pytest.raises(PermissionDenied):
        services.create_proposal(call=call, by=juror, title="Mine")


def test_edit_saves_draft_with_budget(client, proposal, innovator):
    client.force_login(innovator)
    response = client.post(reverse("grants:proposal_edit", args=[proposal.pk]), form_data(save="1"))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.budget_total == Decimal("1000.00")
    assert list(proposal.budget_lines.values_list("description", "amount")) == [
        ("Cabinet", Decimal("800.00")),
        ("Seeds", Decimal("200.00")),
    ]
    assert proposal.state == ProposalState.DRAFT


def test_edit_and_submit(client, proposal, innovator):
    client.force_login(innovator)
    response = client.post(
        reverse("grants:proposal_edit", args=[proposal.pk]), form_data(submit="1")
    )
    assert response["Location"] == reverse("grants:proposal", args=[proposal.pk])
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED
    assert proposal.revisions.count() == 1


def test_edit_negative_budget_line_refused(client, proposal, innovator):
    client.force_login(innovator)
    response = client.post(
        reverse("grants:proposal_edit", args=[proposal.pk]),
        form_data(title="Changed", **{"budget-1-amount": "-200"}, save="1"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Amounts cannot be negative." in html
    assert 'value="Changed"' in html
    proposal.refresh_from_db()
    assert proposal.title == "Seed Library"
    assert list(proposal.budget_lines.values_list("amount", flat=True)) == [Decimal("1000.00")]


def test_edit_budget_over_maximum_refused(client, proposal, innovator):
    client.force_login(innovator)
    response = client.post(
        reverse("grants:proposal_edit", args=[proposal.pk]),
        form_data(**{"budget-0-amount": "4900.50"}, save="1"),
    )
    assert response.status_code == 200
    assert (
        "The budget totals 5,100.50 EUR; the maximum per proposal is 5,000."
        in response.content.decode()
    )
    assert BudgetLine.objects.get(proposal=proposal).amount == Decimal("1000.00")


def test_budget_service_refuses_negative_line(proposal, innovator):
    with pytest.raises(ValidationError) as error:
        services.save_proposal(
            proposal=proposal, by=innovator, budget_lines=[("Refund", Decimal("-1"))]
        )
    assert error.value.message_dict == {"budget": ["Line 1: amounts cannot be negative."]}


def test_submit_with_empty_fields_saves_draft_and_shows_errors(client, proposal, innovator):
    client.force_login(innovator)
    response = client.post(
        reverse("grants:proposal_edit", args=[proposal.pk]), form_data(summary="", submit="1")
    )
    assert response.status_code == 200
    assert "Write a summary." in response.content.decode()
    proposal.refresh_from_db()
    assert (proposal.state, proposal.summary) == (ProposalState.DRAFT, "")


def test_co_applicant_from_same_cohort_allowed(proposal, innovator, cohort):
    partner = add_member(cohort, Role.INNOVATOR)
    services.save_proposal(proposal=proposal, by=innovator, co_applicants=[partner])
    assert list(proposal.co_applicants.all()) == [partner]


def test_co_applicant_from_other_cohort_refused(proposal, innovator):
    stranger = add_member(CohortFactory(), Role.INNOVATOR)
    with pytest.raises(ValidationError) as error:
        services.save_proposal(proposal=proposal, by=innovator, co_applicants=[stranger])
    assert error.value.message_dict == {
        "co_applicants": ["Co-applicants must be innovators of this cohort."]
    }
    assert proposal.co_applicants.count() == 0


def test_co_applicant_sees_but_cannot_edit(client, proposal, innovator, cohort):
    partner = add_member(cohort, Role.INNOVATOR)
    services.save_proposal(proposal=proposal, by=innovator, co_applicants=[partner])
    client.force_login(partner)
    assert client.get(reverse("grants:proposal", args=[proposal.pk])).status_code == 200
    assert is_not_found(client.get(reverse("grants:proposal_edit", args=[proposal.pk])))
    with pytest.raises(PermissionDenied):
        services.save_proposal(proposal=proposal, by=partner, title="Hijacked")


def test_edit_by_other_innovator_404(client, proposal, cohort):
    other = add_member(cohort, Role.INNOVATOR)
    client.force_login(other)
    assert is_not_found(client.get(reverse("grants:proposal_edit", args=[proposal.pk])))
    assert is_not_found(client.get(reverse("grants:proposal", args=[proposal.pk])))


def test_proposal_other_cohort_coordinator_404(client, proposal):
    outsider = add_member(CohortFactory(), Role.COORDINATOR)
    client.force_login(outsider)
    assert is_not_found(client.get(reverse("grants:proposal", args=[proposal.pk])))


def test_edit_submitted_proposal_redirects(client, proposal, innovator):
    services.transition_proposal(proposal, ProposalState.SUBMITTED, by=innovator)
    client.force_login(innovator)
    response = client.get(reverse("grants:proposal_edit", args=[proposal.pk]))
    assert response["Location"] == reverse("grants:proposal", args=[proposal.pk])


def test_extra_questions_required_for_submit(cohort, innovator):
    call = make_call(cohort, extra_questions="Who supports you?\n")
    proposal = ProposalFactory(call=call, applicant=innovator)
    with pytest.raises(ValidationError) as error:
        services.transition_proposal(proposal, ProposalState.SUBMITTED, by=innovator)
    assert error.value.message_dict == {"answers": ["Answer every question of the call."]}
    services.save_proposal(
        proposal=proposal,
        by=innovator,
        answers={question_key(call, "Who supports you?"): "The mayor."},
    )
    assert (
        services.transition_proposal(proposal, ProposalState.SUBMITTED, by=innovator).state
        == "submitted"
    )


def test_attachment_upload_and_download_headers(client, proposal, innovator):
    client.force_login(innovator)
    upload = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    client.post(reverse("grants:attachment_add", args=[proposal.pk]), {"file": upload})
    attachment = Attachment.objects.get()
    assert attachment.original_name == "plan.pdf"
    assert not attachment.file.name.endswith("plan.pdf")
    response = client.get(reverse("grants:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="plan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_attachment_wrong_content_refused(client, proposal, innovator):
    client.force_login(innovator)
    upload = SimpleUploadedFile(
        "plan.pdf", b"<html><script>alert(1)</script>", content_type="application/pdf"
    )
    response = client.post(
        reverse("grants:attachment_add", args=[proposal.pk]), {"file": upload}, follow=True
    )
    assert "The file’s contents do not match its “.pdf” extension." in response.content.decode()
    assert Attachment.objects.count() == 0


def test_attachment_wrong_type_refused(proposal, innovator):
    upload = SimpleUploadedFile("run.exe", b"MZ....", content_type="application/octet-stream")
    with pytest.raises(ValidationError):
        services.add_attachment(proposal=proposal, by=innovator, file=upload)
    assert Attachment.objects.count() == 0


def test_attachment_too_large_refused(proposal, innovator, monkeypatch):
    monkeypatch.setattr("grants.validators.MAX_UPLOAD_BYTES", 10)
    upload = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.add_attachment(proposal=proposal, by=innovator, file=upload)
    assert error.value.messages == ["The file is 15\xa0bytes; the largest allowed is 10\xa0bytes."]


def test_attachment_download_other_cohort_404(client, proposal, innovator):
    attachment = services.add_attachment(
        proposal=proposal, by=innovator, file=SimpleUploadedFile("plan.pdf", PDF)
    )
    client.force_login(add_member(CohortFactory(), Role.COORDINATOR))
    assert is_not_found(client.get(reverse("grants:attachment", args=[attachment.pk])))
