"""Helpers shared by the curriculum services."""

from cohorts.enums import Role
from cohorts.models import Membership


def _is_innovator(cohort_course, user):
    return Membership.objects.filter(
        cohort_id=cohort_course.cohort_id, user=user, role=Role.INNOVATOR
    ).exists()
