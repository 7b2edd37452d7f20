"""The Wagtail admin's membership form offers a coordinator only people they may see."""

import pytest
from django.urls import reverse

from cohorts.enums import Role
from cohorts.selectors import people_managed_by
from tests.factories.cohorts import CohortFactory, UserFactory, add_member

pytestmark = pytest.mark.django_db


def test_membership_form_lists_own_cohort_and_unplaced_people_only(client):
    mine, other = CohortFactory(), CohortFactory()
    coordinator = add_member(mine, Role.COORDINATOR)
    member = add_member(mine, Role.INNOVATOR, full_name="Mine Member")
    stranger = add_member(other, Role.INNOVATOR, full_name="Other Cohort Member")
    newcomer = UserFactory(full_name="Unplaced Newcomer")
    UserFactory(full_name="Site Admin", is_staff=True, is_superuser=True)
    assert set(people_managed_by(coordinator)) == {coordinator, member, newcomer}
    client.force_login(coordinator)
    body = client.get(reverse("wagtailsnippets_cohorts_membership:add")).content.decode()
    assert "Mine Member" in body and "Unplaced Newcomer" in body
    assert "Other Cohort Member" not in body and "Site Admin" not in body
    assert stranger not in people_managed_by(coordinator)
