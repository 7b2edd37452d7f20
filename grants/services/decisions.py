"""Decisions (saved first, released in one batch), awards, milestones, reports and exports."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from kohorta.formats import format_number
from kohorta.permissions import require
from kohorta.tasks import enqueue

from ..enums import MilestoneStatus, Outcome, ProposalState, ReportKind
from ..models import (
    Award,
    Decision,
    DossierExport,
    GrantCall,
    Milestone,
    Proposal,
    Report,
    ReportFile,
)
from ..validators import validate_upload
from .proposals import transition_proposal


def record_decision(*, proposal, by, outcome, amount=None, rationale=""):
    """Save (or change) an unreleased decision; awards must fit the call's limits."""
    require(by, "grants.manage_call", proposal)
    outcome = Outcome(outcome)
    with transaction.atomic():
        call = GrantCall.objects.select_for_update().get(pk=proposal.call_id)
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.state not in ProposalState.decidable():
            raise ValidationError(
                _("Only proposals in review or shortlisted can be decided; this one is %(state)s.")
                % {"state": proposal.get_state_display().lower()}
            )
        decision = Decision.objects.filter(proposal=proposal).first()
        if decision is not None and decision.released_at is not None:
            raise ValidationError(_("This decision has already been sent."))
        errors = {}
        if outcome == Outcome.AWARD:
            if amount is None or amount <= 0:
                errors["amount"] = _("Enter the amount awarded.")
            else:
                amount = Decimal(amount).quantize(Decimal("0.01"))
                others = Decision.objects.filter(
                    proposal__call=call, outcome=Outcome.AWARD
                ).exclude(proposal=proposal)
                committed = others.aggregate(total=Sum("amount"))["total"] or Decimal("0")
                if amount > call.max_per_proposal:
                    errors["amount"] = _("The maximum per proposal is %(max)s %(currency)s.") % {
                        "max": format_number(call.max_per_proposal),
                        "currency": call.currency,
                    }
                elif amount > proposal.budget_total:
                    errors["amount"] = _("The proposal asked for %(asked)s %(currency)s only.") % {
                        "asked": format_number(proposal.budget_total),
                        "currency": call.currency,
                    }
                elif committed + amount > call.total_budget:
                    errors["amount"] = _(
                        "Only %(left)s %(currency)s of the call’s budget is left for awards."
                    ) % {
                        "left": format_number(call.total_budget - committed),
                        "currency": call.currency,
                    }
                elif others.count() + 1 > call.awards:
                    errors["outcome"] = _(
                        "The call makes %(count)s awards, all already decided."
                    ) % {"count": call.awards}
        else:
            amount = None
        if errors:
            raise ValidationError(errors)
        decision, _created = Decision.objects.update_or_create(
            proposal=proposal,
            defaults={
                "outcome": outcome,
                "amount": amount,
                "rationale": (rationale or "").strip()[:5000],
                "decided_by": by,
                "decided_at": timezone.now(),
            },
        )
        log(
            proposal,
            "grants.decision.record",
            user=by,
            data={"outcome": str(outcome), "amount": str(amount)},
        )
    return decision


def send_decisions(*, call, by, reason=""):
    """Release every saved, unsent decision of a call in one batch; one e-mail per applicant.

    Refused while ``selectors.decision_blockers`` lists anything (the call is open, or a
    proposal still waits for reviews) unless the coordinator gives a ``reason``, which is
    logged with what was overridden. Returns the number of decisions released.
    """
    from ..selectors import decision_blockers

    require(by, "grants.manage_call", call)
    reason = (reason or "").strip()[:1000]
    blockers = decision_blockers(call)
    if blockers and not reason:
        raise ValidationError(
            {
                "reason": [
                    *blockers,
                    _("To send the decisions anyway, say why (the reason is kept in the log)."),
                ]
            },
            code="not_ready",
        )
    with transaction.atomic():
        decisions = list(
            Decision.objects.select_for_update()
            .filter(
                proposal__call=call,
                released_at__isnull=True,
                proposal__state__in=ProposalState.decidable(),
            )
            .select_related("proposal")
        )
        for decision in decisions:
            target = (
                ProposalState.AWARDED
                if decision.outcome == Outcome.AWARD
                else ProposalState.NOT_FUNDED
            )
            transition_proposal(decision.proposal, target, by=by, note="decision batch")
        data = {"count": len(decisions)}
        if blockers:
            data.update(reason=reason, overridden=[str(text) for text in blockers])
        log(call, "grants.decision.send", user=by, data=data)
    return len(decisions)


def request_dossier(*, call, by):
    """Queue a PDF dossier of the call (proposals, reviews, scores)."""
    require(by, "grants.manage_call", call)
    with transaction.atomic():
        export = DossierExport.objects.create(call=call, requested_by=by)
        log(call, "grants.dossier.request", user=by, data={"export": export.pk})
        enqueue("grants.tasks.build_dossier", export.pk)
    return export


def add_milestone(
    *, award, by, title, due_on, amount=Decimal("0"), report_kind=ReportKind.PROGRESS
):
    require(by, "grants.manage_call", award.proposal)
    with transaction.atomic():
        award = Award.objects.select_for_update().select_related("proposal").get(pk=award.pk)
        planned = award.milestones.aggregate(total=Sum("amount"))["total"] or Decimal("0")
        if amount is None or amount < 0:
            raise ValidationError({"amount": _("Amounts cannot be negative.")})
        if planned + amount > award.amount:
            raise ValidationError(
                {
                    "amount": _(
                        "Milestone payments would total %(total)s, "
                        "more than the award of %(award)s."
                    )
                    % {
                        "total": format_number(planned + amount),
                        "award": format_number(award.amount),
                    }
                }
            )
        milestone = Milestone(
            award=award,
            title=(title or "").strip(),
            due_on=due_on,
            amount=amount,
            report_kind=report_kind,
        )
        milestone.full_clean()
        milestone.save()
        log(
            award.proposal,
            "grants.milestone.change",
            user=by,
            data={"milestone": milestone.pk, "action": "add"},
        )
    return milestone


def set_milestone_status(*, milestone, by, status):
    require(by, "grants.manage_call", milestone.award.proposal)
    status = MilestoneStatus(status)
    with transaction.atomic():
        milestone.status = status
        milestone.save(update_fields=["status"])
        log(
            milestone.award.proposal,
            "grants.milestone.change",
            user=by,
            data={"milestone": milestone.pk, "status": str(status)},
        )
    return milestone


def submit_report(*, milestone, by, text, files=()):
    """An applicant reports on a milestone, with files (checked for size and type)."""
    proposal = milestone.award.proposal
    if by is not None and not by.has_perm("grants.report_on_award", proposal):
        raise PermissionDenied("grants.report_on_award")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write your report.")})
    files = list(files)
    if len(files) > 5:
        raise ValidationError({"files": _("Attach at most 5 files.")})
    errors = []
    for upload in files:
        try:
            validate_upload(upload)
        except ValidationError as error:
            errors.extend(f"{upload.name}: {message}" for message in error.messages)
    if errors:
        raise ValidationError({"files": errors})
    with transaction.atomic():
        report = Report.objects.create(
            milestone=milestone, kind=milestone.report_kind, text=text[:20000], submitted_by=by
        )
        for upload in files:
            name = upload.name.rsplit("/", 1)[-1][-200:]
            report_file = ReportFile(report=report, original_name=name, size=upload.size or 0)
            report_file.file.save(name, upload, save=False)
            report_file.save()
        log(
            proposal,
            "grants.report.submit",
            user=by,
            data={"report": report.pk, "milestone": milestone.pk},
        )
    return report
