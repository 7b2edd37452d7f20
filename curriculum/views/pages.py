"""The course, module and lesson pages as a person takes them, and lesson progress."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorts.rules import has_cohort_perm

from .. import selectors, services
from ..blocks import check_quiz
from ..enums import CompletedVia
from ..models import LessonPage
from ..serving import dashboard_links, serve_lesson_page
from .common import SCOPES, _error_text, _own_run, _safe_next

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
    runs = list(selectors.cohort_courses_for(user, "curriculum.take_course", *SCOPES.values()))
    if user.is_superuser:
        runs = list(selectors.CohortCourse.objects.select_related("course", "cohort__programme"))
    items = []
    pages = selectors.localized_pages([run.course_key for run in runs])
    for run in runs:
        page = pages.get(run.course_key) or run.course
        items.append(
            {
                "run": run,
                "title": page.title,
                "url": page.get_url(request)
                if has_cohort_perm(user, "curriculum.take_course", run)
                else "",
                "links": dashboard_links(user, run),
            }
        )
    return render(request, "curriculum/home.html", {"items": items})


# Reflections ------------------------------------------------------------------------------
