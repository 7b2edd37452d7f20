"""Lesson progress and the per-enrolment roll-up, written in the same transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cohorts.models import Membership
from cohorts.rules import TAKE_PART, roles_with
from kohorta.formats import format_date
from kohorta.permissions import require

from ..enums import (
    CompletedVia,
)
from ..models import (
    EnrolmentProgress,
    LessonProgress,
)
from ..structure import course_structure, due_date, extensions_for
from .certificates import issue_certificate_if_complete
from .common import _is_innovator


def _check_lesson(cohort_course, user, lesson_key, today):
    structure = course_structure(cohort_course)
    lesson = structure.lessons.get(lesson_key)
    if lesson is None:
        raise ValidationError(_("This lesson is not part of your course."), code="foreign")
    module = structure.module_map[lesson.module_key]
    if not module.is_released(today):
        if module.releases_on:
            message = _("This lesson opens on %(date)s.") % {
                "date": format_date(module.releases_on)
            }
        else:
            message = _("This lesson has not been released yet.")
        raise ValidationError(message, code="locked")
    return lesson


def complete_lesson(*, cohort_course, user, lesson_key, by, via=CompletedVia.MANUAL, now=None):
    """Record a lesson as done and update the roll-up in the same transaction.

    Refuses lessons of another course and lessons of modules not released yet. May issue
    the certificate when this was the last thing missing.
    """
    if by is not None and by.pk != user.pk:
        raise PermissionDenied("curriculum.take_course")
    require(by, "curriculum.take_course", cohort_course)
    if by is None and not _is_innovator(cohort_course, user):
        raise PermissionDenied("curriculum.take_course")
    now = now or timezone.now()
    lesson = _check_lesson(cohort_course, user, lesson_key, timezone.localdate(now))
    with transaction.atomic():
        progress, created = LessonProgress.objects.get_or_create(
            cohort_course=cohort_course,
            user=user,
            lesson_key=lesson.key,
            defaults={"module_key": lesson.module_key, "completed_at": now, "via": via},
        )
        enrolment = recompute_enrolment(
            cohort_course=cohort_course, user=user, now=now, last_lesson_key=lesson.key
        )
        if created:
            log(
                enrolment,
                "kohorta.curriculum.lesson_complete",
                user=by,
                data={"lesson": str(lesson.key), "via": str(via)},
            )
        issue_certificate_if_complete(cohort_course=cohort_course, user=user, enrolment=enrolment)
    return enrolment


def undo_lesson(*, cohort_course, user, lesson_key, by, now=None):
    """Mark a lesson as not done again, and update the roll-up."""
    if by is not None and by.pk != user.pk:
        raise PermissionDenied("curriculum.take_course")
    require(by, "curriculum.take_course", cohort_course)
    now = now or timezone.now()
    lesson = _check_lesson(cohort_course, user, lesson_key, timezone.localdate(now))
    with transaction.atomic():
        deleted, _rows = LessonProgress.objects.filter(
            cohort_course=cohort_course, user=user, lesson_key=lesson.key
        ).delete()
        enrolment = recompute_enrolment(cohort_course=cohort_course, user=user, now=now)
        if deleted:
            log(
                enrolment,
                "kohorta.curriculum.lesson_undo",
                user=by,
                data={"lesson": str(lesson.key)},
            )
    return enrolment


def _behind_schedule(structure, modules, user_id, extensions, today):
    for module in structure.modules:
        due = due_date(module, user_id, extensions)
        numbers = modules.get(str(module.key), {})
        if due is not None and due < today and numbers.get("done", 0) < numbers.get("total", 0):
            return True
    return False


def _rollup(structure, done_keys, user_id, extensions, today):
    """The roll-up values of one person from the set of lesson keys they completed."""
    modules, lessons_done, modules_done = {}, 0, 0
    for module in structure.modules:
        total = len(module.lessons)
        done = sum(1 for lesson in module.lessons if lesson.key in done_keys)
        modules[str(module.key)] = {
            "done": done,
            "total": total,
            "percent": round(100 * done / total) if total else 0,
        }
        lessons_done += done
        modules_done += total > 0 and done == total
    total = structure.lesson_count
    return {
        "lessons_done": lessons_done,
        "lessons_total": total,
        "percent": round(100 * lessons_done / total) if total else 0,
        "modules": modules,
        "modules_done": modules_done,
        "behind_schedule": _behind_schedule(structure, modules, user_id, extensions, today),
    }


def recompute_enrolment(*, cohort_course, user, now=None, last_lesson_key=None):
    """Rewrite an innovator's roll-up row from their lesson progress (call inside the write).

    The row is locked before the progress is read, so two lessons completed at once (two
    tabs) are both counted: the second write waits for the first and then reads its lesson.
    """
    now = now or timezone.now()
    row, created = EnrolmentProgress.objects.get_or_create(cohort_course=cohort_course, user=user)
    enrolment = EnrolmentProgress.objects.select_for_update().get(pk=row.pk)
    structure = course_structure(cohort_course)
    done_keys = set(
        LessonProgress.objects.filter(cohort_course=cohort_course, user=user).values_list(
            "lesson_key", flat=True
        )
    )
    extensions = extensions_for(cohort_course, [user.pk])
    values = _rollup(structure, done_keys, user.pk, extensions, timezone.localdate(now))
    if last_lesson_key is not None:
        values["last_lesson_key"] = last_lesson_key
        values["last_activity_at"] = now
    for name, value in values.items():
        setattr(enrolment, name, value)
    if not created and last_lesson_key is None and enrolment.last_activity_at is None:
        enrolment.last_activity_at = now
    enrolment.save()
    return enrolment


def import_progress(*, cohort_course, done_by_user, now=None):
    """Record many people's completed lessons at once (imports, benchmarks), with roll-ups.

    ``done_by_user`` maps an innovator's id to the lesson keys they completed. The system
    only (no acting person); lessons of modules not released yet are skipped; no
    certificates are issued (the bulk certificate task does that).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    structure = course_structure(cohort_course)
    innovators = set(
        Membership.objects.filter(
            cohort_id=cohort_course.cohort_id,
            role__in=roles_with(TAKE_PART),
            user_id__in=list(done_by_user),
        ).values_list("user_id", flat=True)
    )
    open_keys = {
        lesson.key
        for lesson in structure.lessons.values()
        if structure.module_map[lesson.module_key].is_released(today)
    }
    with transaction.atomic():
        rows, rollups = [], []
        extensions = extensions_for(cohort_course, list(innovators))
        for user_id, keys in done_by_user.items():
            if user_id not in innovators:
                continue
            keys = [key for key in keys if key in open_keys]
            rows.extend(
                LessonProgress(
                    cohort_course=cohort_course,
                    user_id=user_id,
                    lesson_key=key,
                    module_key=structure.lessons[key].module_key,
                    completed_at=now,
                    via=CompletedVia.MANUAL,
                )
                for key in keys
            )
            values = _rollup(structure, set(keys), user_id, extensions, today)
            if keys:
                values.update(last_lesson_key=keys[-1], last_activity_at=now)
            rollups.append(
                EnrolmentProgress(cohort_course=cohort_course, user_id=user_id, **values)
            )
        LessonProgress.objects.filter(
            cohort_course=cohort_course, user_id__in=[row.user_id for row in rollups]
        ).delete()
        EnrolmentProgress.objects.filter(
            cohort_course=cohort_course, user_id__in=[row.user_id for row in rollups]
        ).delete()
        LessonProgress.objects.bulk_create(rows, batch_size=1000)
        EnrolmentProgress.objects.bulk_create(rollups, batch_size=500)
        log(
            cohort_course,
            "kohorta.curriculum.progress_import",
            user=None,
            data={"people": len(rollups), "lessons": len(rows)},
        )
    return len(rows)


def refresh_behind_schedule(*, cohort_course, today=None):
    """Re-evaluate every enrolment's behind-schedule flag (dates move on without writes)."""
    today = today or timezone.localdate()
    structure = course_structure(cohort_course)
    enrolments = list(EnrolmentProgress.objects.filter(cohort_course=cohort_course))
    extensions = extensions_for(cohort_course, [enrolment.user_id for enrolment in enrolments])
    changed = []
    for enrolment in enrolments:
        flag = _behind_schedule(structure, enrolment.modules, enrolment.user_id, extensions, today)
        if flag != enrolment.behind_schedule:
            enrolment.behind_schedule = flag
            changed.append(enrolment)
    EnrolmentProgress.objects.bulk_update(changed, ["behind_schedule"])
    return len(changed)
