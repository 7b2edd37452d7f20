"""Jury assignment, declared conflicts and reviews."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cohorts.models import User
from cohorts.rules import JUDGE, has_cohort_perm, roles_with
from kohorta.permissions import require
from kohorta.tasks import enqueue

from ..conflicts import conflict_reasons, conflicts_for_call
from ..enums import ConflictReason, ProposalState, Recommendation, ReviewState
from ..models import Conflict, GrantCall, JuryAssignment, Proposal, Review, Score


def jurors_of(call):
    return list(
        User.objects.filter(
            memberships__cohort_id=call.cohort_id, memberships__role__in=roles_with(JUDGE)
        ).order_by("full_name", "pk")
    )


def assign_juror(*, proposal, juror, by, automatic=False):
    """Give a juror a proposal to review; refused for non-jurors and conflicted jurors."""
    require(by, "grants.manage_call", proposal)
    proposal = Proposal.objects.select_related("call").get(pk=proposal.pk)
    if not has_cohort_perm(juror, "grants.judge_call", proposal):
        raise ValidationError(_("%(name)s is not on this cohort's jury.") % {"name": juror})
    if proposal.state not in ProposalState.assignable():
        raise ValidationError(
            _("Only eligible proposals can be assigned to jurors; this one is %(state)s.")
            % {"state": proposal.get_state_display().lower()}
        )
    reasons = conflict_reasons(juror, proposal)
    if reasons:
        raise ValidationError(
            _("%(name)s has a conflict of interest with this proposal: %(reasons)s.")
            % {
                "name": juror,
                "reasons": ", ".join(str(ConflictReason(r).label).lower() for r in reasons),
            },
            code="conflict",
        )
    with transaction.atomic():
        assignment, created = JuryAssignment.objects.get_or_create(
            proposal=proposal, juror=juror, defaults={"assigned_by": by, "automatic": automatic}
        )
        if created:
            log(
                proposal,
                "grants.jury.assign",
                user=by,
                data={"juror": juror.pk, "automatic": automatic},
            )
            enqueue("grants.tasks.send_review_assigned", assignment.pk)
    return assignment


def unassign_juror(*, assignment, by):
    require(by, "grants.manage_call", assignment.proposal)
    with transaction.atomic():
        if Review.objects.filter(
            proposal_id=assignment.proposal_id,
            juror_id=assignment.juror_id,
            state=ReviewState.SUBMITTED,
        ).exists():
            raise ValidationError(
                _("This juror has already submitted a review; it cannot be unassigned.")
            )
        Review.objects.filter(
            proposal_id=assignment.proposal_id, juror_id=assignment.juror_id
        ).delete()
        log(
            assignment.proposal,
            "grants.jury.unassign",
            user=by,
            data={"juror": assignment.juror_id},
        )
        assignment.delete()


def auto_assign(*, call, by, per_proposal=None):
    """Give every assignable proposal ``per_proposal`` jurors, balancing loads, avoiding conflicts.

    Existing assignments are kept. Proposals with the fewest jurors are served first and
    each takes the least-loaded free jurors (ties by name), so loads differ by at most one
    when conflicts allow. Returns ``(created, short)``: the number of new assignments and the
    proposals that could not get enough jurors.
    """
    require(by, "grants.manage_call", call)
    k = per_proposal or call.jurors_per_proposal
    with transaction.atomic():
        call = GrantCall.objects.select_for_update().get(pk=call.pk)
        jurors = jurors_of(call)
        conflicts = conflicts_for_call(call, jurors)
        proposals = list(
            Proposal.objects.filter(call=call, state__in=ProposalState.assignable()).order_by("pk")
        )
        existing = {}
        load = {juror.pk: 0 for juror in jurors}
        for proposal_id, juror_id in JuryAssignment.objects.filter(proposal__call=call).values_list(
            "proposal_id", "juror_id"
        ):
            existing.setdefault(proposal_id, set()).add(juror_id)
            if juror_id in load:
                load[juror_id] += 1
        order = {juror.pk: index for index, juror in enumerate(jurors)}
        proposals.sort(key=lambda p: (len(existing.get(p.pk, ())), p.pk))
        created, short = [], []
        for proposal in proposals:
            have = existing.setdefault(proposal.pk, set())
            free = [
                juror
                for juror in jurors
                if juror.pk not in have and (juror.pk, proposal.pk) not in conflicts
            ]
            free.sort(key=lambda juror: (load[juror.pk], order[juror.pk]))
            for juror in free[: max(0, k - len(have))]:
                created.append(
                    JuryAssignment(proposal=proposal, juror=juror, assigned_by=by, automatic=True)
                )
                have.add(juror.pk)
                load[juror.pk] += 1
            if len(have) < k:
                short.append(proposal)
        JuryAssignment.objects.bulk_create(created)
        log(
            call,
            "grants.jury.auto_assign",
            user=by,
            data={"created": len(created), "per_proposal": k},
        )
    return len(created), short


def declare_conflict(*, proposal, by, note=""):
    """A juror declares a conflict: the proposal leaves their list, with any review of it."""
    if by is None or not has_cohort_perm(by, "grants.judge_call", proposal):
        raise PermissionDenied("grants.judge_call")
    with transaction.atomic():
        conflict, created = Conflict.objects.get_or_create(
            proposal=proposal, juror=by, defaults={"note": (note or "")[:1000]}
        )
        JuryAssignment.objects.filter(proposal=proposal, juror=by).delete()
        Review.objects.filter(proposal=proposal, juror=by).delete()
        if created:
            log(proposal, "grants.conflict.declare", user=by, data={"juror": by.pk})
    return conflict


def clean_scores(criteria, scores, *, final):
    """Check ``{criterion_id: value|None}``; ``final`` requires every required criterion."""
    errors = {}
    known = {criterion.pk: criterion for criterion in criteria}
    for key in scores:
        if key not in known:
            raise ValidationError(_("A score was given for a criterion not in this call’s rubric."))
    clean = {}
    for criterion in criteria:
        value = scores.get(criterion.pk)
        if value in ("", None):
            if criterion.required and final:
                errors[f"criterion_{criterion.pk}"] = _("Score this criterion.")
            clean[criterion.pk] = None
            continue
        if value == "na":
            if criterion.required:
                errors[f"criterion_{criterion.pk}"] = _(
                    "This criterion is required; n/a is not allowed."
                )
            clean[criterion.pk] = None
            continue
        try:
            value = int(value)
        except (TypeError, ValueError):
            errors[f"criterion_{criterion.pk}"] = _("Enter a whole number.")
            continue
        if not criterion.scale_min <= value <= criterion.scale_max:
            errors[f"criterion_{criterion.pk}"] = _("Give a score from %(min)s to %(max)s.") % {
                "min": criterion.scale_min,
                "max": criterion.scale_max,
            }
            continue
        clean[criterion.pk] = value
    if errors:
        raise ValidationError(errors)
    return clean


def save_review(
    *,
    proposal,
    by,
    scores,
    comment_to_applicant="",
    private_note="",
    recommendation="",
    submit=False,
):
    """Save (and with ``submit`` hand in) a juror's review of a proposal.

    Only an assigned juror without a conflict may review, while the proposal is in review
    and the review phase is open. Two requests for the same review (two browser tabs) are
    serialised on the assignment row and always end in one review. The first submitted
    review of a call freezes its rubric.
    """
    from ..selectors import proposals_for_juror

    if by is None or not proposals_for_juror(by).filter(pk=proposal.pk).exists():
        raise PermissionDenied("grants.review_proposal")
    with transaction.atomic():
        assignment = (
            JuryAssignment.objects.select_for_update()
            .select_related("proposal__call")
            .get(proposal_id=proposal.pk, juror_id=by.pk)
        )
        proposal = assignment.proposal
        call = proposal.call
        if proposal.state not in ProposalState.reviewable():
            raise ValidationError(_("This proposal is not in review."), code="not_in_review")
        if not call.reviews_open():
            raise ValidationError(_("The review phase has closed."), code="reviews_closed")
        criteria = call.source_criteria()
        errors = {}
        try:
            clean = clean_scores(criteria, scores, final=submit)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                raise
            errors.update(error.message_dict)
        if recommendation and recommendation not in Recommendation.values:
            errors["recommendation"] = _("Choose yes, maybe or no.")
        elif submit and not recommendation:
            errors["recommendation"] = _("Recommend yes, maybe or no.")
        if errors:
            raise ValidationError(errors)
        try:
            with transaction.atomic():
                review, _created = Review.objects.get_or_create(proposal=proposal, juror=by)
        except IntegrityError:
            review = Review.objects.get(proposal=proposal, juror=by)
        review.comment_to_applicant = (comment_to_applicant or "")[:5000]
        review.private_note = (private_note or "")[:5000]
        review.recommendation = recommendation or ""
        now = timezone.now()
        first_submit = submit and review.state != ReviewState.SUBMITTED
        if submit:
            review.state = ReviewState.SUBMITTED
            review.submitted_at = review.submitted_at or now
        review.save()
        existing = {score.criterion_id: score for score in review.scores.all()}
        for criterion_id, value in clean.items():
            if criterion_id in existing:
                if existing[criterion_id].value != value:
                    existing[criterion_id].value = value
                    existing[criterion_id].save(update_fields=["value"])
            else:
                Score.objects.create(review=review, criterion_id=criterion_id, value=value)
        if review.state == ReviewState.SUBMITTED:
            GrantCall.objects.filter(pk=call.pk, rubric_frozen_at__isnull=True).update(
                rubric_frozen_at=now
            )
        log(
            proposal,
            "grants.review.submit" if first_submit else "grants.review.save",
            user=by,
            data={"review": review.pk},
        )
    return review


def remind_jurors(*, call, by, juror=None):
    """Remind one juror (``juror``) or every juror with overdue reviews; returns how many.

    Sent through notifications (``grants.review_nudge``), at most once a day per juror and
    call; refused once the call's reviews have closed (nobody can submit any more).
    """
    from ..selectors import review_progress_table

    require(by, "grants.manage_call", call)
    if not call.reviews_open():
        raise ValidationError(
            _("The review phase has closed; jurors can no longer submit."), code="reviews_closed"
        )
    rows = review_progress_table(call)
    if juror is not None:
        chosen = [row["juror"] for row in rows if row["juror"].pk == juror.pk and row["open"]]
        if not chosen:
            raise ValidationError(
                _("%(name)s has no review left to submit.") % {"name": juror.full_name},
                code="nothing_open",
            )
    else:
        chosen = [row["juror"] for row in rows if row["overdue"]]
    day = timezone.localdate().isoformat()
    with transaction.atomic():
        for person in chosen:
            enqueue("grants.tasks.send_review_nudge", call.pk, person.pk, day)
        if chosen:
            log(
                call,
                "grants.jury.remind",
                user=by,
                data={"jurors": [person.pk for person in chosen]},
            )
    return len(chosen)
