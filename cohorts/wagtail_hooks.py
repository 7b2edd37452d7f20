from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from kohorta.admin_scope import BULK_ACTIONS

from . import attention, privacy, views  # noqa: F401  (attention: the office panel)
from .intake.viewsets import CallQuestionViewSet, DiscussionTopicViewSet
from .models import Membership
from .viewsets import CohortViewSet, MembershipViewSet, ProgrammeViewSet, RemoveMemberAction

register_snippet(CohortViewSet)
register_snippet(MembershipViewSet)
# The intake content coordinators translate (wagtail-localize acts on snippets).
register_snippet(CallQuestionViewSet)
register_snippet(DiscussionTopicViewSet)

# Replace Wagtail's bulk actions (registered with order 0): scoped, and never listing by
# name what the person may not act on (kohorta.admin_scope).
for _action in BULK_ACTIONS:
    hooks.register("register_bulk_action", _action, order=1)


@hooks.register("register_actions")
def register_membership_actions(registry):
    registry.register(Membership, RemoveMemberAction)


@hooks.register("register_admin_viewset")
def register_programme_viewset():
    return ProgrammeViewSet("programmes")


@hooks.register("register_admin_urls")
def register_import_url():
    from kohorta.task_failures import failed_tasks_view

    return [
        path("cohorts/import-members/", views.import_members, name="cohorts_import_members"),
        path("reports/failed-tasks/", failed_tasks_view, name="kohorta_failed_tasks"),
    ]


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        from . import rules as cohort_rules

        return request.user.is_superuser or bool(
            cohort_rules.cohort_ids_with_perm(request.user, "cohorts.import_members")
        )


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return CoordinatorMenuItem(
        _("Import members"), reverse("cohorts_import_members"), icon_name="upload", order=120
    )


@hooks.register("register_reports_menu_item")
def register_failed_tasks_menu_item():
    return CoordinatorMenuItem(
        _("Failed tasks"), reverse("kohorta_failed_tasks"), icon_name="warning", order=900
    )


@hooks.register("construct_reports_menu")
def hide_site_history_from_coordinators(request, menu_items):
    """The site history lists every cohort's log; kohorta.middleware keeps it to superusers."""
    if not request.user.is_superuser:
        menu_items[:] = [item for item in menu_items if item.name != "site-history"]


@hooks.register("kohorta_task_cohorts")
def task_cohorts():
    return {"cohorts.tasks.send_invitation": _invitation_cohorts}


def _invitation_cohorts(args_list):
    from .models import Invitation

    ids = [args[0] if args else None for args in args_list]
    cohort_of = dict(Invitation.objects.filter(pk__in=ids).values_list("pk", "cohort_id"))
    return [cohort_of.get(pk) for pk in ids]


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(
        "kohorta.cohort.status", _("Change cohort status"), _("Cohort status changed")
    )
    actions.register_action("kohorta.membership.add", _("Add member"), _("Member added"))
    actions.register_action("kohorta.membership.remove", _("Remove member"), _("Member removed"))
    actions.register_action(
        "kohorta.membership.import", _("Import members"), _("Members imported from CSV")
    )
    actions.register_action(
        "kohorta.mentor.assign", _("Assign mentor"), _("Innovator assigned to a mentor")
    )
    actions.register_action("kohorta.invitation.create", _("Invite"), _("Invitation created"))
    actions.register_action(
        "kohorta.invitation.accept", _("Accept invitation"), _("Invitation accepted")
    )
    actions.register_action(
        "kohorta.person.anonymise", _("Delete personal data"), _("Person anonymised")
    )


@hooks.register("kohorta_personal_data")
def personal_data(user):
    return {"cohorts": privacy.personal_data(user)}


@hooks.register("kohorta_anonymise_person")
def anonymise_person(user, replacements):
    privacy.anonymise(user, replacements)


from .intake import hooks as intake_hooks  # noqa: E402, F401  (calls, selection, matching, topics)
