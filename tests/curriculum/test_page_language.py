"""One language per page: a form posted from a lesson answers in the lesson page's
language, whatever the person's preferred language; a certificate marks untranslated titles."""

from django.urls import reverse
from wagtail.models import Locale

from curriculum.certificates import certificate_modules
from curriculum.services import certificate_details
from tests.factories.curriculum import home_page, lessons_of, modules_of


def test_quiz_answer_on_english_lesson_answers_in_english(client, world):
    run, user = world["run"], world["innovator"]
    user.preferred_language = "mk"
    user.save(update_fields=["preferred_language"])
    lesson = lessons_of(world["course"])[3].specific
    block = lesson.quiz_blocks[0]
    client.force_login(user)
    url = reverse("curriculum:lesson_quiz", args=[run.pk, lesson.translation_key])

    response = client.post(
        url,
        {"page": lesson.pk, "block": block.id, "q0": "1"},
        HTTP_REFERER=f"http://testserver{lesson.url}",
    )

    assert response.status_code == 200
    assert response.content.decode().startswith('<!DOCTYPE html>\n\n<html lang="en">')
    assert response.headers["Content-Language"] == "en"


def test_quiz_answer_from_macedonian_page_answers_in_macedonian(client, world):
    run, user = world["run"], world["innovator"]
    lesson = lessons_of(world["course"])[3].specific
    block = lesson.quiz_blocks[0]
    client.force_login(user)
    url = reverse("curriculum:lesson_quiz", args=[run.pk, lesson.translation_key])

    response = client.post(
        url,
        {"page": lesson.pk, "block": block.id, "q0": "1"},
        HTTP_REFERER="http://testserver/mk/some-lesson/",
    )

    assert response.headers["Content-Language"] == "mk"


def test_referer_of_another_site_is_ignored(client, world):
    run, user = world["run"], world["innovator"]
    lesson = lessons_of(world["course"])[3].specific
    client.force_login(user)
    url = reverse("curriculum:lesson_quiz", args=[run.pk, lesson.translation_key])

    response = client.post(
        url,
        {"page": lesson.pk, "block": lesson.quiz_blocks[0].id, "q0": "1"},
        HTTP_REFERER="http://elsewhere.example/mk/",
    )

    assert response.headers["Content-Language"] == "en"


def test_certificate_marks_module_titles_without_translation(world):
    run, user = world["run"], world["innovator"]
    mk = Locale.objects.get_or_create(language_code="mk")[0]
    home_page("mk")
    module = modules_of(world["course"])[0]
    translated = module.copy_for_translation(mk, copy_parents=True)
    translated.title = "Модул 1"
    translated.save_revision().publish()

    details = certificate_details(cohort_course=run, user=user, language="mk")

    assert details["modules"] == ["Модул 1", "Module 2", "Module 3"]
    assert details["module_languages"] == ["", "en", "en"]
    assert certificate_modules(details) == [
        ("Модул 1", ""),
        ("Module 2", "en"),
        ("Module 3", "en"),
    ]


def test_certificate_in_serbian_latin_reads_serbian_titles_transliterated(world):
    run, user = world["run"], world["innovator"]
    sr = Locale.objects.get_or_create(language_code="sr")[0]
    home_page("sr")
    module = modules_of(world["course"])[0]
    translated = module.copy_for_translation(sr, copy_parents=True)
    translated.title = "Лидерство и промена"
    translated.save_revision().publish()

    details = certificate_details(cohort_course=run, user=user, language="sr-latn")

    assert details["modules"][0] == "Liderstvo i promena"
    assert details["module_languages"][0] == ""


def test_old_certificate_without_module_languages_lists_titles():
    assert certificate_modules({"modules": ["A", "B"]}) == [("A", ""), ("B", "")]
