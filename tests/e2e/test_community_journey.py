"""Cohort discussions, a partner thread and the people directory in a real browser."""

import datetime

import pytest

from cohorts.enums import Role
from cohorts.intake.enums import MatchingRunStatus
from cohorts.models import MatchingRun, PeerPair
from notifications.models import Notification
from tests.factories.cohorts import CohortFactory, UserFactory, add_member, assign_mentor
from tests.factories.curriculum import lessons_of, make_course, run_course

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _lesson_with_prompt(cohort):
    course = make_course(modules=1, lessons=1)
    lesson = lessons_of(course)[0]
    lesson.body = [
        {"type": "text", "value": "<p>Read this first.</p>"},
        {"type": "discussion", "value": {"prompt": "What did your library try?", "guidance": ""}},
    ]
    lesson.save_revision().publish()
    run_course(cohort, course, start=datetime.date(2026, 1, 1))
    return lessons_of(course)[0]


def test_lesson_prompt_reply_unread_and_notification(visitor):
    cohort = CohortFactory()
    ana = add_member(cohort, Role.INNOVATOR, full_name="Ana Stojanovska")
    mentor = add_member(cohort, Role.MENTOR, full_name="Dimitris Alexiou")
    assign_mentor(cohort, mentor, ana)
    lesson = _lesson_with_prompt(cohort)

    me = visitor("innovator", user=ana)
    page = me.visit(lesson.url)
    page.get_by_role("link", name="Join the discussion").click()
    me.check("lesson-thread")
    page.get_by_label("Your reply").fill("We started a **reading club** for adults.")
    page.get_by_role("button", name="Send reply").click()
    me.check("answered")
    assert page.locator(".post__body strong", has_text="reading club").count() == 1

    coach = visitor("mentor", user=mentor)
    page = coach.visit("/dashboard/")
    page.get_by_role("link", name=lesson.title).first.click()
    coach.check("mentor-thread")
    page.get_by_label("Your reply").fill("Lovely, @Ana Stojanovska! Who keeps it going?")
    page.get_by_role("button", name="Send reply").click()
    coach.check("mentor-replied")

    assert Notification.objects.filter(recipient=ana, kind="community.mention").exists()
    page = me.visit("/dashboard/")
    assert page.locator(".community-panel").get_by_text("1 new").count() == 1
    assert page.locator("a.bell .bell__count").inner_text() == "1"
    page.locator(".community-panel").get_by_role("link", name=lesson.title).first.click()
    me.check("unread-reply")
    assert page.locator(".post--unread").count() == 1
    assert page.locator(".post--unread").get_by_text("Who keeps it going?").count() == 1


def test_partner_thread(visitor):
    cohort = CohortFactory()
    alex = add_member(cohort, Role.INNOVATOR, full_name="Alex Carter", country="AU")
    partner = add_member(cohort, Role.INNOVATOR, full_name="Grace Mensah", country="GH")
    run = MatchingRun.objects.create(cohort=cohort, status=MatchingRunStatus.PUBLISHED)
    PeerPair.objects.create(run=run, cohort=cohort, person_a=alex, person_b=partner)

    me = visitor("alex", user=alex)
    page = me.visit("/community/")
    page.get_by_role("link", name="Peer partners: Grace Mensah").click()
    me.check("partner-thread")
    assert page.get_by_text("only its participants read it").count() == 1
    page.get_by_label("Your reply").fill("Hello Grace! A call next week?")
    page.get_by_role("button", name="Send reply").click()
    me.check("partner-sent")

    them = visitor("grace", user=partner)
    page = them.visit("/community/")
    assert page.get_by_text("1 new").count() == 1
    page.get_by_role("link", name="Peer partners: Alex Carter").click()
    them.check("partner-read")
    assert page.get_by_text("Hello Grace! A call next week?").count() == 1


def test_directory_search_and_conversation(visitor):
    listed = UserFactory(
        full_name="Lucía Fernández",
        country="ES",
        in_directory=True,
        interests="makerspaces, family literacy",
        sector="public",
    )
    UserFactory(full_name="Hidden Person", country="ES")
    me = visitor("searcher", user=UserFactory(full_name="Sam Searcher"))
    page = me.visit("/people/")
    assert page.get_by_text("Hidden Person").count() == 0
    page.get_by_label("Search", exact=True).fill("makerspace")
    page.get_by_label("Country").select_option("ES")
    page.get_by_role("button", name="Search").click()
    me.check("directory-results")
    page.get_by_role("link", name="Lucía Fernández").click()
    me.check("profile")
    page.get_by_role("link", name="Start a conversation").click()
    me.check("write")
    page.get_by_label("Message").fill("Hola! I run a makerspace too.")
    page.get_by_role("button", name="Send").click()
    me.check("conversation")
    assert page.get_by_text("Hola! I run a makerspace too.").count() == 1
    assert Notification.objects.filter(recipient=listed, kind="community.private_message").exists()
