"""The proposal workflow on its enum, "more information requested" with its message thread,
decisions that wait for the call and its reviews, blind mode locked by the first review,
and the conflict reason that names the real cause."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from cohorts.enums import Role
from grants import enums, services
from grants.conflicts import conflicts_for_call
from grants.enums import ConflictReason, Outcome, ProposalState
from grants.models import GrantCall, ProposalMessage
from notifications.models import Notification
from tests.factories.cohorts import add_member
from tests.factories.grants import ProposalFactory, assign, juror_of, review

S = ProposalState


# --- the workflow lives on the enum -------------------------------------------------------


def test_every_state_set_is_on_the_enum():
    assert S.assignable() == {S.ELIGIBLE, S.IN_REVIEW, S.SHORTLISTED}
    assert S.decidable() == {S.IN_REVIEW, S.SHORTLISTED}
    assert S.INFO_REQUESTED in S.visible_to_jury()
    assert S.INFO_REQUESTED in S.ranked()
    assert S.INFO_REQUESTED not in S.decidable()
    assert S.final() == {S.AWARDED, S.NOT_FUNDED, S.WITHDRAWN}
    assert S.decided() <= S.ranked()


def test_every_state_is_reachable_and_every_row_names_its_permission():
    reachable = {S.DRAFT} | {row.target for row in enums.PROPOSAL_TRANSITIONS}
    assert reachable == set(S)
    for row in enums.PROPOSAL_TRANSITIONS:
        assert row.perms, row


def test_coordinator_buttons_come_from_the_table(call, innovator, coordinator):
    proposal = ProposalFactory(call=call, applicant=innovator, state=S.IN_REVIEW)
    assert services.allowed_transitions(proposal, coordinator) == [
        S.INFO_REQUESTED,
        S.SHORTLISTED,
        S.WITHDRAWN,
    ]
    # the applicant may only withdraw; decisions are never buttons
    assert services.allowed_transitions(proposal, innovator) == [S.WITHDRAWN]


def test_screening_page_shows_the_request_button(client, call, innovator, coordinator):
    proposal = ProposalFactory(call=call, applicant=innovator, state=S.SUBMITTED)
    client.force_login(coordinator)
    html = client.get(reverse("grants:manage", args=[call.pk])).content.decode()
    assert f"{reverse('grants:proposal', args=[proposal.pk])}#request-info" in html
    assert 'value="eligible"' in html
    assert 'value="withdrawn"' not in html  # final moves stay on the proposal's page


# --- more information requested, and the message thread ----------------------------------


def test_request_needs_a_note(in_review, coordinator):
    with pytest.raises(ValidationError) as error:
        services.transition_proposal(in_review, S.INFO_REQUESTED, by=coordinator)
    assert "note" in error.value.message_dict
    in_review.refresh_from_db()
    assert in_review.state == S.IN_REVIEW


def test_answer_returns_the_proposal_and_both_sides_are_told(
    call, cohort, innovator, coordinator, run_on_commit
):
    partner = add_member(cohort, Role.INNOVATOR, full_name="Pia Partner")
    proposal = ProposalFactory(call=call, applicant=innovator, state=S.IN_REVIEW)
    proposal.co_applicants.add(partner)
    with run_on_commit():
        services.transition_proposal(
            proposal,
            S.INFO_REQUESTED,
            by=coordinator,
            note="Which partners have confirmed?",
            return_on_answer=True,
        )
    proposal.refresh_from_db()
    assert proposal.state == S.INFO_REQUESTED
    told = Notification.objects.filter(kind="grants.proposal_message")
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted([innovator.pk, partner.pk])
    with run_on_commit():
        services.post_message(proposal=proposal, by=partner, body="The museum and the school.")
    proposal.refresh_from_db()
    assert proposal.state == S.IN_REVIEW
    assert told.filter(recipient=coordinator).count() == 1
    assert list(proposal.messages.values_list("body", flat=True)) == [
        "Which partners have confirmed?",
        "The museum and the school.",
    ]
    entry = (
        ModelLogEntry.objects.for_instance(proposal)
        .filter(action="grants.proposal.transition")
        .latest("pk")
    )
    assert entry.data["from"] == S.INFO_REQUESTED and entry.data["to"] == S.IN_REVIEW


def test_answer_keeps_the_state_until_the_coordinator_moves_it(
    call, innovator, coordinator, run_on_commit
):
    proposal = ProposalFactory(call=call, applicant=innovator, state=S.SUBMITTED)
    services.transition_proposal(proposal, S.INFO_REQUESTED, by=coordinator, note="Budget details?")
    services.post_message(proposal=proposal, by=innovator, body="Attached below.")
    proposal.refresh_from_db()
    assert proposal.state == S.INFO_REQUESTED
    assert S.ELIGIBLE in services.allowed_transitions(proposal, coordinator)
    services.transition_proposal(proposal, S.ELIGIBLE, by=coordinator)


def test_thread_through_the_pages(client, call, innovator, coordinator, juror):
    proposal = ProposalFactory(call=call, applicant=innovator, state=S.ELIGIBLE)
    client.force_login(coordinator)
    page = client.get(reverse("grants:proposal", args=[proposal.pk])).content.decode()
    assert 'id="request-info"' in page
    response = client.post(
        reverse("grants:proposal_transition", args=[proposal.pk]),
        {"to": "info_requested", "note": "", "return_on_answer": "on"},
    )
    proposal.refresh_from_db()
    assert proposal.state == S.ELIGIBLE  # no note: refused, nothing changed
    client.post(
        reverse("grants:proposal_transition", args=[proposal.pk]),
        {"to": "info_requested", "note": "Who runs the workshops?", "return_on_answer": "on"},
    )
    proposal.refresh_from_db()
    assert proposal.state == S.INFO_REQUESTED
    client.force_login(innovator)
    page = client.get(reverse("grants:proposal", args=[proposal.pk])).content.decode()
    assert "Who runs the workshops?" in page
    response = client.post(reverse("grants:messages", args=[proposal.pk]), {"body": "Our staff."})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == S.ELIGIBLE
    # empty message: an error, nothing saved
    client.post(reverse("grants:messages", args=[proposal.pk]), {"body": "  "})
    assert ProposalMessage.objects.filter(proposal=proposal).count() == 2
    # jurors do not take part in the thread
    assign(proposal, juror)
    client.force_login(juror)
    response = client.post(reverse("grants:messages", args=[proposal.pk]), {"body": "Hi"})
    assert response.status_code == 404
    page = client.get(reverse("grants:proposal", args=[proposal.pk])).content.decode()
    assert "Our staff." not in page


# --- decisions wait for the call to close and every review -------------------------------


@pytest.fixture
def decided(call, innovator, coordinator, juror):
    proposal = ProposalFactory(call=call, applicant=innovator, state=S.IN_REVIEW)
    review(proposal, juror, dict.fromkeys(call.criteria.all(), 4))
    services.record_decision(proposal=proposal, by=coordinator, outcome=Outcome.NOT_FUNDED)
    return proposal


def _close(call):
    GrantCall.objects.filter(pk=call.pk).update(
        opens_at=timezone.now() - datetime.timedelta(days=30),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    call.refresh_from_db()


def test_send_refused_while_the_call_is_open(call, decided, coordinator):
    with pytest.raises(ValidationError) as error:
        services.send_decisions(call=call, by=coordinator)
    assert "reason" in error.value.message_dict
    decided.refresh_from_db()
    assert decided.state == S.IN_REVIEW


def test_send_refused_while_a_review_is_missing(call, decided, cohort, coordinator):
    _close(call)
    other = ProposalFactory(call=call, state=S.IN_REVIEW, title="Waiting one")
    assign(other, juror_of(cohort))
    with pytest.raises(ValidationError) as error:
        services.send_decisions(call=call, by=coordinator)
    assert "“Waiting one”" in " ".join(error.value.message_dict["reason"])


def test_send_when_ready_needs_no_reason(call, decided, coordinator):
    _close(call)
    assert services.send_decisions(call=call, by=coordinator) == 1


def test_send_with_a_reason_is_logged(call, decided, coordinator):
    assert services.send_decisions(call=call, by=coordinator, reason="Board meets today.") == 1
    entry = ModelLogEntry.objects.for_instance(call).get(action="grants.decision.send")
    assert entry.data["reason"] == "Board meets today."
    assert entry.data["overridden"]


def test_send_page_asks_for_a_reason(client, call, decided, coordinator):
    client.force_login(coordinator)
    url = reverse("grants:decisions", args=[call.pk])
    response = client.post(url, {"action": "send"})
    assert response.status_code == 200
    assert "say why" in response.content.decode()
    decided.refresh_from_db()
    assert decided.state == S.IN_REVIEW
    response = client.post(url, {"action": "send", "send-reason": "Board meets today."})
    assert response.status_code == 302
    decided.refresh_from_db()
    assert decided.state == S.NOT_FUNDED


# --- blind mode is fixed by the first review ---------------------------------------------


def test_blind_mode_changes_before_the_first_review(call, coordinator):
    services.update_call(call=call, by=coordinator, blind_review=True)
    assert GrantCall.objects.get(pk=call.pk).blind_review is True


def test_blind_mode_locked_after_the_first_review(call, in_review, juror, coordinator, client):
    review(in_review, juror, dict.fromkeys(call.criteria.all(), 3))
    with pytest.raises(ValidationError) as error:
        services.update_call(call=call, by=coordinator, blind_review=True)
    assert "blind_review" in error.value.message_dict
    # the other settings still save
    services.update_call(call=call, by=coordinator, title="Renamed call")
    client.force_login(coordinator)
    url = reverse("grants:call_settings", args=[call.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: v for k, v in data.items() if v not in (None, False)}
    data.update(action="call", blind_review="on", title="Renamed again")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "blind_review" in response.context["form"].errors
    call.refresh_from_db()
    assert call.blind_review is False and call.title == "Renamed call"


# --- point 7: the conflict reason names the real cause -----------------------------------


def test_co_applicant_juror_of_another_organisation_is_not_same_organisation(
    call, cohort, innovator
):
    juror = add_member(cohort, Role.JURY, organisation="Sofia City Library")
    proposal = ProposalFactory(call=call, applicant=innovator)
    proposal.co_applicants.add(juror)
    reasons = conflicts_for_call(call, [juror])[(juror.pk, proposal.pk)]
    assert reasons == [ConflictReason.CO_APPLICANT]


def test_co_applicant_juror_of_the_applicants_organisation_is_both(call, cohort, innovator):
    juror = add_member(cohort, Role.JURY, organisation="Rijeka Public Library")
    proposal = ProposalFactory(call=call, applicant=innovator)
    proposal.co_applicants.add(juror)
    reasons = conflicts_for_call(call, [juror])[(juror.pk, proposal.pk)]
    assert reasons == [ConflictReason.CO_APPLICANT, ConflictReason.SAME_ORGANISATION]


def test_same_organisation_as_a_co_applicant(call, cohort, innovator):
    juror = add_member(cohort, Role.JURY, organisation="Tirana Library")
    partner = add_member(cohort, Role.INNOVATOR, organisation="tirana library")
    proposal = ProposalFactory(call=call, applicant=innovator)
    proposal.co_applicants.add(partner)
    reasons = conflicts_for_call(call, [juror])[(juror.pk, proposal.pk)]
    assert reasons == [ConflictReason.SAME_ORGANISATION]


def test_messages_in_the_data_export_and_erased_with_the_person(call, innovator, coordinator):
    from grants import privacy

    proposal = ProposalFactory(call=call, applicant=innovator, state=S.SUBMITTED)
    services.transition_proposal(proposal, S.INFO_REQUESTED, by=coordinator, note="Partners?")
    services.post_message(proposal=proposal, by=innovator, body="Ivana Innovator here: none.")
    exported = privacy.personal_data(innovator)["messages_written"]
    assert [row["message"] for row in exported] == ["Ivana Innovator here: none."]
    privacy.anonymise(innovator, {"Ivana Innovator": "Former member"})
    # a proposal that was not funded loses its thread with its texts
    assert not ProposalMessage.objects.filter(proposal=proposal).exists()


def test_history_labels_follow_the_reader_language(in_review, coordinator):
    from django.utils import translation

    from grants.views._helpers import proposal_history

    services.transition_proposal(in_review, S.SHORTLISTED, by=coordinator)
    with translation.override("el"):
        label = str(proposal_history(in_review, viewer="coordinator", blind=False)[0]["label"])
    assert label != "State changed"
