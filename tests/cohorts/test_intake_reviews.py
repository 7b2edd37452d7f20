"""Several reviewers per application: the call's rubric, blind reviews, the list's figures.

Coordinators and the ambassador of the applicant's country each score an application on the
call's criteria, with their own note and recommendation; the selection list shows the mean
of the reviews' weighted totals, their number, their spread and the recommendations.
"""

import csv
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cohorts.enums import Role
from cohorts.intake import selectors as intake_selectors
from cohorts.intake import services as intake
from cohorts.intake.enums import ApplicationState, ReviewRecommendation
from cohorts.models import (
    Application,
    ApplicationReview,
    ApplicationScore,
    Membership,
    ReviewCriterion,
)
from kohorta.privacy import anonymise_person, anonymous_name, export_personal_data
from notifications.models import Notification
from tests.factories.cohorts import PASSWORD, CohortFactory, MembershipFactory, add_member
from tests.factories.intake import ApplicationFactory, CallFactory, ReviewCriterionFactory

pytestmark = pytest.mark.django_db

NOTE = "QxCoordinatorReviewNote"


@pytest.fixture
def cohort():
    return CohortFactory()


@pytest.fixture
def criteria(cohort):
    call = CallFactory(cohort=cohort)
    return [
        ReviewCriterionFactory(call=call, name="Motivation", weight=Decimal("2")),
        ReviewCriterionFactory(call=call, name="Innovation idea"),
    ]


@pytest.fixture
def coordinator(cohort):
    return add_member(cohort, Role.COORDINATOR, full_name="Eleni Coordinator")


@pytest.fixture
def ambassador(cohort):
    return _ambassador(cohort, "RS")


def _ambassador(cohort, country):
    user = add_member(cohort, Role.INNOVATOR, country=country, full_name=f"Amb {country}")
    Membership.objects.filter(user=user).delete()
    MembershipFactory(user=user, cohort=cohort, role=Role.AMBASSADOR, country=country)
    return user


def _login(client, user):
    client.login(username=user.email, password=PASSWORD)


def _scores(criteria, *values):
    return {criterion.pk: value for criterion, value in zip(criteria, values, strict=True)}


def _review(application, by, criteria, *values, recommendation="none", note="", submit=True):
    return intake.save_review(
        application=application,
        by=by,
        scores=_scores(criteria, *values),
        note=note,
        recommendation=recommendation,
        submit=submit,
    )


def _detail(cohort, application):
    return reverse("cohorts:application_detail", args=[cohort.pk, application.pk])


def _review_url(cohort, application):
    return reverse("cohorts:application_review", args=[cohort.pk, application.pk])


