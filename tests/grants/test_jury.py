import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cohorts.enums import Role
from grants import services
from grants.conflicts import conflicts_for_call
from grants.enums import ConflictReason, ProposalState, ReviewState
from grants.models import JuryAssignment, Review, Score
from grants.selectors import proposals_for_juror
from tests.factories.cohorts import CohortFactory, add_member, assign_mentor
from tests.factories.grants import (
    ProposalFactory,
    assign,
    is_not_found,
    juror_of,
    make_call,
    review,
)

S = ProposalState


def visible(juror):
    return list(proposals_for_juror(juror))


def test_assigned_juror_sees_proposal(in_review, juror):
    assign(in_review, juror)
    assert visible(juror) == [in_review]


def test_unassigned_juror_sees_nothing(in_review, juror):
    assert visible(juror) == []


def test_juror_of_other_cohort_sees_nothing(in_review):
    outsider = juror_of(CohortFactory())
    assign(in_review, outsider)
    assert visible(outsider) == []


def test_same_organisation_conflict_hidden(in_review, cohort, innovator):
    juror = juror_of(cohort, organisation="rijeka public library ")
    assign(in_review, juror)
    assert visible(juror) == []
    assert conflicts_for_call(in_review.call, [juror]) == {
        (juror.pk, in_review.pk): [ConflictReason.SAME_ORGANISATION]
    }


def test_co_applicant_organisation_conflict_hidden(in_review, cohort, juror):
    partner = add_member(cohort, Role.INNOVATOR, organisation="Vienna Public Libraries")
    in_review.co_applicants.add(partner)
    assign(in_review, juror)
    assert visible(juror) == []


def test_co_applicant_conflict_hidden(in_review, cohort):
    juror = add_member(cohort, Role.JURY, organisation="Elsewhere")
    add_member(cohort, Role.INNOVATOR, user=juror)
    in_review.co_applicants.add(juror)
    assign(in_review, juror)
    assert visible(juror) == []
    # "Elsewhere" is not the applicant's organisation: only the real cause is named
    assert conflicts_for_call(in_review.call, [juror])[(juror.pk, in_review.pk)] == [
        ConflictReason.CO_APPLICANT,
    ]


def test_mentor_conflict_hidden(in_review, cohort, innovator):
    juror = juror_of(cohort, organisation="Future Library")
    add_member(cohort, Role.MENTOR, user=juror)
    assign_mentor(cohort, juror, innovator)
    assign(in_review, juror)
    assert visible(juror) == []
    assert conflicts_for_call(in_review.call, [juror])[(juror.pk, in_review.pk)] == [
        ConflictReason.MENTOR
    ]


def test_mentor_in_other_cohort_not_a_conflict(in_review, cohort, innovator, juror):
    other = CohortFactory()
    add_member(other, Role.MENTOR, user=juror)
    add_member(other, Role.INNOVATOR, user=innovator)
    assign_mentor(other, juror, innovator)
    assign(in_review, juror)
    assert visible(juror) == [in_review]


def test_same_country_conflict_only_when_call_says_so(in_review, cohort, innovator):
    juror = juror_of(cohort, country="HR", organisation="Zagreb City Libraries")
    assign(in_review, juror)
    assert visible(juror) == [in_review]
    in_review.call.same_country_conflicts = True
    in_review.call.save()
    assert visible(juror) == []


def test_declared_conflict_hides_and_drops_review(in_review, juror, call):
    review(in_review, juror, dict.fromkeys(call.criteria.all(), 3), state=ReviewState.DRAFT)
    services.declare_conflict(proposal=in_review, by=juror, note="My cousin.")
    assert visible(juror) == []
    assert JuryAssignment.objects.count() == 0
    assert Review.objects.count() == 0
    assert conflicts_for_call(call, [juror]) == {
        (juror.pk, in_review.pk): [ConflictReason.DECLARED]
    }


def test_declare_conflict_by_non_juror_refused(in_review, innovator):
    with pytest.raises(PermissionDenied):
        services.declare_conflict(proposal=in_review, by=innovator)


def test_conflicted_juror_gets_404_by_url(client, in_review, cohort):
    juror = juror_of(cohort, organisation="Rijeka Public Library")
    assign(in_review, juror)
    client.force_login(juror)
    for name in ("grants:proposal", "grants:review", "grants:revisions"):
        assert is_not_found(client.get(reverse(name, args=[in_review.pk]))), name


