"""The coordinator's screens to set up a call: its settings, dates and rubric.

The Wagtail admin (``grants/viewsets.py``) stays available; both save through
``grants.services`` so a frozen rubric or a locked blind mode is refused the same way.
"""

import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cohorts import selectors as cohort_selectors

from .. import services
from ..forms import CallForm, CriterionForm
from ..models import Criterion
from ..services.calls import CALL_FIELDS, CRITERION_FIELDS
from ._helpers import add_service_errors, posted_id
from .coordinator import _managed_call


def _call_zone(request, call=None):
    """Dates on the form are in the call's time zone (the one chosen in the form if valid)."""
    name = request.POST.get("timezone") or (call.timezone if call else "Europe/Athens")
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(call.timezone if call else "Europe/Athens")


@login_required
@require_http_methods(["GET", "POST"])
def call_new(request, cohort_pk):
    with timezone.override(_call_zone(request)):
        return _call_new(request, cohort_pk)


def _call_new(request, cohort_pk):
    """A new call in a cohort the person coordinates."""
    cohort = get_object_or_404(cohort_selectors.cohorts_managed_by(request.user), pk=cohort_pk)
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.create_call(
                cohort=cohort, by=request.user, **{f: form.cleaned_data[f] for f in CALL_FIELDS}
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The call has been created; now add its rubric."))
            return redirect("grants:call_settings", call.pk)
    return render(request, "grants/call_settings.html", {"cohort": cohort, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def call_settings(request, pk):
    """Settings, dates and rubric of a call; the rubric freezes with the first review."""
    call = _managed_call(request, pk)
    with timezone.override(_call_zone(request, call)):
        return _call_settings(request, call)


def _call_settings(request, call):
    form = CallForm(instance=call)
    add_form = CriterionForm(prefix="new")
    edit_forms = {}
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "call":
                form = CallForm(request.POST, instance=call)
                if form.is_valid():
                    services.update_call(
                        call=call,
                        by=request.user,
                        **{f: form.cleaned_data[f] for f in CALL_FIELDS},
                    )
                    messages.success(request, _("The call's settings have been saved."))
                    return redirect("grants:call_settings", call.pk)
            elif action == "criterion_add":
                add_form = CriterionForm(request.POST, prefix="new")
                if add_form.is_valid():
                    services.create_criterion(
                        call=call,
                        by=request.user,
                        **{f: add_form.cleaned_data[f] for f in CRITERION_FIELDS},
                    )
                    messages.success(request, _("Criterion added."))
                    return redirect("grants:call_settings", call.pk)
            elif action in ("criterion_edit", "criterion_delete"):
                criterion = get_object_or_404(
                    Criterion.objects.sources(), pk=posted_id(request, "criterion"), call=call
                )
                if action == "criterion_delete":
                    services.delete_criterion(criterion=criterion, by=request.user)
                    messages.success(request, _("Criterion removed."))
                    return redirect("grants:call_settings", call.pk)
                bound = CriterionForm(request.POST, prefix=f"c{criterion.pk}", instance=criterion)
                edit_forms[criterion.pk] = bound
                if bound.is_valid():
                    services.update_criterion(
                        criterion=criterion,
                        by=request.user,
                        **{f: bound.cleaned_data[f] for f in CRITERION_FIELDS},
                    )
                    messages.success(request, _("Criterion saved."))
                    return redirect("grants:call_settings", call.pk)
            else:
                raise Http404
        except ValidationError as error:
            target = {"call": form, "criterion_add": add_form}.get(action)
            if target is None:
                target = edit_forms.get(posted_id(request, "criterion"))
            if target is None:
                for message in error.messages:
                    messages.error(request, message)
            else:
                add_service_errors(target, error)
    criteria = call.source_criteria()
    rows = [
        (c, edit_forms.get(c.pk) or CriterionForm(prefix=f"c{c.pk}", instance=c)) for c in criteria
    ]
    return render(
        request,
        "grants/call_settings.html",
        {
            "call": call,
            "cohort": call.cohort,
            "form": form,
            "add_form": add_form,
            "criteria": rows,
            "frozen": call.rubric_frozen_at is not None,
        },
    )
