"""Re-matching after publication in a real browser: a dropout and a late joiner, the page
says who changes, publish as the new version, unpublish."""

import pytest
from playwright.sync_api import expect

from cohorts.enums import Role
from cohorts.intake.enums import MatchingRunStatus
from cohorts.intake.matching import service as matching
from cohorts.models import MatchingRun, Membership
from tests.factories.cohorts import CohortFactory, UserFactory, add_member
from tests.factories.intake import participant

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_coordinator_rematches_after_a_dropout(visitor):
    cohort = CohortFactory(name="ILN round 2026")
    coordinator = add_member(cohort, Role.COORDINATOR)
    for country in ("PL", "AU", "US", "GB"):
        participant(cohort, country)
    first = matching.create_run(cohort=cohort, by=None)
    matching.publish_run(run=first, by=None)
    pair = first.pairs.order_by("pk").first()
    Membership.objects.filter(cohort=cohort, user_id=pair.person_a_id).delete()
    late = UserFactory(full_name="Aroha Ngata", country="NZ")
    add_member(cohort, Role.INNOVATOR, user=late)
    office = visitor("coordinator", coordinator)

    page = office.visit(f"/cohorts/{cohort.pk}/matching/")
    page.get_by_role("button", name="Re-match the affected people").click()
    office.check("rematch")
    expect(
        page.get_by_role("heading", name="Who changes if you publish this re-match")
    ).to_be_visible()
    expect(page.get_by_role("cell", name=pair.person_b.full_name, exact=True)).to_be_visible()
    expect(page.get_by_text("→ Aroha Ngata").first).to_be_visible()
    page.get_by_role("button", name="Publish this run").click()
    office.check("published")
    expect(page.get_by_text("Published as the round's new matching")).to_be_visible()
    run = MatchingRun.objects.get(base_run=first)
    first.refresh_from_db()
    assert (run.status, first.status) == (MatchingRunStatus.PUBLISHED, MatchingRunStatus.SUPERSEDED)
    page.get_by_role("button", name="Unpublish this run").click()
    office.check("unpublished")
    first.refresh_from_db()
    assert first.status == MatchingRunStatus.PUBLISHED
