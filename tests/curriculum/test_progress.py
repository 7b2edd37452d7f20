import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import Locale

from curriculum import services
from curriculum.models import EnrolmentProgress, LessonProgress
from tests.factories.curriculum import lessons_of, modules_of


def test_complete_lesson_updates_rollup(world):
    run, user = world["run"], world["innovator"]
    lesson = lessons_of(world["course"])[0]

    enrolment = services.complete_lesson(
        cohort_course=run, user=user, lesson_key=lesson.translation_key, by=user
    )

    assert LessonProgress.objects.filter(user=user).count() == 1
    assert enrolment.lessons_done == 1
    assert enrolment.lessons_total == 6
    assert enrolment.percent == 17
    first = str(modules_of(world["course"])[0].translation_key)
    assert enrolment.modules[first] == {"done": 1, "total": 2, "percent": 50}
    assert enrolment.modules_done == 0
    assert enrolment.last_lesson_key == lesson.translation_key
    assert enrolment.last_activity_at is not None
    # Module 1 was due on 29 Jan and is half done.
    assert enrolment.behind_schedule is True


def test_complete_then_undo_rollup_back_to_zero(world):
    run, user = world["run"], world["innovator"]
    first, second = lessons_of(world["course"])[:2]
    for lesson in (first, second):
        services.complete_lesson(
            cohort_course=run, user=user, lesson_key=lesson.translation_key, by=user
        )
    enrolment = EnrolmentProgress.objects.get(user=user)
    assert (enrolment.lessons_done, enrolment.modules_done, enrolment.behind_schedule) == (
        2,
        1,
        False,
    )

    enrolment = services.undo_lesson(
        cohort_course=run, user=user, lesson_key=second.translation_key, by=user
    )

    assert (enrolment.lessons_done, enrolment.percent, enrolment.modules_done) == (1, 17, 0)
    assert enrolment.behind_schedule is True
    assert LessonProgress.objects.filter(user=user).count() == 1


def test_complete_lesson_twice_counts_once(world):
    run, user = world["run"], world["innovator"]
    lesson = lessons_of(world["course"])[0]
    for _ in range(2):
        enrolment = services.complete_lesson(
            cohort_course=run, user=user, lesson_key=lesson.translation_key, by=user
        )
    assert enrolment.lessons_done == 1


def test_complete_locked_lesson_refused(world):
    run, user = world["run"], world["innovator"]
    locked = lessons_of(world["course"])[4]  # module 3 opens on 2 March
    with pytest.raises(ValidationError) as error:
        services.complete_lesson(
            cohort_course=run, user=user, lesson_key=locked.translation_key, by=user
        )
    assert error.value.messages == ["This lesson opens on 2 March 2026."]
    assert not LessonProgress.objects.exists()
    assert not EnrolmentProgress.objects.exists()


def test_complete_foreign_lesson_refused(world):
    from tests.factories.curriculum import make_course

    other = make_course(modules=1, lessons=1, title="Other")
    run, user = world["run"], world["innovator"]
    with pytest.raises(ValidationError) as error:
        services.complete_lesson(
            cohort_course=run,
            user=user,
            lesson_key=lessons_of(other)[0].translation_key,
            by=user,
        )
    assert error.value.messages == ["This lesson is not part of your course."]


def test_complete_lesson_for_someone_else_refused(world):
    run = world["run"]
    lesson = lessons_of(world["course"])[0]
    with pytest.raises(PermissionDenied):
        services.complete_lesson(
            cohort_course=run,
            user=world["innovator"],
            lesson_key=lesson.translation_key,
            by=world["other_innovator"],
        )


def test_complete_lesson_by_mentor_of_cohort_refused(world):
    run, mentor = world["run"], world["mentor"]
    lesson = lessons_of(world["course"])[0]
    with pytest.raises(PermissionDenied):
        services.complete_lesson(
            cohort_course=run, user=mentor, lesson_key=lesson.translation_key, by=mentor
        )


