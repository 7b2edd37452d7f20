"""Permission predicates for the curriculum, built on the cohort roles.

Objects passed in carry ``cohort_id`` (a CohortCourse) or a ``cohort_course`` (reflections,
certificates); roles never carry over from one cohort to another.
"""

import rules

from cohorts.rules import (
    MANAGE_COHORT,
    MENTOR_PEOPLE,
    READ_COURSE,
    REPRESENT_COUNTRY,
    TAKE_PART,
    VIEW_COHORT_DATA,
    cohort_id_of,
    grant,
    has_capability,
    holds,
)

# Wagtail admin permissions that come with managing a cohort (see cohorts.rules).
ADMIN_PERMISSIONS = [
    ("curriculum", "add_cohortcourse"),
    ("curriculum", "change_cohortcourse"),
    ("curriculum", "view_cohortcourse"),
]


def _cohort_id(obj):
    """The cohort of a Cohort, a CohortCourse, or anything with a ``cohort_course``."""
    if obj is None:
        return None
    if hasattr(obj, "cohort_course_id") and not hasattr(obj, "cohort_id"):
        return obj.cohort_course.cohort_id
    return cohort_id_of(obj)


is_course_innovator = holds(TAKE_PART, cohort_of=_cohort_id)


@rules.predicate
def is_author(user, reflection):
    return reflection is not None and reflection.author_id == getattr(user, "pk", None)


@rules.predicate
def was_submitted(user, reflection):
    """Submitted at least once: until then a reflection belongs to its author alone."""
    return reflection is not None and reflection.submitted_at is not None


@rules.predicate
def is_version_author(user, version):
    return version is not None and is_author(user, version.reflection)


@rules.predicate
def is_submitted_version(user, version):
    return version is not None and version.submitted_at is not None


@rules.predicate
def reads_versions_reflection(user, version):
    return version is not None and user.has_perm("curriculum.view_reflection", version.reflection)


@rules.predicate
def is_owner(user, certificate):
    return certificate is not None and certificate.user_id == getattr(user, "pk", None)


def mentors_person(user, cohort_id, person_id):
    """The user is this person's mentor in the cohort (holding the mentor role there)."""
    from cohorts.models import MentorGroupMember

    if not has_capability(user, cohort_id, MENTOR_PEOPLE):
        return False
    return MentorGroupMember.objects.filter(
        cohort_id=cohort_id, innovator_id=person_id, group__mentor=user
    ).exists()


@rules.predicate
def is_authors_mentor(user, reflection):
    return reflection is not None and mentors_person(
        user, reflection.cohort_course.cohort_id, reflection.author_id
    )


can_manage = grant("curriculum.manage_course", MANAGE_COHORT, cohort_of=_cohort_id)

grant("curriculum.take_course", TAKE_PART, superuser=False, cohort_of=_cohort_id)
grant("curriculum.view_mentor_dashboard", MENTOR_PEOPLE, superuser=False, cohort_of=_cohort_id)
grant("curriculum.view_country_dashboard", REPRESENT_COUNTRY, superuser=False, cohort_of=_cohort_id)
# The whole cohort's progress grid and its CSV, read only.
grant("curriculum.view_cohort_dashboard", VIEW_COHORT_DATA, cohort_of=_cohort_id)
# A course's content, read without taking it (mentors, ambassadors, coordinators, observers).
grant("curriculum.read_course", READ_COURSE, superuser=False, cohort_of=_cohort_id)
# A draft (a reflection never submitted, or a version not yet submitted) is its author's
# alone: the selectors filter drafts out for everyone else, superusers included
# (``has_perm`` answers True to a superuser whatever the rule says).
rules.add_perm(
    "curriculum.view_reflection",
    is_author | ((can_manage | is_authors_mentor) & was_submitted),
)
rules.add_perm(
    "curriculum.view_reflection_version",
    is_version_author | (is_submitted_version & reads_versions_reflection),
)
rules.add_perm("curriculum.edit_reflection", is_author & is_course_innovator)
rules.add_perm("curriculum.give_feedback", can_manage | is_authors_mentor)
rules.add_perm("curriculum.download_certificate", is_owner | can_manage)
rules.add_perm("curriculum.revoke_certificate", can_manage)
