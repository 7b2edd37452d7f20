"""Every write to the curriculum goes through here.

Services take keyword arguments and the acting user (``by``; ``None`` is the system: the
demo seeder or a task), run in a transaction, check permission with the rules and leave an
audit entry with Wagtail's ``log()``. They never see ``request``.
"""

import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cohorts.enums import Role
from cohorts.models import Membership
from kohorta.tasks import enqueue

from .enums import (
    EDITABLE_REFLECTION_STATES,
    REFLECTION_TRANSITIONS,
    CompletedVia,
    FeedbackDecision,
    ReflectionState,
)
from .models import (
    Certificate,
    CohortCourse,
    DueDateExtension,
    EnrolmentProgress,
    Feedback,
    LessonProgress,
    ModulePage,
    ModuleSchedule,
    Reflection,
    ReflectionVersion,
)
from .structure import course_structure, due_date, extensions_for
from .validators import validate_upload


def _require(by, perm, obj=None):
    if by is not None and not by.has_perm(perm, obj):
        raise PermissionDenied(perm)


def _is_innovator(cohort_course, user):
    return Membership.objects.filter(
        cohort_id=cohort_course.cohort_id, user=user, role=Role.INNOVATOR
    ).exists()


# Course runs and schedules ------------------------------------------------------------


def create_cohort_course(*, cohort, course, by):
    """Run a course for a cohort (idempotent)."""
    _require(by, "curriculum.manage_course", cohort)
    with transaction.atomic():
        run, created = CohortCourse.objects.get_or_create(
            cohort=cohort, course=course, defaults={"course_key": course.translation_key}
        )
        if created:
            log(run, "wagtail.create", user=by, data={"cohort": cohort.pk, "course": course.pk})
    return run


def schedule_module(*, cohort_course, module, releases_on, due_on, by):
    """Set (or change) when a module opens and when it is due for the whole cohort."""
    _require(by, "curriculum.manage_course", cohort_course)
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
    _require(by, "curriculum.manage_course", schedule.cohort_course)
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
    _require(by, "curriculum.manage_course", cohort_course)
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
    return extension


# Progress -----------------------------------------------------------------------------


