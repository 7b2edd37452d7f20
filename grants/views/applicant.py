"""Pages for innovators (and the shared proposal page)."""

import difflib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cohorts.rules import has_cohort_perm
from kohorta.translatable import localize

from .. import selectors, services
from ..enums import ProposalState
from ..forms import (
    AttachmentForm,
    BudgetLineFormSet,
    ConflictForm,
    InfoRequestForm,
    MessageForm,
    ProposalForm,
    ProposalStartForm,
)
from ..models import Attachment
from ..validators import content_type_for
from ._helpers import add_service_errors, download, error_messages, proposal_history


@login_required
def call_detail(request, pk):
    """A call as its cohort's members see it, with what each of their roles can do."""
    call = selectors.get_call_for(request.user, pk, "cohorts.view_cohort")
    user = request.user
    mine = (
        selectors.proposals_for_applicant(user).filter(call=call).select_related("call").first()
        if has_cohort_perm(user, "grants.apply_to_call", call)
        else None
    )
    return render(
        request,
        "grants/call_detail.html",
        {
            "call": call,
            "criteria": selectors.localized_criteria(call),
            "proposal": mine,
            "is_innovator": has_cohort_perm(user, "grants.apply_to_call", call),
            "is_juror": has_cohort_perm(user, "grants.judge_call", call),
            "is_coordinator": user.has_perm("grants.manage_call", call),
            "start_form": ProposalStartForm(),
        },
    )


@login_required
@require_POST
def proposal_start(request, pk):
    call = selectors.get_call_for(request.user, pk, "grants.apply_to_call")
    form = ProposalStartForm(request.POST)
    if form.is_valid():
        try:
            proposal = services.create_proposal(
                call=call, by=request.user, title=form.cleaned_data["title"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Your draft has been created. Save it as often as you like.")
            )
            return redirect("grants:proposal_edit", proposal.pk)
    return render(
        request,
        "grants/call_detail.html",
        {
            "call": call,
            "criteria": selectors.localized_criteria(call),
            "proposal": None,
            "is_innovator": True,
            "start_form": form,
        },
    )


def _own_proposal(request, pk):
    proposal, viewer = selectors.get_proposal_for(request.user, pk)
    if viewer != "applicant" and proposal.applicant_id != request.user.pk:
        raise Http404
    return proposal


def _budget_initial(proposal):
    return [
        {"description": line.description, "amount": line.amount}
        for line in proposal.budget_lines.all()
    ]


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request, pk):
    """Edit a draft: texts, answers, co-applicants and budget; save or submit."""
    proposal = _own_proposal(request, pk)
    call = proposal.call
    if proposal.applicant_id != request.user.pk:
        raise Http404
    if proposal.state not in ProposalState.editable() or call.has_closed():
        messages.warning(request, _("This proposal can no longer be edited."))
        return redirect("grants:proposal", proposal.pk)
    budget_errors = {}
    if request.method == "POST":
        form = ProposalForm(request.POST, instance=proposal, call=call)
        formset = BudgetLineFormSet(request.POST, prefix="budget")
        submit = "submit" in request.POST
        if form.is_valid() and formset.is_valid():
            lines = [
                (f.cleaned_data.get("description", ""), f.cleaned_data.get("amount"))
                for f in formset.forms
                if f.cleaned_data
                and (f.cleaned_data.get("description") or f.cleaned_data.get("amount") is not None)
            ]
            saved = False
            try:
                proposal = services.save_proposal(
                    proposal=proposal,
                    by=request.user,
                    budget_lines=lines,
                    co_applicants=form.cleaned_data["co_applicants"],
                    answers=form.answers(),
                    **form.text_fields(),
                )
                saved = True
                if submit:
                    services.transition_proposal(proposal, ProposalState.SUBMITTED, by=request.user)
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                add_service_errors(form, error, extra=budget_errors)
                if "answers" in budget_errors:
                    for name in form.question_fields:
                        if not form.cleaned_data.get(name, "").strip():
                            form.add_error(name, budget_errors["answers"][0])
                    budget_errors.pop("answers")
                if saved:
                    messages.warning(
                        request,
                        _("Your draft has been saved, but it cannot be submitted yet: see below."),
                    )
                else:
                    messages.error(
                        request, _("Nothing was saved: please correct the errors below.")
                    )
            else:
                if submit:
                    messages.success(
                        request,
                        _(
                            "Your proposal has been submitted. "
                            "You can reopen it until the call closes."
                        ),
                    )
                    return redirect("grants:proposal", proposal.pk)
                messages.success(request, _("Your draft has been saved."))
                return redirect("grants:proposal_edit", proposal.pk)
        else:
            messages.error(request, _("Nothing was saved: please correct the errors below."))
    else:
        form = ProposalForm(instance=proposal, call=call)
        formset = BudgetLineFormSet(initial=_budget_initial(proposal), prefix="budget")
    return render(
        request,
        "grants/proposal_edit.html",
        {
            "proposal": proposal,
            "call": call,
            "form": form,
            "formset": formset,
            "budget_errors": [m for ms in budget_errors.values() for m in ms],
            "attachments": list(proposal.attachments.all()),
            "attachment_form": AttachmentForm(),
        },
    )


