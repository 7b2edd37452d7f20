from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .models import Criterion
from .viewsets import (
    CriterionViewSet,
    DeleteCriterionAction,
    GrantCallViewSet,
    GrantQuestionViewSet,
)


@hooks.register("register_admin_viewset")
def register_grant_call_viewset():
    return GrantCallViewSet("grant_calls")


# Snippets, so that wagtail-localize's Translate and Sync act on them.
register_snippet(CriterionViewSet)
register_snippet(GrantQuestionViewSet)


@hooks.register("register_actions")
def register_criterion_actions(registry):
    registry.register(Criterion, DeleteCriterionAction)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    for action, label, message in [
        ("grants.proposal.transition", _("Change proposal state"), _("Proposal state changed")),
        ("grants.attachment.add", _("Attach file"), _("File attached to a proposal")),
        ("grants.attachment.remove", _("Remove file"), _("File removed from a proposal")),
        ("grants.criterion.change", _("Change rubric"), _("Rubric changed")),
        ("grants.jury.assign", _("Assign juror"), _("Juror assigned")),
        ("grants.jury.unassign", _("Unassign juror"), _("Juror unassigned")),
        (
            "grants.jury.auto_assign",
            _("Assign jurors automatically"),
            _("Jurors assigned automatically"),
        ),
        ("grants.conflict.declare", _("Declare conflict"), _("Conflict of interest declared")),
        ("grants.review.save", _("Save review"), _("Review saved")),
        ("grants.review.submit", _("Submit review"), _("Review submitted")),
        ("grants.decision.record", _("Record decision"), _("Decision recorded")),
        ("grants.decision.send", _("Send decisions"), _("Decisions sent")),
        ("grants.milestone.change", _("Change milestone"), _("Milestone changed")),
        ("grants.report.submit", _("Submit report"), _("Report submitted")),
        ("grants.dossier.request", _("Request dossier"), _("PDF dossier requested")),
        ("grants.message.post", _("Post message"), _("Message posted on a proposal")),
        ("grants.jury.remind", _("Remind jurors"), _("Jurors reminded of their reviews")),
        ("grants.call.blind_change", _("Change blind review"), _("Blind review changed")),
    ]:
        actions.register_action(action, label, message)


@hooks.register("kohorta_dashboard_panels")
def grants_dashboard_panels(request, entries):
    """One panel per cohort with grant calls: own proposals, jury progress, call state.

    The reads are ``selectors.dashboard_calls`` (at most four queries).
    """
    from .selectors import dashboard_calls

    if not entries:
        return []
    capabilities = {entry["cohort"].pk: entry["can"] for entry in entries}
    panels = {}
    for call in dashboard_calls(request.user, capabilities):
        panels.setdefault(
            call.cohort_id,
            {"cohort_id": call.cohort_id, "template": "grants/dashboard_panel.html", "calls": []},
        )["calls"].append(call)
        if call.states is not None:
            panels[call.cohort_id]["new_call_url"] = reverse(
                "grants:call_new", args=[call.cohort_id]
            )
    return list(panels.values())


@hooks.register("kohorta_programme_sections")
def funded_projects_on_programme(request, page):
    """The programme's funded projects, linking to their full page (1 query)."""
    from .selectors import recent_awards

    programme = getattr(page, "programme", None)
    if programme is None:
        return []
    awards = recent_awards(programme)
    if not awards:
        return []
    return [
        {
            "template": "grants/programme_section.html",
            "order": 30,
            "awards": awards,
            "programme": programme,
        }
    ]


@hooks.register("kohorta_personal_data")
def personal_data(user):
    from . import privacy

    return {"grants": privacy.personal_data(user)}


@hooks.register("kohorta_anonymise_person")
def anonymise_person(user, replacements):
    from . import privacy

    privacy.anonymise(user, replacements)


from . import attention  # noqa: E402, F401  (the office dashboard's items)
