"""Reads for grants pages; each costs a fixed number of queries whatever the call size."""

import datetime
from collections import Counter, defaultdict
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from cohorts.branding import branding_for
from cohorts.rules import JUDGE, MANAGE_COHORT, cohort_ids_with_perm, roles_with
from kohorta.translatable import localize

from . import ranking
from .conflicts import conflict_filter
from .enums import MilestoneStatus, ProposalState, ReviewState
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
        state__in=ProposalState.visible_to_jury(),
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


def answered_questions(proposal, questions=None):
    """``[(question, answer)]`` for the call's source questions in order; ``questions``
    (already loaded, perhaps localized) saves the query."""
    if questions is None:
        questions = proposal.call.source_questions()
    answers = proposal.answers if isinstance(proposal.answers, dict) else {}
    return [(question, str(answers.get(str(question.pk)) or "")) for question in questions]


def localized_criteria(call):
    """The call's rubric with each criterion's ``.tr`` in the active language (1–2 queries)."""
    return localize(call.source_criteria())


def show_criteria_localized(reviews, criteria):
    """Point each score of ``reviews`` (scores prefetched) at its localized criterion from
    ``criteria`` (see ``localized_criteria``), so ``score.criterion.tr.name`` needs no query."""
    by_pk = {criterion.pk: criterion for criterion in criteria}
    for review in reviews:
        for score in review.scores.all():
            if score.criterion_id in by_pk:
                score.criterion = by_pk[score.criterion_id]


