"""Serving the course, module and lesson pages: their ``serve()`` methods call these.

The page models import this module rather than the views, so models never depend on views.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from cohorts.rules import has_cohort_perm
from kohorta import personal_cache

from . import selectors
from .models import LessonProgress
from .structure import course_structure


def serve_course_page(request, page):
    user = request.user
    run = selectors.enrolment_for_course_page(user, page)
    context = page.get_context(request)
    if run is not None:
        context.update(selectors.learner_course(cohort_course=run, user=user, request=request))
    else:
        context["outline"] = selectors.course_outline(page, request=request)
        context["staff_links"] = staff_links(user, page)
    return TemplateResponse(request, "curriculum/course_page.html", context)


def serve_module_page(request, page):
    user = request.user
    course_page = selectors.course_of(page)
    run = selectors.enrolment_for_course_page(user, course_page) if course_page else None
    context = page.get_context(request)
    context["course_page"] = course_page
    if run is not None:
        learner = selectors.learner_course(cohort_course=run, user=user, request=request)
        context.update(learner)
        context["module"] = next(
            (module for module in learner["modules"] if module.info.key == page.translation_key),
            None,
        )
    else:
        outline = selectors.course_outline(course_page, request=request) if course_page else []
        context["outline_module"] = next(
            (module for module in outline if module["key"] == page.translation_key), None
        )
    return TemplateResponse(request, "curriculum/module_page.html", context)


def serve_lesson_page(request, page, *, quiz=None):
    """A lesson for the innovator taking it; read-only for staff; closed to everyone else.

    The rendered page is kept a short while per session until anything on the site changes
    (kohorta/personal_cache.py, as the dashboard), under its address: the same person coming
    back to a lesson is answered before Wagtail routes the request (``cms.views.serve``).
    A quiz's answers and a message are shown afresh, never kept.
    """
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if quiz or len(messages.get_messages(request)):
        return _lesson_response(request, page, quiz=quiz)

    def render():
        response = _lesson_response(request, page)
        response.render()
        return response.status_code, response.content

    status, content = personal_cache.cached_page(request, render)
    return HttpResponse(content, status=status)


def _lesson_response(request, page, *, quiz=None):
    user = request.user
    course_page = selectors.course_of(page)
    run = selectors.enrolment_for_course_page(user, course_page) if course_page else None
    context = page.get_context(request)
    context.update({"course_page": course_page, "run": run, "quiz": quiz or {}})
    status = 200
    if run is not None:
        structure = course_structure(run)
        lesson = structure.lessons.get(page.translation_key)
        module = structure.module_map.get(lesson.module_key) if lesson else None
        context["module_info"] = module
        if lesson is None:
            context["access"] = "none"
            status = 404
        elif not module.is_released():
            context["access"] = "locked"
        else:
            context["access"] = "learner"
            context["done"] = LessonProgress.objects.filter(
                cohort_course=run, user=user, lesson_key=lesson.key
            ).exists()
            context["has_quiz"] = bool(page.quiz_blocks)
            ordered = [
                item
                for item in structure.ordered_lessons()
                if structure.module_map[item.module_key].is_released()
            ]
            position = next(i for i, item in enumerate(ordered) if item.key == lesson.key)
            neighbours = {
                "previous": ordered[position - 1] if position > 0 else None,
                "next": ordered[position + 1] if position + 1 < len(ordered) else None,
            }
            keys = [item.key for item in neighbours.values() if item]
            # The neighbours and this lesson's own translations (the language switcher's
            # links) in one query.
            rows = selectors.live_pages_in_every_language([*keys, page.translation_key])
            context["page_translation_pages"] = (
                page.pk,
                [row for row in rows if row.translation_key == page.translation_key],
            )
            pages = selectors.localized_or_source_pages(keys, rows=rows)
            for name, item in neighbours.items():
                target = pages.get(item.key) if item else None
                context[name] = (
                    {"title": target.title, "url": target.get_url(request)} if target else None
                )
            context["progress_url"] = reverse(
                "curriculum:lesson_progress", args=[run.pk, lesson.key]
            )
            context["quiz_url"] = reverse("curriculum:lesson_quiz", args=[run.pk, lesson.key])
    elif course_page and selectors.staff_view_of_course(user, course_page):
        context["access"] = "staff"
    else:
        context["access"] = "none"
        status = 403
    return TemplateResponse(request, "curriculum/lesson_page.html", context, status=status)


# The dashboards someone who reads a course without taking it may open, by scope (the views
# add the coordinator's "manage" scope).
DASHBOARD_SCOPES = {
    "mentor": "curriculum.view_mentor_dashboard",
    "ambassador": "curriculum.view_country_dashboard",
    "coordinator": "curriculum.view_cohort_dashboard",
}


def staff_links(user, course_page):
    """Dashboards of runs of this course for whoever reads it without taking it."""
    if not user.is_authenticated:
        return []
    links = []
    runs = selectors.cohort_courses_for(user, *DASHBOARD_SCOPES.values())
    for run in runs.filter(course_key=course_page.translation_key):
        links.extend(dashboard_links(user, run))
    return links


def dashboard_links(user, run):
    links = []
    if has_cohort_perm(user, DASHBOARD_SCOPES["mentor"], run):
        links.append(
            (
                _("Your mentees in %(cohort)s") % {"cohort": run.cohort.name},
                reverse("curriculum:mentor_dashboard", args=[run.pk]),
            )
        )
    if has_cohort_perm(user, DASHBOARD_SCOPES["ambassador"], run):
        links.append(
            (
                _("Your country in %(cohort)s") % {"cohort": run.cohort.name},
                reverse("curriculum:country_dashboard", args=[run.pk]),
            )
        )
    if has_cohort_perm(user, DASHBOARD_SCOPES["coordinator"], run):
        links.append(
            (
                _("Cohort overview: %(cohort)s") % {"cohort": run.cohort.name},
                reverse("curriculum:cohort_dashboard", args=[run.pk]),
            )
        )
    return links
