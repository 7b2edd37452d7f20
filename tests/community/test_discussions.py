"""Cohort discussions: lesson threads shared by translations, replies, quoting, editing,
removing, following, unread markers, moderation, notifications."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from cohorts.enums import Role
from community import selectors, services
from community.enums import PostState, ThreadKind
from community.models import Post, Thread, ThreadMember
from notifications.models import Notification
from tests.factories.cohorts import CohortFactory, UserFactory, add_member, assign_mentor
from tests.factories.community import make_thread, post
from tests.factories.curriculum import home_page, lessons_of, make_course, run_course
from tests.trust.matrix import close_response

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    cohort = CohortFactory()
    innovator = add_member(cohort, Role.INNOVATOR, full_name="Ana Petrovska")
    mentor = add_member(cohort, Role.MENTOR, full_name="Marko Mentor")
    coordinator = add_member(cohort, Role.COORDINATOR, full_name="Cora Coord")
    assign_mentor(cohort, mentor, innovator)
    return {"cohort": cohort, "innovator": innovator, "mentor": mentor, "coord": coordinator}


def _prompted_course(cohort):
    course = make_course(modules=1, lessons=1)
    lesson = lessons_of(course)[0]
    lesson.body = [
        {"type": "text", "value": "<p>Read.</p>"},
        {"type": "discussion", "value": {"prompt": "What did your library try?", "guidance": ""}},
    ]
    lesson.save_revision().publish()
    run = run_course(cohort, course, start=datetime.date(2026, 1, 1))
    return course, lessons_of(course)[0], run


def _translate(lesson):
    mk = Locale.objects.get_or_create(language_code="mk")[0]
    home_page("mk")
    translated = lesson.copy_for_translation(mk, copy_parents=True)
    translated.title = "Стратешко планирање"
    translated.save_revision().publish()
    for parent in translated.get_ancestors().filter(locale=mk, live=False):
        parent.specific.save_revision().publish()
    return translated


@time_machine.travel(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_lesson_thread_shared_by_every_translation(client, world):
    course, lesson, run = _prompted_course(world["cohort"])
    translated = _translate(lesson)
    client.force_login(world["innovator"])

    page = client.get(translated.url)
    assert "Join the discussion" in page.content.decode() or page.status_code == 200
    link = reverse("community:lesson_thread", args=[world["cohort"].pk, lesson.translation_key])
    assert link in page.content.decode()
    response = client.get(link)
    thread = Thread.objects.get(kind=ThreadKind.LESSON)
    assert response.url == reverse("community:thread", args=[thread.pk])
    client.post(response.url, {"body": "Написав одговор."})

    client.force_login(world["mentor"])
    again = client.get(
        reverse("community:lesson_thread", args=[world["cohort"].pk, translated.translation_key])
    )
    assert again.url == response.url
    assert Thread.objects.filter(kind=ThreadKind.LESSON).count() == 1
    client.force_login(world["innovator"])
    english = client.get(lesson.url).content.decode()
    assert "Написав одговор." in english
    # The space and the dashboard list the thread under the lesson's title in the reader's
    # language (one thread for every translation).
    space = reverse("community:space", args=[world["cohort"].pk])
    assert lesson.title in client.get(space + "?lang=en").content.decode()
    in_macedonian = client.get(space + "?lang=mk").content.decode()
    assert "Стратешко планирање" in in_macedonian
    assert lesson.title not in in_macedonian


def test_reply_quote_follow_and_unread(client, world):
    thread = make_thread(world["cohort"])
    first = post(thread, world["innovator"], "My **first** idea")
    assert ThreadMember.objects.get(thread=thread, user=world["innovator"]).following
    client.force_login(world["mentor"])
    page = client.get(reverse("community:space", args=[world["cohort"].pk])).content.decode()
    assert "1 new" in page

    response = client.post(
        reverse("community:thread", args=[thread.pk]),
        {"body": "Good idea!", "quoted": first.pk},
    )
    assert response.status_code == 302
    reply = Post.objects.get(body="Good idea!")
    assert reply.quoted == first

    client.force_login(world["innovator"])
    space = selectors.space_page(world["innovator"], world["cohort"]).object_list
    assert [t.unread for t in space] == [1]
    page = client.get(reverse("community:thread", args=[thread.pk])).content.decode()
    assert "post--unread" in page and "<strong>first</strong>" in page
    space = selectors.space_page(world["innovator"], world["cohort"]).object_list
    assert [t.unread for t in space] == [0]


def test_reply_notifies_followers_and_mentions(world, run_on_commit):
    thread = make_thread(world["cohort"])
    post(thread, world["innovator"], "Question")
    with run_on_commit():
        post(thread, world["mentor"], "Answer, and @Cora Coord may know more")
    kinds = sorted(Notification.objects.values_list("recipient__full_name", "kind"))
    assert kinds == [
        ("Ana Petrovska", "community.reply"),
        ("Cora Coord", "community.mention"),
    ]
    assert {m.to[0] for m in mail.outbox} == {world["innovator"].email, world["coord"].email}
    html = Post.objects.get(body__startswith="Answer").body_html
    assert "<strong>@Cora Coord</strong>" in html


def test_edit_within_thirty_minutes_then_refused(world):
    thread = make_thread(world["cohort"])
    mine = post(thread, world["innovator"], "Tpyo")
    services.edit_post(post=mine, body="Typo", by=world["innovator"])
    mine.refresh_from_db()
    assert mine.body == "Typo" and mine.edited_at is not None
    with pytest.raises(PermissionDenied):
        services.edit_post(post=mine, body="Not mine", by=world["mentor"])
    later = timezone.now() + datetime.timedelta(minutes=31)
    with time_machine.travel(later), pytest.raises(ValidationError):
        services.edit_post(post=mine, body="Too late", by=world["innovator"])


def test_delete_leaves_removed(client, world):
    thread = make_thread(world["cohort"])
    mine = post(thread, world["innovator"], "Oops secret")
    client.force_login(world["innovator"])
    client.post(reverse("community:remove_post", args=[mine.pk]))
    mine.refresh_from_db()
    assert mine.state == PostState.REMOVED and mine.body == ""
    page = client.get(reverse("community:thread", args=[thread.pk])).content.decode()
    assert "This post was removed by its author." in page and "Oops secret" not in page


def test_moderators_hide_restore_lock_pin_move(client, world):
    thread = make_thread(world["cohort"], title="Off topic")
    other = make_thread(world["cohort"], title="Right place")
    reply = post(thread, world["innovator"], "Belongs elsewhere")
    with pytest.raises(PermissionDenied):
        services.hide_post(post=reply, by=world["innovator"])
    services.hide_post(post=reply, by=world["mentor"])
    client.force_login(world["innovator"])
    page = client.get(reverse("community:thread", args=[thread.pk])).content.decode()
    assert "Belongs elsewhere" not in page and "hidden by a moderator" in page
    services.restore_post(post=reply, by=world["coord"])
    services.move_post(post=reply, to_thread=other, by=world["coord"])
    other.refresh_from_db()
    thread.refresh_from_db()
    assert (other.post_count, thread.post_count) == (1, 0)
    services.set_thread_flags(thread=other, by=world["mentor"], locked=True, pinned=True)
    with pytest.raises(PermissionDenied):
        post(other, world["innovator"], "After lock")
    response = client.post(reverse("community:thread", args=[other.pk]), {"body": "x"})
    assert response.status_code == 403


def test_start_thread_form_error_keeps_text(client, world):
    client.force_login(world["innovator"])
    url = reverse("community:space", args=[world["cohort"].pk])
    response = client.post(url, {"title": "", "body": "Kept text"})
    assert response.status_code == 400
    assert "Kept text" in response.content.decode()
    assert not Thread.objects.exists()
    response = client.post(url, {"title": "Hello all", "body": "First"})
    assert response.status_code == 302
    assert Thread.objects.get().post_count == 1


def test_topic_threads_open_when_the_fortnight_starts(client, world):
    from cohorts.models import DiscussionTopic

    cohort = world["cohort"]
    DiscussionTopic.objects.create(
        cohort=cohort, starts_on=cohort.starts_on, title="Advocacy", body="How?"
    )
    DiscussionTopic.objects.create(
        cohort=cohort,
        starts_on=timezone.localdate() + datetime.timedelta(days=30),
        title="Later",
        body="Not yet",
    )
    client.force_login(world["innovator"])
    page = client.get(reverse("community:space", args=[cohort.pk])).content.decode()
    assert "Advocacy" in page and "Later" not in page
    client.get(reverse("community:space", args=[cohort.pk]))
    assert Thread.objects.filter(kind=ThreadKind.TOPIC).count() == 1


def test_attachment_checked_and_served_to_members_only(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    thread = make_thread(world["cohort"])
    client.force_login(world["innovator"])
    bad = SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(
        reverse("community:thread", args=[thread.pk]), {"body": "See file", "attachment": bad}
    )
    assert response.status_code == 400 and not Post.objects.exists()
    assert "See file" in response.content.decode()
    good = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    client.post(
        reverse("community:thread", args=[thread.pk]), {"body": "See file", "attachment": good}
    )
    url = reverse("community:attachment", args=[Post.objects.get().pk])
    response = client.get(url)
    assert response.status_code == 200
    close_response(response)
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_moderator_moves_a_post_from_the_thread_page(client, world):
    thread = make_thread(world["cohort"], title="Off topic")
    other = make_thread(world["cohort"], title="Right place")
    reply = post(thread, world["innovator"], "Belongs elsewhere")
    client.force_login(world["mentor"])
    page = client.get(reverse("community:thread", args=[thread.pk])).content.decode()
    assert f'<option value="{other.pk}">Right place</option>' in page
    client.post(reverse("community:move_post", args=[reply.pk]), {"thread": str(other.pk)})
    reply.refresh_from_db()
    assert reply.thread == other
    client.force_login(world["innovator"])
    page = client.get(reverse("community:thread", args=[thread.pk])).content.decode()
    assert "Move to" not in page