def test_jury_conflicts_page_declares(client, in_review, juror, call):
    client.force_login(juror)
    response = client.post(
        reverse("grants:jury_conflicts", args=[call.pk]), {"proposal": in_review.pk, "note": "x"}
    )
    assert response.status_code == 302
    assert in_review.conflicts.get().juror == juror


def test_assign_conflicted_juror_refused(in_review, cohort, coordinator):
    juror = juror_of(cohort, organisation="Rijeka Public Library")
    with pytest.raises(ValidationError) as error:
        services.assign_juror(proposal=in_review, juror=juror, by=coordinator)
    assert error.value.messages == [
        f"{juror.full_name} has a conflict of interest with this proposal: "
        "same organisation as an applicant."
    ]
    assert JuryAssignment.objects.count() == 0


def test_assign_by_other_cohort_coordinator_refused(in_review, juror):
    outsider = add_member(CohortFactory(), Role.COORDINATOR)
    with pytest.raises(PermissionDenied):
        services.assign_juror(proposal=in_review, juror=juror, by=outsider)


def test_assign_non_juror_refused(in_review, cohort, coordinator):
    mentor = add_member(cohort, Role.MENTOR)
    with pytest.raises(ValidationError):
        services.assign_juror(proposal=in_review, juror=mentor, by=coordinator)


def test_auto_assign_balances_and_avoids_conflicts(cohort, call, coordinator):
    jurors = [juror_of(cohort, organisation=f"Org {i}", full_name=f"Juror {i}") for i in range(4)]
    proposals = [
        ProposalFactory(
            call=call,
            state=S.IN_REVIEW,
            applicant=add_member(cohort, Role.INNOVATOR, organisation=f"Lib {i}"),
        )
        for i in range(6)
    ]
    services.declare_conflict(proposal=proposals[0], by=jurors[0])
    created, short = services.auto_assign(call=call, by=coordinator, per_proposal=2)
    assert (created, short) == (12, [])
    loads = sorted(JuryAssignment.objects.filter(juror=j).count() for j in jurors)
    assert loads == [3, 3, 3, 3]
    assert not JuryAssignment.objects.filter(proposal=proposals[0], juror=jurors[0]).exists()
    assert all(p.assignments.count() == 2 for p in proposals)


def test_auto_assign_reports_shortfall(cohort, call, coordinator, in_review, juror):
    created, short = services.auto_assign(call=call, by=coordinator, per_proposal=2)
    assert created == 1
    assert short == [in_review]


def test_assignment_page_auto_assign(client, cohort, call, coordinator, in_review, juror):
    client.force_login(coordinator)
    response = client.post(
        reverse("grants:assignments", args=[call.pk]), {"action": "auto", "auto-per_proposal": "1"}
    )
    assert response.status_code == 302
    assert JuryAssignment.objects.get().juror == juror


def test_assignment_page_bad_input(client, call, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("grants:assignments", args=[call.pk]), {"action": "auto", "auto-per_proposal": "0"}
    )
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 1." in response.content.decode()
    assert JuryAssignment.objects.count() == 0


def test_assignment_page_other_cohort_404(client, call):
    client.force_login(add_member(CohortFactory(), Role.COORDINATOR))
    assert is_not_found(client.get(reverse("grants:assignments", args=[call.pk])))


# Reviews -------------------------------------------------------------------------------


def criteria_of(call):
    return list(call.criteria.order_by("position"))


def test_review_submit_saves_scores_and_freezes_rubric(in_review, juror, call):
    assign(in_review, juror)
    c1, c2 = criteria_of(call)
    result = services.save_review(
        proposal=in_review,
        by=juror,
        scores={c1.pk: "4", c2.pk: "5"},
        recommendation="yes",
        submit=True,
    )
    assert result.state == ReviewState.SUBMITTED
    assert sorted(Score.objects.values_list("value", flat=True)) == [4, 5]
    call.refresh_from_db()
    assert call.rubric_frozen_at is not None
    with pytest.raises(ValidationError):
        services.update_criterion(criterion=c1, by=None, weight=2)
    with pytest.raises(ValidationError):
        services.create_criterion(call=call, by=None, name="Late")
    with pytest.raises(ValidationError):
        services.delete_criterion(criterion=c2, by=None)


