"""Calls and their rubric. The rubric is frozen once the first review is submitted."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from kohorta.permissions import require

from ..models import Criterion, GrantCall

CALL_FIELDS = (
    "title",
    "description",
    "eligibility",
    "opens_at",
    "closes_at",
    "timezone",
    "reviews_close_at",
    "currency",
    "total_budget",
    "max_per_proposal",
    "awards",
    "jurors_per_proposal",
    "blind_review",
    "same_country_conflicts",
    "extra_questions",
)
CRITERION_FIELDS = ("name", "guidance", "weight", "scale_min", "scale_max", "required", "position")


def create_call(*, cohort, by, **fields):
    require(by, "grants.manage_call", cohort)
    with transaction.atomic():
        call = GrantCall(cohort=cohort, **fields)
        call.full_clean()
        call.save()
        log(call, "wagtail.create", user=by)
    return call


def update_call(*, call, by, **fields):
    """Change a call's settings; moving it to another cohort is not possible."""
    require(by, "grants.manage_call", call)
    fields.pop("cohort", None)
    with transaction.atomic():
        call = GrantCall.objects.select_for_update().get(pk=call.pk)
        for name, value in fields.items():
            setattr(call, name, value)
        call.full_clean()
        call.save()
        log(call, "wagtail.edit", user=by, data={"fields": sorted(fields)})
    return call


def _refuse_if_frozen(call):
    call = GrantCall.objects.select_for_update().get(pk=call.pk)
    if call.rubric_frozen_at is not None:
        raise ValidationError(
            _(
                "The rubric of “%(call)s” is frozen: the first review was submitted on "
                "%(date)s, so criteria can no longer be added, changed or removed."
            )
            % {"call": call.title, "date": call.rubric_frozen_at.strftime("%Y-%m-%d %H:%M")},
            code="rubric_frozen",
        )
    return call


def create_criterion(*, call, by, **fields):
    require(by, "grants.manage_call", call)
    with transaction.atomic():
        _refuse_if_frozen(call)
        criterion = Criterion(call=call, **fields)
        criterion.full_clean()
        criterion.save()
        log(criterion, "grants.criterion.change", user=by, data={"call": call.pk, "action": "add"})
    return criterion


def update_criterion(*, criterion, by, **fields):
    require(by, "grants.manage_call", criterion.call)
    fields.pop("call", None)
    with transaction.atomic():
        _refuse_if_frozen(criterion.call)
        criterion = Criterion.objects.select_related("call").get(pk=criterion.pk)
        for name, value in fields.items():
            setattr(criterion, name, value)
        criterion.full_clean()
        criterion.save()
        log(
            criterion,
            "grants.criterion.change",
            user=by,
            data={"call": criterion.call_id, "action": "edit", "fields": sorted(fields)},
        )
    return criterion


def delete_criterion(*, criterion, by):
    require(by, "grants.manage_call", criterion.call)
    with transaction.atomic():
        _refuse_if_frozen(criterion.call)
        log(
            criterion,
            "grants.criterion.change",
            user=by,
            data={"call": criterion.call_id, "action": "delete"},
        )
        criterion.delete()
