from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from cohorts.rules import JUDGE, MANAGE_COHORT, TAKE_PART, VIEW_COHORT_DATA

from .enums import ProposalState, ReviewState
from .models import Criterion
from .viewsets import CriterionViewSet, DeleteCriterionAction, GrantCallViewSet


@hooks.register("register_admin_viewset")
def register_grant_call_viewset():
    return GrantCallViewSet("grant_calls")


@hooks.register("register_admin_viewset")
def register_criterion_viewset():
    return CriterionViewSet("grant_criteria")


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
    ]:
        actions.register_action(action, label, message)


@hooks.register("kohorta_dashboard_panels")
def grants_dashboard_panels(request, entries):
    """One panel per cohort with grant calls: own proposals, jury progress, call state.

    At most five queries whatever the cohort sizes.
    """
    from .models import GrantCall, Proposal, Review
    from .selectors import proposals_for_juror

    if not entries:
        return []
    user = request.user
    roles = {entry["cohort"].pk: entry["can"] for entry in entries}
    calls = list(GrantCall.objects.filter(cohort_id__in=list(roles)).order_by("-opens_at"))
    if not calls:
        return []

    def with_role(role):
        return [call.pk for call in calls if role in roles[call.cohort_id]]

    mine, jury, states = {}, {}, {}
    if innovator_calls := with_role(TAKE_PART):
        for proposal in (
            Proposal.objects.filter(call_id__in=innovator_calls)
            .filter(Q(applicant=user) | Q(co_applicants=user))
            .distinct()
            .annotate(award_pk=F("award__id"))
            .order_by("title")
        ):
            mine.setdefault(proposal.call_id, []).append(proposal)
    if jury_calls := with_role(JUDGE):
        for row in (
            proposals_for_juror(user)
            .filter(call_id__in=jury_calls)
            .values("call_id")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            jury[row["call_id"]] = {"total": row["n"], "done": 0}
        for row in (
            Review.objects.filter(
                juror=user, proposal__call_id__in=jury_calls, state=ReviewState.SUBMITTED
            )
            .values("proposal__call_id")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            jury.setdefault(row["proposal__call_id"], {"total": 0, "done": 0})["done"] = row["n"]
    if coordinator_calls := with_role(MANAGE_COHORT):
        for row in (
            Proposal.objects.filter(call_id__in=coordinator_calls)
            .values("call_id", "state")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            states.setdefault(row["call_id"], {})[row["state"]] = row["n"]
    panels = {}
    for call in calls:
        cohort_roles = roles[call.cohort_id]
        call.my_proposals = mine.get(call.pk, []) if TAKE_PART in cohort_roles else None
        call.jury = jury.get(call.pk, {"total": 0, "done": 0}) if JUDGE in cohort_roles else None
        call.states = (
            [
                (ProposalState(s).label, states.get(call.pk, {}).get(s, 0))
                for s in ProposalState.values
                if states.get(call.pk, {}).get(s)
            ]
            if MANAGE_COHORT in cohort_roles
            else None
        )
        # Read-only readers of the cohort (observers) get the ranking.
        call.results = VIEW_COHORT_DATA in cohort_roles and call.states is None
        if (
            call.my_proposals is None
            and call.jury is None
            and call.states is None
            and not call.results
        ):
            continue
        panels.setdefault(
            call.cohort_id,
            {"cohort_id": call.cohort_id, "template": "grants/dashboard_panel.html", "calls": []},
        )["calls"].append(call)
    return list(panels.values())


@hooks.register("kohorta_programme_sections")
def funded_projects_on_programme(request, page):
    """The programme's funded projects, linking to their full page (1 query)."""
    from .models import Award

    programme = getattr(page, "programme", None)
    if programme is None:
        return []
    awards = list(
        Award.objects.filter(
            proposal__call__cohort__programme=programme, proposal__state=ProposalState.AWARDED
        )
        .select_related("proposal__applicant")
        .order_by("-proposal__call__closes_at", "proposal__title")[:10]
    )
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
