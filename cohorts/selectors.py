"""Reads for people and cohort pages; each costs a fixed number of queries."""

from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Q

from . import rules as cohort_rules
from .enums import ROLE_PLURALS, Role
from .models import Cohort, Membership, MentorGroupMember, Programme
from .rules import (
    MENTOR_PEOPLE,
    REPRESENT_COUNTRY,
    ROLE_CAPABILITIES,
    TAKE_PART,
    VIEW_COHORT_DATA,
    roles_with,
)


def cohorts_managed_by(user):
    """Cohorts a person may manage: all for superusers, else those they coordinate."""
    if user.is_superuser:
        return Cohort.objects.select_related("programme")
    return Cohort.objects.filter(
        pk__in=cohort_rules.cohort_ids_with_perm(user, "cohorts.manage_cohort")
    ).select_related("programme")


def programmes_managed_by(user):
    """Programmes a person may open cohorts in: all for staff and superusers, else the
    programmes of the cohorts they coordinate."""
    if user.is_superuser or user.is_staff:
        return Programme.objects.all()
    return Programme.objects.filter(
        cohorts__in=cohort_rules.cohort_ids_with_perm(user, "cohorts.manage_cohort")
    ).distinct()


def memberships_managed_by(user):
    if user.is_superuser:
        return Membership.objects.all()
    return Membership.objects.filter(
        cohort_id__in=cohort_rules.cohort_ids_with_perm(user, "cohorts.manage_cohort")
    )


def people_managed_by(user):
    """People a coordinator may pick in the admin: the members of the cohorts they
    coordinate, and people in no cohort yet (new sign-ups), never other cohorts' people."""
    from .models import User

    if user.is_superuser:
        return User.objects.all()
    in_my_cohorts = Membership.objects.filter(
        cohort_id__in=cohort_rules.cohort_ids_with_perm(user, "cohorts.manage_cohort")
    ).values("user_id")
    return User.objects.filter(
        Q(pk__in=in_my_cohorts)
        | Q(memberships__isnull=True, is_staff=False, is_superuser=False, is_active=True)
    ).distinct()


def dashboard_cohorts(user):
    """The person's cohorts for /dashboard/: one entry per cohort with their roles and panels.

    Five queries at most, whatever the cohort sizes: memberships, the person's mentor, their
    mentees, the innovators of their ambassador countries and the coordinator counts.
    """
    memberships = list(
        Membership.objects.filter(user=user)
        .select_related("cohort__programme")
        .annotate(
            cohort_has_mentors=Exists(
                Membership.objects.filter(
                    cohort=OuterRef("cohort"), role__in=roles_with(MENTOR_PEOPLE)
                )
            )
        )
        .order_by("-cohort__starts_on", "cohort__name", "role")
    )
    cache = defaultdict(dict)
    entries = {}
    for membership in memberships:
        cache[membership.cohort_id].setdefault(membership.role, set()).add(str(membership.country))
        entry = entries.setdefault(
            membership.cohort_id,
            {
                "cohort": membership.cohort,
                "roles": [],
                "countries": [],
                "mentees": [],
                "mentor": None,
                "country_innovators": [],
                "role_counts": {},
                "has_mentors": membership.cohort_has_mentors,
            },
        )
        entry["roles"].append(membership.role)
        if cohort_rules.role_can(membership.role, REPRESENT_COUNTRY):
            entry["countries"].append(membership.country)
    setattr(user, cohort_rules._CACHE_ATTR, dict(cache))

    def cohorts_with(capability):
        return [
            cid
            for cid, entry in entries.items()
            if any(cohort_rules.role_can(role, capability) for role in entry["roles"])
        ]

    if innovator_cohorts := cohorts_with(TAKE_PART):
        for row in MentorGroupMember.objects.filter(
            innovator=user, cohort_id__in=innovator_cohorts
        ).select_related("group__mentor"):
            entries[row.cohort_id]["mentor"] = row.group.mentor
    if mentor_cohorts := cohorts_with(MENTOR_PEOPLE):
        for row in (
            MentorGroupMember.objects.filter(group__mentor=user, cohort_id__in=mentor_cohorts)
            .select_related("innovator")
            .order_by("innovator__full_name")
        ):
            entries[row.cohort_id]["mentees"].append(row.innovator)
    if ambassador_cohorts := cohorts_with(REPRESENT_COUNTRY):
        scope = Q()
        for cid in ambassador_cohorts:
            scope |= Q(cohort_id=cid, user__country__in=entries[cid]["countries"])
        for row in (
            Membership.objects.filter(scope, role__in=roles_with(TAKE_PART))
            .select_related("user")
            .order_by("user__full_name")
        ):
            entries[row.cohort_id]["country_innovators"].append(row.user)
    if coordinator_cohorts := cohorts_with(VIEW_COHORT_DATA):
        for row in (
            Membership.objects.filter(cohort_id__in=coordinator_cohorts)
            .values("cohort_id", "role")
            .annotate(count=Count("id"))
            .order_by()
        ):
            entries[row["cohort_id"]]["role_counts"][row["role"]] = row["count"]
    for entry in entries.values():
        entry["roles"].sort(key=list(Role.values).index)
        entry["role_items"] = [(role, Role(role).label) for role in entry["roles"]]
        entry["can"] = set().union(*(ROLE_CAPABILITIES[role] for role in entry["roles"]))
        entry["role_counts"] = (
            [(ROLE_PLURALS[role], entry["role_counts"].get(role, 0)) for role in Role.values]
            if entry["role_counts"]
            else []
        )
    return list(entries.values())
