"""Background work for the curriculum: thin, idempotent wrappers that take ids.

Every notice goes through ``notifications.notify`` with a once-key, so running a schedule
twice never tells anyone twice.
"""

import datetime
from collections import defaultdict

from django.db import models
from django.urls import reverse
from django.utils import timezone

from cohorts.enums import Role
from cohorts.models import Membership, MentorGroupMember, User
from notifications.mail import absolute
from notifications.services import notify

from . import notifications as kinds
from . import services
from .enums import FeedbackDecision, ReflectionState
from .models import (
    Certificate,
    CohortCourse,
    DueDateExtension,
    EnrolmentProgress,
    Feedback,
    ModuleSchedule,
    Reflection,
)
from .structure import course_structure

REMINDER_DAYS = 3


def send_due_reminders(today=None):
    """Remind innovators of a module due in the next three days that they have not finished.

    A person with an extended due date is reminded before their own date instead. Nobody
    who finished the module is reminded.
    """
    today = today or timezone.localdate()
    window_end = today + datetime.timedelta(days=REMINDER_DAYS)
    extended_in_window = DueDateExtension.objects.filter(
        due_on__gte=today, due_on__lte=window_end
    ).values("schedule_id")
    schedules = (
        ModuleSchedule.objects.filter(releases_on__lte=today)
        .filter(
            models.Q(due_on__gte=today, due_on__lte=window_end)
            | models.Q(pk__in=extended_in_window)
        )
        .select_related("cohort_course__course", "cohort_course__cohort", "module")
        .order_by("pk")
    )
    sent = 0
    for schedule in schedules:
        cohort_course = schedule.cohort_course
        module = course_structure(cohort_course).module_map.get(schedule.module_key)
        if module is None or not module.lessons:
            continue
        extended = dict(
            DueDateExtension.objects.filter(schedule=schedule).values_list("user_id", "due_on")
        )
        progress = {
            user_id: modules.get(str(schedule.module_key), {}).get("done", 0)
            for user_id, modules in EnrolmentProgress.objects.filter(
                cohort_course=cohort_course
            ).values_list("user_id", "modules")
        }
        innovators = User.objects.filter(
            memberships__cohort_id=cohort_course.cohort_id,
            memberships__role=Role.INNOVATOR,
            is_active=True,
        ).order_by("pk")
        for user in innovators:
            due_on = extended.get(user.pk, schedule.due_on)
            if not today <= due_on <= window_end:
                continue
            if progress.get(user.pk, 0) >= len(module.lessons):
                continue
            if notify(
                user,
                kinds.DUE_REMINDER.name,
                context={
                    "module": module,
                    "due_on": due_on,
                    "cohort": cohort_course.cohort,
                    "done": progress.get(user.pk, 0),
                    "total": len(module.lessons),
                },
                url=reverse("curriculum:home"),
                once_key=f"curriculum.due_reminder:{user.pk}:{_reminder_key(schedule, due_on)}",
            ):
                sent += 1
    return sent


def _reminder_key(schedule, due_on):
    return f"schedule:{schedule.pk}:{due_on.isoformat()}"


def send_mentor_digests(today=None):
    """Once a week, tell each mentor which of their mentees' reflections await feedback."""
    today = today or timezone.localdate()
    year, week, _day = today.isocalendar()
    key = f"{year}-W{week:02d}"
    waiting = list(
        Reflection.objects.filter(state=ReflectionState.SUBMITTED)
        .select_related("author", "cohort_course__cohort")
        .order_by("submitted_at")
    )
    if not waiting:
        return 0
    cohort_ids = {reflection.cohort_course.cohort_id for reflection in waiting}
    mentor_of = {
        (row.cohort_id, row.innovator_id): row.group.mentor
        for row in MentorGroupMember.objects.filter(cohort_id__in=cohort_ids).select_related(
            "group__mentor"
        )
    }
    mentor_role = set(
        Membership.objects.filter(cohort_id__in=cohort_ids, role=Role.MENTOR).values_list(
            "cohort_id", "user_id"
        )
    )
    by_mentor = defaultdict(list)
    for reflection in waiting:
        cohort_id = reflection.cohort_course.cohort_id
        mentor = mentor_of.get((cohort_id, reflection.author_id))
        if mentor is None or (cohort_id, mentor.pk) not in mentor_role:
            continue
        module = course_structure(reflection.cohort_course).module_map.get(reflection.module_key)
        by_mentor[mentor].append(
            {
                "reflection": reflection,
                "module": module.title if module else "",
                "url": absolute(reverse("curriculum:reflection", args=[reflection.pk])),
            }
        )
    sent = 0
    for mentor, items in sorted(by_mentor.items(), key=lambda item: item[0].pk):
        if notify(
            mentor,
            kinds.MENTOR_DIGEST.name,
            context={"items": items, "week": key},
            url=reverse("dashboard"),
            once_key=f"curriculum.mentor_digest:{mentor.pk}:{key}",
        ):
            sent += 1
    return sent


