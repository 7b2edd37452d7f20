from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from cohorts.enums import Role


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("kohorta.community.report", _("Report"), _("Post reported"))
    actions.register_action("kohorta.community.moderate", _("Moderate"), _("Discussion moderated"))


@hooks.register("kohorta_dashboard_panels")
def discussions_dashboard_panel(request, entries):
    """Unread threads and latest replies in the person's cohorts; mentors also see their
    mentees' recent posts (4 queries)."""
    from . import selectors
    from .rules import SPACE_ROLES

    cohort_ids = [entry["cohort"].pk for entry in entries if set(entry["roles"]) & set(SPACE_ROLES)]
    if not cohort_ids:
        return []
    activity = selectors.dashboard_activity(request.user, cohort_ids)
    is_mentor = any(Role.MENTOR in entry["roles"] for entry in entries)
    return [
        {
            "cohort_id": None,
            "template": "community/dashboard_panel.html",
            "activity": activity,
            "is_mentor": is_mentor,
        }
    ]


@hooks.register("kohorta_personal_data")
def personal_data(user):
    from . import privacy

    return {"community": privacy.personal_data(user)}


@hooks.register("kohorta_anonymise_person")
def anonymise_person(user, replacements):
    from . import privacy

    privacy.anonymise(user, replacements)
