"""Calls and their rubric. The rubric is frozen once the first review is submitted."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from kohorta.permissions import require
from kohorta.translatable import default_language_code

from ..models import Criterion, GrantCall, GrantQuestion

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


QUESTION_MAX_LENGTH = GrantQuestion._meta.get_field("text").max_length


def question_lines(text):
    """The questions of a "one per line" text: stripped, without blanks or repeats."""
    return list(dict.fromkeys(line.strip() for line in (text or "").splitlines() if line.strip()))


def _set_questions(call, text):
    """Make the call's questions the lines of ``text``. A line that was already a question
    keeps its row (so its answers and translations stay); a question no longer listed goes
    with its translations; new lines become questions in the default locale."""
    lines = question_lines(text)
    too_long = [line for line in lines if len(line) > QUESTION_MAX_LENGTH]
    if too_long:
        raise ValidationError(
            {
                "extra_questions": _("Keep each question under %(count)s characters.")
                % {"count": QUESTION_MAX_LENGTH}
            }
        )
    sources = GrantQuestion.objects.filter(call=call).sources()
    existing = {question.text: question for question in sources}
    kept = []
    for position, line in enumerate(lines):
        question = existing.get(line) or GrantQuestion(call=call, text=line)
        if question.pk is None or question.position != position:
            question.position = position
            question.save()
        kept.append(question.pk)
    gone = sources.exclude(pk__in=kept)
    GrantQuestion.objects.translations_of(gone).delete()
    gone.delete()


def update_question(*, question, by, text):
    """Correct a question's wording (its answers stay with it). Adding, ordering and
    removing questions is the call's ``extra_questions`` text."""
    require(by, "grants.manage_call", question.call)
    with transaction.atomic():
        question = GrantQuestion.objects.select_for_update().get(pk=question.pk)
        question.text = " ".join((text or "").split())
        question.full_clean()
        question.save()
        log(question, "wagtail.edit", user=by)
    return question


def create_call(*, cohort, by, extra_questions="", **fields):
    require(by, "grants.manage_call", cohort)
    with transaction.atomic():
        call = GrantCall(cohort=cohort, **fields)
        call.full_clean()
        call.save()
        _set_questions(call, extra_questions)
        log(call, "wagtail.create", user=by)
    return call


def update_call(*, call, by, **fields):
    """Change a call's settings; moving it to another cohort is not possible."""
    require(by, "grants.manage_call", call)
    fields.pop("cohort", None)
    questions = fields.pop("extra_questions", None)
    with transaction.atomic():
        call = GrantCall.objects.select_for_update().get(pk=call.pk)
        for name, value in fields.items():
            setattr(call, name, value)
        call.full_clean()
        call.save()
        if questions is not None:
            _set_questions(call, questions)
            fields["extra_questions"] = questions
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
    """Remove a criterion from the rubric (with its translations), or remove one
    translation of it (the rubric stays as it is, frozen or not)."""
    require(by, "grants.manage_call", criterion.call)
    if criterion.locale.language_code != default_language_code():
        with transaction.atomic():
            log(criterion, "wagtail.delete", user=by)
            criterion.delete()
        return
    with transaction.atomic():
        _refuse_if_frozen(criterion.call)
        log(
            criterion,
            "grants.criterion.change",
            user=by,
            data={"call": criterion.call_id, "action": "delete"},
        )
        Criterion.objects.filter(
            translation_key=criterion.translation_key, call_id=criterion.call_id
        ).exclude(pk=criterion.pk).delete()
        criterion.delete()
