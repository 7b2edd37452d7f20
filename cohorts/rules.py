"""Permission predicates for cohorts; every other app builds on these.

A role is only a name for a set of capabilities (``ROLE_CAPABILITIES``, the one table from
role to what it lets a person do in the cohort where they hold it). Each app declares its
``view_*`` and ``manage_*`` permissions on capabilities with ``grant()``; selectors ask
``cohort_ids_with_perm(user, perm)`` for the queryset and views ask ``user.has_perm(perm,
obj)`` for the check, so both answer from the same declaration. Nothing outside the rules
modules names a role.

A person's roles are read once per request (one query) and cached on the user object,
so checking many objects costs no extra queries. Holding a role in one cohort never
gives a right in another: every predicate takes the cohort (or an object of it).
"""

from collections import defaultdict

import rules

from .enums import Role

_CACHE_ATTR = "_kohorta_roles"

# Capabilities: what a role lets a person do in the cohort where they hold it.
VIEW_COHORT_DATA = "view_cohort_data"  # read every dashboard, ranking, list of the cohort
MANAGE_COHORT = "manage_cohort"  # change anything in the cohort (and enter the admin)
TAKE_PART = "take_part"  # follow the course, apply for grants, be mentored and matched
MENTOR_PEOPLE = "mentor_people"  # follow and give feedback to one's own mentees
REPRESENT_COUNTRY = "represent_country"  # a country's applications and progress (scoped)
REVIEW_APPLICATIONS = "review_applications"  # score applications (ambassadors: own country's)
JUDGE = "judge"  # review the proposals one is assigned without conflict
TAKE_PART_IN_MEETINGS = "take_part_in_meetings"  # register for meetings, sign up, post
READ_COURSE = "read_course"  # read a course's content without taking it

ROLE_CAPABILITIES = {
    Role.INNOVATOR: frozenset({TAKE_PART, TAKE_PART_IN_MEETINGS}),
    Role.MENTOR: frozenset({MENTOR_PEOPLE, TAKE_PART_IN_MEETINGS, READ_COURSE}),
    Role.AMBASSADOR: frozenset(
        {REPRESENT_COUNTRY, REVIEW_APPLICATIONS, TAKE_PART_IN_MEETINGS, READ_COURSE}
    ),
    Role.JURY: frozenset({JUDGE, TAKE_PART_IN_MEETINGS}),
    Role.OBSERVER: frozenset({VIEW_COHORT_DATA, READ_COURSE}),
    Role.COORDINATOR: frozenset(
        {VIEW_COHORT_DATA, MANAGE_COHORT, REVIEW_APPLICATIONS, TAKE_PART_IN_MEETINGS, READ_COURSE}
    ),
}

# The role a person who opens a cohort (not a superuser) gets in it.
CREATOR_ROLE = Role.COORDINATOR

# Wagtail admin permissions (app label, codename) that MANAGE_COHORT brings with it, through
# the "Coordinators" group; the rules and permission policies scope them per cohort. Every
# app lists its own in its rules module (``ADMIN_PERMISSIONS``); ``admin_permissions()``
# gathers them, so no app edits another's module at start-up.
ADMIN_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("cohorts", "add_cohort"),
    ("cohorts", "change_cohort"),
    ("cohorts", "view_cohort"),
    ("cohorts", "add_membership"),
    ("cohorts", "change_membership"),
    ("cohorts", "delete_membership"),
    ("cohorts", "view_membership"),
    # Intake content, corrected and translated in the admin (cohorts/intake/viewsets.py).
    ("cohorts", "change_callquestion"),
    ("cohorts", "view_callquestion"),
    ("cohorts", "change_discussiontopic"),
    ("cohorts", "view_discussiontopic"),
    ("wagtail_localize", "submit_translation"),
]


def admin_permissions():
    """Every installed app's ``ADMIN_PERMISSIONS`` (from its ``rules`` module), once each."""
    from importlib import import_module
    from importlib.util import find_spec

    from django.apps import apps
    from django.conf import settings

    gathered = []
    for config in apps.get_app_configs():
        if not config.path.startswith(str(settings.BASE_DIR)) or "site-packages" in config.path:
            continue
        if find_spec(f"{config.name}.rules") is None:
            continue
        for entry in getattr(import_module(f"{config.name}.rules"), "ADMIN_PERMISSIONS", ()):
            if entry not in gathered:
                gathered.append(entry)
    return gathered


# Permission name -> the capabilities that grant it in a cohort (filled by ``grant()``), and
# the permissions superusers hold in every cohort.
PERM_CAPABILITIES = {}
SUPERUSER_PERMS = set()