def _check_lesson(cohort_course, user, lesson_key, today):
    structure = course_structure(cohort_course)
    lesson = structure.lessons.get(lesson_key)
    if lesson is None:
        raise ValidationError(_("This lesson is not part of your course."), code="foreign")
    module = structure.module_map[lesson.module_key]
    if not module.is_released(today):
        if module.releases_on:
            message = _("This lesson opens on %(date)s.") % {
                "date": module.releases_on.strftime("%d.%m.%Y")
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
    _require(by, "curriculum.take_course", cohort_course)
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
    _require(by, "curriculum.take_course", cohort_course)
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


def recompute_enrolment(*, cohort_course, user, now=None, last_lesson_key=None):
    """Rewrite an innovator's roll-up row from their lesson progress (call inside the write)."""
    now = now or timezone.now()
    structure = course_structure(cohort_course)
    done_keys = set(
        LessonProgress.objects.filter(cohort_course=cohort_course, user=user).values_list(
            "lesson_key", flat=True
        )
    )
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
    extensions = extensions_for(cohort_course, [user.pk])
    values = {
        "lessons_done": lessons_done,
        "lessons_total": total,
        "percent": round(100 * lessons_done / total) if total else 0,
        "modules": modules,
        "modules_done": modules_done,
        "behind_schedule": _behind_schedule(
            structure, modules, user.pk, extensions, timezone.localdate(now)
        ),
    }
    if last_lesson_key is not None:
        values["last_lesson_key"] = last_lesson_key
        values["last_activity_at"] = now
    enrolment, created = EnrolmentProgress.objects.get_or_create(
        cohort_course=cohort_course, user=user, defaults=values
    )
    if not created:
        for name, value in values.items():
            setattr(enrolment, name, value)
        if last_lesson_key is None and enrolment.last_activity_at is None:
            enrolment.last_activity_at = now
        enrolment.save()
    return enrolment


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


# Reflections --------------------------------------------------------------------------


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
    _require(by, "curriculum.take_course", cohort_course)
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
        if reflection.state not in EDITABLE_REFLECTION_STATES:
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


def submit_reflection(*, reflection, by, now=None):
    """Hand in the current draft; after the due date it is accepted and flagged late."""
    if by is not None:
        _require(by, "curriculum.edit_reflection", reflection)
    now = now or timezone.now()
    with transaction.atomic():
        reflection = Reflection.objects.select_for_update().get(pk=reflection.pk)
        if (
            ReflectionState.SUBMITTED
            not in REFLECTION_TRANSITIONS[ReflectionState(reflection.state)]
        ):
            raise ValidationError(
                _("This reflection is %(state)s and cannot be submitted.")
                % {"state": reflection.get_state_display().lower()}
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
        reflection.state = ReflectionState.SUBMITTED
        reflection.submitted_at = now
        reflection.is_late = late
        reflection.save(update_fields=["state", "submitted_at", "is_late", "updated_at"])
        log(
            reflection,
            "kohorta.curriculum.reflection_submit",
            user=by,
            data={"version": version.number, "late": late},
        )
    return reflection


def give_feedback(*, reflection, decision, comment, by):
    """A mentor (or coordinator) answers the submitted version: approved or needs revision."""
    _require(by, "curriculum.give_feedback", reflection)
    decision = FeedbackDecision(decision)
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Write a few words of feedback.")})
    with transaction.atomic():
        reflection = Reflection.objects.select_for_update().get(pk=reflection.pk)
        target = ReflectionState(decision.value)
        if target not in REFLECTION_TRANSITIONS[ReflectionState(reflection.state)]:
            raise ValidationError(_("Only a submitted reflection can get feedback."))
        version = reflection.versions.filter(submitted_at__isnull=False).order_by("-number").first()
        feedback = Feedback.objects.create(
            reflection=reflection,
            version=version,
            author=by,
            decision=decision,
            comment=comment.strip(),
        )
        reflection.state = target
        reflection.save(update_fields=["state", "updated_at"])
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
    return feedback


# Certificates -------------------------------------------------------------------------

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_certificate_code():
    raw = "".join(secrets.choice(CODE_ALPHABET) for _i in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def missing_for_certificate(*, cohort_course, user, enrolment=None):
    """What still stands between a person and the certificate: a list of readable reasons."""
    structure = course_structure(cohort_course)
    if enrolment is None:
        enrolment = EnrolmentProgress.objects.filter(cohort_course=cohort_course, user=user).first()
    approved = set(
        Reflection.objects.filter(
            cohort_course=cohort_course, author=user, state=ReflectionState.APPROVED
        ).values_list("module_key", flat=True)
    )
    missing = []
    for module in structure.modules:
        numbers = enrolment.module(module.key) if enrolment else {"done": 0}
        if not module.lessons or numbers["done"] < len(module.lessons):
            missing.append(
                _("Not all lessons of “%(module)s” are done.") % {"module": module.title}
            )
        if module.needs_approved_reflection and module.key not in approved:
            missing.append(
                _("The reflection for “%(module)s” is not approved yet.") % {"module": module.title}
            )
    if not structure.modules:
        missing.append(_("The course has no modules yet."))
    return missing


def issue_certificate_if_complete(*, cohort_course, user, enrolment=None):
    """Issue the certificate when every module is done and required reflections approved."""
    structure = course_structure(cohort_course)
    if enrolment is not None and enrolment.modules_done < len(structure.modules):
        return None
    if Certificate.objects.filter(
        cohort_course=cohort_course, user=user, revoked_at__isnull=True
    ).exists():
        return None
    if Certificate.objects.filter(cohort_course=cohort_course, user=user).exists():
        # Revoked by a coordinator: only a coordinator re-issues it.
        return None
    if missing_for_certificate(cohort_course=cohort_course, user=user, enrolment=enrolment):
        return None
    return _create_certificate(cohort_course=cohort_course, user=user, by=None)


def _localized_title(page_title_by_locale, language, fallback):
    return page_title_by_locale.get(language) or fallback


def certificate_details(*, cohort_course, user, language):
    """What a certificate states, in the person's language where a translation exists."""
    from wagtail.models import Locale, Page

    structure = course_structure(cohort_course)
    course = cohort_course.course
    keys = [course.translation_key] + [module.key for module in structure.modules]
    titles = {}
    locale = Locale.objects.filter(language_code=language).first()
    if locale is not None:
        titles = dict(
            Page.objects.filter(translation_key__in=keys, locale=locale, live=True).values_list(
                "translation_key", "title"
            )
        )
    course_title = course.specific.certificate_title or course.title
    if course.translation_key in titles:
        course_title = titles[course.translation_key]
    cohort = cohort_course.cohort
    return {
        "name": user.full_name or user.email,
        "programme": cohort.programme.name,
        "cohort": cohort.name,
        "course": course_title,
        "modules": [titles.get(module.key, module.title) for module in structure.modules],
        "hours": round(sum(lesson.minutes for lesson in structure.lessons.values()) / 60),
    }


def _create_certificate(*, cohort_course, user, by, now=None):
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        details = certificate_details(cohort_course=cohort_course, user=user, language=language)
    code = new_certificate_code()
    while Certificate.objects.filter(code=code).exists():
        code = new_certificate_code()
    certificate = Certificate.objects.create(
        cohort_course=cohort_course,
        user=user,
        code=code,
        language=language,
        details=details,
        issued_at=now or timezone.now(),
        issued_by=by,
    )
    log(
        certificate,
        "kohorta.curriculum.certificate_issue",
        user=by,
        data={"person": user.pk, "code": code},
    )
    enqueue("curriculum.tasks.send_certificate_notice", certificate.pk)
    return certificate


def issue_certificate(*, cohort_course, user, by, force=False, now=None):
    """Issue a person's certificate; without ``force`` only when they completed the course."""
    _require(by, "curriculum.manage_course", cohort_course)
    if not _is_innovator(cohort_course, user):
        raise ValidationError(_("%(name)s is not an innovator in this cohort.") % {"name": user})
    with transaction.atomic():
        existing = Certificate.objects.filter(
            cohort_course=cohort_course, user=user, revoked_at__isnull=True
        ).first()
        if existing is not None:
            return existing
        if not force:
            missing = missing_for_certificate(cohort_course=cohort_course, user=user)
            if missing:
                raise ValidationError(missing)
        return _create_certificate(cohort_course=cohort_course, user=user, by=by, now=now)


def revoke_certificate(*, certificate, reason, by):
    _require(by, "curriculum.revoke_certificate", certificate)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the certificate is revoked.")})
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.revoked_at is not None:
            raise ValidationError(_("This certificate has already been revoked."))
        certificate.revoked_at = timezone.now()
        certificate.revoked_by = by
        certificate.revoke_reason = reason.strip()
        certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        log(
            certificate,
            "kohorta.curriculum.certificate_revoke",
            user=by,
            data={"reason": reason.strip()},
        )
    return certificate


def reissue_certificate(*, certificate, by):
    """Issue a fresh certificate (new code, today's details) after a revoked one."""
    _require(by, "curriculum.revoke_certificate", certificate)
    with transaction.atomic():
        if certificate.revoked_at is None:
            revoke_certificate(
                certificate=certificate, reason=_("Replaced by a re-issued certificate."), by=by
            )
        new = _create_certificate(
            cohort_course=certificate.cohort_course, user=certificate.user, by=by
        )
        log(
            new,
            "kohorta.curriculum.certificate_reissue",
            user=by,
            data={"replaces": certificate.code},
        )
    return new


def request_bulk_certificates(*, cohort_course, by):
    """Queue a background task that issues every certificate the cohort has earned."""
    _require(by, "curriculum.manage_course", cohort_course)
    log(cohort_course, "kohorta.curriculum.certificate_bulk", user=by)
    enqueue("curriculum.tasks.issue_certificates", cohort_course.pk, by.pk if by else None)


def issue_earned_certificates(*, cohort_course):
    """Issue a certificate to everyone who has earned one and has none; returns how many."""
    structure = course_structure(cohort_course)
    candidates = (
        EnrolmentProgress.objects.filter(
            cohort_course=cohort_course, modules_done__gte=len(structure.modules)
        )
        .exclude(user__certificates__cohort_course=cohort_course)
        .select_related("user")
    )
    issued = 0
    for enrolment in candidates:
        with transaction.atomic():
            if issue_certificate_if_complete(
                cohort_course=cohort_course, user=enrolment.user, enrolment=enrolment
            ):
                issued += 1
    return issued
