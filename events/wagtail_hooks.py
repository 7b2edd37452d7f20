from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from cohorts.rules import MANAGE_COHORT, TAKE_PART_IN_MEETINGS

from . import selectors
from .models import Room, Session, Speaker, Track
from .viewsets import (
    DeleteAgendaItemAction,
    DeleteSessionAction,
    ReleaseViewSet,
    RoomViewSet,
    SessionViewSet,
    SpeakerViewSet,
    TrackViewSet,
)


class AgendaViewSetGroup(SnippetViewSetGroup):
    items = (SessionViewSet, RoomViewSet, TrackViewSet, SpeakerViewSet, ReleaseViewSet)
    menu_icon = "date"
    menu_label = _("Meeting agendas")
    menu_name = "meeting-agendas"
    menu_order = 130


register_snippet(AgendaViewSetGroup)


@hooks.register("register_actions")
def register_agenda_actions(registry):
    for model in (Room, Track, Speaker):
        registry.register(model, DeleteAgendaItemAction)
    registry.register(Session, DeleteSessionAction)


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        from cohorts import rules as cohort_rules

        return request.user.is_superuser or bool(
            cohort_rules.cohort_ids_with_perm(request.user, "events.manage_meeting")
        )


@hooks.register("register_admin_menu_item")
def register_meetings_menu_item():
    return CoordinatorMenuItem(
        _("Meeting registrations and versions"),
        reverse("events:manage_list"),
        icon_name="calendar",
        order=131,
    )


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("kohorta.meeting.register", _("Register"), _("Registered for meeting"))
    actions.register_action(
        "kohorta.meeting.check_in", _("Check in"), _("Checked in at the meeting")
    )
    actions.register_action(
        "kohorta.meeting.cancel", _("Cancel registration"), _("Meeting registration cancelled")
    )
    actions.register_action(
        "kohorta.meeting.promote", _("Promote"), _("Moved from the waiting list to a place")
    )
    actions.register_action("kohorta.session.signup", _("Sign up"), _("Signed up for session"))
    actions.register_action(
        "kohorta.session.cancel", _("Cancel sign-up"), _("Session sign-up cancelled")
    )
    actions.register_action(
        "kohorta.session.promote", _("Promote"), _("Moved from a session's waiting list")
    )
    actions.register_action(
        "kohorta.agenda.publish", _("Publish agenda"), _("Agenda version published")
    )


@hooks.register("kohorta_dashboard_panels")
def meetings_dashboard_panel(request, entries):
    """Upcoming meetings of the person's cohorts: their registration and agenda (3 queries)."""
    cohort_ids = [entry["cohort"].pk for entry in entries]
    coordinated = {entry["cohort"].pk for entry in entries if MANAGE_COHORT in entry["can"]}
    may_register = {
        entry["cohort"].pk for entry in entries if TAKE_PART_IN_MEETINGS in entry["can"]
    }
    if not cohort_ids:
        return []
    panels = []
    by_cohort = {}
    for item in selectors.dashboard_meetings(request.user, cohort_ids):
        by_cohort.setdefault(item["meeting"].cohort_id, []).append(item)
    for cohort_id, items in by_cohort.items():
        panels.append(
            {
                "cohort_id": cohort_id,
                "template": "events/dashboard_panel.html",
                "meetings": items,
                "coordinator": cohort_id in coordinated,
                "may_register": cohort_id in may_register,
            }
        )
    return panels


@hooks.register("kohorta_home_sections")
def upcoming_meetings_on_home(request, page):
    """The next meetings in the page's language (1 query)."""
    meetings = list(selectors.upcoming_meetings(locale=page.locale)[:3])
    if not meetings:
        return []
    return [{"template": "events/home_section.html", "order": 20, "meetings": meetings}]


@hooks.register("kohorta_programme_sections")
def upcoming_meetings_on_programme(request, page):
    """The programme's coming meetings in the page's language (1 query)."""
    if not getattr(page, "programme_id", None):
        return []
    meetings = list(
        selectors.upcoming_meetings(locale=page.locale).filter(
            cohort__programme_id=page.programme_id
        )[:5]
    )
    if not meetings:
        return []
    return [{"template": "events/home_section.html", "order": 20, "meetings": meetings}]


@hooks.register("kohorta_personal_data")
def personal_data(user):
    from . import privacy

    return {"events": privacy.personal_data(user)}


@hooks.register("kohorta_anonymise_person")
def anonymise_person(user, replacements):
    from . import privacy

    privacy.anonymise(user, replacements)


from . import attention  # noqa: E402, F401  (the office dashboard's items)
