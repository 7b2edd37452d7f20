import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from cohorts import services as cohort_services
from cohorts.enums import Role
from grants.enums import ProposalState
from grants.models import Criterion, GrantCall
from tests.factories.cohorts import CohortFactory, UserFactory, add_member
from tests.factories.grants import ProposalFactory, assign, is_not_found, make_call


@pytest.fixture
def admin_coordinator(cohort):
    user = UserFactory(full_name="Admin Coordinator")
    cohort_services.add_member(cohort=cohort, user=user, role=Role.COORDINATOR, by=None)
    return user


def test_admin_call_list_scoped_to_own_cohorts(client, admin_coordinator, call):
    other = make_call(CohortFactory(), title="Someone else's call")
    client.force_login(admin_coordinator)
    response = client.get(reverse("grant_calls:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert call.title in html
    assert other.title not in html
    assert is_not_found(client.get(reverse("grant_calls:edit", args=[other.pk])))


def test_admin_create_call_through_service(client, admin_coordinator, cohort):
    client.force_login(admin_coordinator)
    response = client.post(
        reverse("grant_calls:add"),
        {
            "cohort": cohort.pk,
            "title": "Seed grants",
            "opens_at": "2026-11-01 09:00",
            "closes_at": "2027-01-31 17:00",
            "timezone": "Europe/Athens",
            "currency": "EUR",
            "total_budget": "10000",
            "max_per_proposal": "3000",
            "awards": "3",
            "jurors_per_proposal": "2",
        },
    )
    assert response.status_code == 302
    call = GrantCall.objects.get(title="Seed grants")
    assert call.cohort == cohort


def test_admin_create_call_max_over_budget_shows_error(client, admin_coordinator, cohort):
    client.force_login(admin_coordinator)
    response = client.post(
        reverse("grant_calls:add"),
        {
            "cohort": cohort.pk,
            "title": "Bad call",
            "opens_at": "2026-11-01 09:00",
            "closes_at": "2027-01-31 17:00",
            "timezone": "Europe/Athens",
            "currency": "EUR",
            "total_budget": "1000",
            "max_per_proposal": "3000",
            "awards": "3",
            "jurors_per_proposal": "2",
        },
    )
    assert response.status_code == 200
    assert "The maximum per proposal cannot exceed the total budget." in response.content.decode()
    assert not GrantCall.objects.filter(title="Bad call").exists()


def test_admin_frozen_criterion_edit_refused(client, admin_coordinator, call):
    criterion = call.criteria.first()
    call.rubric_frozen_at = datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC)
    call.save()
    client.force_login(admin_coordinator)
    response = client.post(
        reverse("wagtailsnippets_grants_criterion:edit", args=[criterion.pk]),
        {
            "call": call.pk,
            "name": "Renamed",
            "weight": "3",
            "scale_min": "1",
            "scale_max": "5",
            "required": "on",
            "position": "0",
            "guidance": "",
        },
    )
    assert response.status_code == 200
    assert "The rubric of this call is frozen" in response.content.decode()
    criterion.refresh_from_db()
    assert (criterion.name, criterion.weight) == ("Criterion 1", Decimal("1"))


def test_admin_criterion_edit_before_freeze(client, admin_coordinator, call):
    criterion = call.criteria.first()
    client.force_login(admin_coordinator)
    response = client.post(
        reverse("wagtailsnippets_grants_criterion:edit", args=[criterion.pk]),
        {
            "call": call.pk,
            "name": "Renamed",
            "weight": "3",
            "scale_min": "1",
            "scale_max": "5",
            "required": "on",
            "position": "0",
            "guidance": "",
        },
    )
    assert response.status_code == 302
    assert Criterion.objects.get(pk=criterion.pk).name == "Renamed"


def test_dashboard_panels_fixed_queries(client, cohort, django_assert_num_queries):
    person = UserFactory()
    for role in (Role.INNOVATOR, Role.JURY, Role.COORDINATOR):
        add_member(cohort, role, user=person)

    def add_call(n):
        call = make_call(cohort)
        ProposalFactory(call=call, applicant=person)
        for _ in range(n):
            assign(ProposalFactory(call=call, state=ProposalState.IN_REVIEW), person)

    add_call(1)
    client.force_login(person)
    url = reverse("dashboard")
    client.get(url)
    # The whole dashboard: every app's panel (grants, meetings, discussions, the office's
    # attention panel for a coordinator), the same at both sizes.
    with django_assert_num_queries(27):
        response = client.get(url)
    assert response.content.decode().count("Grants: ") == 1
    add_call(3)
    with django_assert_num_queries(27):
        response = client.get(url)
    html = response.content.decode()
    assert html.count("Grants: ") == 2
    assert "Your reviews: 0 of 3 submitted" in html


def test_admin_create_call_in_other_cohort_refused(client, admin_coordinator):
    other = CohortFactory()
    client.force_login(admin_coordinator)
    response = client.post(
        reverse("grant_calls:add"),
        {
            "cohort": other.pk,
            "title": "Sneaky call",
            "opens_at": "2026-11-01 09:00",
            "closes_at": "2027-01-31 17:00",
            "timezone": "Europe/Athens",
            "currency": "EUR",
            "total_budget": "10000",
            "max_per_proposal": "3000",
            "awards": "3",
            "jurors_per_proposal": "2",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert not GrantCall.objects.filter(title="Sneaky call").exists()


FROZEN = (
    "The rubric of this call is frozen: reviews have been submitted, "
    "so criteria can no longer change."
)


@pytest.mark.parametrize("method", ["get", "post"])
def test_admin_frozen_criterion_delete_refused_with_edit_message(
    client, admin_coordinator, call, method
):
    criterion = call.criteria.first()
    call.rubric_frozen_at = datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC)
    call.save()
    client.force_login(admin_coordinator)
    url = reverse("wagtailsnippets_grants_criterion:delete", args=[criterion.pk])
    response = getattr(client, method)(url)
    assert (response.status_code, response["Location"]) == (
        302,
        reverse("wagtailsnippets_grants_criterion:edit", args=[criterion.pk]),
    )
    page = client.get(response["Location"])
    assert [str(m).strip() for m in page.context["messages"]] == [FROZEN]
    assert Criterion.objects.filter(pk=criterion.pk).exists()


def test_admin_criterion_delete_racing_the_freeze_shows_message(
    client, admin_coordinator, call, monkeypatch
):
    """The rubric freezes between the page and the service: the service's refusal is a
    message, not a 500."""
    from grants.viewsets import CriterionDeleteView

    criterion = call.criteria.first()
    call.rubric_frozen_at = datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC)
    call.save()
    monkeypatch.setattr(CriterionDeleteView, "get_refusal", lambda self: None)
    client.force_login(admin_coordinator)
    response = client.post(reverse("wagtailsnippets_grants_criterion:delete", args=[criterion.pk]))
    assert response.status_code == 302
    messages = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert len(messages) == 1 and "is frozen" in messages[0]
    assert Criterion.objects.filter(pk=criterion.pk).exists()


def test_admin_criterion_delete_before_freeze_logs(client, admin_coordinator, call):
    from wagtail.models import ModelLogEntry

    criterion = call.criteria.first()
    client.force_login(admin_coordinator)
    response = client.post(reverse("wagtailsnippets_grants_criterion:delete", args=[criterion.pk]))
    assert response.status_code == 302
    assert not Criterion.objects.filter(pk=criterion.pk).exists()
    entry = ModelLogEntry.objects.get(action="grants.criterion.change", object_id=str(criterion.pk))
    assert entry.data == {"call": call.pk, "action": "delete"}


def test_admin_criterion_bulk_delete_goes_through_the_service(client, admin_coordinator, call):
    """Criteria are snippets (for wagtail-localize): the bulk delete runs the delete
    action, so a frozen rubric refuses it as the delete view does."""
    criterion = call.criteria.first()
    call.rubric_frozen_at = datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC)
    call.save()
    client.force_login(admin_coordinator)
    url = reverse("wagtail_bulk_action", args=["grants", "criterion", "delete"])
    response = client.post(f"{url}?id={criterion.pk}")
    assert response.status_code == 302
    assert Criterion.objects.filter(pk=criterion.pk).exists()


