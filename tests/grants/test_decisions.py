from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cohorts.enums import Role
from grants import services, tasks
from grants.enums import ExportState, Outcome, ProposalState
from grants.models import Award, Decision, DossierExport
from tests.factories.cohorts import CohortFactory, add_member
from tests.factories.grants import ProposalFactory, is_not_found, juror_of, review

S = ProposalState


@pytest.fixture
def reviewed(cohort, call, juror):
    """Three proposals in review, each with a comment and a private note from the juror."""
    proposals = []
    for index in range(3):
        applicant = add_member(
            cohort, Role.INNOVATOR, full_name=f"Applicant {index}", organisation=f"Lib {index}"
        )
        proposal = ProposalFactory(
            call=call, applicant=applicant, state=S.IN_REVIEW, budget=["4000"]
        )
        review(
            proposal,
            juror,
            dict.fromkeys(call.criteria.all(), 4),
            comment=f"Comment for applicant {index}",
            note=f"PRIVATE NOTE {index}",
        )
        proposals.append(proposal)
    return proposals


def test_record_decision_saves_without_sending(reviewed, coordinator):
    decision = services.record_decision(
        proposal=reviewed[0], by=coordinator, outcome=Outcome.AWARD, amount=Decimal("4000")
    )
    assert (decision.released_at, decision.amount) == (None, Decimal("4000.00"))
    reviewed[0].refresh_from_db()
    assert reviewed[0].state == S.IN_REVIEW
    assert mail.outbox == []


def test_record_decision_over_maximum_refused(reviewed, coordinator):
    with pytest.raises(ValidationError) as error:
        services.record_decision(
            proposal=reviewed[0], by=coordinator, outcome=Outcome.AWARD, amount=Decimal("5000.01")
        )
    assert error.value.message_dict == {"amount": ["The maximum per proposal is 5,000 EUR."]}


def test_record_decision_over_call_budget_refused(reviewed, coordinator, call):
    call.total_budget = Decimal("7000")
    call.save()
    services.record_decision(
        proposal=reviewed[0], by=coordinator, outcome=Outcome.AWARD, amount=Decimal("4000")
    )
    with pytest.raises(ValidationError) as error:
        services.record_decision(
            proposal=reviewed[1], by=coordinator, outcome=Outcome.AWARD, amount=Decimal("3500")
        )
    assert error.value.message_dict == {
        "amount": ["Only 3,000 EUR of the call’s budget is left for awards."]
    }
    assert Decision.objects.count() == 1


def test_record_decision_more_awards_than_call_refused(reviewed, coordinator, call):
    call.awards = 1
    call.save()
    services.record_decision(
        proposal=reviewed[0], by=coordinator, outcome=Outcome.AWARD, amount=Decimal("100")
    )
    with pytest.raises(ValidationError):
        services.record_decision(
            proposal=reviewed[1], by=coordinator, outcome=Outcome.AWARD, amount=Decimal("100")
        )


def test_record_decision_by_juror_refused(reviewed, juror):
    with pytest.raises(PermissionDenied):
        services.record_decision(proposal=reviewed[0], by=juror, outcome=Outcome.NOT_FUNDED)


def test_record_decision_other_cohort_coordinator_refused(reviewed):
    outsider = add_member(CohortFactory(), Role.COORDINATOR)
    with pytest.raises(PermissionDenied):
        services.record_decision(proposal=reviewed[0], by=outsider, outcome=Outcome.NOT_FUNDED)


def test_send_decisions_one_email_per_applicant(reviewed, coordinator, call, run_on_commit):
    services.record_decision(
        proposal=reviewed[0],
        by=coordinator,
        outcome=Outcome.AWARD,
        amount=Decimal("4000"),
        rationale="Strong plan.",
    )
    services.record_decision(proposal=reviewed[1], by=coordinator, outcome=Outcome.NOT_FUNDED)
    services.record_decision(proposal=reviewed[2], by=coordinator, outcome=Outcome.NOT_FUNDED)
    with run_on_commit():
        count = services.send_decisions(call=call, by=coordinator, reason="sent early in a test")
    assert count == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.applicant.email for p in reviewed)
    assert len(mail.outbox) == 3
    by_address = {m.to[0]: m for m in mail.outbox}
    award_mail = by_address[reviewed[0].applicant.email]
    assert award_mail.subject == f"Your proposal “{reviewed[0].title}” will be funded"
    assert "Comment for applicant 0" in award_mail.body
    assert "Strong plan." in award_mail.body
    assert "4,000 EUR" in award_mail.body
    for message in mail.outbox:
        assert "PRIVATE NOTE" not in message.body
        assert "Jules Juror" not in message.body
    states = {p.pk: p.state for p in type(reviewed[0]).objects.filter(call=call)}
    assert sorted(states.values()) == [S.AWARDED, S.NOT_FUNDED, S.NOT_FUNDED]
    assert Award.objects.get().amount == Decimal("4000.00")


