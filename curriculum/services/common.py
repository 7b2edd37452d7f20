"""Helpers shared by the curriculum services."""

from cohorts.models import Membership
from cohorts.rules import TAKE_PART, roles_with


def _is_innovator(cohort_course, user):
    return Membership.objects.filter(
        cohort_id=cohort_course.cohort_id, user=user, role__in=roles_with(TAKE_PART)
    ).exists()
