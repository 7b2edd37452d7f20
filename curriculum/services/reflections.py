"""Reflections: drafts, submissions (late ones flagged) and mentor feedback; versions kept."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from kohorta.permissions import require
from kohorta.tasks import enqueue

from ..enums import FeedbackDecision, ReflectionState
from ..models import (
    Feedback,
    Reflection,
    ReflectionVersion,
)
from ..structure import course_structure, due_date, extensions_for
from ..validators import validate_upload
from .certificates import issue_certificate_if_complete


def _reflection_module(cohort_course, module_key):
    module = course_structure(cohort_course).module_map.get(module_key)
    if module is None or not module.has_reflection:
        raise ValidationError(_("This module does not ask for a reflection."))
    return module


def save_reflection_draft(
    *, cohort_course, module_key, user, text, by, attachment=None, remove_attachment=False
):
    """Save the innovator's working draft (a new version after feedback asked for a revision)."""
    if by is not None and by.pk != user.pk:
        raise PermissionDenied("curriculum.edit_reflection")
    require(by, "curriculum.take_course", cohort_course)
    module = _reflection_module(cohort_course, module_key)
    if not module.is_released():
        raise ValidationError(_("This module has not been released yet."))
    if attachment is not None:
        if not module.reflection_allows_upload:
            raise ValidationError({"attachment": _("This reflection does not take a file.")})
        validate_upload(attachment)
    if len(text or "") > 20000:
        raise ValidationError({"text": _("Keep the text under 20,000 characters.")})
    with transaction.atomic():
        reflection, _created = Reflection.objects.select_for_update().get_or_create(
            cohort_course=cohort_course, module_key=module.key, author=user
        )
        if not ReflectionState(reflection.state).editable:
            raise ValidationError(
                _("This reflection is %(state)s and can no longer be changed.")
                % {"state": reflection.get_state_display().lower()}
            )
        latest = reflection.versions.order_by("-number").first()
        if latest is None or not latest.is_draft:
            version = ReflectionVersion(
                reflection=reflection, number=(latest.number + 1) if latest else 1
            )
            if latest is not None and latest.attachment:
                version.attachment = latest.attachment.name
                version.attachment_name = latest.attachment_name
                version.attachment_size = latest.attachment_size
        else:
            version = latest
        version.text = text or ""
        if remove_attachment:
            version.attachment = ""
            version.attachment_name = ""
            version.attachment_size = 0
        if attachment is not None:
            version.attachment_name = attachment.name[-200:]
            version.attachment_size = attachment.size
            version.attachment.save(attachment.name, attachment, save=False)
        version.save()
        log(
            reflection,
            "kohorta.curriculum.reflection_draft",
            user=by,
            data={"version": version.number},
        )
    return reflection


def check_reflection_transition(reflection, to, *, refused):
    """Refuse with ``refused`` (a ``ValidationError``) a move the table does not allow."""
    if ReflectionState(to) not in ReflectionState(reflection.state).allowed_transitions():
        raise ValidationError(refused)


def transition_reflection(reflection, to, **changes):
    """The one way a reflection changes state: checked against ``REFLECTION_TRANSITIONS``,
    saved with ``changes`` (e.g. ``submitted_at``). Call it inside the caller's transaction,
    on a row locked with ``select_for_update``, after ``check_reflection_transition`` gave
    the person the reason for a refusal; the caller logs the event and queues notices
    (``submit_reflection``, ``give_feedback``)."""
    if ReflectionState(to) not in ReflectionState(reflection.state).allowed_transitions():
        raise ValueError(f"reflection {reflection.pk}: {reflection.state} -> {to} not allowed")
    reflection.state = ReflectionState(to)
    for name, value in changes.items():
        setattr(reflection, name, value)
    reflection.save(update_fields=["state", *changes, "updated_at"])
    return reflection


def submit_reflection(*, reflection, by, now=None):
    """Hand in the current draft; after the due date it is accepted and flagged late."""
    if by is not None:
        require(by, "curriculum.edit_reflection", reflection)
    now = now or timezone.now()
    with transaction.atomic():
        reflection = Reflection.objects.select_for_update().get(pk=reflection.pk)
        check_reflection_transition(
            reflection,
            ReflectionState.SUBMITTED,
            refused=_("This reflection is %(state)s and cannot be submitted.")
            % {"state": reflection.get_state_display().lower()},
        )
        version = reflection.versions.order_by("-number").first()
        if version is None or not version.is_draft:
            raise ValidationError(_("There is no new draft to submit."))
        if not version.text.strip() and not version.attachment:
            raise ValidationError({"text": _("Write your reflection or attach a file first.")})
        cohort_course = reflection.cohort_course
        module = course_structure(cohort_course).module_map.get(reflection.module_key)
        due = (
            due_date(
                module, reflection.author_id, extensions_for(cohort_course, [reflection.author_id])
            )
            if module
            else None
        )
        late = due is not None and timezone.localdate(now) > due
        version.submitted_at = now
        version.is_late = late
        version.save(update_fields=["submitted_at", "is_late", "updated_at"])
        transition_reflection(reflection, ReflectionState.SUBMITTED, submitted_at=now, is_late=late)
        log(
            reflection,
            "kohorta.curriculum.reflection_submit",
            user=by,
            data={"version": version.number, "late": late},
        )
        enqueue("curriculum.tasks.send_reflection_notice", reflection.pk, version.number)
    return reflection


def give_feedback(*, reflection, decision, comment, by):
    """A mentor (or coordinator) answers the submitted version: approved or needs revision."""
    require(by, "curriculum.give_feedback", reflection)
    decision = FeedbackDecision(decision)
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Write a few words of feedback.")})
    with transaction.atomic():
        reflection = Reflection.objects.select_for_update().get(pk=reflection.pk)
        target = ReflectionState(decision.value)
        check_reflection_transition(
            reflection, target, refused=_("Only a submitted reflection can get feedback.")
        )
        version = reflection.versions.filter(submitted_at__isnull=False).order_by("-number").first()
        feedback = Feedback.objects.create(
            reflection=reflection,
            version=version,
            author=by,
            decision=decision,
            comment=comment.strip(),
        )
        transition_reflection(reflection, target)
        log(
            reflection,
            "kohorta.curriculum.feedback",
            user=by,
            data={"decision": str(decision), "version": version.number},
        )
        if target == ReflectionState.APPROVED:
            issue_certificate_if_complete(
                cohort_course=reflection.cohort_course, user=reflection.author
            )
        enqueue("curriculum.tasks.send_feedback_notice", feedback.pk)
    return feedback
