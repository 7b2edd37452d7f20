"""Front-end pages for coordinators: screening, assignment, ranking, decisions, awards."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from cohorts.branding import branding_for
from kohorta import personal_cache
from kohorta.exports import table_response
from kohorta.pdf import render_pdf

from .. import ranking_cache, selectors, services
from ..conflicts import conflicts_for_call
from ..enums import ConflictReason, ExportState, Outcome, ProposalState
from ..forms import (
    AssignForm,
    AutoAssignForm,
    DecisionForm,
    MilestoneForm,
    MilestoneStatusForm,
    ReportForm,
    SendDecisionsForm,
)
from ..models import Award, DossierExport, JuryAssignment, Milestone, Proposal, ReportFile
from ..ranking import AWARD_ORDER, SORT_KEYS
from ..validators import content_type_for
from ._helpers import add_service_errors, download, error_messages, posted_id


def _managed_call(request, pk, perm="grants.manage_call"):
    return selectors.get_call_for(request.user, pk, perm)


@login_required
def manage(request, pk):
    """A call at a glance, and screening: eligible or not, then into review."""
    call = _managed_call(request, pk)
    proposals = list(
        Proposal.objects.filter(call=call)
        .exclude(state=ProposalState.DRAFT)
        .select_related("applicant", "call")
        .order_by("state", "title")
    )
    # The buttons come from the transition table; moves nobody can undo (withdrawing)
    # stay on the proposal's own page.
    final = ProposalState.final()
    rows = [
        (p, [s for s in services.allowed_transitions(p, request.user) if s not in final])
        for p in proposals
    ]
    return render(
        request,
        "grants/manage.html",
        {"call": call, "overview": selectors.call_overview(call), "rows": rows},
    )


@login_required
@require_POST
def start_review(request, pk):
    """Move every eligible proposal of the call into review."""
    call = _managed_call(request, pk)
    moved = 0
    for proposal in Proposal.objects.filter(call=call, state=ProposalState.ELIGIBLE):
        services.transition_proposal(
            proposal, ProposalState.IN_REVIEW, by=request.user, note="start review"
        )
        moved += 1
    messages.success(request, _("%(count)s proposal(s) moved into review.") % {"count": moved})
    return redirect("grants:manage", call.pk)


@login_required
@require_http_methods(["GET", "POST"])
def assignments(request, pk):
    """Who reviews what: assign by hand or automatically; conflicts are shown and refused."""
    call = _managed_call(request, pk)
    jurors = services.jurors_of(call)
    assignable = Proposal.objects.filter(call=call, state__in=ProposalState.assignable())
    from cohorts.models import User

    juror_qs = User.objects.filter(pk__in=[j.pk for j in jurors])
    assign_form = AssignForm(prefix="assign", proposals=assignable, jurors=juror_qs)
    auto_form = AutoAssignForm(prefix="auto", initial={"per_proposal": call.jurors_per_proposal})
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "assign":
                assign_form = AssignForm(
                    request.POST, prefix="assign", proposals=assignable, jurors=juror_qs
                )
                if assign_form.is_valid():
                    services.assign_juror(
                        proposal=assign_form.cleaned_data["proposal"],
                        juror=assign_form.cleaned_data["juror"],
                        by=request.user,
                    )
                    messages.success(request, _("Juror assigned."))
                    return redirect("grants:assignments", call.pk)
            elif action == "auto":
                auto_form = AutoAssignForm(request.POST, prefix="auto")
                if auto_form.is_valid():
                    created, short = services.auto_assign(
                        call=call,
                        by=request.user,
                        per_proposal=auto_form.cleaned_data["per_proposal"],
                    )
                    messages.success(
                        request, _("%(count)s assignment(s) made.") % {"count": created}
                    )
                    if short:
                        messages.warning(
                            request,
                            _(
                                "%(count)s proposal(s) could not get enough jurors "
                                "without a conflict."
                            )
                            % {"count": len(short)},
                        )
                    return redirect("grants:assignments", call.pk)
            elif action == "unassign":
                assignment = get_object_or_404(
                    JuryAssignment, pk=posted_id(request, "assignment"), proposal__call=call
                )
                services.unassign_juror(assignment=assignment, by=request.user)
                messages.success(request, _("Juror unassigned."))
                return redirect("grants:assignments", call.pk)
        except ValidationError as error:
            target = assign_form if action == "assign" else auto_form
            add_service_errors(target, error)
    conflicts = conflicts_for_call(call, jurors)
    proposals = list(assignable.select_related("applicant").order_by("title", "pk"))
    current = {}
    all_assignments = list(
        JuryAssignment.objects.filter(proposal__call=call).select_related("juror")
    )
    for assignment in all_assignments:
        current.setdefault(assignment.proposal_id, []).append(assignment)
    loads = {j.pk: 0 for j in jurors}
    for rows in current.values():
        for assignment in rows:
            loads[assignment.juror_id] = loads.get(assignment.juror_id, 0) + 1
    table = []
    for proposal in proposals:
        assigned = {a.juror_id: a for a in current.get(proposal.pk, [])}
        cells = []
        for juror in jurors:
            reasons = [ConflictReason(r).label for r in conflicts.get((juror.pk, proposal.pk), [])]
            cells.append({"juror": juror, "assignment": assigned.get(juror.pk), "reasons": reasons})
        table.append({"proposal": proposal, "cells": cells, "count": len(assigned)})
    return render(
        request,
        "grants/assignments.html",
        {
            "call": call,
            "jurors": [(j, loads.get(j.pk, 0)) for j in jurors],
            "progress": selectors.review_progress(call, jurors, all_assignments),
            "table": table,
            "assign_form": assign_form,
            "auto_form": auto_form,
        },
    )


def _sort_params(request):
    sort = request.GET.get("sort", AWARD_ORDER)
    if sort not in SORT_KEYS:
        sort = AWARD_ORDER
    descending = request.GET.get("dir", "desc") != "asc"
    return sort, descending


@login_required
def ranking(request, pk):
    """The ranking table: sortable, with the budget running total and exports.

    The table's rows are kept until a grants row or a person changes
    (grants/ranking_cache.py), and the whole page per session until anything on the site
    changes (kohorta/personal_cache.py, as the dashboards), once the permission check has
    passed (the kept copy answers before the check is made again); a message (after asking
    for a dossier) is shown by a fresh rendering.
    """
    name = f"ranking:{pk}"
    kept = personal_cache.kept_part(request, name)
    if kept is not None:
        return HttpResponse(kept)
    call = _managed_call(request, pk, "grants.view_call_results")
    sort, descending = _sort_params(request)

    def page():
        return _ranking_response(request, call, sort, descending).content

    if len(messages.get_messages(request)):
        return HttpResponse(page())
    return HttpResponse(
        personal_cache.cached_part(request, name, page),
    )


RANKING_COLUMNS = [
    ("mean", _lazy("Weighted mean")),
    ("median", _lazy("Median")),
    ("z", _lazy("Normalised (z)")),
    ("count", _lazy("Reviews")),
    ("spread", _lazy("Spread")),
    ("budget", _lazy("Budget")),
]


def _ranking_rows(request, call, sort, descending, can_manage):
    """The ranking's rows as HTML, kept between requests (grants/ranking_cache.py).

    Written out here rather than by a template loop: 2,000 rows through the template
    engine took longer than the statistics (issue 21). No class on a cell (grants.css
    aligns the numbers); every value from a person is escaped.
    """
    rows = selectors.ranking_table(call, sort=sort, descending=descending)
    if not rows:
        return format_html(
            '<tr><td colspan="10" class="muted">{}</td></tr>',
            _("No proposals are in review yet."),
        )
    prefix = reverse("grants:proposal", args=[0]).rsplit("0/", 1)[0]
    disagreement = format_html(' <span class="badge badge--conflict">{}</span>', _("disagreement"))
    over_budget = format_html(' <span class="muted">{}</span>', _("over budget"))
    parts = []
    over_budget_row = ' class="over-budget"'
    for row in rows:
        proposal = row.proposal
        title = escape(proposal.title)
        if can_manage:
            title = f'<a href="{prefix}{proposal.pk}/">{title}</a>'
        cells = [
            _fmt(row.mean, 1) or "–",
            _fmt(row.median, 1) or "–",
            _fmt(row.z, 2) or "–",
            str(row.count),
            (_fmt(row.spread, 1) or "–") + (disagreement if row.disagreement else ""),
            str(row.budget),
            f"{row.running_total}{'' if row.within_budget else over_budget}",
            escape(row.decision.get_outcome_display()) if row.decision else "",
        ]
        parts.append(
            f"\n<tr{'' if row.within_budget else over_budget_row}>"
            f"<td>{row.position}</td><td>{title}<br>"
            f'<span class="muted">{escape(proposal.applicant.full_name)}</span></td>'
            + "".join(f"<td>{cell}</td>" for cell in cells)
            + "</tr>"
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped or ours


def _ranking_response(request, call, sort, descending):
    can_manage = request.user.has_perm("grants.manage_call", call)
    table = ranking_cache.table_html(
        call,
        sort=sort,
        descending=descending,
        can_manage=can_manage,
        render=lambda: _ranking_rows(request, call, sort, descending, can_manage),
    )
    export = DossierExport.objects.filter(call=call).first()
    return render(
        request,
        "grants/ranking.html",
        {
            "call": call,
            "table": table,
            "sort": sort,
            "descending": descending,
            "columns": [
                (key, label, "asc" if key == sort and descending else "desc")
                for key, label in RANKING_COLUMNS
            ],
            "export": export,
            "award_order": AWARD_ORDER,
            "award_order_label": dict(RANKING_COLUMNS)[AWARD_ORDER],
            "can_manage": can_manage,
        },
    )


def _fmt(value, digits=2):
    return "" if value is None else f"{value:.{digits}f}"


@login_required
def ranking_export(request, pk, fmt="csv"):
    """The ranking as CSV or XLSX (kohorta/exports.py), in the order the page shows."""
    call = _managed_call(request, pk, "grants.view_call_results")
    sort, descending = _sort_params(request)
    rows = selectors.ranking_table(call, sort=sort, descending=descending)
    header = [
        _("Position"),
        _("Proposal"),
        _("Title"),
        _("Applicant"),
        _("Country"),
        _("State"),
        _("Weighted mean"),
        _("Median"),
        _("z-score"),
        _("Reviews"),
        _("Spread"),
        _("Reviewers disagree"),
        _("Budget"),
        _("Running total"),
        _("Within budget"),
    ]

    def rounded(value, digits=2):
        return None if value is None else round(value, digits)

    table = [
        [
            row.position,
            row.proposal.pk,
            row.proposal.title,
            row.proposal.applicant.full_name,
            row.proposal.applicant.country.name if row.proposal.applicant.country else "",
            row.proposal.get_state_display(),
            rounded(row.mean),
            rounded(row.median),
            rounded(row.z, 3),
            row.count,
            rounded(row.spread),
            bool(row.disagreement),
            row.budget,
            row.running_total,
            bool(row.within_budget),
        ]
        for row in rows
    ]
    return table_response(fmt, f"ranking-{call.pk}", header, table)


@login_required
@require_POST
def dossier_request(request, pk):
    call = _managed_call(request, pk)
    services.request_dossier(call=call, by=request.user)
    messages.success(
        request, _("The PDF dossier is being prepared; this page will offer it when it is ready.")
    )
    return redirect("grants:ranking", call.pk)


@login_required
def dossier_download(request, pk):
    export = get_object_or_404(DossierExport, pk=pk)
    _managed_call(request, export.call_id)
    if export.state != ExportState.READY:
        raise Http404
    return download(export.file, f"dossier-{export.call_id}.pdf", "application/pdf")


@login_required
@require_http_methods(["GET", "POST"])
def decisions(request, pk):
    """Record decisions (saved, not sent), then send them all in one batch."""
    call = _managed_call(request, pk)
    errors_for = None
    bound = None
    proposal = None
    send_form = SendDecisionsForm(prefix="send")
    if request.method == "POST":
        if request.POST.get("action") == "send":
            send_form = SendDecisionsForm(request.POST, prefix="send")
            if send_form.is_valid():
                try:
                    count = services.send_decisions(
                        call=call, by=request.user, reason=send_form.cleaned_data["reason"]
                    )
                except ValidationError as error:
                    # What holds the decisions back is listed above the form already; the
                    # field says what to do about it.
                    send_form.add_error("reason", error.message_dict["reason"][-1])
                else:
                    messages.success(
                        request,
                        _("%(count)s decision(s) sent to the applicants.") % {"count": count},
                    )
                    return redirect("grants:decisions", call.pk)
            proposal = None
        else:
            proposal = get_object_or_404(Proposal, pk=posted_id(request, "proposal"), call=call)
    if request.method == "POST" and proposal is not None:
        bound = DecisionForm(request.POST, prefix=f"p{proposal.pk}")
        if bound.is_valid():
            try:
                services.record_decision(
                    proposal=proposal,
                    by=request.user,
                    outcome=bound.cleaned_data["outcome"],
                    amount=bound.cleaned_data["amount"],
                    rationale=bound.cleaned_data["rationale"],
                )
            except ValidationError as error:
                add_service_errors(bound, error)
            else:
                messages.success(
                    request,
                    _("Decision saved for “%(title)s”; it is sent with the batch.")
                    % {"title": proposal.title},
                )
                return redirect("grants:decisions", call.pk)
        errors_for = proposal.pk
    rows = selectors.ranking_table(call)
    for row in rows:
        if row.proposal.pk == errors_for:
            row.form = bound
        else:
            initial = {}
            if row.decision is not None:
                initial = {
                    "outcome": row.decision.outcome,
                    "amount": row.decision.amount,
                    "rationale": row.decision.rationale,
                }
            row.form = DecisionForm(prefix=f"p{row.proposal.pk}", initial=initial)
    awarded = sum(
        (r.decision.amount for r in rows if r.decision is not None and r.decision.amount), start=0
    )
    pending = sum(1 for r in rows if r.decision is not None and r.decision.released_at is None)
    return render(
        request,
        "grants/decisions.html",
        {
            "call": call,
            "rows": rows,
            "awarded": awarded,
            "pending": pending,
            "send_form": send_form,
            "blockers": selectors.decision_blockers(call),
            "outcomes": Outcome.choices,
        },
        status=200,
    )


@login_required
def decision_preview(request, pk):
    """The decision e-mail as each recipient will read it, per outcome, before sending."""
    call = _managed_call(request, pk)
    outcome = request.GET.get("outcome", Outcome.AWARD)
    if outcome not in Outcome.values:
        outcome = Outcome.AWARD
    decision, previews = selectors.decision_previews(call, outcome)
    return render(
        request,
        "grants/decision_preview.html",
        {
            "call": call,
            "outcome": outcome,
            "outcomes": Outcome.choices,
            "decision": decision,
            "previews": previews,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def progress(request, pk):
    """Review progress per juror (assigned, submitted, overdue) with reminders."""
    call = _managed_call(request, pk)
    if request.method == "POST":
        juror = None
        if request.POST.get("action") == "remind":
            juror = get_object_or_404(
                selectors.jurors_of_call(call), pk=posted_id(request, "juror")
            )
        try:
            count = services.remind_jurors(call=call, by=request.user, juror=juror)
        except ValidationError as error:
            for message in error_messages(error):
                messages.error(request, message)
        else:
            if juror is not None:
                messages.success(
                    request, _("%(name)s will be reminded.") % {"name": juror.full_name}
                )
            elif count:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s juror with overdue reviews will be reminded.",
                        "%(count)s jurors with overdue reviews will be reminded.",
                        count,
                    )
                    % {"count": count},
                )
            else:
                messages.info(request, _("No juror has overdue reviews."))
        return redirect("grants:progress", call.pk)
    rows = selectors.review_progress_table(call)
    return render(
        request,
        "grants/progress.html",
        {
            "call": call,
            "rows": rows,
            "overdue": sum(1 for row in rows if row["overdue"]),
            "due_days": getattr(settings, "KOHORTA_REVIEW_DUE_DAYS", 14),
            "reviews_open": call.reviews_open(),
        },
    )


@login_required
def letter(request, pk):
    """The decision letter PDF: the applicants once released, coordinators any time."""
    proposal, viewer = selectors.get_proposal_for(request.user, pk)
    decision = getattr(proposal, "decision", None) if hasattr(proposal, "decision") else None
    if decision is None or viewer == "juror":
        raise Http404
    if viewer == "applicant" and decision.released_at is None:
        raise Http404
    pdf = render_pdf(
        "grants/pdf/letter.html",
        {
            "proposal": proposal,
            "call": proposal.call,
            "decision": decision,
            "comments": selectors.applicant_comments(proposal),
            "branding": branding_for(
                proposal.call.cohort.programme, translation.get_language(), for_pdf=True
            ),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="decision-{proposal.pk}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def award(request, pk):
    """A funded project: milestones (coordinator) and reports (applicants)."""
    award = get_object_or_404(Award.objects.select_related("proposal"), pk=pk)
    proposal, viewer = selectors.get_proposal_for(request.user, award.proposal_id)
    if viewer == "juror":
        raise Http404
    milestone_form = MilestoneForm(prefix="milestone")
    report_form = ReportForm(prefix="report")
    report_for = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "milestone" and viewer == "coordinator":
                milestone_form = MilestoneForm(request.POST, prefix="milestone")
                if milestone_form.is_valid():
                    services.add_milestone(
                        award=award, by=request.user, **milestone_form.cleaned_data
                    )
                    messages.success(request, _("Milestone added."))
                    return redirect("grants:award", award.pk)
            elif action == "status" and viewer == "coordinator":
                milestone = get_object_or_404(
                    Milestone, pk=posted_id(request, "milestone"), award=award
                )
                form = MilestoneStatusForm(request.POST)
                if form.is_valid():
                    services.set_milestone_status(
                        milestone=milestone, by=request.user, status=form.cleaned_data["status"]
                    )
                    messages.success(request, _("Milestone updated."))
                    return redirect("grants:award", award.pk)
            elif action == "report" and viewer == "applicant":
                milestone = get_object_or_404(
                    Milestone, pk=posted_id(request, "milestone"), award=award
                )
                report_for = milestone.pk
                report_form = ReportForm(request.POST, request.FILES, prefix="report")
                if report_form.is_valid():
                    services.submit_report(
                        milestone=milestone,
                        by=request.user,
                        text=report_form.cleaned_data["text"],
                        files=report_form.cleaned_data["files"],
                    )
                    messages.success(request, _("Thank you: your report has been submitted."))
                    return redirect("grants:award", award.pk)
            else:
                raise Http404
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            target = report_form if action == "report" else milestone_form
            add_service_errors(target, error)
    milestones = list(award.milestones.prefetch_related("reports__files", "reports__submitted_by"))
    return render(
        request,
        "grants/award.html",
        {
            "award": award,
            "proposal": proposal,
            "viewer": viewer,
            "milestones": milestones,
            "milestone_form": milestone_form,
            "report_form": report_form,
            "report_for": report_for,
            "status_form": MilestoneStatusForm(),
        },
    )


@login_required
def report_file(request, pk):
    report_file = get_object_or_404(
        ReportFile.objects.select_related("report__milestone__award"), pk=pk
    )
    _proposal, viewer = selectors.get_proposal_for(
        request.user, report_file.report.milestone.award.proposal_id
    )
    if viewer == "juror":
        raise Http404
    return download(
        report_file.file, report_file.original_name, content_type_for(report_file.original_name)
    )


__all__ = ["error_messages"]
