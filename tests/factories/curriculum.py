"""Factories for the curriculum: a course tree under a home page, and a run for a cohort."""

import datetime

from wagtail.models import Locale, Page, Site

from cms.models import HomePage
from curriculum import services
from curriculum.models import CoursePage, LessonPage, ModulePage


def home_page(language="en"):
    locale, _created = Locale.objects.get_or_create(language_code=language)
    home = HomePage.objects.filter(locale=locale).first()
    if home is None:
        if language != "en":
            home = home_page("en").copy_for_translation(locale)
            home.save_revision().publish()
            return home
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root", locale=locale)
        )
        home = root.add_child(
            instance=HomePage(title="Home", slug=f"home-{language}", locale=locale)
        )
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "testserver", "port": 80, "root_page": home},
        )
    return home


def quiz_block(question="Which step comes first?", right="Listen to users", wrong="Buy furniture"):
    return {
        "type": "quiz",
        "value": {
            "title": "Check",
            "questions": [
                {
                    "question": question,
                    "choices": [
                        {"text": right, "correct": True, "feedback": "Yes: start with people."},
                        {"text": wrong, "correct": False, "feedback": "Not yet: who is it for?"},
                    ],
                }
            ],
        },
    }


def make_course(modules=2, lessons=2, *, title="Leadership", reflection=None, quiz_in=()):
    """A live course with ``modules`` modules of ``lessons`` lessons each.

    ``reflection`` is a set of module indexes (0-based) that ask for a required reflection
    with upload; ``quiz_in`` a set of (module, lesson) indexes whose lesson ends with a quiz.
    """
    reflection = set(reflection or ())
    course = home_page().add_child(instance=CoursePage(title=title, slug=title.lower()))
    for m in range(modules):
        module = course.add_child(
            instance=ModulePage(
                title=f"Module {m + 1}",
                slug=f"module-{m + 1}",
                reflection_kind="reflection" if m in reflection else "",
                reflection_required=True,
                reflection_allows_upload=True,
            )
        )
        for n in range(lessons):
            body = [{"type": "text", "value": f"<p>Lesson {m + 1}.{n + 1} text.</p>"}]
            if (m, n) in quiz_in:
                body.append(quiz_block())
            module.add_child(
                instance=LessonPage(
                    title=f"Lesson {m + 1}.{n + 1}",
                    slug=f"lesson-{m + 1}-{n + 1}",
                    estimated_minutes=30,
                    body=body,
                )
            )
    return course


def run_course(cohort, course, *, releases=None, dues=None, start=datetime.date(2026, 1, 1)):
    """Schedule every module: module i released ``start + 30*i`` days, due 28 days later."""
    run = services.create_cohort_course(cohort=cohort, course=course, by=None)
    for index, module in enumerate(ModulePage.objects.child_of(course).order_by("path")):
        release = (releases or {}).get(index, start + datetime.timedelta(days=30 * index))
        due = (dues or {}).get(index, release + datetime.timedelta(days=28))
        services.schedule_module(
            cohort_course=run, module=module, releases_on=release, due_on=due, by=None
        )
    return run


def lessons_of(course):
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


def modules_of(course):
    return list(ModulePage.objects.child_of(course).order_by("path"))


def earn_certificate(world):
    """The world's innovator completes every lesson and the coordinator issues the
    certificate (``world``: the curriculum tests' run, course, innovator, coordinator)."""
    for lesson in lessons_of(world["course"]):
        services.complete_lesson(
            cohort_course=world["run"],
            user=world["innovator"],
            lesson_key=lesson.translation_key,
            by=world["innovator"],
        )
    return services.issue_certificate(
        cohort_course=world["run"], user=world["innovator"], by=world["coordinator"], force=True
    )
