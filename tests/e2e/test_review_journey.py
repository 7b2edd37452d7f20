"""Several reviewers per application in a real browser: the ambassador scores blind, a
missing score is shown next to its criterion with the rest kept, the coordinator sees the
mean, the count and the recommendation on the list and every review on the page."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from cohorts.enums import Role
from cohorts.intake import services as intake
from cohorts.models import ApplicationReview, Membership
from tests.factories.cohorts import CohortFactory, MembershipFactory, UserFactory, add_member
from tests.factories.intake import ApplicationFactory, CallFactory, ReviewCriterionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _criterion(fieldset_page, name):
    return fieldset_page.locator("fieldset.review-criterion").filter(has_text=name)


def test_ambassador_reviews_blind_and_the_coordinator_sees_the_figures(visitor):
    cohort = CohortFactory(name="INELI Balkans 2027")
    call = CallFactory(cohort=cohort)
    motivation = ReviewCriterionFactory(call=call, name="Motivation", weight=Decimal("2"))
    idea = ReviewCriterionFactory(call=call, name="Innovation idea")
    coordinator = add_member(cohort, Role.COORDINATOR, full_name="Eleni Coordinator")
    ambassador = UserFactory(full_name="Marija Ambassador", country="RS")
    MembershipFactory(user=ambassador, cohort=cohort, role=Role.AMBASSADOR, country="RS")
    applicant = UserFactory(full_name="Jovana Petrović", country="RS")
    application = ApplicationFactory(cohort=cohort, user=applicant, country="RS")
    # The coordinator has already scored: (2·5 + 1·4) / 3 = 4.67.
    intake.save_review(
        application=application,
        by=coordinator,
        scores={motivation.pk: 5, idea.pk: 4},
        note="Strong motivation.",
        recommendation="accept",
        submit=True,
    )

    reviewer = visitor("ambassador", ambassador)
    page = reviewer.visit(f"/cohorts/{cohort.pk}/applications/{application.pk}/")
    # Blind: the coordinator's note is not on the page before the ambassador submits.
    expect(page.locator("#reviews")).not_to_contain_text("Strong motivation.")
    _criterion(page, "Motivation").get_by_label("3", exact=True).check()
    page.get_by_label("Note", exact=False).first.fill("A careful plan for Novi Sad.")
    page.locator("#your-review").get_by_label("Accept").check()
    page.get_by_role("button", name="Submit review").click()
    # The missing score is shown next to its criterion; what was typed is kept.
    expect(_criterion(page, "Innovation idea").locator(".errorlist")).to_be_visible()
    expect(_criterion(page, "Motivation").get_by_label("3", exact=True)).to_be_checked()
    expect(page.locator("#your-review textarea")).to_have_value("A careful plan for Novi Sad.")
    assert not ApplicationReview.objects.filter(reviewer=ambassador).exists()
    reviewer.check("missing-score")
    _criterion(page, "Innovation idea").get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Submit review").click()
    # Submitted: now the other reviewer's review is shown.
    expect(page.locator("#reviews")).to_contain_text("Strong motivation.")
    reviewer.check("submitted")
    review = ApplicationReview.objects.get(reviewer=ambassador)
    assert review.submitted_at is not None and review.recommendation == "accept"

    office = visitor("coordinator", coordinator)
    page = office.visit(f"/cohorts/{cohort.pk}/applications/")
    row = page.locator("tbody tr").filter(has_text="Jovana Petrović")
    # Reviews (2·5+4)/3 = 4.67 and (2·3+4)/3 = 3.33: the mean 4.0, two reviews, both accept.
    expect(row).to_contain_text("4.0")
    expect(row).to_contain_text("2 accept")
    office.check("list")
    row.get_by_role("link", name="Jovana Petrović").click()
    expect(page.locator("#reviews")).to_contain_text("A careful plan for Novi Sad.")
    expect(page.locator(".review-summary")).to_contain_text("from 2 reviews")
    office.check("detail")
    assert Membership.objects.filter(user=ambassador, role=Role.AMBASSADOR).exists()