@login_required
def proposal_detail(request, pk):
    """One proposal, shown to its applicants, the coordinators and its unconflicted jurors."""
    proposal, viewer = selectors.get_proposal_for(request.user, pk)
    call = proposal.call
    blind = viewer == "juror" and call.blind_review
    reviews = selectors.reviews_of(proposal, viewer=viewer, juror=request.user)
    if reviews:
        selectors.show_criteria_localized(reviews, selectors.localized_criteria(call))
    own_review = selectors.own_review(request.user, proposal) if viewer == "juror" else None
    decision = getattr(proposal, "decision", None) if hasattr(proposal, "decision") else None
    released = decision is not None and decision.released_at is not None
    transitions = services.allowed_transitions(proposal, request.user)
    context = {
        "proposal": proposal,
        "call": call,
        "viewer": viewer,
        "blind": blind,
        "budget_lines": list(proposal.budget_lines.all()),
        "co_applicants": [] if blind else list(proposal.co_applicants.all()),
        "attachments": list(proposal.attachments.all()),
        "answers": selectors.answered_questions(proposal, localize(call.source_questions())),
        "reviews": reviews,
        "own_review": own_review,
        "transitions": transitions,
        "history": proposal_history(proposal, viewer=viewer, blind=blind),
        "decision": decision
        if viewer == "coordinator" or (viewer == "applicant" and released)
        else None,
        "comments": selectors.applicant_comments(proposal)
        if (viewer == "applicant" and released)
        else [],
        "award": getattr(proposal, "award", None) if released else None,
        "revision_count": proposal.revisions.count(),
        "conflict_form": ConflictForm() if viewer == "juror" else None,
        "thread": selectors.proposal_messages(proposal) if viewer != "juror" else None,
        "message_form": MessageForm() if viewer != "juror" else None,
        "info_form": InfoRequestForm() if any(state.needs_note for state in transitions) else None,
        "problems": services.submission_problems(proposal)
        if viewer == "applicant" and proposal.state == ProposalState.DRAFT
        else {},
    }
    return render(request, "grants/proposal_detail.html", context)


