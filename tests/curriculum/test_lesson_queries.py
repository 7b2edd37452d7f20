"""The lesson page in a fixed number of queries (issue 21: ≤ 12, it was 24), and the
caches that make it so: routing by url_path and the course structure kept between requests,
dropped on publish and on a schedule change."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse

from cohorts.enums import Role
from curriculum import services
from tests.factories.cohorts import add_member
from tests.factories.curriculum import lessons_of, make_course, modules_of, run_course


def _grow(world, count):
    """More innovators with progress and more courses: nothing the page reads per person."""
    lessons = lessons_of(world["course"])
    for number in range(count):
        person = add_member(world["cohort"], Role.INNOVATOR, country="MK")
        for lesson in lessons[: number % 3 + 1]:
            services.complete_lesson(
                cohort_course=world["run"],
                user=person,
                lesson_key=lesson.translation_key,
                by=person,
            )
    for number in range(count // 2):
        run_course(world["cohort"], make_course(modules=2, lessons=2, title=f"Extra{number}"))


@pytest.mark.parametrize("size", [1, 6])
@pytest.mark.parametrize(
    ("personal_cache", "warm", "queries"),
    [
        # As production serves a lesson not seen before in this session: the structure and
        # the admin link's answer cached (by the lesson before), the page rendered; the
        # person's roles are one query (their capabilities in each cohort).
        # (The person is kept in the cache from the session's earlier pages.)
        (60, 0, 11),
        # The same person coming back to the lesson: the copy kept for the session is
        # answered before Wagtail routes the request (cms.views.serve): the session, as
        # the dashboard (8 with the routing; 2 before kohorta.personal_cache.get_user).
        (60, 1, 1),
        # No per-session cache (one process without Redis): + the person's permissions (2).
        (0, 0, 14),
    ],
)
def test_lesson_page_query_count(
    client, world, django_assert_num_queries, size, personal_cache, warm, queries
):
    _grow(world, size)
    client.force_login(world["innovator"])
    lessons = lessons_of(world["course"])
    with override_settings(KOHORTA_PERSONAL_CACHE_SECONDS=personal_cache):
        client.get(lessons[warm].url)
        with django_assert_num_queries(queries):
            response = client.get(lessons[1].url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mark as complete" in html
    assert "Lesson 1.1" in html and "Lesson 2.1" in html


def test_neighbour_title_follows_a_publish(client, world):
    client.force_login(world["innovator"])
    first, second = lessons_of(world["course"])[:2]
    assert "Lesson 1.1" in client.get(second.url).content.decode()
    first.title = "Renamed lesson"
    first.save_revision().publish()
    assert "Renamed lesson" in client.get(second.url).content.decode()


def test_schedule_change_unlocks_at_once(client, world):
    client.force_login(world["innovator"])
    locked = lessons_of(world["course"])[4]
    assert "This lesson opens on" in client.get(locked.url).content.decode()
    module = modules_of(world["course"])[2]
    services.schedule_module(
        cohort_course=world["run"],
        module=module,
        releases_on=datetime.date(2026, 2, 1),
        due_on=datetime.date(2026, 3, 1),
        by=None,
    )
    html = client.get(locked.url).content.decode()
    assert "This lesson opens on" not in html
    assert "Mark as complete" in html


def test_unpublished_lesson_is_not_found_by_url_path(client, world):
    client.force_login(world["innovator"])
    lesson = lessons_of(world["course"])[1]
    url = lesson.url
    lesson.unpublish()
    assert client.get(url).status_code == 404


def test_view_restriction_on_the_course_still_applies(client, world):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=world["course"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    client.force_login(world["innovator"])
    response = client.get(lessons_of(world["course"])[0].url)
    assert response.status_code == 200
    assert reverse("wagtailcore_authenticate_with_password", args=[1, 1])[:20] in (
        response.content.decode()
    )
    assert "Mark as complete" not in response.content.decode()


@override_settings(KOHORTA_PERSONAL_CACHE_SECONDS=60)
def test_the_kept_lesson_is_answered_before_routing(client, world):
    from unittest import mock

    from wagtail.models import Page

    client.force_login(world["innovator"])
    lesson = lessons_of(world["course"])[1]
    first = client.get(lesson.url)
    with mock.patch.object(Page, "route_for_request", side_effect=AssertionError("routed")):
        second = client.get(lesson.url)
    assert second.status_code == first.status_code == 200
    assert second.content == first.content


@override_settings(KOHORTA_PERSONAL_CACHE_SECONDS=60)
def test_a_kept_lesson_goes_stale_on_unpublish_and_is_never_anothers(client, world):
    from django.test import Client

    from tests.factories.cohorts import add_member

    lesson = lessons_of(world["course"])[1]
    client.force_login(world["innovator"])
    assert "Mark as complete" in client.get(lesson.url).content.decode()
    # Another person (another session) at the same address: their own rendering.
    stranger = Client()
    stranger.force_login(add_member(world["cohort"], Role.MENTOR, country="MK"))
    assert "Mark as complete" not in stranger.get(lesson.url).content.decode()
    # Anything written makes the copy stale: the unpublished lesson is gone at once.
    url = lesson.url
    lessons_of(world["course"])[1].unpublish()
    assert client.get(url).status_code == 404
