"""Background work for the curriculum: thin, idempotent wrappers that take ids.

Every notice goes through ``notifications.notify`` with a once-key, so running a schedule
twice never tells anyone twice.
"""

from django.urls import reverse
from django.utils import timezone

from notifications.mail import absolute
from notifications.services import notify

from . import notifications as kinds
from . import services
from .enums import FeedbackDecision, ReflectionState
from .models import Certificate, CohortCourse, DueDateExtension, Feedback, Reflection
from .structure import course_structure


def send_due_reminders(today=None):
    """Remind innovators of a module due within ``KOHORTA_DUE_REMINDER_DAYS`` that they have
    not finished (before their own date when it was extended); nobody is told twice."""
    from django.conf import settings

    from .selectors import due_reminders

    sent = 0
    for reminder in due_reminders(
        today=today or timezone.localdate(), days=settings.KOHORTA_DUE_REMINDER_DAYS
    ):
        if notify(
            reminder.user,
            kinds.DUE_REMINDER.name,
            context={
                "module": reminder.module,
                "due_on": reminder.due_on,
                "cohort": reminder.schedule.cohort_course.cohort,
                "done": reminder.done,
                "total": reminder.total,
            },
            url=reverse("curriculum:home"),
            once_key=(
                f"curriculum.due_reminder:{reminder.user.pk}:"
                f"{_reminder_key(reminder.schedule, reminder.due_on)}"
            ),
        ):
            sent += 1
    return sent


def _reminder_key(schedule, due_on):
    return f"schedule:{schedule.pk}:{due_on.isoformat()}"


def send_mentor_digests(today=None):
    """Once a week, tell each mentor which of their mentees' reflections await feedback."""
    from .selectors import reflections_awaiting_feedback_by_mentor

    today = today or timezone.localdate()
    year, week, _day = today.isocalendar()
    key = f"{year}-W{week:02d}"
    by_mentor = reflections_awaiting_feedback_by_mentor()
    sent = 0
    for mentor, items in sorted(by_mentor.items(), key=lambda item: item[0].pk):
        for item in items:
            item["url"] = absolute(reverse("curriculum:reflection", args=[item["reflection"].pk]))
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
