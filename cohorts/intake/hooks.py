"""Wagtail hooks for calls, selection, matching and topics (imported by wagtail_hooks)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from ..rules import MANAGE_COHORT, REPRESENT_COUNTRY, TAKE_PART, VIEW_COHORT_DATA
from . import (
    privacy,
    rules,  # noqa: F401  (registers the permissions)
)


@hooks.register("register_log_actions")
def register_intake_log_actions(actions):
    for action, label, message in (
        (
            "kohorta.application.state",
            _("Change application state"),
            _("Application state changed"),
        ),
        ("kohorta.application.review", _("Review application"), _("Application reviewed")),
        (
            "kohorta.application.review_submit",
            _("Submit application review"),
            _("Application review submitted"),
        ),
        ("kohorta.application.rubric", _("Set review rubric"), _("Review rubric set")),
        ("kohorta.application.merge", _("Merge applications"), _("Duplicate application merged")),
        ("kohorta.application.cap", _("Apply country cap"), _("Country cap applied")),
        ("kohorta.application.bulk", _("Decide several applications"), _("Bulk decision")),
        ("kohorta.application.decisions_sent", _("Send decisions"), _("Decisions sent")),
        ("kohorta.matching.run", _("Run matching"), _("Matching run created")),
        ("kohorta.matching.request", _("Request a matching run"), _("Matching run requested")),
        ("kohorta.matching.swap", _("Swap partners"), _("Partners swapped")),
        ("kohorta.matching.constraint", _("Pin or exclude a pair"), _("Matching constraint added")),
        (
            "kohorta.matching.constraint_removed",
            _("Remove pin or exclusion"),
            _("Matching constraint removed"),
        ),
        ("kohorta.matching.publish", _("Publish matching"), _("Partners published")),
        ("kohorta.matching.rematch", _("Re-match after publication"), _("Re-match created")),
        ("kohorta.matching.unpublish", _("Unpublish matching"), _("Matching unpublished")),
        ("kohorta.mentor.proposal", _("Apply mentor groups"), _("Mentor groups applied")),
    ):
        actions.register_action(action, label, message)


class IntakeMenuItem(MenuItem):
    def is_shown(self, request):
        from .. import rules as cohort_rules

        return request.user.is_superuser or bool(
            cohort_rules.cohort_ids_with_perm(request.user, "cohorts.manage_intake")
        )


@hooks.register("register_admin_menu_item")
def register_intake_menu_item():
    return IntakeMenuItem(
        _("Calls and matching"), reverse("cohorts:manage"), icon_name="tasks", order=125
    )


@hooks.register("kohorta_dashboard_panels")
def intake_dashboard_panels(request, entries):
    """Partners, the current discussion topic, own applications and open calls.

    Four queries at most, whatever the number of cohorts or participants.
    """
    from ..models import Application
    from . import topics
    from .matching import service as matching
    from .selectors import open_calls
    from .tasks import partner_profile

    user = request.user
    innovator_cohorts = [entry["cohort"].pk for entry in entries if TAKE_PART in entry["can"]]
    panels = []
    partners = matching.partners_for(user, innovator_cohorts)
    current = topics.current_topics(innovator_cohorts)
    profiles = {}
    partner_ids = [person.pk for people in partners.values() for person in people]
    if partner_ids:
        profiles = {
            (a.cohort_id, a.user_id): a
            for a in Application.objects.filter(
                cohort_id__in=list(partners), user_id__in=partner_ids
            )
        }
    for entry in entries:
        cohort = entry["cohort"]
        can = entry["can"]
        manage = MANAGE_COHORT in can or user.is_superuser
        panel = {
            "cohort_id": cohort.pk,
            "template": "cohorts/intake/dashboard_panel.html",
            "cohort": cohort,
            "partners": [
                partner_profile(person, profiles.get((cohort.pk, person.pk)))
                for person in partners.get(cohort.pk, [])
            ],
            "topic": current.get(cohort.pk),
            "manage": manage,
            "review": manage or bool(can & {VIEW_COHORT_DATA, REPRESENT_COUNTRY}),
        }
        if panel["partners"] or panel["topic"] or panel["review"]:
            panels.append(panel)
    applications = list(
        Application.objects.filter(user=user)
        .exclude(state="withdrawn")
        .select_related("cohort__programme")
        .order_by("-created_at")
    )
    applied = {application.cohort_id for application in applications}
    calls = [call for call in open_calls() if call.cohort_id not in applied]
    if applications or calls:
        panels.append(
            {
                "cohort_id": None,
                "template": "cohorts/intake/dashboard_applications.html",
                "applications": applications,
                "calls": calls,
            }
        )
    return panels


@hooks.register("kohorta_home_sections")
def open_calls_on_home(request, page):
    """Calls for participants open now, soonest deadline first (1 query)."""
    from .selectors import open_calls

    calls = list(open_calls()[:5])
    if not calls:
        return []
    return [{"template": "cohorts/intake/home_open_calls.html", "order": 10, "calls": calls}]


@hooks.register("kohorta_personal_data")
def intake_personal_data(user):
    return {"intake": privacy.personal_data(user)}


@hooks.register("kohorta_anonymise_person")
def intake_anonymise_person(user, replacements):
    privacy.anonymise(user, replacements)
