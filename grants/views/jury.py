"""Pages for jurors: their assignments, reviews and conflict declarations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import selectors, services
from ..conflicts import conflict_filter
from ..enums import ProposalState, ReviewState
from ..forms import ConflictForm, ReviewForm
from ..models import Proposal
from ._helpers import add_service_errors, error_messages, posted_id


@login_required
def jury_home(request, pk):
    """The juror's proposals in a call (never conflicted ones) and their review states."""
    call = selectors.get_call_for(request.user, pk, "grants.judge_call")
    rows = selectors.juror_assignments(request.user, call)
    return render(
        request,
        "grants/jury_home.html",
        {
            "call": call,
            "rows": rows,
            "submitted": sum(1 for _p, r in rows if r and r.state == ReviewState.SUBMITTED),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def jury_conflicts(request, pk):
    """Declare conflicts before assignment: the call's proposals the juror may still judge."""
    call = selectors.get_call_for(request.user, pk, "grants.judge_call")
    proposals = (
        Proposal.objects.filter(call=call, state__in=ProposalState.visible_to_jury())
        .exclude(conflict_filter(request.user))
        .select_related("applicant")
        .order_by("title", "pk")
    )
    form = ConflictForm(request.POST or None)
    if request.method == "POST":
        proposal = proposals.filter(pk=posted_id(request, "proposal")).first()
        if proposal is None:
            raise Http404
        if form.is_valid():
            services.declare_conflict(
                proposal=proposal, by=request.user, note=form.cleaned_data["note"]
            )
            messages.success(
                request,
                _("Conflict recorded: you will not be asked to review “%(title)s”.")
                % {"title": proposal.title},
            )
            return redirect("grants:jury_conflicts", call.pk)
    return render(
        request,
        "grants/jury_conflicts.html",
        {"call": call, "proposals": list(proposals), "form": form, "blind": call.blind_review},
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk):
    """Score a proposal, comment, recommend; save a draft or submit."""
    proposal, viewer = selectors.get_proposal_for(request.user, pk)
    if viewer != "juror":
        raise Http404
    call = proposal.call
    criteria = selectors.localized_criteria(call)
    existing = selectors.own_review(request.user, proposal)
    form = ReviewForm(request.POST or None, criteria=criteria, review=existing)
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            services.save_review(
                proposal=proposal,
                by=request.user,
                scores=form.scores(),
                comment_to_applicant=form.cleaned_data["comment_to_applicant"],
                private_note=form.cleaned_data["private_note"],
                recommendation=form.cleaned_data["recommendation"],
                submit=submit,
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_service_errors(form, error)
            messages.error(request, _("Nothing was saved: please correct the errors below."))
        else:
            if submit:
                messages.success(
                    request,
                    _("Your review has been submitted. You can now read the other reviews."),
                )
                return redirect("grants:proposal", proposal.pk)
            messages.success(request, _("Your review has been saved as a draft."))
            return redirect("grants:review", proposal.pk)
    return render(
        request,
        "grants/review.html",
        {
            "proposal": proposal,
            "call": call,
            "form": form,
            "review": existing,
            "blind": call.blind_review,
            "criteria": criteria,
            "criteria_fields": [(c, form[f"criterion_{c.pk}"]) for c in criteria],
            "reviews_open": call.reviews_open(),
        },
    )


__all__ = ["error_messages"]
