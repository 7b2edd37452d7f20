"""Permission predicates for the curriculum, built on the cohort roles.

Objects passed in carry ``cohort_id`` (a CohortCourse) or a ``cohort_course`` (reflections,
certificates); roles never carry over from one cohort to another.
"""

import rules

from cohorts.enums import Role
from cohorts.rules import cohort_id_of, has_role, is_superuser


def _cohort_id(obj):
    """The cohort of a Cohort, a CohortCourse, or anything with a ``cohort_course``."""
    if obj is None:
        return None
    if hasattr(obj, "cohort_course_id") and not hasattr(obj, "cohort_id"):
        return obj.cohort_course.cohort_id
    return cohort_id_of(obj)


def _holds(role):
    @rules.predicate(name=f"curriculum_{role}")
    def predicate(user, obj):
        return has_role(user, _cohort_id(obj), role)

    return predicate


is_course_innovator = _holds(Role.INNOVATOR)
is_course_mentor = _holds(Role.MENTOR)
is_course_ambassador = _holds(Role.AMBASSADOR)
is_course_coordinator = _holds(Role.COORDINATOR)


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

    if not has_role(user, cohort_id, Role.MENTOR):
        return False
    return MentorGroupMember.objects.filter(
        cohort_id=cohort_id, innovator_id=person_id, group__mentor=user
    ).exists()


@rules.predicate
def is_authors_mentor(user, reflection):
    return reflection is not None and mentors_person(
        user, reflection.cohort_course.cohort_id, reflection.author_id
    )


can_manage = is_superuser | is_course_coordinator

rules.add_perm("curriculum.take_course", is_course_innovator)
rules.add_perm("curriculum.manage_course", can_manage)
rules.add_perm("curriculum.view_mentor_dashboard", is_course_mentor)
rules.add_perm("curriculum.view_country_dashboard", is_course_ambassador)
rules.add_perm("curriculum.view_cohort_dashboard", can_manage)
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