def role_can(role, capability):
    """The role gives ``capability`` (e.g. whether a membership is country-scoped)."""
    return capability in ROLE_CAPABILITIES.get(role, ())


def roles_with(*capabilities):
    """The roles giving any of the capabilities, for ``Membership.role__in`` filters."""
    wanted = set(capabilities)
    return [role for role, held in ROLE_CAPABILITIES.items() if held & wanted]


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


def capabilities_in(user, cohort):
    """The capabilities the user's roles give them in this cohort (superusers: not implied)."""
    held = set()
    for role in roles_by_cohort(user).get(cohort_id_of(cohort), {}):
        held |= ROLE_CAPABILITIES.get(role, frozenset())
    return held


def has_capability(user, cohort, *capabilities):
    return bool(capabilities_in(user, cohort) & set(capabilities))


def cohort_ids_with_capability(user, *capabilities):
    """Cohort ids in which the user's roles give any of the capabilities."""
    wanted = set(capabilities)
    return [
        cid
        for cid, roles in roles_by_cohort(user).items()
        if any(ROLE_CAPABILITIES.get(role, frozenset()) & wanted for role in roles)
    ]


def cohort_ids_with_perm(user, perm):
    """Cohort ids in which the user holds ``perm`` through their roles: the queryset side of
    a permission declared with ``grant()`` (superusers are not implied; callers that let them
    see everything say so)."""
    return cohort_ids_with_capability(user, *PERM_CAPABILITIES[perm])


def has_cohort_perm(user, perm, cohort):
    """Whether ``perm`` (declared with ``grant()``) is held in the cohort of ``cohort`` (a
    Cohort or an object with ``cohort_id``) through the user's roles, or as a superuser where
    ``grant()`` lets superusers in. Unlike ``user.has_perm``, a superuser is not given the
    permissions of roles (a mentor's dashboard, a juror's reviews) they do not hold."""
    if user.is_superuser and perm in SUPERUSER_PERMS:
        return True
    return has_capability(user, cohort, *PERM_CAPABILITIES[perm])


def ambassador_countries(user, cohort):
    """The countries the user represents in the cohort (memberships of country-scoped roles)."""
    held = roles_by_cohort(user).get(cohort_id_of(cohort), {})
    return set().union(
        *(countries for role, countries in held.items() if role_can(role, REPRESENT_COUNTRY))
    )


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


def holds(*capabilities, cohort_of=None):
    """Build a predicate ``(user, object) -> bool``: the user's roles in the object's cohort
    give one of the capabilities. ``cohort_of`` finds the cohort of objects that carry no
    ``cohort_id`` of their own."""
    find = cohort_of or cohort_id_of

    @rules.predicate(name=f"holds_{'_or_'.join(capabilities)}")
    def predicate(user, obj):
        return has_capability(user, find(obj), *capabilities)

    return predicate


def grant(perm, *capabilities, superuser=True, cohort_of=None, also=None):
    """Declare ``perm``: held by whoever's roles in the object's cohort give one of the
    capabilities (and superusers, unless ``superuser=False``; and whoever ``also``, a
    predicate on the object, lets in). ``cohort_ids_with_perm`` reads the same declaration."""
    PERM_CAPABILITIES[perm] = frozenset(capabilities)
    predicate = holds(*capabilities, cohort_of=cohort_of)
    if superuser:
        SUPERUSER_PERMS.add(perm)
        predicate = is_superuser | predicate
    if also is not None:
        predicate = predicate | also
    rules.add_perm(perm, predicate)
    return predicate


is_innovator = holds(TAKE_PART)
is_mentor = holds(MENTOR_PEOPLE)
is_ambassador = holds(REPRESENT_COUNTRY)
is_jury = holds(JUDGE)
is_coordinator = holds(MANAGE_COHORT)


@rules.predicate
def is_mentor_of(user, membership):
    """The user mentors this innovator (a Membership of role innovator) in its cohort."""
    from .models import MentorGroupMember

    if membership is None or not has_capability(user, membership.cohort_id, MENTOR_PEOPLE):
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


can_manage_cohort = grant("cohorts.manage_cohort", MANAGE_COHORT)

rules.add_perm("cohorts.view_cohort", is_superuser | is_member)
PERM_CAPABILITIES["cohorts.view_cohort"] = frozenset().union(*ROLE_CAPABILITIES.values())
grant("cohorts.import_members", MANAGE_COHORT)
grant("cohorts.view_dashboards", VIEW_COHORT_DATA)
rules.add_perm(
    "cohorts.view_member_progress",
    is_self | is_superuser | holds(VIEW_COHORT_DATA) | is_mentor_of | is_ambassador_for,
)
