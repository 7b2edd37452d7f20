"""Lessons completed at once (two tabs) are all counted (PostgreSQL row locks).

Found by the load test (``manage.py loadtest``): the roll-up was read before it was
locked, so of two completions at once the later write overwrote the other's lesson.
"""

import pytest
from django.db import connection

from curriculum import services
from curriculum.models import EnrolmentProgress, LessonProgress
from tests.events.test_concurrency import _run_together
from tests.factories.curriculum import lessons_of

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]


@pytest.mark.parametrize("first_rollup", [False, True])
def test_lessons_completed_at_once_are_all_in_the_rollup(world, first_rollup):
    run, user = world["run"], world["innovator"]
    released = lessons_of(world["course"])[:4]  # modules 1 and 2 are open
    if first_rollup:
        services.complete_lesson(
            cohort_course=run, user=user, lesson_key=released[0].translation_key, by=user
        )
        released = released[1:]

    errors = _run_together(
        released,
        lambda lesson: services.complete_lesson(
            cohort_course=run, user=user, lesson_key=lesson.translation_key, by=user
        ),
    )

    assert errors == []
    assert LessonProgress.objects.filter(user=user).count() == 4
    enrolment = EnrolmentProgress.objects.get(cohort_course=run, user=user)
    assert (enrolment.lessons_done, enrolment.percent, enrolment.modules_done) == (4, 67, 2)
