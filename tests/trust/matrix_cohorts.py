"""Matrix rows for the cohorts app: dashboard, profile, invitations, privacy, and the
Wagtail admin for cohorts, memberships, programmes and people."""

from django.urls import reverse

from cohorts.models import Membership

from .matrix import DENIED, LOGIN, AdminModel, Row, expect, logged_in
from .world import (
    AMBASSADOR,
    COORDINATOR,
    INNOVATOR,
    MENTOR,
    OTHER_COORDINATOR,
    OTHER_INNOVATOR,
    OTHER_MENTOR,
    STAFF,
)


def membership_pk(world):
    return Membership.objects.get(cohort=world.cohort, user=world.people[INNOVATOR]).pk


# Cohort A's instance of every cohorts model in the admin (generated rows, admin_rows.py).
ADMIN_MODELS = {
    "cohorts.cohort": AdminModel(lambda world: world.cohort),
    "cohorts.membership": AdminModel(lambda world: Membership.objects.get(pk=membership_pk(world))),
    "cohorts.programme": AdminModel(lambda world: world.cohort.programme, staff_only=True),
    "cohorts.user": AdminModel(lambda world: world.people[INNOVATOR], staff_only=True),
}


def url(name, obj=None):
    """A path builder: ``obj`` is "cohort" (cohort A) or "membership" (A's innovator)."""

    def build(world):
        if obj is None:
            return reverse(name)
        pk = world.cohort.pk if obj == "cohort" else membership_pk(world)
        return reverse(name, args=[pk])

    return build


# Admin views scoped to the cohorts a person coordinates: A's coordinator and staff get in,
# B's coordinator gets a 404 for A's objects, everyone else is sent to log in.
SCOPED_OBJECT = logged_in(LOGIN, coordinator=200, other_coordinator=404, staff=200)
SCOPED_LIST = logged_in(LOGIN, coordinator=200, other_coordinator=200, staff=200)
STAFF_ONLY = logged_in(LOGIN, coordinator=DENIED, other_coordinator=DENIED, staff=200)
# Coordinators have no right to delete a cohort (COORDINATOR_PERMISSIONS).
STAFF_ONLY_OBJECT = logged_in(LOGIN, coordinator=DENIED, other_coordinator=404, staff=200)
A_VISIBLE = {COORDINATOR: "a_people", OTHER_COORDINATOR: "b_people", STAFF: "all"}


def _without_cohort(world):
    """People in no cohort yet: the membership form offers them to every coordinator."""
    return {key for key, person in world.people.items() if not person.memberships.exists()}


# The membership form's person field lists the coordinator's own people and people in no
# cohort yet (cohorts.selectors.people_managed_by).
FORM_VISIBLE = {
    COORDINATOR: lambda world: world.a_people | _without_cohort(world),
    OTHER_COORDINATOR: lambda world: world.b_people | _without_cohort(world),
    STAFF: "all",
}


def _still_there(world, role, response):
    assert Membership.objects.filter(pk=membership_pk(world)).exists(), role