def send_reflection_notice(reflection_id, version):
    """Tell the mentor a mentee submitted a reflection (once per submitted version)."""
    from .selectors import mentor_of

    reflection = (
        Reflection.objects.filter(pk=reflection_id, state=ReflectionState.SUBMITTED)
        .select_related("author", "cohort_course__cohort")
        .first()
    )
    if reflection is None:
        return "skipped"
    mentor = mentor_of(reflection.cohort_course.cohort_id, reflection.author_id)
    if mentor is None or not mentor.is_active:
        return "skipped"
    module = course_structure(reflection.cohort_course).module_map.get(reflection.module_key)
    sent = notify(
        mentor,
        kinds.REFLECTION_SUBMITTED.name,
        context={"reflection": reflection, "module": module.title if module else ""},
        url=reverse("curriculum:reflection", args=[reflection.pk]),
        actor=reflection.author,
        once_key=f"curriculum.reflection_submitted:{reflection.pk}:{version}",
    )
    return "sent" if sent else "skipped"


def send_extension_notice(extension_id, due_on):
    """Tell the innovator their due date was extended (once per new date)."""
    extension = (
        DueDateExtension.objects.filter(pk=extension_id)
        .select_related("user", "schedule__cohort_course__cohort", "granted_by")
        .first()
    )
    if extension is None or extension.due_on.isoformat() != due_on:
        return "skipped"
    cohort_course = extension.schedule.cohort_course
    module = course_structure(cohort_course).module_map.get(extension.schedule.module_key)
    sent = notify(
        extension.user,
        kinds.EXTENSION.name,
        context={
            "module": module.title if module else "",
            "due_on": extension.due_on,
            "reason": extension.reason,
            "cohort": cohort_course.cohort,
        },
        url=reverse("curriculum:home"),
        actor=extension.granted_by,
        once_key=f"curriculum.extension_granted:{extension.pk}:{due_on}",
    )
    return "sent" if sent else "skipped"


def send_certificate_notice(certificate_id):
    certificate = (
        Certificate.objects.filter(pk=certificate_id, revoked_at__isnull=True)
        .select_related("user", "cohort_course__cohort")
        .first()
    )
    if certificate is None:
        return "skipped"
    sent = notify(
        certificate.user,
        kinds.CERTIFICATE.name,
        context={
            "certificate": certificate,
            "verify_url": absolute(reverse("curriculum:verify", args=[certificate.code])),
        },
        url=reverse("curriculum:certificate_pdf", args=[certificate.code]),
        once_key=f"curriculum.certificate:{certificate.user_id}:{certificate.code}",
    )
    return "sent" if sent else "skipped"


def send_feedback_notice(feedback_id):
    """Tell the innovator their mentor answered their reflection (once per feedback)."""
    feedback = (
        Feedback.objects.filter(pk=feedback_id)
        .select_related("reflection__author", "reflection__cohort_course__course", "author")
        .first()
    )
    if feedback is None or not feedback.reflection.author.is_active:
        return "skipped"
    reflection = feedback.reflection
    sent = notify(
        reflection.author,
        kinds.FEEDBACK.name,
        context={
            "feedback": feedback,
            "approved": feedback.decision == FeedbackDecision.APPROVED,
            "course": reflection.cohort_course.course.title,
        },
        url=reverse("curriculum:reflection", args=[reflection.pk]),
        actor=feedback.author,
        once_key=f"curriculum.feedback:{reflection.author_id}:feedback-{feedback.pk}",
    )
    return "sent" if sent else "skipped"


def issue_certificates(cohort_course_id, by_id=None):
    """Bulk issue for a cohort: everyone who earned a certificate and has none gets one."""
    cohort_course = (
        CohortCourse.objects.select_related("course", "cohort__programme")
        .filter(pk=cohort_course_id)
        .first()
    )
    if cohort_course is None:
        return 0
    return services.issue_earned_certificates(cohort_course=cohort_course)


def refresh_behind_schedule(today=None):
    """Daily: dates move on without any write, so re-check who is behind schedule."""
    changed = 0
    for cohort_course in CohortCourse.objects.select_related("course"):
        changed += services.refresh_behind_schedule(cohort_course=cohort_course, today=today)
    return changed


SCHEDULES = [
    # (name, function, schedule type, first run as (weekday or None, hour))
    ("curriculum: due date reminders", "curriculum.tasks.send_due_reminders", "D", (None, 7)),
    (
        "curriculum: behind schedule flags",
        "curriculum.tasks.refresh_behind_schedule",
        "D",
        (None, 2),
    ),
    ("curriculum: weekly mentor digest", "curriculum.tasks.send_mentor_digests", "W", (0, 7)),
]


def ensure_schedules(**kwargs):
    """Create this app's django-q schedules once (run after migrate)."""
    from kohorta.tasks import create_schedules

    create_schedules(SCHEDULES)
