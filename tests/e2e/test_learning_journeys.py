"""Intake and learning journeys in a real browser: applying to a call and being selected,
taking a lesson with its self-check quiz, and a reflection going back and forth between
an innovator and their mentor."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from cohorts.enums import Role
from cohorts.intake.enums import ApplicationState
from cohorts.models import Application, Membership
from curriculum.models import Feedback, LessonProgress, Reflection
from tests.factories.cohorts import CohortFactory, UserFactory, add_member, assign_mentor
from tests.factories.curriculum import lessons_of, make_course, run_course
from tests.factories.intake import ApplicationFactory, CallQuestionFactory, open_call

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _call_with_applicants():
    """An open call with one extra question, a coordinator, two Polish applicants already
    in, and Aroha from New Zealand who has an account but has not applied yet."""
    call = open_call(name="ILN round 2027")
    question = CallQuestionFactory(call=call, label="Which project would you bring?")
    coordinator = add_member(call.cohort, Role.COORDINATOR, full_name="Clara Coordinator")
    for name in ("Agnieszka Nowak", "Piotr Zieliński"):
        ApplicationFactory(cohort=call.cohort, user=UserFactory(country="PL", full_name=name))
    aroha = UserFactory(
        country="NZ", full_name="Aroha Smith", organisation="Victoria University of Wellington"
    )
    return call.cohort, question, coordinator, aroha


def test_apply_to_a_call_then_be_selected(visitor):
    cohort, question, coordinator, aroha = _call_with_applicants()

    me = visitor("applicant", aroha)
    page = me.visit("/apply/")
    page.get_by_role("link", name="ILN round 2027").click()
    me.check("call")
    page.get_by_role("link", name="Apply").click()
    me.check("form")
    expect(page.get_by_label("Organisation")).to_have_value("Victoria University of Wellington")
    page.get_by_label("Sector", exact=True).select_option(label="Academic library")
    page.get_by_label("Career stage").select_option(label="New professional (under 5 years)")
    page.get_by_label("Languages you speak").select_option(["de", "en"])
    page.get_by_label("Research support").check()
    page.get_by_label("Digital services and technology").check()
    page.get_by_role("button", name="Save draft").click()
    me.check("draft-saved")
    expect(page.get_by_text("Your draft has been saved.")).to_be_visible()
    draft = Application.objects.get(cohort=cohort, user=aroha)
    assert (draft.state, draft.sector, draft.submitted_at) == ("draft", "academic", None)

    # Later: back through the list of calls, the draft is where it was left.
    page = me.visit("/apply/")
    page.get_by_role("link", name="ILN round 2027").click()
    page.get_by_role("link", name="Continue your draft").click()
    me.check("draft-again")
    expect(page.get_by_label("Research support")).to_be_checked()
    page.get_by_label("What do you hope to get from the programme?").fill(
        "A partner who works in a public library."
    )
    page.get_by_label("I would like a partner from").select_option(label="Public library")
    page.get_by_label("Which project would you bring?").fill("A Māori-language story hour.")
    page.get_by_role("button", name="Submit application").click()
    me.check("submitted")
    expect(
        page.get_by_text("Thank you! Your application to “ILN round 2027” has been submitted.")
    ).to_be_visible()
    expect(page.get_by_text("Your application: Submitted")).to_be_visible()
    application = Application.objects.get(cohort=cohort, user=aroha)
    assert application.state == ApplicationState.SUBMITTED
    assert application.submitted_at is not None
    assert sorted(application.languages) == ["de", "en"]
    assert sorted(application.interests) == ["digital", "research"]
    assert application.preferred_partner_sector == "public"
    assert application.answers == {str(question.pk): "A Māori-language story hour."}

    # The coordinator finds her among the applicants from New Zealand and accepts her.
    them = visitor("coordinator", coordinator)
    page = them.visit("/cohorts/")
    page.get_by_role("link", name="Applications").click()
    them.check("applications")
    rows = page.locator("table.data-table tbody tr")
    expect(rows).to_have_count(3)
    page.get_by_label("Country", exact=True).select_option("NZ")
    page.get_by_role("button", name="Filter").click()
    them.check("applications-nz")
    expect(rows).to_have_count(1)
    page.get_by_role("link", name="Aroha Smith").click()
    them.check("application")
    expect(page.get_by_text("A Māori-language story hour.")).to_be_visible()
    page.get_by_role("button", name="Accepted", exact=True).click()
    them.check("accepted")
    expect(page.get_by_text("Aroha Smith: Accepted.")).to_be_visible()
    assert Membership.objects.filter(cohort=cohort, user=aroha, role=Role.INNOVATOR).exists()
    # Only "we received your application" so far: accepting alone e-mails nothing.
    assert len([message for message in mail.outbox if aroha.email in message.to]) == 1

    page.get_by_role("link", name="All applications").click()
    expect(page.get_by_text("1 decision has not been e-mailed yet.")).to_be_visible()
    page.get_by_role("button", name="Send decisions").click()
    them.check("decisions-sent")
    expect(page.get_by_text("1 decision e-mail(s) are on their way.")).to_be_visible()
    application.refresh_from_db()
    assert (application.state, application.decision_sent_state) == ("accepted", "accepted")
    assert application.decided_by == coordinator
    assert len([message for message in mail.outbox if aroha.email in message.to]) == 2

    # Aroha's call page now says she is in.
    page = me.visit(f"/apply/{cohort.pk}/")
    expect(page.get_by_text("Your application: Accepted")).to_be_visible()


def _running_course():
    """A cohort taking a three-module course: module 1 opened ten days ago (its second
    lesson ends with a quiz, and it asks for a reflection with a file), module 2 three days
    ago, module 3 opens in a month. Ana is an innovator; Dimitris is her mentor."""
    today = timezone.localdate()
    cohort = CohortFactory(name="INELI Balkans 2026")
    course = make_course(modules=3, lessons=2, reflection={0}, quiz_in={(0, 1)})
    run_course(
        cohort,
        course,
        releases={
            0: today - datetime.timedelta(days=10),
            1: today - datetime.timedelta(days=3),
            2: today + datetime.timedelta(days=30),
        },
        dues={0: today + datetime.timedelta(days=18)},
    )
    ana = add_member(cohort, Role.INNOVATOR, country="MK", full_name="Ana Stojanovska")
    mentor = add_member(cohort, Role.MENTOR, full_name="Dimitris Alexiou")
    assign_mentor(cohort, mentor, ana)
    return course, ana, mentor


def test_take_a_lesson_with_its_quiz(visitor):
    course, ana, _mentor = _running_course()
    lessons = lessons_of(course)

    me = visitor("innovator", ana)
    page = me.visit("/learn/")
    page.get_by_role("link", name="Go to the course").click()
    me.check("course")
    expect(page.get_by_text("0 of 6 lessons done (0%).")).to_be_visible()
    expect(page.get_by_role("link", name="Start the course: Lesson 1.1")).to_be_visible()
    locked = page.locator("li.module--locked")
    expect(locked).to_have_count(1)
    expect(locked).to_contain_text("Opens on")
    expect(locked.get_by_text("Lesson 3.1")).to_be_visible()
    expect(locked.get_by_role("link", name="Lesson 3.1")).to_have_count(0)

    page.get_by_role("link", name="Start the course: Lesson 1.1").click()
    me.check("lesson-1-1")
    page.get_by_role("button", name="Mark as complete").click()
    me.check("lesson-1-1-done")
    expect(page.get_by_text("Lesson complete. You have done 17% of the course.")).to_be_visible()
    expect(page.get_by_text("You have completed this lesson.")).to_be_visible()

    page.get_by_role("link", name="Lesson 1.2 →").click()
    me.check("lesson-1-2")
    expect(page.get_by_role("button", name="Mark as complete")).to_have_count(0)
    page.get_by_label("Buy furniture").check()
    page.get_by_role("button", name="Check my answers").click()
    me.check("quiz-wrong")
    expect(page.get_by_role("status")).to_have_text("✘ Not quite. Not yet: who is it for?")
    expect(page.get_by_label("Buy furniture")).to_be_checked()
    assert not LessonProgress.objects.filter(user=ana, lesson_key=lessons[1].translation_key)
    page.get_by_label("Listen to users").check()
    page.get_by_role("button", name="Check my answers").click()
    me.check("quiz-right")
    expect(page.get_by_text("All answers are right: the lesson is complete.")).to_be_visible()

    page.get_by_role("navigation", name="Breadcrumbs").get_by_role(
        "link", name="Leadership"
    ).click()
    me.check("course-again")
    expect(page.get_by_text("2 of 6 lessons done (33%).")).to_be_visible()
    expect(page.locator(".course-summary progress")).to_have_attribute("value", "33")
    expect(page.get_by_role("link", name="Continue where you left off: Lesson 2.1")).to_be_visible()

    # A lesson of the module that has not opened yet, reached by its address.
    page = me.visit(lessons[4].url)
    expect(page.get_by_text(re.compile(r"This lesson opens on \d+ \w+ \d{4}\."))).to_be_visible()
    expect(page.get_by_role("button", name="Mark as complete")).to_have_count(0)

    progress = LessonProgress.objects.filter(user=ana).order_by("completed_at")
    assert [(p.lesson_key, p.via) for p in progress] == [
        (lessons[0].translation_key, "manual"),
        (lessons[1].translation_key, "quiz"),
    ]


def test_reflection_revised_after_feedback_then_approved(visitor, tmp_path):
    course, ana, mentor = _running_course()
    plan = tmp_path / "homework-club.pdf"
    plan.write_bytes(PDF)

    me = visitor("innovator", ana)
    page = me.visit(course.url)
    page.get_by_role("link", name="Module 1", exact=True).click()
    page.get_by_role("link", name="Write your reflection").click()
    me.check("reflection")
    page.get_by_label("Your reflection").fill("A homework club.")
    page.get_by_role("button", name="Save draft").click()
    me.check("draft-saved")
    expect(page.get_by_text("Your draft has been saved.")).to_be_visible()
    expect(page.get_by_label("Your reflection")).to_have_value("A homework club.")
    page.get_by_label("Your reflection").fill("A homework club with two schools near our branch.")
    page.get_by_label("Attach a file").set_input_files(plan)
    page.get_by_role("button", name="Submit to my mentor").click()
    me.check("submitted")
    expect(page.get_by_text("your mentor, gets a notification.")).to_be_visible()
    expect(page.get_by_role("link", name="homework-club.pdf")).to_be_visible()
    reflection = Reflection.objects.get(author=ana)
    assert reflection.state == "submitted"

    mentor_tab = visitor("mentor", mentor)
    page = mentor_tab.visit("/learn/")
    page.get_by_role("link", name="Your mentees in INELI Balkans 2026").click()
    mentor_tab.check("grid")
    queue = page.get_by_role("region", name="Awaiting your feedback (1)")
    queue.get_by_role("link", name="Ana Stojanovska — Module 1").click()
    mentor_tab.check("reflection")
    expect(page.get_by_text("A homework club with two schools near our branch.")).to_be_visible()
    page.get_by_label("Needs revision").check()
    page.get_by_role("textbox", name="Feedback").fill(
        "Which schools, and what will the club need from you?"
    )
    page.get_by_role("button", name="Send feedback").click()
    mentor_tab.check("revision-asked")
    expect(page.get_by_text("Your feedback has been sent to Ana Stojanovska.")).to_be_visible()
    expect(page.get_by_role("button", name="Send feedback")).to_have_count(0)

    page = me.page
    page.reload()
    me.check("needs-revision")
    expect(page.locator(".badge--state")).to_have_text("Needs revision")
    expect(page.get_by_text("Which schools, and what will the club need from you?")).to_be_visible()
    page.get_by_label("Your reflection").fill(
        "A homework club with Goce Delčev and Kole Nedelkovski schools; we need two volunteers."
    )
    page.get_by_role("button", name="Submit to my mentor").click()
    me.check("resubmitted")
    expect(page.get_by_text("your mentor, gets a notification.")).to_be_visible()

    page = mentor_tab.page
    page.get_by_role("link", name="Back to the progress grid").click()
    mentor_tab.check("grid-again")
    page.get_by_role("region", name="Awaiting your feedback (1)").get_by_role(
        "link", name="Ana Stojanovska — Module 1"
    ).click()
    expect(page.get_by_role("heading", name=re.compile("Version 2, submitted"))).to_be_visible()
    page.get_by_label("Approved").check()
    page.get_by_role("textbox", name="Feedback").fill("Concrete and well argued.")
    page.get_by_role("button", name="Send feedback").click()
    mentor_tab.check("approved")
    expect(page.get_by_text("Status: Approved")).to_be_visible()

    page = me.page
    page.reload()
    me.check("approved")
    expect(page.get_by_text("Your mentor approved this reflection.")).to_be_visible()

    reflection.refresh_from_db()
    assert reflection.state == "approved"
    versions = list(reflection.versions.order_by("number"))
    assert [(v.number, v.text[:16], v.submitted_at is not None) for v in versions] == [
        (1, "A homework club ", True),
        (2, "A homework club ", True),
    ]
    assert [v.attachment_name for v in versions] == ["homework-club.pdf"] * 2
    assert versions[0].text != versions[1].text
    feedback = Feedback.objects.filter(reflection=reflection).order_by("created_at")
    assert [(f.version.number, f.decision, f.author) for f in feedback] == [
        (1, "needs_revision", mentor),
        (2, "approved", mentor),
    ]
