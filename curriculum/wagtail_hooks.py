from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from cohorts.rules import MENTOR_PEOPLE, REPRESENT_COUNTRY, TAKE_PART, VIEW_COHORT_DATA

from .enums import ReflectionState
from .viewsets import CohortCourseViewSet

register_snippet(CohortCourseViewSet)


@hooks.register("kohorta_dashboard_panels")
def curriculum_panels(request, entries):
    """One panel per cohort that runs a course: the person's progress and their dashboards.

    At most four queries whatever the cohort sizes: the course runs, the person's roll-ups,
    their certificates and the reflections awaiting their feedback.
    """
    from cohorts.models import MentorGroupMember

    from .models import Certificate, CohortCourse, EnrolmentProgress, Reflection
    from .selectors import localized_pages

    user = request.user
    cohort_ids = [entry["cohort"].pk for entry in entries]
    if not cohort_ids:
        return []
    runs = list(
        CohortCourse.objects.filter(cohort_id__in=cohort_ids)
        .select_related("course")
        .order_by("pk")
    )
    if not runs:
        return []
    roles = {entry["cohort"].pk: entry["can"] for entry in entries}
    learner_runs = [run.pk for run in runs if TAKE_PART in roles[run.cohort_id]]
    enrolments, certificates = {}, {}
    if learner_runs:
        enrolments = {
            row.cohort_course_id: row
            for row in EnrolmentProgress.objects.filter(
                user=user, cohort_course_id__in=learner_runs
            )
        }
        certificates = {
            row.cohort_course_id: row
            for row in Certificate.objects.filter(
                user=user, cohort_course_id__in=learner_runs, revoked_at__isnull=True
            )
        }
    mentor_runs = [run for run in runs if MENTOR_PEOPLE in roles[run.cohort_id]]
    waiting = {}
    if mentor_runs:
        waiting = dict(
            Reflection.objects.filter(
                cohort_course__in=[run.pk for run in mentor_runs],
                state=ReflectionState.SUBMITTED,
                author__in=MentorGroupMember.objects.filter(
                    group__mentor=user, cohort_id__in=[run.cohort_id for run in mentor_runs]
                ).values("innovator_id"),
            )
            .values_list("cohort_course_id")
            .annotate(count=Count("pk"))
            .order_by()
        )
    titles = localized_pages([run.course_key for run in runs])
    panels = []
    for run in runs:
        run_roles = roles[run.cohort_id]
        page = titles.get(run.course_key) or run.course
        links = []
        if MENTOR_PEOPLE in run_roles:
            links.append(
                (
                    _("Your mentees' progress"),
                    reverse("curriculum:mentor_dashboard", args=[run.pk]),
                )
            )
        if REPRESENT_COUNTRY in run_roles:
            links.append(
                (
                    _("Your country's progress"),
                    reverse("curriculum:country_dashboard", args=[run.pk]),
                )
            )
        if VIEW_COHORT_DATA in run_roles or user.is_superuser:
            links.append(
                (
                    _("Cohort progress overview"),
                    reverse("curriculum:cohort_dashboard", args=[run.pk]),
                )
            )
        learner = TAKE_PART in run_roles
        if not learner and not links:
            continue
        panels.append(
            {
                "cohort_id": run.cohort_id,
                "template": "curriculum/dashboard_panel.html",
                "title": page.title,
                "course_url": page.get_url(request) if learner else "",
                "enrolment": enrolments.get(run.pk),
                "certificate": certificates.get(run.pk),
                "waiting": waiting.get(run.pk, 0),
                "is_mentor": MENTOR_PEOPLE in run_roles,
                "links": links,
            }
        )
    return panels


@hooks.register("register_log_actions")
def register_log_actions(actions):
    for action, label, message in [
        ("kohorta.curriculum.schedule", _("Schedule module"), _("Module schedule set")),
        ("kohorta.curriculum.unschedule", _("Unschedule module"), _("Module unscheduled")),
        ("kohorta.curriculum.extension", _("Extend due date"), _("Due date extended")),
        ("kohorta.curriculum.lesson_complete", _("Complete lesson"), _("Lesson completed")),
        ("kohorta.curriculum.lesson_undo", _("Undo lesson"), _("Lesson marked not done")),
        ("kohorta.curriculum.progress_import", _("Import progress"), _("Progress imported")),
        ("kohorta.curriculum.reflection_draft", _("Save reflection"), _("Reflection draft saved")),
        ("kohorta.curriculum.reflection_submit", _("Submit reflection"), _("Reflection submitted")),
        ("kohorta.curriculum.feedback", _("Give feedback"), _("Feedback given")),
        ("kohorta.curriculum.certificate_issue", _("Issue certificate"), _("Certificate issued")),
        (
            "kohorta.curriculum.certificate_revoke",
            _("Revoke certificate"),
            _("Certificate revoked"),
        ),
        (
            "kohorta.curriculum.certificate_reissue",
            _("Re-issue certificate"),
            _("Certificate re-issued"),
        ),
        (
            "kohorta.curriculum.certificate_bulk",
            _("Issue certificates"),
            _("Bulk certificate issue requested"),
        ),
    ]:
        actions.register_action(action, label, message)


@hooks.register("kohorta_personal_data")
def personal_data(user):
    from . import privacy

    return {"curriculum": privacy.personal_data(user)}


@hooks.register("kohorta_anonymise_person")
def anonymise_person(user, replacements):
    from . import privacy

    privacy.anonymise(user, replacements)
