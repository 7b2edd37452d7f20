"""Permission predicates for cohorts; every other app builds on these.

A person's roles are read once per request (one query) and cached on the user object,
so checking many objects costs no extra queries. Holding a role in one cohort never
gives a right in another: every predicate takes the cohort (or an object of it).
"""

from collections import defaultdict

import rules

from .enums import Role

_CACHE_ATTR = "_kohorta_roles"


def roles_by_cohort(user):
    """Return ``{cohort_id: {role: {country, ...}}}`` for a user (countries only for ambassadors)."""
    if not user or not user.is_authenticated:
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        from .models import Membership

        cached = defaultdict(dict)
        for cohort_id, role, country in Membership.objects.filter(user=user).values_list(
            "cohort_id", "role", "country"
        ):
            cached[cohort_id].setdefault(role, set()).add(str(country))
        cached = dict(cached)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user):
    """Drop the cached roles, e.g. after a membership changed in the same request."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def cohort_id_of(obj):
    """The cohort id an object belongs to: a Cohort, or anything with ``cohort_id``."""
    from .models import Cohort

    if obj is None:
        return None
    if isinstance(obj, Cohort):
        return obj.pk
    if isinstance(obj, int):
        return obj
    return getattr(obj, "cohort_id", None)


def has_role(user, cohort, *roles_wanted):
    return bool(roles_by_cohort(user).get(cohort_id_of(cohort), {}).keys() & set(roles_wanted))


def cohort_ids_with_role(user, *roles_wanted):
    """Cohort ids in which the user holds any of the roles (for queryset filters)."""
    return [cid for cid, roles in roles_by_cohort(user).items() if roles.keys() & set(roles_wanted)]


def ambassador_countries(user, cohort):
    return roles_by_cohort(user).get(cohort_id_of(cohort), {}).get(Role.AMBASSADOR, set())


@rules.predicate
def is_superuser(user):
    return bool(user and user.is_superuser)


@rules.predicate
def is_member(user, cohort):
    return bool(roles_by_cohort(user).get(cohort_id_of(cohort)))


def has_role_in(role):
    """Build a predicate ``(user, cohort-or-object) -> bool`` for one role."""

    @rules.predicate(name=f"has_role_{role}")
    def predicate(user, obj):
        return has_role(user, obj, role)

    return predicate


is_innovator = has_role_in(Role.INNOVATOR)
is_mentor = has_role_in(Role.MENTOR)
is_ambassador = has_role_in(Role.AMBASSADOR)
is_jury = has_role_in(Role.JURY)
is_coordinator = has_role_in(Role.COORDINATOR)


@rules.predicate
def is_mentor_of(user, membership):
    """The user mentors this innovator (a Membership of role innovator) in its cohort."""
    from .models import MentorGroupMember

    if membership is None or not has_role(user, membership.cohort_id, Role.MENTOR):
        return False
    return MentorGroupMember.objects.filter(
        cohort_id=membership.cohort_id, innovator_id=membership.user_id, group__mentor=user
    ).exists()


@rules.predicate
def is_ambassador_for(user, membership):
    """The user is an ambassador in the innovator's cohort for the innovator's country."""
    if membership is None:
        return False
    country = str(membership.user.country)
    return bool(country) and country in ambassador_countries(user, membership.cohort_id)


@rules.predicate
def is_self(user, membership):
    return membership is not None and membership.user_id == getattr(user, "pk", None)


can_manage_cohort = is_superuser | is_coordinator

rules.add_perm("cohorts.view_cohort", is_superuser | is_member)
rules.add_perm("cohorts.manage_cohort", can_manage_cohort)
rules.add_perm("cohorts.import_members", can_manage_cohort)
rules.add_perm(
    "cohorts.view_member_progress",
    is_self | is_superuser | is_coordinator | is_mentor_of | is_ambassador_for,
)
