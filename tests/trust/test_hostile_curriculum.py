"""Hostile input over the curriculum: reflections and their files, feedback, extensions,
quizzes and lesson progress.

No answer is a 5xx, markup comes back escaped, a refused form saves nothing, and a file
that gets in is stored under a random name and only ever leaves as a download.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from curriculum import services
from curriculum.models import (
    DueDateExtension,
    Feedback,
    LessonProgress,
    Reflection,
    ReflectionVersion,
)
from tests.curriculum import conftest as curriculum_fixtures
from tests.factories.curriculum import lessons_of, modules_of

from .hostile import (
    MARKUP_PAYLOADS,
    UPLOAD_LABELS,
    app_settings,
    assert_random_name,
    assert_safe_download,
    assert_safe_response,
    get_hostile,
    hostile_form_data,
    hostile_id,
    hostile_text,
    hostile_upload,
    hostile_uploads,
    png_bytes,
    post_hostile,
    row_counts,
)

pytestmark = pytest.mark.django_db

# The curriculum tests' world (a running course, one person of each role) and their clock.
world = curriculum_fixtures.world
_today = curriculum_fixtures._today
_urls_loaded = curriculum_fixtures._urls_loaded

MAX_BYTES = 10 * 1024 * 1024


def _reflection_url(world):
    key = modules_of(world["course"])[1].translation_key
    return reverse("curriculum:my_reflection", args=[world["run"].pk, key])


def _versions():
    return list(
        ReflectionVersion.objects.order_by("pk").values(
            "pk", "text", "attachment", "attachment_name", "submitted_at"
        )
    )


def _submitted(world, text="A service design for seniors"):
    reflection = services.save_reflection_draft(
        cohort_course=world["run"],
        module_key=modules_of(world["course"])[1].translation_key,
        user=world["innovator"],
        text=text,
        by=world["innovator"],
    )
    return services.submit_reflection(reflection=reflection, by=world["innovator"])


@app_settings
@given(
    data=hostile_form_data(["text", "remove_attachment"]),
    action=st.sampled_from(["save", "submit"]),
)
def test_reflection_text_survives_hostile_input(client, world, data, action):
    client.force_login(world["innovator"])
    url = _reflection_url(world)
    before = (row_counts(Reflection), _versions())
    response = post_hostile(client, url, {**data, action: "1"})
    if response.status_code == 200:
        assert (row_counts(Reflection), _versions()) == before
        return
    assert response.status_code == 302
    assert_safe_response(client.get(url), data)
    reflection = Reflection.objects.filter(author=world["innovator"]).first()
    if reflection is not None and reflection.submitted_at:
        client.force_login(world["mentor"])
        page = client.get(reverse("curriculum:reflection", args=[reflection.pk]))
        assert_safe_response(page, data)


@pytest.mark.parametrize("label", UPLOAD_LABELS)
def test_reflection_upload_is_refused_or_stored_safely(client, world, label):
    client.force_login(world["innovator"])
    url = _reflection_url(world)
    response = post_hostile(
        client,
        url,
        {"text": "Keep this text", "submit": "1"},
        files={"attachment": hostile_upload(label, MAX_BYTES)},
    )
    if response.status_code == 200:
        assert "Keep this text" in response.content.decode()
        assert row_counts(Reflection, ReflectionVersion) == (0, 0), label
        return
    assert response.status_code == 302, label
    version = ReflectionVersion.objects.get()
    assert_random_name(version.attachment.name, "curriculum/reflections")
    assert version.attachment.path.startswith(version.attachment.storage.location + "/")
    download = reverse("curriculum:reflection_file", args=[version.pk])
    assert_safe_download(client.get(download))
    client.force_login(world["mentor"])
    assert_safe_download(client.get(download))


def test_reflection_upload_tricks_that_are_refused(client, world):
    """What is not a document of an accepted kind never gets in."""
    refused = set()
    url = _reflection_url(world)
    client.force_login(world["innovator"])
    for label, upload in hostile_uploads(MAX_BYTES):
        Reflection.objects.all().delete()
        client.post(url, {"text": "x", "save": "1", "attachment": upload})
        if not ReflectionVersion.objects.exclude(attachment="").exists():
            refused.add(label)
    assert {
        "oversized",
        "svg with script",
        "zip bomb",
        "html named png",
        "png named html",
        "pdf named jpg",
        "empty",
    } <= refused


def test_reflection_file_name_with_markup_is_escaped_and_not_used_on_disk(client, world):
    name = '"><img src=x onerror=alert(1)>.png'
    client.force_login(world["innovator"])
    upload = SimpleUploadedFile(name, png_bytes(), "image/png")
    response = client.post(_reflection_url(world), {"text": "x", "save": "1", "attachment": upload})
    assert response.status_code == 302
    version = ReflectionVersion.objects.get()
    assert_random_name(version.attachment.name, "curriculum/reflections")
    body = client.get(_reflection_url(world)).content.decode()
    assert "<img src=x onerror" not in body
    download = client.get(reverse("curriculum:reflection_file", args=[version.pk]))
    assert_safe_download(download)


@app_settings
@given(data=hostile_form_data(["decision", "comment"]))
def test_mentor_feedback_survives_hostile_input(client, world, data):
    reflection = Reflection.objects.first() or _submitted(world)
    client.force_login(world["mentor"])
    url = reverse("curriculum:reflection", args=[reflection.pk])
    before = (row_counts(Feedback), Reflection.objects.get(pk=reflection.pk).state)
    posted = {"decision": "approved", "comment": "Well argued.", **data}
    response = post_hostile(client, url, posted)
    if response.status_code == 200:
        assert (row_counts(Feedback), Reflection.objects.get(pk=reflection.pk).state) == before
        return
    assert response.status_code == 302
    assert_safe_response(client.get(url), posted)
    client.force_login(world["innovator"])
    assert_safe_response(client.get(_reflection_url(world)), posted)
    # The next example starts from a submitted reflection again.
    Reflection.objects.all().delete()


@app_settings
@given(data=st.data(), fields=hostile_form_data(["due_on", "reason"]))
def test_extension_form_survives_hostile_input(client, world, data, fields):
    schedules = list(world["run"].schedules.values_list("pk", flat=True))
    schedule = data.draw(st.one_of(st.sampled_from([str(pk) for pk in schedules]), hostile_id()))
    client.force_login(world["coordinator"])
    url = reverse("curriculum:person_progress", args=[world["run"].pk, world["innovator"].pk])
    posted = {"schedule": schedule, "due_on": "2026-12-31", "reason": "Illness", **fields}
    before = list(DueDateExtension.objects.values())
    response = post_hostile(client, url, posted)
    if response.status_code == 200:
        assert list(DueDateExtension.objects.values()) == before
    else:
        assert response.status_code == 302
        assert_safe_response(client.get(url), posted)


@app_settings
@given(
    answers=st.dictionaries(st.sampled_from(["q0", "q1", "q-1", "q99"]), hostile_id()),
    page=st.one_of(st.none(), st.none(), hostile_id()),
    block=st.one_of(st.none(), st.none(), hostile_text()),
)
def test_quiz_answers_survive_hostile_input(client, world, answers, page, block):
    lesson = lessons_of(world["course"])[3].specific
    client.force_login(world["innovator"])
    url = reverse("curriculum:lesson_quiz", args=[world["run"].pk, lesson.translation_key])
    posted = {
        "page": lesson.pk if page is None else page,
        "block": lesson.quiz_blocks[0].id if block is None else block,
        **answers,
    }
    response = post_hostile(client, url, posted)
    assert response.status_code in (200, 302, 404)
    if response.status_code != 302:
        assert not LessonProgress.objects.exists()


@app_settings
@given(action=hostile_text(), next_url=hostile_text(), lesson_key=st.uuids())
def test_mark_complete_survives_bogus_lessons_and_actions(
    client, world, action, next_url, lesson_key
):
    client.force_login(world["innovator"])
    url = reverse("curriculum:lesson_progress", args=[world["run"].pk, lesson_key])
    response = post_hostile(client, url, {"action": action, "next": next_url})
    assert response.status_code == 302
    assert not response["Location"].startswith(("//", "http:", "https:", "javascript:"))
    assert not LessonProgress.objects.exists()
    # Another cohort's course run is not found, whatever the lesson.
    other = reverse("curriculum:lesson_progress", args=[world["run"].pk + 1000, lesson_key])
    assert client.post(other, {"action": action}).status_code == 404


@app_settings
@given(query=hostile_form_data(["sort", "status", "country", "q", "page"]))
def test_dashboard_filters_survive_hostile_query_strings(client, world, query):
    client.force_login(world["coordinator"])
    for name in ("cohort_dashboard", "cohort_csv"):
        response = get_hostile(client, reverse(f"curriculum:{name}", args=[world["run"].pk]), query)
        assert response.status_code == 200
        assert_safe_response(response, query)


def test_markup_in_a_reflection_is_escaped_for_the_mentor(client, world):
    reflection = _submitted(world, text=MARKUP_PAYLOADS[0])
    client.force_login(world["mentor"])
    body = client.get(reverse("curriculum:reflection", args=[reflection.pk])).content.decode()
    assert "&lt;script&gt;alert(&quot;kohorta&quot;)&lt;/script&gt;" in body
    assert MARKUP_PAYLOADS[0] not in body
