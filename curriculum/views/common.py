"""Helpers shared by the curriculum views."""

from django.http import Http404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from cohorts.enums import Role

from .. import selectors


def _error_text(error):
    if hasattr(error, "message_dict"):
        return " ".join(
            message for messages_ in error.message_dict.values() for message in messages_
        )
    return " ".join(error.messages)


def _safe_next(request, fallback):
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


# Wagtail pages ----------------------------------------------------------------------------


def _staff_links(user, course_page):
    """Dashboards of runs of this course for a mentor, ambassador or coordinator."""
    if not user.is_authenticated:
        return []
    links = []
    runs = selectors.cohort_courses_for(user, Role.MENTOR, Role.AMBASSADOR, Role.COORDINATOR)
    for run in runs.filter(course_key=course_page.translation_key):
        links.extend(_dashboard_links(user, run))
    return links


def _dashboard_links(user, run):
    from cohorts.rules import has_role

    links = []
    if has_role(user, run.cohort_id, Role.MENTOR):
        links.append(
            (
                _("Your mentees in %(cohort)s") % {"cohort": run.cohort.name},
                reverse("curriculum:mentor_dashboard", args=[run.pk]),
            )
        )
    if has_role(user, run.cohort_id, Role.AMBASSADOR):
        links.append(
            (
                _("Your country in %(cohort)s") % {"cohort": run.cohort.name},
                reverse("curriculum:country_dashboard", args=[run.pk]),
            )
        )
    if user.is_superuser or has_role(user, run.cohort_id, Role.COORDINATOR):
        links.append(
            (
                _("Cohort overview: %(cohort)s") % {"cohort": run.cohort.name},
                reverse("curriculum:cohort_dashboard", args=[run.pk]),
            )
        )
    return links


def _own_run(request, pk):
    run = selectors.visible_cohort_course(request.user, pk, Role.INNOVATOR)
    if run is None:
        raise Http404
    return run


SCOPES = {
    "mentor": (Role.MENTOR, "curriculum.view_mentor_dashboard"),
    "ambassador": (Role.AMBASSADOR, "curriculum.view_country_dashboard"),
    "coordinator": (Role.COORDINATOR, "curriculum.view_cohort_dashboard"),
}


def _dashboard_run(request, pk, scope):
    role, perm = SCOPES[scope]
    run = selectors.visible_cohort_course(request.user, pk, role)
    if run is None or not request.user.has_perm(perm, run):
        raise Http404
    return run
