"""The curriculum's share of the benchmark (see bench/registry.py and docs/performance.md).

A 40-lesson course (8 modules) run for the foundation's cohort, every module released,
about half of the lessons done by each innovator (imported in bulk through the services),
some reflections awaiting the mentor's feedback, one certificate.
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from bench.foundation import ensure_home_page, get_page, logged_in_client, session_cookie
from bench.registry import HTTP, Request, Scenario, max_p99_ms, max_queries, min_ratio, under_ms
from cohorts.models import MentorGroupMember

from . import services
from .certificates import render_certificate_pdf
from .models import CohortCourse, CoursePage, LessonPage, ModulePage
from .structure import course_structure

MODULES = 8


def build(dataset):
    scale, rng = dataset.scale, dataset.rng_for("curriculum")
    ensure_home_page(dataset)
    home = Site.objects.get(is_default_site=True).root_page.specific
    course = home.add_child(
        instance=CoursePage(title="Bench leadership course", slug="bench-course")
    )
    per_module = max(1, scale.lessons // MODULES)
    for m in range(MODULES):
        module = course.add_child(
            instance=ModulePage(
                title=f"Module {m + 1}",
                slug=f"module-{m + 1}",
                reflection_kind="reflection" if m % 2 == 0 else "",
            )
        )
        for n in range(per_module):
            module.add_child(
                instance=LessonPage(
                    title=f"Lesson {m + 1}.{n + 1}",
                    slug=f"lesson-{n + 1}",
                    estimated_minutes=20,
                    body=[{"type": "text", "value": "<p>Reading and an exercise.</p>"}],
                )
            )
    run = services.create_cohort_course(cohort=dataset.cohort, course=course, by=None)
    today = timezone.localdate()
    for m, module in enumerate(ModulePage.objects.child_of(course).order_by("path")):
        release = today - datetime.timedelta(days=20 * (MODULES - m))
        services.schedule_module(
            cohort_course=run,
            module=module,
            releases_on=release,
            due_on=release + datetime.timedelta(days=30),
            by=None,
        )
    run = CohortCourse.objects.select_related("course", "cohort").get(pk=run.pk)
    structure = course_structure(run)
    keys = [lesson.key for lesson in structure.ordered_lessons()]
    done = {}
    for innovator in dataset.innovators:
        count = round(len(keys) * rng.uniform(0, 2 * scale.lesson_progress))
        done[innovator.pk] = keys[: min(count, len(keys))]
    done[dataset.innovator.pk] = keys[: len(keys) // 2]
    finisher = dataset.innovators[-1]
    done[finisher.pk] = keys
    services.import_progress(cohort_course=run, done_by_user=done)
    # The first module's reflection from the mentor's mentees: some await feedback.
    first = structure.modules[0]
    mentees = MentorGroupMember.objects.filter(
        cohort=dataset.cohort, group__mentor=dataset.mentor
    ).select_related("innovator")
    for mentee in [row.innovator for row in mentees][::2]:
        reflection = services.save_reflection_draft(
            cohort_course=run, module_key=first.key, user=mentee, text="My plan.", by=None
        )
        services.submit_reflection(reflection=reflection, by=None)
    dataset.course_run = run
    dataset.course_url = course.url
    # A lesson of the second module (released), the innovator's next one: the page a
    # person taking the course opens most.
    second = structure.modules[1].lessons[0]
    dataset.lesson_url = LessonPage.objects.get(pk=second.page_id).url
    dataset.previous_lesson_url = LessonPage.objects.get(
        pk=structure.modules[0].lessons[-1].page_id
    ).url
    dataset.lessons_not_done = keys[len(keys) // 2 :]
    dataset.certificate = services.issue_certificate(
        cohort_course=run, user=finisher, by=None, force=True
    )


def _complete_state(dataset):
    return {
        "run": dataset.course_run,
        "user": dataset.innovator,
        "lessons": iter(dataset.lessons_not_done * 4),
    }


def _complete_next(state):
    run = CohortCourse.objects.select_related("course", "cohort").get(pk=state["run"].pk)
    services.complete_lesson(
        cohort_course=run, user=state["user"], lesson_key=next(state["lessons"]), by=state["user"]
    )


def _grid_state(attribute, url_name):
    def setup(dataset):
        client = logged_in_client(getattr(dataset, attribute))
        return client, reverse(url_name, args=[dataset.course_run.pk])

    return setup


def _lesson_state(dataset):
    return {
        "client": logged_in_client(dataset.innovator),
        "path": dataset.lesson_url,
        "previous": dataset.previous_lesson_url,
    }


def _from_previous_lesson(state):
    """Untimed: every cached part goes stale (as after any write), then the person reads the
    lesson before: the next one is a lesson not yet seen in this session, rendered afresh."""
    from kohorta.personal_cache import bump_generation

    bump_generation()
    get_page(state["client"], state["previous"])


def _forget_cached_parts(_state):
    """Every timed run renders the grid afresh (not the per-session copy)."""
    from kohorta.personal_cache import bump_generation

    bump_generation()


def _http_lesson(dataset):
    return Request(dataset.lesson_url, headers=session_cookie(dataset.innovator))


def _http_overview(dataset):
    return Request(
        reverse("curriculum:cohort_dashboard", args=[dataset.course_run.pk]),
        headers=session_cookie(dataset.coordinator),
    )


SCENARIOS = [
    Scenario(
        name="curriculum.lesson_page",
        description="a released lesson for the innovator taking it (routing, structure, neighbours)",
        setup=_lesson_state,
        before_each=_from_previous_lesson,
        run=lambda state: get_page(state["client"], state["path"]),
        targets=(max_queries(12, "issue 21"),),
    ),
    Scenario(
        name="http.lesson",
        description=(
            "a lesson page for a logged-in innovator through gunicorn (session cookie), the "
            "same person coming back to it"
        ),
        kind=HTTP,
        setup=_http_lesson,
        targets=(min_ratio(0.2, "issue 21"), max_p99_ms(100, "issue 21")),
    ),
    Scenario(
        name="http.curriculum.overview",
        description="the coordinator's cohort overview (grid, chart, queue) through gunicorn",
        kind=HTTP,
        setup=_http_overview,
        targets=(min_ratio(0.1, "issue 21"), max_p99_ms(100, "issue 21")),
    ),
    Scenario(
        name="curriculum.mentor_grid",
        description="mentor's progress grid (mentees x 8 modules) with the feedback queue",
        setup=_grid_state("mentor", "curriculum:mentor_dashboard"),
        before_each=_forget_cached_parts,
        run=lambda state: get_page(*state),
        targets=(under_ms(150, "issue 4"),),
    ),
    Scenario(
        name="curriculum.coordinator_grid",
        description="coordinator's grid of the whole cohort, chart and queue (50 rows a page)",
        setup=_grid_state("coordinator", "curriculum:cohort_dashboard"),
        before_each=_forget_cached_parts,
        run=lambda state: get_page(*state),
        targets=(under_ms(150, "issue 4"),),
    ),
    Scenario(
        name="curriculum.course_page",
        description="course page for an innovator half-way through",
        setup=lambda dataset: (logged_in_client(dataset.innovator), dataset.course_url),
        run=lambda state: get_page(*state),
    ),
    Scenario(
        name="curriculum.complete_lesson",
        description="mark a lesson complete (progress row + roll-up, one transaction)",
        setup=_complete_state,
        run=_complete_next,
        targets=(under_ms(30, "issue 4"),),
    ),
    Scenario(
        name="curriculum.certificate_pdf",
        description="certificate PDF with QR code (WeasyPrint)",
        setup=lambda dataset: dataset.certificate,
        run=render_certificate_pdf,
        targets=(under_ms(500, "issue 4"),),
        repeat=3,
    ),
]
