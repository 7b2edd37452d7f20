"""Who may read, write in and moderate discussions.

A cohort's space (lesson, topic and general threads) is for its participants:
innovators, mentors and coordinators (and superusers). Ambassadors and jurors review people
and are not in it. A private thread is for its participants; the cohort's coordinators
(and superusers) may read it only once a post in it has been reported.
"""

import rules

from cohorts.enums import Role
from cohorts.rules import cohort_ids_with_role, has_role, is_superuser

from .enums import PRIVATE_KINDS

SPACE_ROLES = (Role.INNOVATOR, Role.MENTOR, Role.COORDINATOR)
MODERATOR_ROLES = (Role.MENTOR, Role.COORDINATOR)


def writes_in_network(user):
    """Whether the person may start conversations: not someone whose every membership is
    read-only (an observer follows a cohort but does not write). One query."""
    from cohorts.models import Membership
    from cohorts.rules import TAKE_PART_IN_MEETINGS, roles_with

    held = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    return not held or bool(held & set(roles_with(TAKE_PART_IN_MEETINGS)))


def space_cohort_ids(user):
    """Cohorts whose space the person takes part in."""
    return cohort_ids_with_role(user, *SPACE_ROLES)


def is_participant(user, thread):
    """The person is a participant of a private thread (one query, cached on the thread)."""
    cache = thread.__dict__.setdefault("_participants", {})
    if user.pk not in cache:
        cache[user.pk] = thread.members.filter(user=user, participant=True).exists()
    return cache[user.pk]


def reads_reported(user, thread):
    """Coordinators of the thread's cohort, and superusers, once a post was reported."""
    if not thread.reported:
        return False
    return user.is_superuser or (
        thread.cohort_id is not None and has_role(user, thread.cohort_id, Role.COORDINATOR)
    )


@rules.predicate
def can_view_thread(user, thread):
    if thread is None or not user.is_authenticated:
        return False
    if thread.kind in PRIVATE_KINDS:
        return is_participant(user, thread) or reads_reported(user, thread)
    return user.is_superuser or has_role(user, thread.cohort_id, *SPACE_ROLES)


@rules.predicate
def can_post_in_thread(user, thread):
    if thread is None or not user.is_authenticated or thread.locked:
        return False
    if thread.kind in PRIVATE_KINDS:
        return is_participant(user, thread)
    return user.is_superuser or has_role(user, thread.cohort_id, *SPACE_ROLES)


@rules.predicate
def can_moderate_thread(user, thread):
    if thread is None or not user.is_authenticated:
        return False
    if thread.kind in PRIVATE_KINDS:
        return reads_reported(user, thread)
    return user.is_superuser or has_role(user, thread.cohort_id, *MODERATOR_ROLES)


@rules.predicate
def is_space_member(user, cohort):
    return has_role(user, cohort, *SPACE_ROLES)


@rules.predicate
def coordinates(user, cohort):
    return has_role(user, cohort, Role.COORDINATOR)


rules.add_perm("community.view_thread", can_view_thread)
rules.add_perm("community.post_in_thread", can_post_in_thread)
rules.add_perm("community.moderate_thread", can_moderate_thread)
rules.add_perm("community.view_space", is_superuser | is_space_member)
rules.add_perm("community.start_thread", is_superuser | is_space_member)
rules.add_perm("community.review_reports", is_superuser | coordinates)
