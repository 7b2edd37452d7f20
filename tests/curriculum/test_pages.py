import pytest
from django.urls import reverse
from wagtail.models import Locale

from curriculum import services
from curriculum.models import EnrolmentProgress, LessonProgress
from tests.factories.curriculum import home_page, lessons_of, modules_of


def test_course_page_shows_progress_and_continue_link(client, world):
    run, user = world["run"], world["innovator"]
    lessons = lessons_of(world["course"])
    services.complete_lesson(
        cohort_course=run, user=user, lesson_key=lessons[0].translation_key, by=user
    )
    client.force_login(user)

    response = client.get(world["course"].url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "1 of 6 lessons done (17%)." in html
    assert "Continue where you left off" in html
    assert f'href="{lessons[1].url}"' in html
    assert "Opens on 2 Mar 2026" in html
    assert '<progress class="progress" max="100" value="50">' in html


def test_course_page_before_any_lesson_counts_the_course_lessons(client, world):
    client.force_login(world["innovator"])

    html = client.get(world["course"].url).content.decode()

    assert not EnrolmentProgress.objects.filter(user=world["innovator"]).exists()
    assert "0 of 6 lessons done (0%)." in html
    assert "Start the course: Lesson 1.1" in html


def test_lesson_page_released_shows_mark_complete(client, world):
    client.force_login(world["innovator"])
    lesson = lessons_of(world["course"])[0]
    response = client.get(lesson.url)
    assert response.status_code == 200
    assert "Mark as complete" in response.content.decode()
    assert "Lesson 1.1 text." in response.content.decode()


def test_lesson_page_locked_hides_body(client, world):
    client.force_login(world["innovator"])
    lesson = lessons_of(world["course"])[4]
    response = client.get(lesson.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "This lesson opens on 2 Mar 2026." in html
    assert "Lesson 3.1 text." not in html
    assert "Mark as complete" not in html


def test_lesson_page_for_non_member_is_closed(client, world):
    client.force_login(world["other_coordinator"])
    response = client.get(lessons_of(world["course"])[0].url)
    assert response.status_code == 403
    assert "Lesson 1.1 text." not in response.content.decode()


def test_lesson_page_for_mentor_is_read_only(client, world):
    client.force_login(world["mentor"])
    response = client.get(lessons_of(world["course"])[0].url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lesson 1.1 text." in html
    assert "Mark as complete" not in html


def test_lesson_page_anonymous_redirects_to_login(client, world):
    response = client.get(lessons_of(world["course"])[0].url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_mark_complete_view_and_undo(client, world):
    run, user = world["run"], world["innovator"]
    lesson = lessons_of(world["course"])[0]
    client.force_login(user)
    url = reverse("curriculum:lesson_progress", args=[run.pk, lesson.translation_key])

    response = client.post(url, {"action": "complete", "next": lesson.url})
    assert response.status_code == 302
    assert response["Location"] == lesson.url
    assert EnrolmentProgress.objects.get(user=user).lessons_done == 1

    client.post(url, {"action": "undo", "next": "https://evil.example.com/"})
    assert EnrolmentProgress.objects.get(user=user).lessons_done == 0


def test_mark_complete_locked_lesson_view_shows_message(client, world):
    run, user = world["run"], world["innovator"]
    lesson = lessons_of(world["course"])[4]
    client.force_login(user)
    url = reverse("curriculum:lesson_progress", args=[run.pk, lesson.translation_key])
    response = client.post(url, {"next": lesson.url}, follow=True)
    assert "This lesson opens on 2 March 2026." in response.content.decode()
    assert not LessonProgress.objects.exists()


def test_mark_complete_in_other_cohort_run_is_404(client, world):
    lesson = lessons_of(world["course"])[0]
    client.force_login(world["other_coordinator"])
    url = reverse("curriculum:lesson_progress", args=[world["run"].pk, lesson.translation_key])
    assert client.post(url, follow=True).status_code == 404
    client.force_login(world["mentor"])
    assert client.post(url, follow=True).status_code == 404
    assert not LessonProgress.objects.exists()


def test_quiz_wrong_answer_shows_feedback_and_does_not_complete(client, world):
    run, user = world["run"], world["innovator"]
    lesson = lessons_of(world["course"])[3].specific
    block = lesson.quiz_blocks[0]
    client.force_login(user)
    url = reverse("curriculum:lesson_quiz", args=[run.pk, lesson.translation_key])

    response = client.post(url, {"page": lesson.pk, "block": block.id, "q0": "1"})

    assert response.status_code == 200
    assert "Not yet: who is it for?" in response.content.decode()
    assert not LessonProgress.objects.exists()


def test_quiz_right_answer_completes_lesson(client, world):
    run, user = world["run"], world["innovator"]
    lesson = lessons_of(world["course"])[3].specific
    block = lesson.quiz_blocks[0]
    client.force_login(user)
    url = reverse("curriculum:lesson_quiz", args=[run.pk, lesson.translation_key])

    response = client.post(url, {"page": lesson.pk, "block": block.id, "q0": "0"})

    assert response.status_code == 302
    assert LessonProgress.objects.get(user=user).via == "quiz"


def test_lesson_in_macedonian_counts_for_course_in_english(client, world):
    run, user = world["run"], world["innovator"]
    lesson = lessons_of(world["course"])[0]
    mk = Locale.objects.get_or_create(language_code="mk")[0]
    home_page("mk")
    translated = lesson.copy_for_translation(mk, copy_parents=True)
    translated.title = "Стратешко планирање"
    translated.save_revision().publish()
    for parent in translated.get_ancestors().filter(locale=mk, live=False):
        parent.specific.save_revision().publish()
    client.force_login(user)

    page = client.get(translated.url)
    assert page.status_code == 200
    assert "Стратешко планирање" in page.content.decode()
    client.post(
        reverse("curriculum:lesson_progress", args=[run.pk, translated.translation_key]),
        {"next": translated.url},
    )

    response = client.get(world["course"].url)
    assert "1 of 6 lessons done (17%)." in response.content.decode()


def test_module_page_links_reflection(client, world):
    client.force_login(world["innovator"])
    module = modules_of(world["course"])[1]
    response = client.get(module.url)
    assert response.status_code == 200
    assert (
        reverse("curriculum:my_reflection", args=[world["run"].pk, module.translation_key])
        in response.content.decode()
    )


def test_learn_home_lists_course(client, world):
    client.force_login(world["innovator"])
    response = client.get(reverse("curriculum:home"))
    assert response.status_code == 200
    assert world["course"].url in response.content.decode()


@pytest.mark.parametrize("done", [1, 4])
def test_course_page_query_count(client, world, django_assert_num_queries, done):
    run, user = world["run"], world["innovator"]
    for lesson in lessons_of(world["course"])[:done]:
        services.complete_lesson(
            cohort_course=run, user=user, lesson_key=lesson.translation_key, by=user
        )
    client.force_login(user)
    client.get(world["course"].url)
    with django_assert_num_queries(21):
        response = client.get(world["course"].url)
    assert response.status_code == 200