def _list(cohort, **query):
    url = reverse("cohorts:applications", args=[cohort.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


# Who may review --------------------------------------------------------------------------


def test_rules_per_role(cohort, criteria, coordinator, ambassador):
    rs = ApplicationFactory(cohort=cohort, country="RS")
    mk = ApplicationFactory(cohort=cohort, country="MK")
    observer = add_member(cohort, Role.OBSERVER)
    others = {role: add_member(cohort, role) for role in (Role.INNOVATOR, Role.MENTOR, Role.JURY)}
    other_coordinator = add_member(CohortFactory(), Role.COORDINATOR)
    assert coordinator.has_perm("cohorts.review_application", rs)
    assert coordinator.has_perm("cohorts.review_application", mk)
    assert coordinator.has_perm("cohorts.view_all_reviews", cohort)
    assert ambassador.has_perm("cohorts.review_application", rs)
    assert not ambassador.has_perm("cohorts.review_application", mk)
    assert not ambassador.has_perm("cohorts.view_all_reviews", cohort)
    assert not ambassador.has_perm("cohorts.decide_application", rs)
    # Observers read every review's figures (the list) and write none.
    assert observer.has_perm("cohorts.view_all_reviews", cohort)
    assert not observer.has_perm("cohorts.review_applications", cohort)
    assert not observer.has_perm("cohorts.review_application", rs)
    for person in [*others.values(), other_coordinator]:
        assert not person.has_perm("cohorts.review_application", rs)
        assert not person.has_perm("cohorts.view_all_reviews", cohort)
    for person in [observer, *others.values(), other_coordinator]:
        with pytest.raises(PermissionDenied):
            _review(rs, person, criteria, 3, 3)
    with pytest.raises(PermissionDenied):
        _review(mk, ambassador, criteria, 3, 3)
    assert ApplicationReview.objects.count() == 0


# The reviewing flow ----------------------------------------------------------------------


def test_draft_may_be_partial_submission_needs_every_score(cohort, criteria, ambassador):
    application = ApplicationFactory(cohort=cohort, country="RS")
    draft = intake.save_review(
        application=application, by=ambassador, scores={criteria[0].pk: 4}, submit=False
    )
    assert draft.submitted_at is None
    assert list(draft.scores.values_list("value", flat=True)) == [4]
    with pytest.raises(ValidationError) as error:
        intake.save_review(
            application=application, by=ambassador, scores={criteria[0].pk: 4}, submit=True
        )
    assert error.value.message_dict == {
        f"criterion_{criteria[1].pk}": ["Score this criterion to submit."]
    }
    review = _review(application, ambassador, criteria, 4, 5, recommendation="accept")
    assert review.pk == draft.pk
    assert review.submitted_at is not None
    assert ApplicationReview.objects.count() == 1
    assert sorted(ApplicationScore.objects.values_list("value", flat=True)) == [4, 5]


def test_a_submitted_review_changes_until_the_decision(cohort, criteria, coordinator, ambassador):
    application = ApplicationFactory(cohort=cohort, country="RS")
    first = _review(application, ambassador, criteria, 2, 2)
    submitted_at = first.submitted_at
    again = _review(application, ambassador, criteria, 5, 4, recommendation="waitlist")
    assert again.submitted_at == submitted_at
    assert again.recommendation == ReviewRecommendation.WAITLIST
    # A submitted review cannot lose a score.
    with pytest.raises(ValidationError):
        intake.save_review(application=application, by=ambassador, scores={criteria[0].pk: 3})
    intake.transition_application(application, ApplicationState.ACCEPTED, by=coordinator)
    with pytest.raises(ValidationError) as error:
        _review(application, ambassador, criteria, 1, 1)
    assert error.value.code == "reviews_closed"
    assert sorted(ApplicationScore.objects.values_list("value", flat=True)) == [4, 5]


def test_no_rubric_no_review(cohort, coordinator):
    CallFactory(cohort=cohort)
    application = ApplicationFactory(cohort=cohort)
    with pytest.raises(ValidationError) as error:
        intake.save_review(application=application, by=coordinator, scores={})
    assert error.value.code == "no_rubric"


def test_review_page_flow(client, cohort, criteria, ambassador):
    application = ApplicationFactory(cohort=cohort, country="RS")
    _login(client, ambassador)
    page = client.get(_detail(cohort, application))
    assert page.status_code == 200
    assert 'id="your-review"' in page.content.decode()
    response = client.post(
        _review_url(cohort, application),
        {
            f"criterion_{criteria[0].pk}": "4",
            f"criterion_{criteria[1].pk}": "3",
            "note": "Clear plan.",
            "recommendation": "accept",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#your-review")
    review = ApplicationReview.objects.get()
    assert (review.reviewer, review.note, review.recommendation) == (
        ambassador,
        "Clear plan.",
        "accept",
    )
    assert review.submitted_at is not None


def test_score_out_of_range_shows_error_next_to_field_and_saves_nothing(
    client, cohort, criteria, ambassador
):
    application = ApplicationFactory(cohort=cohort, country="RS")
    _login(client, ambassador)
    response = client.post(
        _review_url(cohort, application),
        {
            f"criterion_{criteria[0].pk}": "7",
            f"criterion_{criteria[1].pk}": "3",
            "note": "QxNotSaved",
            "recommendation": "accept",
            "submit": "1",
        },
    )
    assert response.status_code == 200
    form = response.context["review_form"]
    assert form.errors == {f"criterion_{criteria[0].pk}": ["Give a score from 1 to 5."]}
    assert "Give a score from 1 to 5." in response.content.decode()
    assert ApplicationReview.objects.count() == 0
    assert ApplicationScore.objects.count() == 0


def test_submitting_with_a_missing_score_keeps_the_others_and_saves_nothing(
    client, cohort, criteria, ambassador
):
    application = ApplicationFactory(cohort=cohort, country="RS")
    _login(client, ambassador)
    response = client.post(
        _review_url(cohort, application),
        {f"criterion_{criteria[0].pk}": "4", "recommendation": "none", "submit": "1"},
    )
    assert response.status_code == 200
    form = response.context["review_form"]
    assert form.errors == {f"criterion_{criteria[1].pk}": ["Score this criterion to submit."]}
    assert form[f"criterion_{criteria[0].pk}"].value() == "4"
    assert ApplicationReview.objects.count() == 0


def test_ambassador_of_another_country_gets_404(client, cohort, criteria):
    application = ApplicationFactory(cohort=cohort, country="MK")
    serbian = _ambassador(cohort, "RS")
    _login(client, serbian)
    assert client.get(_detail(cohort, application)).status_code == 404
    response = client.post(
        _review_url(cohort, application),
        {f"criterion_{criteria[0].pk}": "4", f"criterion_{criteria[1].pk}": "3", "submit": "1"},
    )
    assert response.status_code == 404
    assert ApplicationReview.objects.count() == 0


def test_ambassador_recommends_but_cannot_decide(client, cohort, criteria, ambassador):
    application = ApplicationFactory(cohort=cohort, country="RS")
    _login(client, ambassador)
    page = client.get(_detail(cohort, application)).content.decode()
    assert reverse("cohorts:application_decide", args=[cohort.pk, application.pk]) not in page
    response = client.post(
        reverse("cohorts:application_decide", args=[cohort.pk, application.pk]),
        {"state": ApplicationState.ACCEPTED},
    )
    assert response.status_code == 404
    assert Application.objects.get(pk=application.pk).state == ApplicationState.SUBMITTED


def test_applicant_never_sees_a_score_or_note(client, cohort, criteria, coordinator, ambassador):
    applicant = add_member(cohort, Role.INNOVATOR, country="RS")
    application = ApplicationFactory(cohort=cohort, user=applicant, country="RS")
    _review(application, coordinator, criteria, 5, 5, note=NOTE, recommendation="accept")
    _login(client, applicant)
    assert client.get(_detail(cohort, application)).status_code == 404
    assert client.get(_list(cohort)).status_code == 404
    response = client.post(
        _review_url(cohort, application),
        {f"criterion_{criteria[0].pk}": "5", f"criterion_{criteria[1].pk}": "5", "submit": "1"},
    )
    assert response.status_code == 404
    for url in (reverse("dashboard"), reverse("cohorts:call_detail", args=[cohort.pk])):
        response = client.get(url, follow=True)
        assert NOTE not in response.content.decode()
    # Nothing of the reviews is in their data export before the decision is sent.
    exported = export_personal_data(applicant)["sections"]["intake"]["applications"][0]
    assert "assessment" not in exported
    assert NOTE not in str(export_personal_data(applicant))
    assert intake_selectors.application_reviews(applicant, application, criteria) == {
        "own": None,
        "others": [],
        "blind": False,
        "summary": None,
    }


# Blind until submitted -------------------------------------------------------------------


def test_reviewer_sees_others_only_after_submitting(
    client, cohort, criteria, coordinator, ambassador
):
    application = ApplicationFactory(cohort=cohort, country="RS")
    _review(application, coordinator, criteria, 5, 4, note=NOTE, recommendation="accept")
    _login(client, ambassador)
    page = client.get(_detail(cohort, application))
    assert page.context["blind"] is True
    assert page.context["other_reviews"] == []
    assert page.context["summary"] is None
    assert NOTE not in page.content.decode()
    listed = client.get(_list(cohort)).context["page"][0]
    assert listed.review_count == 1
    assert listed.review_mean is None
    assert listed.review_spread is None
    assert listed.recommendations == []
    # A draft is not enough.
    _review(application, ambassador, criteria, 3, 3, submit=False)
    assert NOTE not in client.get(_detail(cohort, application)).content.decode()
    _review(application, ambassador, criteria, 3, 3, recommendation="waitlist")
    page = client.get(_detail(cohort, application))
    assert page.context["blind"] is False
    assert NOTE in page.content.decode()
    listed = client.get(_list(cohort)).context["page"][0]
    assert listed.review_count == 2
    assert listed.review_mean == pytest.approx((14 / 3 + 3) / 2)


def test_coordinators_see_every_review_at_once(client, cohort, criteria, coordinator, ambassador):
    application = ApplicationFactory(cohort=cohort, country="RS")
    _review(application, ambassador, criteria, 2, 3, note=NOTE, recommendation="decline")
    _login(client, coordinator)
    page = client.get(_detail(cohort, application))
    assert page.context["blind"] is False
    assert [review.reviewer for review in page.context["other_reviews"]] == [ambassador]
    body = page.content.decode()
    assert NOTE in body
    assert "You see every submitted review as soon as it is in." in body
    # Another reviewer's draft stays theirs.
    other = add_member(cohort, Role.COORDINATOR)
    _review(application, other, criteria, 1, 1, note="QxDraftNote", submit=False)
    assert "QxDraftNote" not in client.get(_detail(cohort, application)).content.decode()


def test_observer_sees_the_figures_read_only(client, cohort, criteria, coordinator):
    application = ApplicationFactory(cohort=cohort)
    _review(application, coordinator, criteria, 5, 5, recommendation="accept")
    observer = add_member(cohort, Role.OBSERVER)
    _login(client, observer)
    response = client.get(_list(cohort))
    row = response.context["page"][0]
    assert (row.review_mean, row.review_count, row.recommendations) == (5.0, 1, [("Accept", 1)])
    assert not response.context["can_review"]
    assert client.get(_detail(cohort, application)).status_code == 404
    assert client.post(_review_url(cohort, application), {}).status_code == 404


# The list's figures ----------------------------------------------------------------------


def test_list_shows_mean_count_spread_and_recommendations(client, cohort, criteria, coordinator):
    application = ApplicationFactory(cohort=cohort)
    other = add_member(cohort, Role.COORDINATOR)
    third = add_member(cohort, Role.COORDINATOR)
    # Weighted totals: (2·5 + 1·2) / 3 = 4.0 and (2·3 + 1·3) / 3 = 3.0; a draft does not count.
    _review(application, coordinator, criteria, 5, 2, recommendation="accept")
    _review(application, other, criteria, 3, 3, recommendation="waitlist")
    _review(application, third, criteria, 1, 1, recommendation="decline", submit=False)
    _login(client, coordinator)
    response = client.get(_list(cohort))
    row = response.context["page"][0]
    assert row.review_count == 2
    assert row.review_mean == pytest.approx(3.5)
    assert row.review_spread == pytest.approx(1.0)
    assert row.recommendations == [("Accept", 1), ("Waiting list", 1)]
    assert row.own_review == "submitted"
    body = response.content.decode()
    assert "Mean (1–5)" in body
    assert "<strong>3.5</strong>" in body
    assert "1 accept, 1 waiting list" in body


def test_mean_is_shown_on_the_rubric_scale_when_scales_differ(client, cohort, coordinator):
    call = CallFactory(cohort=cohort)
    ten = ReviewCriterionFactory(call=call, scale_max=10)
    five = ReviewCriterionFactory(call=call, scale_max=5)
    application = ApplicationFactory(cohort=cohort)
    _review(application, coordinator, [ten, five], 10, 5)
    row = intake_selectors.reviewable_applications(coordinator, cohort, criteria=[ten, five]).get()
    assert row.review_mean == pytest.approx(10.0)
    assert getattr(row, f"criterion_{ten.pk}") == 10
    assert getattr(row, f"criterion_{five.pk}") == 5


def test_list_sorts_by_mean_and_by_count(client, cohort, criteria, coordinator):
    other = add_member(cohort, Role.COORDINATOR)
    low = ApplicationFactory(cohort=cohort)
    high = ApplicationFactory(cohort=cohort)
    none = ApplicationFactory(cohort=cohort)
    _review(low, coordinator, criteria, 1, 1)
    _review(high, coordinator, criteria, 5, 5)
    _review(high, other, criteria, 4, 4)
    _login(client, coordinator)

    def order(sort):
        return [row.pk for row in client.get(_list(cohort, sort=sort)).context["page"]]

    assert order("mean") == [low.pk, high.pk, none.pk]
    assert order("-mean") == [high.pk, low.pk, none.pk]
    assert order("reviews") == [low.pk, high.pk, none.pk]
    assert order("-reviews") == [high.pk, low.pk, none.pk]


def test_blind_reviewer_cannot_learn_the_order_by_mean(client, cohort, criteria, coordinator):
    ambassador = _ambassador(cohort, "RS")
    low = ApplicationFactory(cohort=cohort, country="RS")
    high = ApplicationFactory(cohort=cohort, country="RS")
    _review(low, coordinator, criteria, 1, 1)
    _review(high, coordinator, criteria, 5, 5)
    _login(client, ambassador)
    rows = client.get(_list(cohort, sort="-mean")).context["page"]
    assert [row.pk for row in rows] == [low.pk, high.pk]  # by submission: nothing to sort on
    assert [row.review_mean for row in rows] == [None, None]


@pytest.mark.parametrize("size", [5, 50])
def test_list_query_count_with_reviews(
    client, cohort, criteria, coordinator, django_assert_num_queries, size
):
    other = add_member(cohort, Role.COORDINATOR)
    for n in range(size):
        application = ApplicationFactory(cohort=cohort)
        _review(application, coordinator, criteria, 1 + n % 5, 3, recommendation="accept")
        _review(application, other, criteria, 2, 1 + n % 5, recommendation="decline")
    _login(client, coordinator)
    with django_assert_num_queries(12):
        response = client.get(_list(cohort, sort="-mean"))
    assert len(response.context["page"]) == size


@pytest.mark.parametrize("size", [5, 50])
def test_ambassador_list_query_count_with_reviews(
    client, cohort, criteria, coordinator, ambassador, django_assert_num_queries, size
):
    for n in range(size):
        application = ApplicationFactory(cohort=cohort, country="RS")
        _review(application, coordinator, criteria, 1 + n % 5, 3)
        if n % 2:
            _review(application, ambassador, criteria, 2, 2)
    _login(client, ambassador)
    with django_assert_num_queries(10):
        response = client.get(_list(cohort, sort="reviews"))
    assert len(response.context["page"]) == size


@pytest.mark.parametrize("size", [1, 3])
def test_detail_query_count_with_reviews(
    client, cohort, criteria, coordinator, django_assert_num_queries, size
):
    application = ApplicationFactory(cohort=cohort)
    for _ in range(size):
        reviewer = add_member(cohort, Role.COORDINATOR)
        _review(application, reviewer, criteria, 3, 4, note="Fine.")
    _login(client, coordinator)
    with django_assert_num_queries(16):
        response = client.get(_detail(cohort, application))
    assert len(response.context["other_reviews"]) == size


def test_export_has_the_review_columns(client, cohort, criteria, coordinator):
    application = ApplicationFactory(cohort=cohort)
    other = add_member(cohort, Role.COORDINATOR)
    _review(application, coordinator, criteria, 5, 2, recommendation="accept")
    _review(application, other, criteria, 3, 3, recommendation="accept")
    ApplicationFactory(cohort=cohort)  # no reviews yet
    _login(client, coordinator)
    response = client.get(reverse("cohorts:applications_csv", args=[cohort.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[0]
    start = header.index("Mean score (1–5)")
    assert header[start : start + 8] == [
        "Mean score (1–5)",
        "Reviews",
        "Spread",
        "Recommend: Accept",
        "Recommend: Waiting list",
        "Recommend: Decline",
        "Mean: Motivation",
        "Mean: Innovation idea",
    ]
    assert rows[1][start : start + 8] == ["3.5", "2", "1.0", "2", "0", "0", "4.0", "2.5"]
    assert rows[2][start : start + 8] == ["", "0", "", "0", "0", "0", "", ""]
    xlsx = client.get(reverse("cohorts:applications_xlsx", args=[cohort.pk]))
    assert xlsx.status_code == 200


# The rubric ------------------------------------------------------------------------------


def _call_post(criteria_rows, **extra):
    data = {
        "deadline": "2027-01-31T12:00",
        "introduction": "",
        "country_cap_percent": "",
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "20",
        "criteria-TOTAL_FORMS": str(len(criteria_rows)),
        "criteria-INITIAL_FORMS": str(sum(1 for row in criteria_rows if row.get("id"))),
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "12",
    }
    for n, row in enumerate(criteria_rows):
        for key, value in row.items():
            data[f"criteria-{n}-{key}"] = value
    data.update(extra)
    return data


def test_coordinator_sets_the_rubric_on_the_call_page(client, cohort, coordinator):
    _login(client, coordinator)
    url = reverse("cohorts:call_settings", args=[cohort.pk])
    response = client.post(
        url,
        _call_post(
            [
                {"name": "Motivation", "scale_max": "5", "weight": "2"},
                {"name": "Innovation idea", "description": "Is it new here?"},
                {"name": ""},
            ]
        ),
    )
    assert response.status_code == 302
    assert list(ReviewCriterion.objects.values_list("name", "scale_max", "weight", "position")) == [
        ("Motivation", 5, Decimal("2.0"), 0),
        ("Innovation idea", 5, Decimal("1.0"), 1),
    ]
    page = client.get(url).content.decode()
    assert "Review rubric" in page and 'value="Motivation"' in page


def test_a_scored_criterion_keeps_its_scale_and_stays(client, cohort, criteria, coordinator):
    _review(ApplicationFactory(cohort=cohort), coordinator, criteria, 4, 4)
    _login(client, coordinator)
    url = reverse("cohorts:call_settings", args=[cohort.pk])
    rows = [
        {"id": criteria[0].pk, "name": "Motivation", "scale_max": "5", "weight": "2"},
        {"id": criteria[1].pk, "name": "Innovation idea", "scale_max": "5", "weight": "1"},
    ]
    page = client.get(url)
    assert page.context["rubric"].forms[0].fields["scale_max"].disabled is True
    # The service refuses a new scale (the disabled field keeps it in the browser).
    with pytest.raises(ValidationError) as error:
        intake.save_rubric(
            call=cohort.call,
            by=coordinator,
            criteria=[{"id": criteria[0].pk, "name": "Motivation", "scale_max": 10}],
        )
    assert "its scale can no longer change" in str(error.value)
    # Removing a scored criterion: refused with a clear message, nothing saved.
    response = client.post(url, _call_post([rows[0]], introduction="QxNotSaved"))
    assert response.status_code == 200
    assert (
        "Reviewers have scored “Innovation idea” already; it cannot be removed"
        in response.content.decode()
    )
    assert ReviewCriterion.objects.count() == 2
    assert cohort.call.__class__.objects.get(pk=cohort.call.pk).introduction == ""
    # Renaming and reweighting are fine.
    rows[1]["name"] = "Idea"
    rows[1]["weight"] = "0.5"
    assert client.post(url, _call_post(rows)).status_code == 302
    assert ReviewCriterion.objects.get(pk=criteria[1].pk).name == "Idea"


def test_a_bad_criterion_shows_the_error_next_to_it(client, cohort, coordinator):
    _login(client, coordinator)
    url = reverse("cohorts:call_settings", args=[cohort.pk])
    response = client.post(url, _call_post([{"name": "Motivation", "scale_max": "11"}]))
    assert response.status_code == 200
    assert response.context["rubric"].forms[0].errors == {
        "scale_max": ["Ensure this value is less than or equal to 10."]
    }
    assert ReviewCriterion.objects.count() == 0


def test_ambassador_cannot_set_the_rubric(client, cohort, criteria, ambassador):
    _login(client, ambassador)
    url = reverse("cohorts:call_settings", args=[cohort.pk])
    assert client.post(url, _call_post([{"name": "Mine"}])).status_code == 404
    with pytest.raises(PermissionDenied):
        intake.save_rubric(call=cohort.call, by=ambassador, criteria=[{"name": "Mine"}])
    assert ReviewCriterion.objects.count() == 2


# Notification ----------------------------------------------------------------------------


def test_coordinators_are_told_when_an_ambassador_recommends(
    run_on_commit, cohort, criteria, coordinator, ambassador
):
    application = ApplicationFactory(cohort=cohort, country="RS")
    with run_on_commit():
        _review(application, coordinator, criteria, 4, 4, recommendation="accept")
    assert Notification.objects.count() == 0
    with run_on_commit():
        _review(application, ambassador, criteria, 4, 4, recommendation="accept", submit=False)
    assert Notification.objects.count() == 0
    with run_on_commit():
        _review(application, ambassador, criteria, 4, 4, recommendation="accept")
    with run_on_commit():  # a change after submitting tells nobody again
        _review(application, ambassador, criteria, 4, 5, recommendation="decline")
    notice = Notification.objects.get()
    assert notice.recipient == coordinator
    assert notice.kind == "cohorts.review_recommendation"
    assert notice.url == _detail(cohort, application)
    assert "recommends “Accept”" in notice.subject


# Privacy ---------------------------------------------------------------------------------


def test_reviews_are_in_the_reviewers_export(cohort, criteria, ambassador):
    application = ApplicationFactory(cohort=cohort, country="RS")
    _review(application, ambassador, criteria, 4, 2, note="Strong.", recommendation="accept")
    written = export_personal_data(ambassador)["sections"]["intake"]["reviews_written"]
    assert len(written) == 1
    assert written[0]["application"] == application.pk
    assert written[0]["scores"] == {"Motivation": 4, "Innovation idea": 2}
    assert (written[0]["note"], written[0]["recommendation"]) == ("Strong.", "accept")


def test_applicant_export_has_the_criteria_means_once_the_decision_is_sent(
    cohort, criteria, coordinator, ambassador
):
    application = ApplicationFactory(cohort=cohort, country="RS")
    _review(application, coordinator, criteria, 4, 2, note=NOTE)
    _review(application, ambassador, criteria, 5, 3)
    intake.transition_application(application, ApplicationState.ACCEPTED, by=coordinator)
    Application.objects.filter(pk=application.pk).update(decision_sent_state="accepted")
    exported = export_personal_data(application.user)
    assert exported["sections"]["intake"]["applications"][0]["assessment"]["rubric"] == [
        {"criterion": "Motivation", "mean": 4.5, "out_of": 5, "reviews": 2},
        {"criterion": "Innovation idea", "mean": 2.5, "out_of": 5, "reviews": 2},
    ]
    assert NOTE not in str(exported)
    assert coordinator.full_name not in str(exported)


def test_erasing_the_applicant_keeps_scores_and_drops_notes(cohort, criteria, coordinator):
    application = ApplicationFactory(cohort=cohort)
    _review(application, coordinator, criteria, 4, 2, note=f"About {application.user.full_name}")
    anonymise_person(user=application.user, by=application.user)
    review = ApplicationReview.objects.get()
    assert review.note == ""
    assert review.scores.count() == 2


def test_erasing_a_reviewer_keeps_the_review_without_the_name(cohort, criteria, ambassador):
    application = ApplicationFactory(cohort=cohort, country="RS")
    _review(application, ambassador, criteria, 4, 2, note="Signed, Amb RS", recommendation="accept")
    anonymise_person(user=ambassador, by=ambassador)
    review = ApplicationReview.objects.select_related("reviewer").get()
    assert review.reviewer.full_name == anonymous_name(ambassador)
    assert review.note == f"Signed, {anonymous_name(ambassador)}"
    assert review.scores.count() == 2


def test_a_deleted_application_takes_its_reviews(cohort, criteria, coordinator):
    application = ApplicationFactory(cohort=cohort)
    _review(application, coordinator, criteria, 4, 2)
    application.delete()
    assert ApplicationReview.objects.count() == 0
    assert ApplicationScore.objects.count() == 0
    assert ReviewCriterion.objects.count() == 2


def test_a_cohort_is_deleted_with_its_rubric_and_reviews(cohort, criteria, coordinator):
    _review(ApplicationFactory(cohort=cohort), coordinator, criteria, 4, 2)
    cohort.delete()
    assert ApplicationScore.objects.count() == 0
    assert ReviewCriterion.objects.count() == 0
