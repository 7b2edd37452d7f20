"""Access-matrix rows for the Wagtail snippet views of a model (list, add, object views,
choosers), scoped per cohort like every Kohorta admin model."""

from django.urls import reverse

from .matrix import DENIED, LOGIN, Row, logged_in

SCOPED_LIST = logged_in(LOGIN, coordinator=200, other_coordinator=200, staff=200)
SCOPED_OBJECT = logged_in(LOGIN, coordinator=200, other_coordinator=404, staff=200)
# A view coordinators hold no permission for (adding, deleting): only staff.
STAFF_ONLY_LIST = logged_in(LOGIN, coordinator=DENIED, other_coordinator=DENIED, staff=200)
STAFF_ONLY_OBJECT = logged_in(LOGIN, coordinator=DENIED, other_coordinator=404, staff=200)


def snippet_rows(app, model, instance, *, visible, staff_only_views=()):
    """Rows for ``app.model``'s snippet views; ``instance(world)`` is cohort A's object;
    ``staff_only_views`` (e.g. "add", "delete") refuse coordinators."""
    snippets = f"wagtailsnippets_{app}_{model}"
    choosers = f"wagtailsnippetchoosers_{app}_{model}"

    def path(name, with_object=False):
        if with_object:
            return lambda world: reverse(name, args=[instance(world).pk])
        return lambda world: reverse(name)

    rows = []
    for view in ("list", "list_results", "add"):
        rows.append(
            Row(
                f"{snippets}:{view}",
                path(f"{snippets}:{view}"),
                STAFF_ONLY_LIST if view in staff_only_views else SCOPED_LIST,
                visible=visible,
            )
        )
    for view in ("edit", "delete", "usage", "history", "history_results", "copy"):
        rows.append(
            Row(
                f"{snippets}:{view}",
                path(f"{snippets}:{view}", with_object=True),
                STAFF_ONLY_OBJECT if view in staff_only_views else SCOPED_OBJECT,
                visible=visible,
            )
        )
    for view in ("choose", "choose_results", "chosen_multiple", "create"):
        # The chooser's "create" needs the add permission.
        staff_only = view == "create" and "add" in staff_only_views
        rows.append(
            Row(
                f"{choosers}:{view}",
                path(f"{choosers}:{view}"),
                STAFF_ONLY_LIST if staff_only else SCOPED_LIST,
            )
        )
    rows.append(
        Row(f"{choosers}:chosen", path(f"{choosers}:chosen", with_object=True), SCOPED_OBJECT)
    )
    return rows
