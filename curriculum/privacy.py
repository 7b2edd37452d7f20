"""The curriculum's part of a person's export and anonymisation (kohorta/privacy.py).

Export: lessons completed, the roll-up per course run, extended due dates (with the
reason: it is about them), every reflection with all its versions (text, file name and
size; the files themselves stay downloadable in the app) and the feedback received with
the mentor's name (the innovator reads it on their page already), certificates (code,
state, what they state). As a mentor: the feedback they gave, without the mentee's work.

Anonymisation, keeping the programme's records consistent:

- Progress and roll-ups stay: they are the cohort's completion statistics and dashboards;
  with the person's name gone they no longer identify them.
- Reflections stay as rows (state, dates, lateness: the mentor's and cohort's counts) but
  every version's text is blanked and its uploaded file deleted (after commit). The
  feedback on them is blanked too: it only describes work that no longer exists. The
  decisions stay.
- Feedback the person gave as a mentor stays (it belongs to the mentee's record) and
  shows "Deleted person #id" as its author through the user row.
- Extended due dates keep the date (the roll-up depends on it); the reason is blanked
  (it may be about health or family).
- Certificates are revoked and the name they state is replaced: the public verification
  page must no longer name the person, and a certificate that names nobody proves
  nothing, so it must not verify as valid either.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from kohorta.privacy import anonymous_name, delete_file_on_commit, rewrite_mentions

from .models import (
    Certificate,
    DueDateExtension,
    EnrolmentProgress,
    Feedback,
    LessonProgress,
    Reflection,
    ReflectionVersion,
)


def _page_titles(keys):
    """``{translation_key: title}`` in the original language (first page of each key)."""
    from wagtail.models import Page

    titles = {}
    for key, title in (
        Page.objects.filter(translation_key__in=set(keys))
        .order_by("pk")
        .values_list("translation_key", "title")
    ):
        titles.setdefault(key, title)
    return titles


def personal_data(user):
    progress = list(
        LessonProgress.objects.filter(user=user)
        .select_related("cohort_course__cohort", "cohort_course__course")
        .order_by("completed_at", "pk")
    )
    enrolments = list(
        EnrolmentProgress.objects.filter(user=user).select_related(
            "cohort_course__cohort", "cohort_course__course"
        )
    )
    extensions = list(
        DueDateExtension.objects.filter(user=user).select_related(
            "cohort_course__cohort", "cohort_course__course", "schedule"
        )
    )
    reflections = list(
        Reflection.objects.filter(author=user)
        .select_related("cohort_course__cohort", "cohort_course__course")
        .prefetch_related("versions", "feedback__author", "feedback__version")
        .order_by("created_at", "pk")
    )
    given = list(
        Feedback.objects.filter(author=user)
        .select_related(
            "reflection__cohort_course__cohort", "reflection__cohort_course__course", "version"
        )
        .order_by("created_at", "pk")
    )
    certificates = list(
        Certificate.objects.filter(user=user)
        .select_related("cohort_course__cohort", "cohort_course__course")
        .order_by("issued_at", "pk")
    )
    titles = _page_titles(
        [row.lesson_key for row in progress]
        + [row.module_key for row in reflections]
        + [row.reflection.module_key for row in given]
        + [row.schedule.module_key for row in extensions]
    )

    def run(cohort_course):
        return {"cohort": cohort_course.cohort.name, "course": cohort_course.course.title}

    return {
        "lessons_completed": [
            {
                **run(row.cohort_course),
                "lesson": titles.get(row.lesson_key, str(row.lesson_key)),
                "completed_at": row.completed_at,
                "via": row.via,
            }
            for row in progress
        ],
        "enrolments": [
            {
                **run(row.cohort_course),
                "lessons_done": row.lessons_done,
                "lessons_total": row.lessons_total,
                "percent": row.percent,
                "modules_done": row.modules_done,
                "last_activity_at": row.last_activity_at,
                "behind_schedule": row.behind_schedule,
            }
            for row in enrolments
        ],
        "extended_due_dates": [
            {
                **run(row.cohort_course),
                "module": titles.get(row.schedule.module_key, ""),
                "due_on": row.due_on,
                "reason": row.reason,
                "granted_at": row.created_at,
            }
            for row in extensions
        ],
        "reflections": [_reflection_data(row, titles, run) for row in reflections],
        "feedback_given": [
            {
                **run(row.reflection.cohort_course),
                "module": titles.get(row.reflection.module_key, ""),
                "version": row.version.number,
                "decision": row.decision,
                "comment": row.comment,
                "created_at": row.created_at,
            }
            for row in given
        ],
        "certificates": [
            {
                **run(row.cohort_course),
                "code": row.code,
                "state": "valid" if row.is_valid else "revoked",
                "issued_at": row.issued_at,
                "revoked_at": row.revoked_at,
                "language": row.language,
                "details": row.details,
            }
            for row in certificates
        ],
    }


def _reflection_data(reflection, titles, run):
    number_of = {version.pk: version.number for version in reflection.versions.all()}
    return {
        **run(reflection.cohort_course),
        "module": titles.get(reflection.module_key, str(reflection.module_key)),
        "state": reflection.state,
        "submitted_at": reflection.submitted_at,
        "is_late": reflection.is_late,
        "versions": [
            {
                "number": version.number,
                "text": version.text,
                "file": version.attachment_name or None,
                "file_size": version.attachment_size or None,
                "submitted_at": version.submitted_at,
                "is_late": version.is_late,
            }
            for version in sorted(reflection.versions.all(), key=lambda v: v.number)
        ],
        "feedback_received": [
            {
                "version": number_of.get(item.version_id),
                "decision": item.decision,
                "comment": item.comment,
                "mentor": item.author.full_name if item.author else None,
                "created_at": item.created_at,
            }
            for item in reflection.feedback.all()
        ],
    }


def anonymise(user, replacements):
    versions = ReflectionVersion.objects.filter(reflection__author=user)
    for version in versions.exclude(attachment=""):
        delete_file_on_commit(version.attachment)
    versions.update(text="", attachment="", attachment_name="", attachment_size=0)
    Feedback.objects.filter(reflection__author=user).update(comment="")
    rewrite_mentions(Feedback.objects.filter(author=user), ["comment"], replacements)
    DueDateExtension.objects.filter(user=user).update(reason="")
    now = timezone.now()
    for certificate in Certificate.objects.filter(user=user):
        certificate.details = {**(certificate.details or {}), "name": anonymous_name(user)}
        if certificate.revoked_at is None:
            certificate.revoked_at = now
            certificate.revoke_reason = _("The holder deleted their personal data.")
        certificate.save(update_fields=["details", "revoked_at", "revoke_reason"])
