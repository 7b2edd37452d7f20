"""The course, module and lesson pages as a person takes them, and lesson progress."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorts.enums import Role
from kohorta import personal_cache

from .. import selectors, services
from ..blocks import check_quiz
from ..enums import CompletedVia
from ..models import LessonPage, LessonProgress
from ..structure import course_structure
from .common import _dashboard_links, _error_text, _own_run, _safe_next, _staff_links


def serve_course_page(request, page):
    user = request.user
    run = selectors.enrolment_for_course_page(user, page)
    context = page.get_context(request)
    if run is not None:
        context.update(selectors.learner_course(cohort_course=run, user=user, request=request))
    else:
        context["outline"] = selectors.course_outline(page, request=request)
        context["staff_links"] = _staff_links(user, page)
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
    (kohorta/personal_cache.py, as the dashboard): the same person coming back to a lesson
    costs only the routing. A quiz's answers and a message are shown afresh, never kept.
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

    status, content = personal_cache.cached_part(request, f"lesson:{page.pk}", render)
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


# Taking lessons ---------------------------------------------------------------------------


@login_required
@require_POST
def lesson_progress(request, pk, lesson_key):
    """Mark a lesson complete, or not complete again."""
    run = _own_run(request, pk)
    action = request.POST.get("action", "complete")
    fallback = reverse("curriculum:home")
    try:
        if action == "undo":
            services.undo_lesson(
                cohort_course=run, user=request.user, lesson_key=lesson_key, by=request.user
            )
            messages.info(request, _("The lesson is marked as not done."))
        else:
            enrolment = services.complete_lesson(
                cohort_course=run, user=request.user, lesson_key=lesson_key, by=request.user
            )
            messages.success(
                request,
                _("Lesson complete. You have done %(percent)s%% of the course.")
                % {"percent": enrolment.percent},
            )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    except PermissionDenied:
        raise Http404 from None
    return HttpResponseRedirect(_safe_next(request, fallback))


@login_required
@require_POST
def lesson_quiz(request, pk, lesson_key):
    """Check a self-check quiz; passing it completes the lesson, failing shows the feedback."""
    run = _own_run(request, pk)
    try:
        page_id = int(request.POST.get("page", ""))
    except ValueError:
        raise Http404 from None
    page = LessonPage.objects.live().filter(pk=page_id, translation_key=lesson_key).first()
    if page is None:
        raise Http404
    block_id = request.POST.get("block", "")
    quiz_block = next((block for block in page.quiz_blocks if block.id == block_id), None)
    if quiz_block is None:
        raise Http404
    answers = {}
    for index in range(len(quiz_block.value["questions"])):
        try:
            answers[index] = int(request.POST.get(f"q{index}", ""))
        except ValueError:
            continue
    passed, results = check_quiz(quiz_block.value, answers)
    if passed:
        try:
            services.complete_lesson(
                cohort_course=run,
                user=request.user,
                lesson_key=lesson_key,
                by=request.user,
                via=CompletedVia.QUIZ,
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return redirect(page.get_url(request))
        messages.success(request, _("All answers are right: the lesson is complete."))
        return redirect(page.get_url(request))
    quiz = {
        "block": block_id,
        "results": {result["index"]: result for result in results},
        "answers": answers,
        "passed": False,
    }
    return serve_lesson_page(request, page, quiz=quiz)


@login_required
def home(request):
    """Where the curriculum starts for a person: their courses and their dashboards."""
    user = request.user
    runs = list(
        selectors.cohort_courses_for(
            user, Role.INNOVATOR, Role.MENTOR, Role.AMBASSADOR, Role.COORDINATOR
        )
    )
    if user.is_superuser:
        runs = list(selectors.CohortCourse.objects.select_related("course", "cohort__programme"))
    from cohorts.rules import has_role

    items = []
    pages = selectors.localized_pages([run.course_key for run in runs])
    for run in runs:
        page = pages.get(run.course_key) or run.course
        items.append(
            {
                "run": run,
                "title": page.title,
                "url": page.get_url(request)
                if has_role(user, run.cohort_id, Role.INNOVATOR)
                else "",
                "links": _dashboard_links(user, run),
            }
        )
    return render(request, "curriculum/home.html", {"items": items})


# Reflections ------------------------------------------------------------------------------