ROWS = [
    Row(
        "dashboard",
        "/dashboard/",
        logged_in(200),
        visible={
            INNOVATOR: {INNOVATOR, MENTOR},
            MENTOR: {MENTOR, INNOVATOR},
            OTHER_MENTOR: {OTHER_MENTOR, "mentee_2"},
            AMBASSADOR: {AMBASSADOR, "innovator_rs"},
            OTHER_INNOVATOR: {OTHER_INNOVATOR, "other_mentor_b"},
        },
    ),
    Row("cohorts:profile", "/profile/", logged_in(200)),
    Row(
        "cohorts:profile_export",
        "/profile/export/",
        logged_in(200),
        visible={  # a person's export names their mentor or mentees, no one else
            INNOVATOR: {INNOVATOR, MENTOR},
            MENTOR: {MENTOR, INNOVATOR},
            OTHER_MENTOR: {OTHER_MENTOR, "mentee_2"},
            OTHER_INNOVATOR: {OTHER_INNOVATOR, "other_mentor_b"},
        },
    ),
    Row("cohorts:profile_delete", "/profile/delete/", logged_in(200)),
    Row("cohorts:invitation", "/invitations/not-a-token/", expect(410)),
    Row("cohorts_import_members", "/admin/cohorts/import-members/", SCOPED_LIST),
    # Cohorts (Wagtail snippets)
    *[
        Row(
            f"wagtailsnippets_cohorts_cohort:{view}",
            url(f"wagtailsnippets_cohorts_cohort:{view}"),
            SCOPED_LIST,
            visible=FORM_VISIBLE if view == "add" else A_VISIBLE,
        )
        for view in ("list", "list_results", "add")
    ],
    *[
        Row(
            f"wagtailsnippets_cohorts_cohort:{view}",
            url(f"wagtailsnippets_cohorts_cohort:{view}", "cohort"),
            SCOPED_OBJECT,
            visible=A_VISIBLE,
        )
        for view in ("edit", "usage", "history", "history_results", "copy")
    ],
    Row(
        "wagtailsnippets_cohorts_cohort:delete",
        url("wagtailsnippets_cohorts_cohort:delete", "cohort"),
        STAFF_ONLY_OBJECT,
    ),
    *[
        Row(
            f"wagtailsnippetchoosers_cohorts_cohort:{view}",
            url(f"wagtailsnippetchoosers_cohorts_cohort:{view}"),
            SCOPED_LIST,
            visible=A_VISIBLE,
        )
        for view in ("choose", "choose_results", "chosen_multiple", "create")
    ],
    Row(
        "wagtailsnippetchoosers_cohorts_cohort:chosen",
        url("wagtailsnippetchoosers_cohorts_cohort:chosen", "cohort"),
        SCOPED_OBJECT,
    ),
    # Memberships
    *[
        Row(
            f"wagtailsnippets_cohorts_membership:{view}",
            url(f"wagtailsnippets_cohorts_membership:{view}"),
            SCOPED_LIST,
            visible=FORM_VISIBLE if view == "add" else A_VISIBLE,
        )
        for view in ("list", "list_results", "add")
    ],
    *[
        Row(
            f"wagtailsnippets_cohorts_membership:{view}",
            url(f"wagtailsnippets_cohorts_membership:{view}", "membership"),
            SCOPED_OBJECT,
            visible=FORM_VISIBLE if view in ("edit", "copy") else A_VISIBLE,
        )
        for view in ("edit", "delete", "usage", "history", "history_results", "copy")
    ],
    *[
        Row(
            f"wagtailsnippetchoosers_cohorts_membership:{view}",
            url(f"wagtailsnippetchoosers_cohorts_membership:{view}"),
            SCOPED_LIST,
            visible=A_VISIBLE,
        )
        for view in ("choose", "choose_results", "chosen_multiple", "create")
    ],
    Row(
        "wagtailsnippetchoosers_cohorts_membership:chosen",
        url("wagtailsnippetchoosers_cohorts_membership:chosen", "membership"),
        SCOPED_OBJECT,
        visible=A_VISIBLE,
    ),
    Row(
        "POST wagtailsnippets_cohorts_membership:delete",
        url("wagtailsnippets_cohorts_membership:delete", "membership"),
        # staff comes after the coordinator, who has deleted it by then: 404
        expect(LOGIN, coordinator=302, other_coordinator=404, staff=404),
        method="POST",
        check=lambda world, role, response: (
            role in (COORDINATOR, STAFF) or _still_there(world, role, response)
        ),
    ),
    # Programmes (staff only)
    *[
        Row(f"programmes:{view}", url(f"programmes:{view}"), STAFF_ONLY)
        for view in ("index", "index_results", "add")
    ],
    *[
        Row(
            f"programmes:{view}",
            lambda w, view=view: reverse(f"programmes:{view}", args=[w.cohort.programme_id]),
            STAFF_ONLY,
        )
        for view in ("edit", "delete", "history", "history_results", "usage", "copy")
    ],
    # People (Wagtail's user admin, staff only)
    *[
        Row(
            f"wagtailusers_users:{view}",
            url(f"wagtailusers_users:{view}"),
            STAFF_ONLY,
            visible={STAFF: "all"},
        )
        for view in ("index", "index_results", "add")
    ],
    *[
        Row(
            f"wagtailusers_users:{view}",
            lambda w, view=view: reverse(
                f"wagtailusers_users:{view}", args=[w.people[INNOVATOR].pk]
            ),
            STAFF_ONLY,
            visible={STAFF: "all"},
        )
        for view in ("edit", "delete", "history", "history_results", "usage", "copy")
    ],
]
