"""Intake questions and discussion topics translated the Wagtail way: shown in the
reader's (or recipient's) language, answers and threads on the source, Translate scoped."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from wagtail.models import Locale

from cohorts.enums import Role
from cohorts.intake import services as intake
from cohorts.intake import topics
from cohorts.intake.tasks import send_due_topics
from cohorts.models import Application, CallQuestion, DiscussionTopic
from community.enums import ThreadKind
from community.models import Thread
from kohorta.translating import translate_for_demo
from tests.factories.cohorts import CohortFactory, UserFactory, add_member
from tests.factories.intake import ApplicationFactory, CallQuestionFactory, open_call

pytestmark = pytest.mark.django_db

LABEL = "Which service would you like to build?"
MK_LABEL = "Која услуга би сакале да ја изградите?"


@pytest.fixture(autouse=True)
def locales():
    for code in ("mk", "sr"):
        Locale.objects.get_or_create(language_code=code)


@pytest.fixture
def call():
    call = open_call()
    question = CallQuestionFactory(call=call, label=LABEL, help_text="Briefly.", required=True)
    translate_for_demo(question, "mk", {LABEL: MK_LABEL, "Briefly.": "Накратко."})
    CallQuestionFactory(call=call, label="Anything else?", required=False, sort_order=1)
    return call


def _person(language="mk", **fields):
    return UserFactory(preferred_language=language, **fields)


def test_application_form_asks_in_the_readers_language_and_keeps_the_answer_on_the_source(
    client, call
):
    client.force_login(_person())
    url = reverse("cohorts:apply", kwargs={"cohort_id": call.cohort_id})
    source = call.questions.sources().get(label=LABEL)

    body = client.get(url).content.decode()
    assert MK_LABEL in body and "Накратко." in body
    # The second question has no Macedonian: English, marked, and said once.
    assert '<span lang="en">Anything else?</span>' in body
    assert body.count("fallback-notice") == 1
    # Two questions, not three: the translation is not a question of its own.
    assert body.count('name="question_') == 2

    response = client.post(url, {f"question_{source.pk}": "Библиотека на предмети", "save": "1"})
    assert response.status_code == 302
    assert Application.objects.get().answers == {str(source.pk): "Библиотека на предмети"}


def test_application_page_and_export_show_the_question_in_the_readers_language(client, call):
    source = call.questions.sources().get(label=LABEL)
    application = ApplicationFactory(
        cohort=call.cohort, state="submitted", answers={str(source.pk): "A tool library"}
    )
    coordinator = add_member(call.cohort, Role.COORDINATOR, preferred_language="mk")
    client.force_login(coordinator)

    page = client.get(
        reverse(
            "cohorts:application_detail",
            kwargs={"cohort_id": call.cohort_id, "pk": application.pk},
        )
    ).content.decode()
    assert f"<dt>{MK_LABEL}</dt><dd>A tool library</dd>" in page

    export = client.get(
        reverse("cohorts:applications_csv", kwargs={"cohort_id": call.cohort_id})
    ).content.decode()
    header, row = export.splitlines()[:2]
    assert header.endswith(f"{MK_LABEL},Anything else?") and "A tool library" in row


def test_received_email_copies_the_answers_under_the_recipients_wording(
    call, django_capture_on_commit_callbacks
):
    source = call.questions.sources().get(label=LABEL)
    person = _person()
    application = ApplicationFactory(cohort=call.cohort, user=person, state="draft")
    with django_capture_on_commit_callbacks(execute=True):
        intake.save_application(
            cohort=call.cohort,
            user=person,
            by=person,
            submit=True,
            sector="public",
            career_stage="early",
            country="MK",
            organisation="Library",
            languages=["mk"],
            interests=["digital"],
            hopes="To learn.",
            answers={str(source.pk): "A tool library"},
        )
    application.refresh_from_db()
    assert application.state == "submitted"
    (message,) = mail.outbox
    assert f"{MK_LABEL}" in message.body and "A tool library" in message.body


def test_removing_a_question_removes_its_translations(call):
    coordinator = add_member(call.cohort, Role.COORDINATOR)
    kept = call.questions.sources().get(label="Anything else?")
    intake.save_call(
        cohort=call.cohort,
        by=coordinator,
        deadline=call.deadline,
        questions=[{"id": kept.pk, "label": kept.label}],
    )
    assert list(CallQuestion.objects.values_list("label", flat=True)) == ["Anything else?"]


@pytest.fixture
def round_with_topic():
    cohort = CohortFactory(starts_on=datetime.date(2026, 11, 10))
    topic = topics.schedule_topic(
        cohort=cohort,
        starts_on=cohort.starts_on,
        title="Introductions",
        body="Tell your partner about your town.",
        by=None,
    )
    translate_for_demo(
        topic,
        "mk",
        {"Introductions": "Запознавање", topic.body: "Раскажете за вашиот град."},
    )
    return cohort, topic


def test_topic_is_emailed_in_each_recipients_language_once(round_with_topic):
    cohort, topic = round_with_topic
    ana = add_member(cohort, Role.INNOVATOR, preferred_language="mk")
    ben = add_member(cohort, Role.INNOVATOR, preferred_language="en")
    with time_machine.travel(datetime.datetime(2026, 11, 11, 8, tzinfo=datetime.UTC)):
        assert send_due_topics() == 2
        assert send_due_topics() == 0
    by_address = {message.to[0]: message for message in mail.outbox}
    assert "Запознавање" in by_address[ana.email].subject
    assert "Раскажете за вашиот град." in by_address[ana.email].body
    assert "Introductions" in by_address[ben.email].subject
    assert DiscussionTopic.objects.sources().get().sent_at is not None


def test_topic_thread_is_the_sources_and_reads_in_the_readers_language(client, round_with_topic):
    cohort, topic = round_with_topic
    ana = add_member(cohort, Role.INNOVATOR, preferred_language="mk")
    client.force_login(ana)
    with time_machine.travel(datetime.datetime(2026, 11, 11, 8, tzinfo=datetime.UTC)):
        space = client.get(reverse("community:space", args=[cohort.pk])).content.decode()
        (thread,) = Thread.objects.filter(kind=ThreadKind.TOPIC)
        page = client.get(reverse("community:thread", args=[thread.pk])).content.decode()
    assert thread.topic_id == topic.pk and thread.title == "Introductions"
    assert "Запознавање" in space and "Introductions" not in space
    assert "<h1>Запознавање</h1>" in page and "Раскажете за вашиот град." in page


def test_dashboard_shows_the_current_topic_in_the_readers_language(client, round_with_topic):
    cohort, _topic = round_with_topic
    ana = add_member(cohort, Role.INNOVATOR, preferred_language="mk")
    client.force_login(ana)
    with time_machine.travel(datetime.datetime(2026, 11, 11, 8, tzinfo=datetime.UTC)):
        body = client.get(reverse("dashboard")).content.decode()
    assert "<strong>Запознавање</strong>" in body


def test_removing_a_topic_removes_its_translations(round_with_topic):
    cohort, topic = round_with_topic
    coordinator = add_member(cohort, Role.COORDINATOR)
    topics.remove_topic(topic=topic, by=coordinator)
    assert not DiscussionTopic.objects.exists()


def test_translate_action_answers_the_coordinator_of_the_cohort_only(
    client, call, round_with_topic
):
    _cohort, topic = round_with_topic
    question = call.questions.sources().get(label="Anything else?")
    own = {
        question: add_member(call.cohort, Role.COORDINATOR),
        topic: add_member(topic.cohort, Role.COORDINATOR),
    }
    other = add_member(CohortFactory(), Role.COORDINATOR)
    for obj, coordinator in own.items():
        url = reverse(
            "wagtail_localize:submit_snippet_translation",
            args=["cohorts", obj._meta.model_name, obj.pk],
        )
        client.force_login(coordinator)
        assert client.get(url).status_code == 200
        client.force_login(other)
        assert client.get(url).status_code == 404