def test_progress_in_translation_counts_in_source_language(world):
    run, user = world["run"], world["innovator"]
    lesson = lessons_of(world["course"])[0]
    mk = Locale.objects.get_or_create(language_code="mk")[0]
    translated = lesson.copy_for_translation(mk, copy_parents=True)
    translated.title = "Лекција 1.1"
    translated.save_revision().publish()
    assert translated.translation_key == lesson.translation_key

    services.complete_lesson(
        cohort_course=run, user=user, lesson_key=translated.translation_key, by=user
    )

    enrolment = EnrolmentProgress.objects.get(user=user)
    assert enrolment.lessons_done == 1
    assert LessonProgress.objects.get(user=user).lesson_key == lesson.translation_key


def test_extension_clears_behind_schedule(world):
    run, user = world["run"], world["innovator"]
    lesson = lessons_of(world["course"])[0]
    services.complete_lesson(
        cohort_course=run, user=user, lesson_key=lesson.translation_key, by=user
    )
    schedule = run.schedules.order_by("releases_on").first()

    extension = services.grant_extension(
        schedule=schedule,
        user=user,
        due_on=datetime.date(2026, 2, 20),
        reason="Library move in January",
        by=world["coordinator"],
    )

    assert extension.reason == "Library move in January"
    assert extension.granted_by == world["coordinator"]
    assert EnrolmentProgress.objects.get(user=user).behind_schedule is False


def test_extension_without_reason_refused(world):
    schedule = world["run"].schedules.first()
    with pytest.raises(ValidationError) as error:
        services.grant_extension(
            schedule=schedule,
            user=world["innovator"],
            due_on=datetime.date(2026, 3, 20),
            reason=" ",
            by=world["coordinator"],
        )
    assert error.value.message_dict == {"reason": ["Say why the due date is extended."]}


@pytest.mark.parametrize("who", ["mentor", "innovator", "other_coordinator"])
def test_extension_by_non_coordinator_refused(world, who):
    schedule = world["run"].schedules.first()
    with pytest.raises(PermissionDenied):
        services.grant_extension(
            schedule=schedule,
            user=world["innovator"],
            due_on=datetime.date(2026, 3, 20),
            reason="Illness",
            by=world[who],
        )


def test_refresh_behind_schedule_flags_when_due_date_passes(world):
    run, user = world["run"], world["innovator"]
    lessons = lessons_of(world["course"])
    for lesson in lessons[:2]:
        services.complete_lesson(
            cohort_course=run, user=user, lesson_key=lesson.translation_key, by=user
        )
    assert EnrolmentProgress.objects.get(user=user).behind_schedule is False

    changed = services.refresh_behind_schedule(cohort_course=run, today=datetime.date(2026, 3, 1))

    assert changed == 1
    assert EnrolmentProgress.objects.get(user=user).behind_schedule is True


def test_import_progress_matches_service_rollup(world):
    run, user, other = world["run"], world["innovator"], world["other_innovator"]
    lessons = lessons_of(world["course"])
    keys = [lesson.translation_key for lesson in lessons]

    count = services.import_progress(
        cohort_course=run,
        done_by_user={user.pk: keys[:3], other.pk: keys, world["mentor"].pk: keys},
    )

    # Module 3 is not released: its two lessons are skipped; the mentor is no innovator.
    assert count == 3 + 4
    imported = EnrolmentProgress.objects.get(user=user)
    assert (imported.lessons_done, imported.percent, imported.modules_done) == (3, 50, 1)
    assert EnrolmentProgress.objects.get(user=other).lessons_done == 4
    assert not EnrolmentProgress.objects.filter(user=world["mentor"]).exists()
    services.undo_lesson(cohort_course=run, user=user, lesson_key=keys[2], by=user)
    services.complete_lesson(cohort_course=run, user=user, lesson_key=keys[2], by=user)
    again = EnrolmentProgress.objects.get(user=user)
    assert (again.lessons_done, again.modules) == (3, imported.modules)
