"""Helpers shared by the curriculum views."""

from django.http import Http404
from django.utils.http import url_has_allowed_host_and_scheme

from .. import selectors
from ..serving import DASHBOARD_SCOPES


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


def _own_run(request, pk):
    run = selectors.visible_cohort_course(request.user, pk, "curriculum.take_course")
    if run is None:
        raise Http404
    return run


# The permission each dashboard scope asks for; "manage" is the coordinator's actions
# (due dates, certificates), "coordinator" the whole cohort's grid read only.
SCOPES = {**DASHBOARD_SCOPES, "manage": "curriculum.manage_course"}


def _dashboard_run(request, pk, scope):
    perm = SCOPES[scope]
    run = selectors.visible_cohort_course(request.user, pk, perm)
    if run is None or not request.user.has_perm(perm, run):
        raise Http404
    return run
