"""Helpers shared by the curriculum services."""

from django.core.exceptions import PermissionDenied

from cohorts.enums import Role
from cohorts.models import Membership


def _require(by, perm, obj=None):
    if by is not None and not by.has_perm(perm, obj):
        raise PermissionDenied(perm)


def _is_innovator(cohort_course, user):
    return Membership.objects.filter(
        cohort_id=cohort_course.cohort_id, user=user, role=Role.INNOVATOR
    ).exists()
