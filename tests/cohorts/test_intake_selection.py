"""Selection: who sees which applications, decisions, batch e-mails."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cohorts.enums import Role
from cohorts.intake import selectors as intake_selectors
from cohorts.intake import services as intake
from cohorts.intake.enums import ApplicationState
from cohorts.models import Application, ApplicationNote, Membership
from tests.factories.cohorts import PASSWORD, CohortFactory, MembershipFactory, add_member
from tests.factories.intake import ApplicationFactory


@pytest.fixture
def cohort():
    return CohortFactory()


def _login(client, user):
    client.login(username=user.email, password=PASSWORD)


def _ambassador(cohort, country):
    user = add_member(cohort, Role.INNOVATOR, country=country)
    Membership.objects.filter(user=user).delete()
    MembershipFactory(user=user, cohort=cohort, role=Role.AMBASSADOR, country=country)
    return user


def _not_found(response):
    """A 404 (the foundation may first redirect a non-prefixed 404 to /en/...)."""
    return response.status_code == 404


def test_reviewable_applications_coordinator_sees_all_but_drafts(cohort):
    coordinator = add_member(cohort, Role.COORDINATOR)
    rs = ApplicationFactory(cohort=cohort, country="RS")
    mk = ApplicationFactory(cohort=cohort, country="MK")
    ApplicationFactory(cohort=cohort, country="MK", state=ApplicationState.DRAFT)
    ApplicationFactory(country="RS")  # another cohort
    assert list(intake_selectors.reviewable_applications(coordinator, cohort)) == [rs, mk]


def test_reviewable_applications_ambassador_sees_only_own_country(cohort):
    ambassador = _ambassador(cohort, "RS")
    rs = ApplicationFactory(cohort=cohort, country="RS")
    ApplicationFactory(cohort=cohort, country="MK")
    assert list(intake_selectors.reviewable_applications(ambassador, cohort)) == [rs]
    # Asking for another country's rows gives nothing, not a leak.
    assert list(intake_selectors.reviewable_applications(ambassador, cohort, country="MK")) == []


def test_reviewable_applications_ambassador_of_other_cohort_sees_nothing(cohort):
    ambassador = _ambassador(CohortFactory(), "RS")
    ApplicationFactory(cohort=cohort, country="RS")
    assert list(intake_selectors.reviewable_applications(ambassador, cohort)) == []


def test_reviewable_applications_innovator_sees_nothing(cohort):
    innovator = add_member(cohort, Role.INNOVATOR)
    ApplicationFactory(cohort=cohort, country="RS")
    assert list(intake_selectors.reviewable_applications(innovator, cohort)) == []


def test_application_list_ambassador_view_only_own_country(client, cohort):
    ambassador = _ambassador(cohort, "RS")
    rs = ApplicationFactory(cohort=cohort, country="RS")
    mk = ApplicationFactory(cohort=cohort, country="MK")
    _login(client, ambassador)
    response = client.get(reverse("cohorts:applications", kwargs={"cohort_id": cohort.pk}))
    assert response.status_code == 200
    assert list(response.context["page"]) == [rs]
    detail = reverse("cohorts:application_detail", kwargs={"cohort_id": cohort.pk, "pk": mk.pk})
    assert _not_found(client.get(detail, follow=True))


def test_application_list_other_cohort_coordinator_not_found(client, cohort):
    coordinator = add_member(CohortFactory(), Role.COORDINATOR)
    application = ApplicationFactory(cohort=cohort)
    _login(client, coordinator)
    url = reverse("cohorts:applications", kwargs={"cohort_id": cohort.pk})
    assert _not_found(client.get(url, follow=True))
    url = reverse(
        "cohorts:application_detail", kwargs={"cohort_id": cohort.pk, "pk": application.pk}
    )
    assert _not_found(client.get(url, follow=True))


def test_application_detail_of_other_cohort_under_own_cohort_not_found(client, cohort):
    coordinator = add_member(cohort, Role.COORDINATOR)
    elsewhere = ApplicationFactory()
    _login(client, coordinator)
    url = reverse("cohorts:application_detail", kwargs={"cohort_id": cohort.pk, "pk": elsewhere.pk})
    assert _not_found(client.get(url, follow=True))


@pytest.mark.parametrize("count", [1, 3])
def test_application_list_query_count(client, cohort, django_assert_num_queries, count):
    coordinator = add_member(cohort, Role.COORDINATOR)
    for _ in range(count):
        ApplicationFactory(cohort=cohort)
    _login(client, coordinator)
    url = reverse("cohorts:applications", kwargs={"cohort_id": cohort.pk})
    with django_assert_num_queries(12):  # the 12th: the review rubric
        response = client.get(url)
    assert response.status_code == 200


def test_ambassador_may_note_and_score_own_country(cohort):
    ambassador = _ambassador(cohort, "RS")
    application = ApplicationFactory(cohort=cohort, country="RS")
    intake.review_application(application=application, by=ambassador, score=8, note="Good")
    application.refresh_from_db()
    assert application.score == 8
    assert list(ApplicationNote.objects.values_list("body", "author")) == [("Good", ambassador.pk)]


def test_ambassador_may_not_review_other_country(cohort):
    ambassador = _ambassador(cohort, "RS")
    application = ApplicationFactory(cohort=cohort, country="MK")
    with pytest.raises(PermissionDenied):
        intake.review_application(application=application, by=ambassador, score=8)


def test_ambassador_may_not_decide(cohort):
    ambassador = _ambassador(cohort, "RS")
    application = ApplicationFactory(cohort=cohort, country="RS")
    with pytest.raises(PermissionDenied):
        intake.transition_application(application, ApplicationState.ACCEPTED, by=ambassador)
    assert Application.objects.get().state == "submitted"


def test_review_form_bad_score_shows_error_and_saves_nothing(client, cohort):
    coordinator = add_member(cohort, Role.COORDINATOR)
    application = ApplicationFactory(cohort=cohort)
    _login(client, coordinator)
    url = reverse(
        "cohorts:application_detail", kwargs={"cohort_id": cohort.pk, "pk": application.pk}
    )
    response = client.post(url, {"score": "11", "note": "Great"})
    assert response.status_code == 200
    assert response.context["form"].errors["score"] == [
        "Ensure this value is less than or equal to 10."
    ]
    assert Application.objects.get().score is None
    assert ApplicationNote.objects.count() == 0


def test_accepting_creates_innovator_membership(cohort):
    coordinator = add_member(cohort, Role.COORDINATOR)
    application = ApplicationFactory(cohort=cohort)
    intake.transition_application(application, ApplicationState.ACCEPTED, by=coordinator)
    assert Membership.objects.filter(
        cohort=cohort, user=application.user, role=Role.INNOVATOR
    ).exists()


def test_withdrawing_accepted_application_removes_membership(cohort):
    coordinator = add_member(cohort, Role.COORDINATOR)
    application = ApplicationFactory(cohort=cohort)
    intake.transition_application(application, ApplicationState.ACCEPTED, by=coordinator)
    intake.transition_application(application, ApplicationState.WITHDRAWN, by=application.user)
    assert not Membership.objects.filter(cohort=cohort, user=application.user).exists()


def test_transition_not_in_table_refused(cohort):
    application = ApplicationFactory(cohort=cohort, state=ApplicationState.WITHDRAWN)
    with pytest.raises(ValidationError) as error:
        intake.transition_application(application, ApplicationState.ACCEPTED, by=None)
    assert error.value.code == "bad_transition"


def test_decide_view_accepts(client, cohort):
    coordinator = add_member(cohort, Role.COORDINATOR)
    application = ApplicationFactory(cohort=cohort)
    _login(client, coordinator)
    url = reverse(
        "cohorts:application_decide", kwargs={"cohort_id": cohort.pk, "pk": application.pk}
    )
    assert client.post(url, {"state": "accepted"}).status_code == 302
    assert Application.objects.get().state == "accepted"


def test_send_decisions_emails_each_decision_exactly_once(cohort, run_on_commit):
    coordinator = add_member(cohort, Role.COORDINATOR)
    accepted, waitlisted, declined, undecided = (
        ApplicationFactory(cohort=cohort) for _ in range(4)
    )
    for application, state in (
        (accepted, ApplicationState.ACCEPTED),
        (waitlisted, ApplicationState.WAITLISTED),
        (declined, ApplicationState.DECLINED),
    ):
        intake.transition_application(application, state, by=coordinator)
    assert mail.outbox == []
    with run_on_commit():
        assert intake.send_decisions(cohort=cohort, by=coordinator) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        a.user.email for a in (accepted, waitlisted, declined)
    )
    accepted_mail = next(m for m in mail.outbox if m.to == [accepted.user.email])
    assert "has been accepted" in accepted_mail.body
    # Nothing new: refused, and running the task again sends nothing.
    with pytest.raises(ValidationError):
        intake.send_decisions(cohort=cohort, by=coordinator)
    from cohorts.intake.tasks import send_decision_emails

    assert send_decision_emails(cohort.pk) == 0
    assert len(mail.outbox) == 3
    # A changed decision is sent once more, to that person only.
    intake.transition_application(waitlisted, ApplicationState.ACCEPTED, by=coordinator)
    with run_on_commit():
        assert intake.send_decisions(cohort=cohort, by=coordinator) == 1
    assert [m.to[0] for m in mail.outbox[3:]] == [waitlisted.user.email]
    assert undecided.user.email not in [m.to[0] for m in mail.outbox]


def test_send_decisions_by_ambassador_refused(cohort):
    ambassador = _ambassador(cohort, "RS")
    with pytest.raises(PermissionDenied):
        intake.send_decisions(cohort=cohort, by=ambassador)


def test_admin_menu_links_to_intake_pages(client, cohort):
    from tests.factories.cohorts import UserFactory

    admin = UserFactory(is_superuser=True, is_staff=True)
    _login(client, admin)
    response = client.get(reverse("wagtailsnippets_cohorts_cohort:list"))
    assert response.status_code == 200
    assert reverse("cohorts:manage") in response.content.decode()
    assert client.get(reverse("cohorts:manage")).status_code == 200


def test_manage_page_refused_to_non_coordinator(client, cohort):
    _login(client, add_member(cohort, Role.INNOVATOR))
    assert client.get(reverse("cohorts:manage"), follow=True).status_code == 404
