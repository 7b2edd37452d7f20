"""Reads for grants pages; each costs a fixed number of queries whatever the call size."""

from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cohorts.branding import branding_for
from cohorts.rules import cohort_ids_with_perm

from . import ranking
from .conflicts import conflict_filter
from .enums import ProposalState, ReviewState
from .models import (
    Award,
    Decision,
    GrantCall,
    JuryAssignment,
    Milestone,
    Proposal,
    Review,
    Score,
)

JURY_VISIBLE_STATES = {
    ProposalState.ELIGIBLE,
    ProposalState.IN_REVIEW,
    ProposalState.SHORTLISTED,
    ProposalState.AWARDED,
    ProposalState.NOT_FUNDED,
}


def calls_managed_by(user):
    if user.is_superuser:
        return GrantCall.objects.select_related("cohort__programme")
    return GrantCall.objects.filter(
        cohort_id__in=cohort_ids_with_perm(user, "grants.manage_call")
    ).select_related("cohort__programme")


def get_call_for(user, pk, perm):
    """A call the person holds ``perm`` on (superusers: any call), or 404."""
    call = GrantCall.objects.select_related("cohort__programme").filter(pk=pk).first()
    if call is None or not (user.is_superuser or user.has_perm(perm, call)):
        raise Http404
    return call


def proposals_for_juror(juror, call=None):
    """Proposals assigned to a juror that they have no conflict with (never others)."""
    qs = Proposal.objects.filter(
        cohort_id__in=cohort_ids_with_perm(juror, "grants.judge_call"),
        state__in=JURY_VISIBLE_STATES,
        assignments__juror=juror,
    ).exclude(conflict_filter(juror))
    if call is not None:
        qs = qs.filter(call=call)
    return qs


def proposals_for_applicant(user):
    return Proposal.objects.filter(Q(applicant=user) | Q(co_applicants=user)).distinct()


def proposals_managed_by(user):
    if user.is_superuser:
        return Proposal.objects.all()
    return Proposal.objects.filter(cohort_id__in=cohort_ids_with_perm(user, "grants.manage_call"))


def get_proposal_for(user, pk):
    """``(proposal, viewer)`` where viewer is coordinator, applicant or juror; else 404.

    Each scope is a queryset, so a proposal outside the person's scope (another cohort's,
    or one they are in conflict with) is indistinguishable from one that does not exist.
    """
    related = ("call__cohort__programme", "applicant")
    for viewer, qs in (
        ("coordinator", proposals_managed_by(user)),
        ("applicant", proposals_for_applicant(user)),
        ("juror", proposals_for_juror(user)),
    ):
        proposal = qs.select_related(*related).filter(pk=pk).first()
        if proposal is not None:
            return proposal, viewer
    raise Http404


def own_review(juror, proposal):
    return Review.objects.filter(proposal=proposal, juror=juror).prefetch_related("scores").first()


def reviews_of(proposal, *, viewer, juror=None):
    """Reviews someone may read: coordinators all, a juror only once their own is submitted.

    Applicants read none here (they get the comments meant for them with the decision).
    """
    qs = (
        Review.objects.filter(proposal=proposal, state=ReviewState.SUBMITTED)
        .select_related("juror")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
        .order_by("juror__full_name")
    )
    if viewer == "coordinator":
        return list(qs)
    if viewer == "juror" and juror is not None:
        mine = Review.objects.filter(
            proposal=proposal, juror=juror, state=ReviewState.SUBMITTED
        ).exists()
        return list(qs) if mine else []
    return []


def juror_assignments(juror, call):
    """The juror's proposals in a call with their review state; three queries."""
    proposals = list(
        proposals_for_juror(juror, call).select_related("applicant").order_by("title", "pk")
    )
    reviews = {
        review.proposal_id: review
        for review in Review.objects.filter(juror=juror, proposal__in=[p.pk for p in proposals])
    }
    return [(proposal, reviews.get(proposal.pk)) for proposal in proposals]


def call_overview(call):
    """Counts for a coordinator: proposals by state, reviews, decisions."""
    states = Counter(
        dict(
            Proposal.objects.filter(call=call)
            .values_list("state")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("state", "n")
        )
    )
    reviews = Counter(
        dict(
            Review.objects.filter(proposal__call=call)
            .values_list("state")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("state", "n")
        )
    )
    assignments = JuryAssignment.objects.filter(proposal__call=call).count()
    return {
        "states": [
            (state, ProposalState(state).label, states.get(state, 0))
            for state in ProposalState.values
        ],
        "total": sum(states.values()),
        "assignments": assignments,
        "reviews_submitted": reviews.get(ReviewState.SUBMITTED, 0),
        "reviews_draft": reviews.get(ReviewState.DRAFT, 0),
    }