def ranking_table(call, *, sort=ranking.AWARD_ORDER, descending=True):
    """Rows of the ranking with all the statistics; four queries whatever the size."""
    criteria = [
        ranking.CriterionSpec(c.pk, float(c.weight), c.scale_min, c.scale_max)
        for c in call.source_criteria()
    ]
    proposals = list(
        Proposal.objects.filter(call=call, state__in=ProposalState.ranked())
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
        row.decidable = proposal.state in ProposalState.decidable()
        rows.append(row)
    return ranking.sort_rows(rows, key=sort, descending=descending, budget=call.total_budget)


def decision_blockers(call, *, now=None):
    """Why decisions should not be sent yet (empty list: ready); two queries.

    Decisions wait until the call has closed and every proposal still being judged
    (``ProposalState.awaiting_reviews``) has at least one juror and a submitted review
    from each of its jurors.
    """
    now = now or timezone.now()
    blockers = []
    if not call.has_closed(now):
        blockers.append(
            _("The call is still open (it closes on %(date)s).")
            % {"date": timezone.localtime(call.closes_at, call.tzinfo).strftime("%Y-%m-%d %H:%M")}
        )
    proposals = list(
        Proposal.objects.filter(call=call, state__in=ProposalState.awaiting_reviews())
        .annotate(
            jurors=Count("assignments", distinct=True),
            submitted=Count(
                "reviews", filter=Q(reviews__state=ReviewState.SUBMITTED), distinct=True
            ),
        )
        .order_by("title", "pk")
    )
    missing = [p for p in proposals if p.jurors == 0 or p.submitted < p.jurors]
    if missing:
        blockers.append(
            ngettext(
                "%(count)s proposal still waits for reviews: %(titles)s.",
                "%(count)s proposals still wait for reviews: %(titles)s.",
                len(missing),
            )
            % {"count": len(missing), "titles": ", ".join(f"“{p.title}”" for p in missing[:10])}
        )
    return blockers


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
    criteria = localized_criteria(call)
    for proposal in proposals:
        show_criteria_localized(proposal.submitted_reviews, criteria)
    return {
        "branding": branding_for(call.cohort.programme, get_language(), for_pdf=True),
        # Private notes inside: every page says so (the @page header of grants/pdf/base.html).
        "confidential": confidential,
        "confidential_label": _("Confidential: for the jury"),
        "call": call,
        "criteria": criteria,
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


def decision_email_context(decision):
    """What the decision e-mail shows (the same for the real send and the preview).

    The jurors' comments meant for the applicant, never their private notes nor names.
    """
    from notifications.mail import absolute

    proposal = decision.proposal
    return {
        "decision": decision,
        "proposal": proposal,
        "call": proposal.call,
        "applicant": proposal.applicant,
        "comments": applicant_comments(proposal),
        "letter_url": absolute(reverse("grants:letter", args=[proposal.pk])),
    }


def decision_recipients(proposal):
    """Who receives a proposal's decision: the applicant, then each co-applicant."""
    return [proposal.applicant, *proposal.co_applicants.order_by("pk")]


def decision_previews(call, outcome):
    """The decision e-mail of the first saved decision with ``outcome``, rendered with the
    real notification templates for each of its recipients, in each one's language.

    Returns ``(decision, [{"person", "language", "subject", "text"}, ...])``, or
    ``(None, [])`` when no decision has that outcome yet.
    """
    from notifications import mail

    from .notifications import DECISION

    decision = (
        Decision.objects.filter(proposal__call=call, outcome=outcome)
        .select_related("proposal__applicant", "proposal__call__cohort__programme")
        .order_by(F("released_at").asc(nulls_first=True), "proposal__title", "pk")
        .first()
    )
    if decision is None:
        return None, []
    context = decision_email_context(decision)
    url = mail.absolute(reverse("grants:proposal", args=[decision.proposal_id]))
    previews = []
    for person in decision_recipients(decision.proposal):
        language = mail.language_of(person)
        full = {**mail.base_context(person, language=language), **context, "url": url}
        subject, text, _html = mail.render(DECISION.template, full, language=language)
        previews.append({"person": person, "language": language, "subject": subject, "text": text})
    return decision, previews


def review_progress(call, jurors, assignments, *, now=None):
    """Per juror: ``{"juror", "assigned", "submitted", "open", "overdue"}`` (one query).

    ``assignments`` are the call's ``JuryAssignment`` rows (already loaded by the page). A
    review not submitted is overdue once the call's reviews have closed, or
    ``KOHORTA_REVIEW_DUE_DAYS`` after the juror was assigned.
    """
    now = now or timezone.now()
    due_days = getattr(settings, "KOHORTA_REVIEW_DUE_DAYS", 14)
    submitted = set(
        Review.objects.filter(proposal__call=call, state=ReviewState.SUBMITTED).values_list(
            "juror_id", "proposal_id"
        )
    )
    closed = call.reviews_close_at is not None and call.reviews_close_at <= now
    rows = {
        juror.pk: {"juror": juror, "assigned": 0, "submitted": 0, "open": 0, "overdue": 0}
        for juror in jurors
    }
    for assignment in assignments:
        row = rows.get(assignment.juror_id)
        if row is None:
            continue
        row["assigned"] += 1
        if (assignment.juror_id, assignment.proposal_id) in submitted:
            row["submitted"] += 1
            continue
        row["open"] += 1
        if closed or assignment.created_at <= now - datetime.timedelta(days=due_days):
            row["overdue"] += 1
    return list(rows.values())


def jurors_of_call(call):
    """The jurors of the call's cohort, by name."""
    from cohorts.models import User

    return (
        User.objects.filter(
            memberships__cohort_id=call.cohort_id, memberships__role__in=roles_with(JUDGE)
        )
        .distinct()
        .order_by("full_name", "pk")
    )


def review_progress_table(call, *, now=None):
    """The review-progress page: every juror of the call's cohort; three queries."""
    jurors = list(jurors_of_call(call))
    assignments = list(JuryAssignment.objects.filter(proposal__call=call))
    return review_progress(call, jurors, assignments, now=now)


def open_reviews_by_juror(call):
    """``{juror: [proposal, ...]}``: assignments of the call without a submitted review.

    Two queries; inactive people are left out (they are never reminded).
    """
    submitted = set(
        Review.objects.filter(proposal__call=call, state=ReviewState.SUBMITTED).values_list(
            "proposal_id", "juror_id"
        )
    )
    result = defaultdict(list)
    for assignment in (
        JuryAssignment.objects.filter(proposal__call=call, juror__is_active=True)
        .select_related("juror", "proposal")
        .order_by("juror_id", "proposal_id")
    ):
        if (assignment.proposal_id, assignment.juror_id) not in submitted:
            result[assignment.juror].append(assignment.proposal)
    return dict(result)


def calls_with_reviews_closing(today, days):
    """Calls whose reviews close between ``today`` and ``days`` later (local dates)."""
    return [
        call
        for call in GrantCall.objects.filter(reviews_close_at__isnull=False).order_by("pk")
        if today
        <= timezone.localdate(call.reviews_close_at)
        <= today + datetime.timedelta(days=days)
    ]


def milestones_due_for_reminder(today, days):
    """Ids of unreported, open milestones due within ``days``, not reminded yet."""
    return list(
        Milestone.objects.filter(
            due_on__gte=today,
            due_on__lte=today + datetime.timedelta(days=days),
            reminder_sent_at__isnull=True,
            reports__isnull=True,
        )
        .exclude(status__in=[MilestoneStatus.COMPLETED, MilestoneStatus.CANCELLED])
        .values_list("pk", flat=True)
    )


def coordinators_of(cohort_id):
    """The cohort's active coordinators (who hear from applicants in a proposal's thread)."""
    from cohorts.models import User

    return list(
        User.objects.filter(
            memberships__cohort_id=cohort_id,
            memberships__role__in=roles_with(MANAGE_COHORT),
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def proposal_messages(proposal):
    """The proposal's thread, oldest first, with authors (one query)."""
    return list(proposal.messages.select_related("author").order_by("created_at", "pk"))


def recent_awards(programme, limit=10):
    """The programme's latest released awards, for its page (one query)."""
    return list(
        Award.objects.filter(
            proposal__call__cohort__programme=programme, proposal__state=ProposalState.AWARDED
        )
        .select_related("proposal__applicant")
        .order_by("-proposal__call__closes_at", "proposal__title")[:limit]
    )


def dashboard_calls(user, capabilities):
    """The grant calls of the cohorts in ``capabilities`` (``{cohort_id: {capability, ...}}``,
    the dashboard entries' ``can``), annotated for the dashboard panel: ``my_proposals``
    (those who take part), ``jury`` progress (jurors), proposal counts per state (those who
    manage the cohort) and ``results`` (read-only readers such as observers get the
    ranking). At most four queries.
    """
    from cohorts.rules import TAKE_PART, VIEW_COHORT_DATA

    calls = list(GrantCall.objects.filter(cohort_id__in=list(capabilities)).order_by("-opens_at"))
    if not calls:
        return []

    def with_capability(capability):
        return [call.pk for call in calls if capability in capabilities[call.cohort_id]]

    mine, jury, states = {}, {}, {}
    if innovator_calls := with_capability(TAKE_PART):
        for proposal in (
            Proposal.objects.filter(call_id__in=innovator_calls)
            .filter(Q(applicant=user) | Q(co_applicants=user))
            .distinct()
            .annotate(award_pk=F("award__id"))
            .order_by("title")
        ):
            mine.setdefault(proposal.call_id, []).append(proposal)
    if jury_calls := with_capability(JUDGE):
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
    if coordinator_calls := with_capability(MANAGE_COHORT):
        for row in (
            Proposal.objects.filter(call_id__in=coordinator_calls)
            .values("call_id", "state")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            states.setdefault(row["call_id"], {})[row["state"]] = row["n"]
    result = []
    for call in calls:
        held = capabilities[call.cohort_id]
        call.my_proposals = mine.get(call.pk, []) if TAKE_PART in held else None
        call.jury = jury.get(call.pk, {"total": 0, "done": 0}) if JUDGE in held else None
        counts = states.get(call.pk, {})
        call.states = (
            [(ProposalState(s).label, counts[s]) for s in ProposalState.values if counts.get(s)]
            if MANAGE_COHORT in held
            else None
        )
        call.results = VIEW_COHORT_DATA in held and call.states is None
        if (
            call.my_proposals is None
            and call.jury is None
            and call.states is None
            and not call.results
        ):
            continue
        result.append(call)
    return result