def test_send_decisions_twice_sends_nothing_more(reviewed, coordinator, call, run_on_commit):
    services.record_decision(proposal=reviewed[0], by=coordinator, outcome=Outcome.NOT_FUNDED)
    with run_on_commit():
        services.send_decisions(call=call, by=coordinator, reason="sent early in a test")
    with run_on_commit():
        assert (
            services.send_decisions(call=call, by=coordinator, reason="sent early in a test") == 0
        )
    decision = Decision.objects.get()
    assert tasks.send_decision(decision.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_released_decision_cannot_change(reviewed, coordinator, call):
    services.record_decision(proposal=reviewed[0], by=coordinator, outcome=Outcome.NOT_FUNDED)
    services.send_decisions(call=call, by=coordinator, reason="sent early in a test")
    with pytest.raises(ValidationError):
        services.record_decision(
            proposal=reviewed[0], by=coordinator, outcome=Outcome.AWARD, amount=Decimal("1")
        )


def test_decisions_page_bad_amount_shows_error(client, reviewed, coordinator, call):
    client.force_login(coordinator)
    proposal = reviewed[0]
    response = client.post(
        reverse("grants:decisions", args=[call.pk]),
        {"proposal": proposal.pk, f"p{proposal.pk}-outcome": "award", f"p{proposal.pk}-amount": ""},
    )
    assert response.status_code == 200
    assert "Enter the amount awarded." in response.content.decode()
    assert Decision.objects.count() == 0


def test_decisions_page_save_then_send(
    client, reviewed, coordinator, call, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    proposal = reviewed[1]
    client.post(
        reverse("grants:decisions", args=[call.pk]),
        {
            "proposal": proposal.pk,
            f"p{proposal.pk}-outcome": "award",
            f"p{proposal.pk}-amount": "3000",
        },
    )
    assert Decision.objects.get().amount == Decimal("3000.00")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("grants:decisions", args=[call.pk]),
            {"action": "send", "send-reason": "sent early in a test"},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1


def test_applicant_sees_released_decision_and_comments_only(client, reviewed, coordinator, call):
    proposal = reviewed[0]
    services.record_decision(
        proposal=proposal, by=coordinator, outcome=Outcome.NOT_FUNDED, rationale="Too early."
    )
    client.force_login(proposal.applicant)
    url = reverse("grants:proposal", args=[proposal.pk])
    assert "Too early." not in client.get(url).content.decode()
    assert is_not_found(client.get(reverse("grants:letter", args=[proposal.pk])))
    services.send_decisions(call=call, by=coordinator, reason="sent early in a test")
    html = client.get(url).content.decode()
    assert "Too early." in html
    assert "Comment for applicant 0" in html
    assert "PRIVATE NOTE" not in html


def test_decision_letter_pdf(client, reviewed, coordinator, call):
    proposal = reviewed[0]
    services.record_decision(
        proposal=proposal, by=coordinator, outcome=Outcome.AWARD, amount=Decimal("2500")
    )
    services.send_decisions(call=call, by=coordinator, reason="sent early in a test")
    client.force_login(proposal.applicant)
    response = client.get(reverse("grants:letter", args=[proposal.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    from io import BytesIO

    from pypdf import PdfReader

    text = PdfReader(BytesIO(response.content)).pages[0].extract_text()
    assert "2,500 EUR" in text
    assert "PRIVATE NOTE" not in text


def test_decision_letter_juror_404(client, reviewed, coordinator, call, juror):
    services.record_decision(proposal=reviewed[0], by=coordinator, outcome=Outcome.NOT_FUNDED)
    services.send_decisions(call=call, by=coordinator, reason="sent early in a test")
    client.force_login(juror)
    assert is_not_found(client.get(reverse("grants:letter", args=[reviewed[0].pk])))


def test_dossier_task_builds_pdf(client, reviewed, coordinator, call, run_on_commit):
    client.force_login(coordinator)
    with run_on_commit():
        client.post(reverse("grants:dossier_request", args=[call.pk]))
    export = DossierExport.objects.get()
    assert export.state == ExportState.READY
    page = client.get(reverse("grants:ranking", args=[call.pk])).content.decode()
    assert reverse("grants:dossier", args=[export.pk]) in page
    response = client.get(reverse("grants:dossier", args=[export.pk]))
    body = b"".join(response.streaming_content)
    response.close()
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body.startswith(b"%PDF-")
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(body))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Comment for applicant 2" in text
    assert len(reader.pages) == 4


def test_dossier_download_other_cohort_404(client, reviewed, coordinator, call, run_on_commit):
    with run_on_commit():
        export = services.request_dossier(call=call, by=coordinator)
    client.force_login(add_member(CohortFactory(), Role.COORDINATOR))
    assert is_not_found(client.get(reverse("grants:dossier", args=[export.pk])))


def test_dossier_request_by_juror_refused(call):
    juror = juror_of(call.cohort)
    with pytest.raises(PermissionDenied):
        services.request_dossier(call=call, by=juror)


def test_released_decision_hidden_from_juror(client, reviewed, coordinator, call, juror):
    services.record_decision(
        proposal=reviewed[0], by=coordinator, outcome=Outcome.NOT_FUNDED, rationale="Too early."
    )
    services.send_decisions(call=call, by=coordinator, reason="sent early in a test")
    client.force_login(juror)
    html = client.get(reverse("grants:proposal", args=[reviewed[0].pk])).content.decode()
    assert "Too early." not in html
    assert reverse("grants:letter", args=[reviewed[0].pk]) not in html


def _dossier_pages(call):
    from io import BytesIO

    from pypdf import PdfReader

    from grants.selectors import dossier_context
    from kohorta.pdf import render_pdf

    pdf = render_pdf("grants/pdf/dossier.html", dossier_context(call))
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def test_dossier_with_private_notes_says_confidential_on_every_page(reviewed, call):
    pages = _dossier_pages(call)
    assert len(pages) == 4
    assert all("CONFIDENTIAL: FOR THE JURY" in text for text in pages)


def test_dossier_without_private_notes_has_no_confidential_mark(reviewed, call):
    from grants.models import Review

    Review.objects.update(private_note="")
    pages = _dossier_pages(call)
    assert not any("CONFIDENTIAL" in text for text in pages)


def test_decision_letter_has_letterhead_and_signatory(client, reviewed, coordinator, call):
    from io import BytesIO

    from pypdf import PdfReader

    programme = call.cohort.programme
    programme.name = "INELI Balkans"
    programme.signatory_name = "Dr Vesna Trajkovska"
    programme.signatory_title = "Programme director"
    programme.website = "https://ineli.example.org"
    programme.save()
    proposal = reviewed[0]
    services.record_decision(
        proposal=proposal, by=coordinator, outcome=Outcome.AWARD, amount=Decimal("2500")
    )
    services.send_decisions(call=call, by=coordinator, reason="sent early in a test")
    client.force_login(proposal.applicant)
    response = client.get(reverse("grants:letter", args=[proposal.pk]))
    text = PdfReader(BytesIO(response.content)).pages[0].extract_text()
    for expected in (
        "INELI Balkans",
        "https://ineli.example.org",
        "Dr Vesna Trajkovska",
        "Programme director",
        "1 / 1",
    ):
        assert expected in text, expected


@pytest.mark.parametrize("language", ["en", "mk", "bg"])
def test_letter_and_dossier_documents(client, reviewed, coordinator, call, language):
    """Rendered with a branded programme; saved for docs/ when KOHORTA_DOCUMENT_DIR is set."""
    from django.utils import translation

    from grants.selectors import dossier_context
    from kohorta.pdf import render_pdf
    from tests.documents.brand import brand
    from tests.documents.save import save_pdf

    brand(call.cohort.programme)
    proposal = reviewed[0]
    services.record_decision(
        proposal=proposal, by=coordinator, outcome=Outcome.AWARD, amount=Decimal("2500")
    )
    services.send_decisions(call=call, by=coordinator, reason="sent early in a test")
    client.force_login(proposal.applicant)
    response = client.get(
        reverse("grants:letter", args=[proposal.pk]), HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    save_pdf(f"letter-{language}", response.content)
    with translation.override(language):
        save_pdf(
            f"dossier-{language}", render_pdf("grants/pdf/dossier.html", dossier_context(call))
        )