RANKED_STATES = {
    ProposalState.IN_REVIEW,
    ProposalState.SHORTLISTED,
    ProposalState.AWARDED,
    ProposalState.NOT_FUNDED,
}


def ranking_table(call, *, sort="mean", descending=True):
    """Rows of the ranking with all the statistics; four queries whatever the size."""
    criteria = [
        ranking.CriterionSpec(c.pk, float(c.weight), c.scale_min, c.scale_max)
        for c in call.criteria.all()
    ]
    proposals = list(
        Proposal.objects.filter(call=call, state__in=RANKED_STATES)
        .select_related("applicant")
        .order_by("pk")
    )
    values = defaultdict(dict)
    owners = {}
    for review_id, proposal_id, juror_id, criterion_id, value in Score.objects.filter(
        review__proposal__call=call, review__state=ReviewState.SUBMITTED
    ).values_list("review_id", "review__proposal_id", "review__juror_id", "criterion_id", "value"):
        values[review_id][criterion_id] = value
        owners[review_id] = (proposal_id, juror_id)
    reviews = [(owners[rid][0], owners[rid][1], scores) for rid, scores in values.items()]
    results = ranking.rank(criteria, reviews, [p.pk for p in proposals])
    decisions = {d.proposal_id: d for d in Decision.objects.filter(proposal__call=call)}
    rows = []
    for proposal in proposals:
        row = ranking.RankingRow(
            proposal=proposal,
            budget=proposal.budget_total or Decimal("0"),
            result=results[proposal.pk],
        )
        row.decision = decisions.get(proposal.pk)
        rows.append(row)
    return ranking.sort_rows(rows, key=sort, descending=descending, budget=call.total_budget)


def funded_projects(programme):
    """Released awards of a programme's calls, with milestones; three queries."""
    return list(
        Award.objects.filter(
            proposal__call__cohort__programme=programme,
            proposal__state=ProposalState.AWARDED,
        )
        .select_related("proposal__applicant", "proposal__call__cohort")
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "pk"))
        )
        .order_by("-proposal__call__closes_at", "proposal__call_id", "proposal__title")
    )


def dossier_context(call):
    """Everything the PDF dossier shows; a fixed number of queries."""
    rows = ranking_table(call)
    by_id = {row.proposal.pk: row for row in rows}
    proposals = list(
        Proposal.objects.filter(pk__in=list(by_id))
        .select_related("applicant")
        .prefetch_related(
            "budget_lines",
            "co_applicants",
            Prefetch(
                "reviews",
                queryset=Review.objects.filter(state=ReviewState.SUBMITTED)
                .select_related("juror")
                .prefetch_related(
                    Prefetch("scores", queryset=Score.objects.select_related("criterion"))
                )
                .order_by("juror__full_name"),
                to_attr="submitted_reviews",
            ),
        )
    )
    proposals.sort(key=lambda p: by_id[p.pk].position)
    confidential = any(
        review.private_note.strip()
        for proposal in proposals
        for review in proposal.submitted_reviews
    )
    return {
        "branding": branding_for(call.cohort.programme, get_language(), for_pdf=True),
        # Private notes inside: every page says so (the @page header of grants/pdf/base.html).
        "confidential": confidential,
        "confidential_label": _("Confidential: for the jury"),
        "call": call,
        "criteria": list(call.criteria.all()),
        "rows": rows,
        "entries": [(by_id[p.pk], p) for p in proposals],
    }


def applicant_comments(proposal):
    """The jurors' comments meant for the applicant (never private notes or names)."""
    return [
        text
        for text in Review.objects.filter(proposal=proposal, state=ReviewState.SUBMITTED)
        .order_by("pk")
        .values_list("comment_to_applicant", flat=True)
        if text.strip()
    ]


def review_progress(call, jurors, assignments, *, now=None):
    """Per juror: ``{"juror", "assigned", "submitted", "overdue"}`` (one query).

    ``assignments`` are the call's ``JuryAssignment`` rows (already loaded by the page);
    a review not submitted once the call's reviews have closed is overdue.
    """
    from django.utils import timezone

    from .enums import ReviewState
    from .models import Review

    now = now or timezone.now()
    submitted = set(
        Review.objects.filter(proposal__call=call, state=ReviewState.SUBMITTED).values_list(
            "juror_id", "proposal_id"
        )
    )
    closed = call.reviews_close_at is not None and call.reviews_close_at <= now
    rows = {
        juror.pk: {"juror": juror, "assigned": 0, "submitted": 0, "overdue": 0} for juror in jurors
    }
    for assignment in assignments:
        row = rows.get(assignment.juror_id)
        if row is None:
            continue
        row["assigned"] += 1
        if (assignment.juror_id, assignment.proposal_id) in submitted:
            row["submitted"] += 1
        elif closed:
            row["overdue"] += 1
    return list(rows.values())