@login_required
@require_POST
def proposal_transition(request, pk):
    proposal, viewer = selectors.get_proposal_for(request.user, pk)
    target = request.POST.get("to", "")
    if target not in ProposalState.values:
        messages.error(request, _("Unknown state."))
        return redirect("grants:proposal", proposal.pk)
    try:
        services.transition_proposal(
            proposal,
            target,
            by=request.user,
            note=request.POST.get("note", "")[:5000],
            return_on_answer=request.POST.get("return_on_answer") == "on",
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
    else:
        messages.success(
            request, _("The proposal is now “%(state)s”.") % {"state": ProposalState(target).label}
        )
        if target == ProposalState.DRAFT and viewer == "applicant":
            return redirect("grants:proposal_edit", proposal.pk)
    return redirect("grants:proposal", proposal.pk)


@login_required
@require_POST
def proposal_message(request, pk):
    """A message in the proposal's thread (its coordinators and its applicants only)."""
    proposal, viewer = selectors.get_proposal_for(request.user, pk)
    if viewer == "juror":
        raise Http404
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.post_message(
                proposal=proposal, by=request.user, body=form.cleaned_data["body"]
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            for message in error_messages(error):
                messages.error(request, message)
        else:
            messages.success(request, _("Your message has been sent."))
            return redirect(reverse("grants:proposal", args=[proposal.pk]) + "#messages")
    else:
        for message in error_messages(ValidationError(form.errors)):
            messages.error(request, message)
    return redirect(reverse("grants:proposal", args=[proposal.pk]) + "#messages")


def _diff_rows(old, new, blind=False):
    rows = []
    keys = ["title", "summary", "problem", "target_community", "activities", "timeline"]
    labels = {
        "title": _("Title"),
        "summary": _("Summary"),
        "problem": _("Problem"),
        "target_community": _("Target community"),
        "activities": _("Activities"),
        "timeline": _("Timeline"),
        "answers": _("Answers"),
        "budget": _("Budget"),
        "co_applicants": _("Co-applicants"),
        "attachments": _("Attachments"),
    }

    def lines(data, key):
        value = data.get(key, "")
        if key == "answers":
            return [f"{q}: {a}" for q, a in sorted((value or {}).items())]
        if key == "budget":
            return [f"{d}: {a}" for d, a in value or []] + [f"= {data.get('budget_total', '')}"]
        if isinstance(value, list):
            return [str(v) for v in value]
        return str(value or "").splitlines()

    for key in [*keys, "answers", "budget", "co_applicants", "attachments"]:
        if blind and key in ("co_applicants", "attachments"):
            continue
        a, b = lines(old, key), lines(new, key)
        if a == b:
            continue
        diff = [(line[:1], line[2:]) for line in difflib.ndiff(a, b) if line[:1] in ("+", "-", " ")]
        rows.append({"label": labels[key], "lines": diff})
    return rows


@login_required
def proposal_revisions(request, pk):
    """Every submitted revision, and the changes between two of them."""
    proposal, viewer = selectors.get_proposal_for(request.user, pk)
    blind = viewer == "juror" and proposal.call.blind_review
    revisions = list(proposal.revisions.select_related("submitted_by"))
    by_number = {revision.number: revision for revision in revisions}
    try:
        new = int(request.GET.get("b", revisions[-1].number if revisions else 0))
        old = int(request.GET.get("a", new - 1))
    except ValueError:
        new = old = 0
    diff = []
    if new in by_number:
        old_data = by_number[old].data if old in by_number else {}
        diff = _diff_rows(old_data, by_number[new].data, blind=blind)
    return render(
        request,
        "grants/proposal_revisions.html",
        {
            "proposal": proposal,
            "revisions": revisions,
            "diff": diff,
            "old": old if old in by_number else None,
            "new": new if new in by_number else None,
            "blind": blind,
        },
    )


@login_required
@require_POST
def attachment_add(request, pk):
    proposal = _own_proposal(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachment(
                proposal=proposal, by=request.user, file=form.cleaned_data["file"]
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            for message in error_messages(error):
                messages.error(request, message)
        else:
            messages.success(request, _("The file has been attached."))
    else:
        for message in error_messages(ValidationError(form.errors)):
            messages.error(request, message)
    return redirect("grants:proposal_edit", proposal.pk)


@login_required
@require_POST
def attachment_remove(request, pk):
    attachment = get_object_or_404(Attachment, pk=pk)
    _own_proposal(request, attachment.proposal_id)
    try:
        services.remove_attachment(attachment=attachment, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("The file has been removed."))
    return redirect("grants:proposal_edit", attachment.proposal_id)


@login_required
def attachment_download(request, pk):
    """An attachment, to people who may see its proposal; blind calls hide its name from jurors."""
    attachment = get_object_or_404(Attachment.objects.only("proposal_id"), pk=pk)
    proposal, viewer = selectors.get_proposal_for(request.user, attachment.proposal_id)
    attachment = Attachment.objects.get(pk=pk)
    name = attachment.original_name
    if viewer == "juror" and proposal.call.blind_review:
        position = list(proposal.attachments.values_list("pk", flat=True)).index(attachment.pk) + 1
        name = _("attachment-%(number)s%(suffix)s") % {
            "number": position,
            "suffix": attachment.suffix,
        }
    return download(attachment.file, name, content_type_for(attachment.original_name))


@login_required
@require_POST
def declare_conflict(request, pk):
    proposal, viewer = selectors.get_proposal_for(request.user, pk)
    if viewer != "juror":
        raise Http404
    form = ConflictForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    services.declare_conflict(proposal=proposal, by=request.user, note=note)
    messages.success(
        request, _("Your conflict of interest has been recorded; the proposal has left your list.")
    )
    return redirect("grants:jury", proposal.call_id)
