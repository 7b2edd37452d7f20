"""Running a course for a cohort: course runs, module schedules, extended due dates."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from kohorta.permissions import require
from kohorta.tasks import enqueue

from ..models import (
    CohortCourse,
    DueDateExtension,
    ModulePage,
    ModuleSchedule,
)
from .common import _is_innovator
from .progress import recompute_enrolment


def create_cohort_course(*, cohort, course, by):
    """Run a course for a cohort (idempotent)."""
    require(by, "curriculum.manage_course", cohort)
    with transaction.atomic():
        run, created = CohortCourse.objects.get_or_create(
            cohort=cohort, course=course, defaults={"course_key": course.translation_key}
        )
        if created:
            log(run, "wagtail.create", user=by, data={"cohort": cohort.pk, "course": course.pk})
    return run


def schedule_module(*, cohort_course, module, releases_on, due_on, by):
    """Set (or change) when a module opens and when it is due for the whole cohort."""
    require(by, "curriculum.manage_course", cohort_course)
    if due_on < releases_on:
        raise ValidationError({"due_on": _("A module cannot be due before it is released.")})
    if (
        not ModulePage.objects.child_of(cohort_course.course)
        .filter(translation_key=module.translation_key)
        .exists()
    ):
        raise ValidationError({"module": _("This module is not part of the course.")})
    source = ModulePage.objects.child_of(cohort_course.course).get(
        translation_key=module.translation_key
    )
    with transaction.atomic():
        schedule, _created = ModuleSchedule.objects.update_or_create(
            cohort_course=cohort_course,
            module_key=source.translation_key,
            defaults={"module": source, "releases_on": releases_on, "due_on": due_on},
        )
        log(
            schedule,
            "kohorta.curriculum.schedule",
            user=by,
            data={"releases_on": str(releases_on), "due_on": str(due_on)},
        )
    return schedule


def unschedule_module(*, schedule, by):
    """Take a module off a cohort's schedule: it is locked again for everyone."""
    require(by, "curriculum.manage_course", schedule.cohort_course)
    with transaction.atomic():
        log(
            schedule.cohort_course,
            "kohorta.curriculum.unschedule",
            user=by,
            data={"module": str(schedule.module_key)},
        )
        schedule.delete()


def grant_extension(*, schedule, user, due_on, reason, by):
    """Give one innovator a later due date for one module, with the reason, recorded."""
    cohort_course = schedule.cohort_course
    require(by, "curriculum.manage_course", cohort_course)
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = _("Say why the due date is extended.")
    if due_on <= schedule.due_on:
        errors["due_on"] = _("The new due date must be after %(date)s.") % {
            "date": schedule.due_on.isoformat()
        }
    if not _is_innovator(cohort_course, user):
        errors["user"] = _("%(name)s is not an innovator in this cohort.") % {"name": user}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        previous = DueDateExtension.objects.filter(schedule=schedule, user=user).first()
        extension, _created = DueDateExtension.objects.update_or_create(
            schedule=schedule,
            user=user,
            defaults={
                "cohort_course": cohort_course,
                "due_on": due_on,
                "reason": reason.strip(),
                "granted_by": by,
            },
        )
        log(
            extension,
            "kohorta.curriculum.extension",
            user=by,
            data={
                "person": user.pk,
                "module": str(schedule.module_key),
                "due_on": str(due_on),
                "previous": str(previous.due_on) if previous else str(schedule.due_on),
                "reason": reason.strip(),
            },
        )
        recompute_enrolment(cohort_course=cohort_course, user=user)
        enqueue("curriculum.tasks.send_extension_notice", extension.pk, due_on.isoformat())
    return extension