def test_admin_call_filter_lists_only_own_cohorts(client, admin_coordinator, call):
    other = make_call(CohortFactory(name="Hidden cohort name"), title="Hidden call title")
    client.force_login(admin_coordinator)
    for url in (reverse("grant_calls:index"), reverse("wagtailsnippets_grants_criterion:list")):
        body = client.get(url).content.decode()
        assert "Hidden cohort name" not in body and other.title not in body


def test_admin_blind_review_locked_after_the_first_review(client, admin_coordinator, call):
    from tests.factories.grants import juror_of, review

    proposal = ProposalFactory(call=call, state=ProposalState.IN_REVIEW)
    review(proposal, juror_of(call.cohort), dict.fromkeys(call.criteria.all(), 3))
    client.force_login(admin_coordinator)
    response = client.post(
        reverse("grant_calls:edit", args=[call.pk]),
        {
            "cohort": call.cohort_id,
            "title": call.title,
            "opens_at": "2026-11-01 09:00",
            "closes_at": "2027-01-31 17:00",
            "timezone": "Europe/Athens",
            "currency": "EUR",
            "total_budget": "20000",
            "max_per_proposal": "5000",
            "awards": "3",
            "jurors_per_proposal": "2",
            "blind_review": "on",
        },
    )
    assert response.status_code == 200
    assert "Blind review cannot change once the first review has been submitted" in (
        response.content.decode()
    )
    call.refresh_from_db()
    assert call.blind_review is False
