"""Blind calls: the applicant's name and organisation never reach a juror's browser."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cohorts.enums import Role
from grants import services
from grants.enums import ProposalState
from tests.factories.cohorts import add_member
from tests.factories.grants import ProposalFactory, assign, make_call

NAME = "Zorana Blindtest"
ORGANISATION = "Kragujevac Hidden Library"
PARTNER = "Petar Partnerovic"


@pytest.fixture
def blind_setup(cohort, juror):
    call = make_call(cohort, blind_review=True)
    applicant = add_member(cohort, Role.INNOVATOR, full_name=NAME, organisation=ORGANISATION)
    partner = add_member(cohort, Role.INNOVATOR, full_name=PARTNER, organisation="Somewhere else")
    proposal = ProposalFactory(call=call, applicant=applicant, title="Makerspace on Wheels")
    services.save_proposal(proposal=proposal, by=applicant, co_applicants=[partner])
    services.add_attachment(
        proposal=proposal,
        by=applicant,
        file=SimpleUploadedFile(f"{NAME} CV.pdf", b"%PDF-1.4\n"),
    )
    services.transition_proposal(proposal, ProposalState.SUBMITTED, by=applicant)
    services.transition_proposal(proposal, ProposalState.DRAFT, by=applicant)
    services.save_proposal(proposal=proposal, by=applicant, summary="Better summary.")
    services.transition_proposal(proposal, ProposalState.SUBMITTED, by=applicant)
    for target in (ProposalState.ELIGIBLE, ProposalState.IN_REVIEW):
        services.transition_proposal(proposal, target, by=None)
    assign(proposal, juror)
    return call, proposal


def assert_hidden(text):
    for secret in (NAME, ORGANISATION, PARTNER, "Zorana", "Blindtest", "Kragujevac"):
        assert secret not in text, secret


def test_blind_juror_pages_never_show_the_applicant(client, blind_setup, juror):
    call, proposal = blind_setup
    client.force_login(juror)
    for url in (
        reverse("grants:jury", args=[call.pk]),
        reverse("grants:jury_conflicts", args=[call.pk]),
        reverse("grants:proposal", args=[proposal.pk]),
        reverse("grants:review", args=[proposal.pk]),
        reverse("grants:revisions", args=[proposal.pk]),
        reverse("grants:revisions", args=[proposal.pk]) + "?a=1&b=2",
        reverse("grants:call", args=[call.pk]),
        reverse("dashboard"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_hidden(response.content.decode())


def test_blind_juror_attachment_name_hidden(client, blind_setup, juror):
    _call, proposal = blind_setup
    attachment = proposal.attachments.get()
    client.force_login(juror)
    html = client.get(reverse("grants:proposal", args=[proposal.pk])).content.decode()
    assert "Attachment 1.pdf" in html
    response = client.get(reverse("grants:attachment", args=[attachment.pk]))
    response.close()
    assert response["Content-Disposition"] == 'attachment; filename="attachment-1.pdf"'


def test_blind_juror_sees_after_submitting_review_still_hidden(client, blind_setup, juror):
    call, proposal = blind_setup
    services.save_review(
        proposal=proposal,
        by=juror,
        scores={c.pk: "4" for c in call.criteria.all()},
        recommendation="yes",
        submit=True,
    )
    client.force_login(juror)
    assert_hidden(client.get(reverse("grants:proposal", args=[proposal.pk])).content.decode())


def test_not_blind_juror_sees_the_applicant(client, cohort, juror):
    call = make_call(cohort, blind_review=False)
    applicant = add_member(cohort, Role.INNOVATOR, full_name=NAME, organisation=ORGANISATION)
    proposal = ProposalFactory(call=call, applicant=applicant, state=ProposalState.IN_REVIEW)
    assign(proposal, juror)
    client.force_login(juror)
    assert NAME in client.get(reverse("grants:proposal", args=[proposal.pk])).content.decode()


def test_blind_coordinator_sees_the_applicant(client, blind_setup, coordinator):
    _call, proposal = blind_setup
    client.force_login(coordinator)
    assert NAME in client.get(reverse("grants:proposal", args=[proposal.pk])).content.decode()