def test_rubric_editable_before_first_review(call, coordinator):
    criterion = call.criteria.first()
    assert services.update_criterion(criterion=criterion, by=coordinator, weight=3).weight == 3


def test_review_draft_does_not_freeze_rubric(in_review, juror, call):
    assign(in_review, juror)
    services.save_review(proposal=in_review, by=juror, scores={}, submit=False)
    call.refresh_from_db()
    assert call.rubric_frozen_at is None


def test_review_score_outside_scale_refused(in_review, juror, call):
    assign(in_review, juror)
    c1, c2 = criteria_of(call)
    with pytest.raises(ValidationError) as error:
        services.save_review(
            proposal=in_review,
            by=juror,
            scores={c1.pk: "6", c2.pk: "0"},
            recommendation="no",
            submit=True,
        )
    assert error.value.message_dict == {
        f"criterion_{c1.pk}": ["Give a score from 1 to 5."],
        f"criterion_{c2.pk}": ["Give a score from 1 to 5."],
    }
    assert Review.objects.count() == 0


def test_review_na_for_required_refused(in_review, juror, call):
    assign(in_review, juror)
    c1, c2 = criteria_of(call)
    with pytest.raises(ValidationError) as error:
        services.save_review(
            proposal=in_review,
            by=juror,
            scores={c1.pk: "na", c2.pk: "3"},
            recommendation="no",
            submit=True,
        )
    assert error.value.message_dict == {
        f"criterion_{c1.pk}": ["This criterion is required; n/a is not allowed."]
    }


def test_review_na_for_optional_stored_as_null(in_review, juror, call):
    assign(in_review, juror)
    c1, c2 = criteria_of(call)
    c2.required = False
    c2.save()
    services.save_review(
        proposal=in_review,
        by=juror,
        scores={c1.pk: "3", c2.pk: "na"},
        recommendation="maybe",
        submit=True,
    )
    assert Score.objects.get(criterion=c2).value is None


def test_review_unassigned_juror_refused(in_review, juror, call):
    c1, c2 = criteria_of(call)
    with pytest.raises(PermissionDenied):
        services.save_review(
            proposal=in_review,
            by=juror,
            scores={c1.pk: "3", c2.pk: "3"},
            recommendation="no",
            submit=True,
        )


def test_review_conflicted_juror_refused(in_review, cohort, call):
    juror = juror_of(cohort, organisation="Rijeka Public Library")
    assign(in_review, juror)
    with pytest.raises(PermissionDenied):
        services.save_review(proposal=in_review, by=juror, scores={}, submit=False)


def test_review_twice_keeps_one_record(client, in_review, juror, call):
    """Two tabs submitting the same review: one review, the last answers win."""
    assign(in_review, juror)
    c1, c2 = criteria_of(call)
    client.force_login(juror)
    url = reverse("grants:review", args=[in_review.pk])
    for value in ("3", "4"):
        response = client.post(
            url,
            {
                f"criterion_{c1.pk}": value,
                f"criterion_{c2.pk}": "2",
                "recommendation": "maybe",
                "submit": "1",
            },
        )
        assert response.status_code == 302
    assert Review.objects.count() == 1
    assert Score.objects.count() == 2
    assert Score.objects.get(criterion=c1).value == 4


def test_review_form_bad_input_shows_error(client, in_review, juror, call):
    assign(in_review, juror)
    c1, c2 = criteria_of(call)
    client.force_login(juror)
    response = client.post(
        reverse("grants:review", args=[in_review.pk]),
        {f"criterion_{c1.pk}": "4", "comment_to_applicant": "Nice.", "submit": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Score this criterion." in html
    assert "Recommend yes, maybe or no." in html
    assert "Nice." in html
    assert Review.objects.count() == 0


def test_other_reviews_hidden_until_own_submitted(client, in_review, juror, cohort, call):
    other = juror_of(cohort, full_name="Olga Otherjuror", organisation="Other")
    review(
        in_review,
        other,
        dict.fromkeys(call.criteria.all(), 5),
        comment="Lovely idea",
        note="Secret note",
    )
    assign(in_review, juror)
    client.force_login(juror)
    url = reverse("grants:proposal", args=[in_review.pk])
    html = client.get(url).content.decode()
    assert "Olga Otherjuror" not in html
    assert "Secret note" not in html
    assert "Other jurors' reviews appear here once you have submitted yours." in html
    services.save_review(
        proposal=in_review, by=juror, scores={c.pk: "3" for c in call.criteria.all()}, submit=False
    )
    assert "Olga Otherjuror" not in client.get(url).content.decode()
    services.save_review(
        proposal=in_review,
        by=juror,
        scores={c.pk: "3" for c in call.criteria.all()},
        recommendation="no",
        submit=True,
    )
    html = client.get(url).content.decode()
    assert "Olga Otherjuror" in html
    assert "Secret note" in html


def test_applicant_never_sees_reviews_or_private_notes(client, in_review, innovator, juror, call):
    review(
        in_review,
        juror,
        dict.fromkeys(call.criteria.all(), 5),
        comment="Lovely",
        note="Secret note",
    )
    client.force_login(innovator)
    html = client.get(reverse("grants:proposal", args=[in_review.pk])).content.decode()
    assert "Secret note" not in html
    assert "Jules Juror" not in html


def test_jury_home_lists_only_unconflicted(client, cohort, call, juror, django_assert_num_queries):
    def make(n):
        for i in range(n):
            p = ProposalFactory(
                call=call,
                state=S.IN_REVIEW,
                applicant=add_member(cohort, Role.INNOVATOR, organisation=f"L{i}{n}"),
            )
            assign(p, juror)
        bad = ProposalFactory(
            call=call,
            state=S.IN_REVIEW,
            applicant=add_member(cohort, Role.INNOVATOR, organisation="Vienna Public Libraries"),
        )
        assign(bad, juror)

    client.force_login(juror)
    url = reverse("grants:jury", args=[call.pk])
    make(1)
    client.get(url)
    with django_assert_num_queries(8):
        response = client.get(url)
    assert len(response.context["rows"]) == 1
    make(3)
    with django_assert_num_queries(8):
        response = client.get(url)
    assert len(response.context["rows"]) == 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_double_submit_concurrently_keeps_one_review(cohort):
    """Two threads submit the same review at once: one row, both succeed (PostgreSQL)."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    call = make_call(cohort)
    juror = juror_of(cohort)
    proposal = ProposalFactory(call=call, state=S.IN_REVIEW)
    assign(proposal, juror)
    scores = {c.pk: "3" for c in call.criteria.all()}
    errors = []
    barrier = threading.Barrier(2)

    def submit():
        try:
            barrier.wait()
            services.save_review(
                proposal=proposal, by=juror, scores=scores, recommendation="yes", submit=True
            )
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Review.objects.filter(proposal=proposal, juror=juror).count() == 1
    assert Score.objects.filter(review__proposal=proposal).count() == 2


def test_review_after_review_phase_closed_refused(in_review, juror, call):
    import datetime

    from django.utils import timezone

    call.reviews_close_at = timezone.now() - datetime.timedelta(seconds=1)
    call.save()
    assign(in_review, juror)
    with pytest.raises(ValidationError) as error:
        services.save_review(proposal=in_review, by=juror, scores={}, submit=False)
    assert error.value.messages == ["The review phase has closed."]
    assert Review.objects.count() == 0


def test_review_of_proposal_not_in_review_refused(call, innovator, juror):
    proposal = ProposalFactory(call=call, applicant=innovator, state=S.ELIGIBLE)
    assign(proposal, juror)
    with pytest.raises(ValidationError) as error:
        services.save_review(proposal=proposal, by=juror, scores={}, submit=False)
    assert error.value.messages == ["This proposal is not in review."]


def test_garbage_ids_give_404_not_500(client, call, coordinator, juror):
    client.force_login(juror)
    response = client.post(reverse("grants:jury_conflicts", args=[call.pk]), {"proposal": "abc"})
    assert is_not_found(response)
    client.force_login(coordinator)
    for data in ({"proposal": "1e9"}, {"action": "send", "proposal": "x", "send-reason": "test"}):
        response = client.post(reverse("grants:decisions", args=[call.pk]), data)
        assert response.status_code in (302, 404) or is_not_found(response)
    response = client.post(
        reverse("grants:assignments", args=[call.pk]), {"action": "unassign", "assignment": "--"}
    )
    assert is_not_found(response)
