import datetime

import pytest
from django.core import mail
from django.urls import reverse

from curriculum import services, tasks
from notifications.models import Notification, SentOnce
from tests.factories.curriculum import lessons_of, modules_of

# Module 2 is due on 28 February.
THREE_DAYS_BEFORE = datetime.date(2026, 2, 25)


def test_due_reminder_sent_once_when_run_twice(world):
    assert tasks.send_due_reminders(today=THREE_DAYS_BEFORE) == 2
    assert tasks.send_due_reminders(today=THREE_DAYS_BEFORE) == 0
    assert tasks.send_due_reminders(today=datetime.date(2026, 2, 26)) == 0

    assert len(mail.outbox) == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [world["innovator"].email, world["other_innovator"].email]
    )
    assert "“Module 2” is due on 28 Feb" in mail.outbox[0].subject
    assert SentOnce.objects.filter(kind="curriculum.due_reminder").count() == 2
    assert Notification.objects.filter(kind="curriculum.due_reminder").count() == 2


def test_due_reminder_not_sent_when_module_done(world):
    run, user = world["run"], world["innovator"]
    for lesson in lessons_of(world["course"])[2:4]:
        services.complete_lesson(
            cohort_course=run, user=user, lesson_key=lesson.translation_key, by=user
        )

    tasks.send_due_reminders(today=THREE_DAYS_BEFORE)

    assert [message.to[0] for message in mail.outbox] == [world["other_innovator"].email]


def test_due_reminder_not_sent_when_extended(world):
    schedule = world["run"].schedules.get(module_key=modules_of(world["course"])[1].translation_key)
    services.grant_extension(
        schedule=schedule,
        user=world["innovator"],
        due_on=datetime.date(2026, 3, 15),
        reason="Illness",
        by=world["coordinator"],
    )

    tasks.send_due_reminders(today=THREE_DAYS_BEFORE)

    assert [message.to[0] for message in mail.outbox] == [world["other_innovator"].email]


def test_due_reminder_not_sent_too_early(world):
    assert tasks.send_due_reminders(today=datetime.date(2026, 2, 20)) == 0
    assert mail.outbox == []


def test_mentor_digest_sent_once_a_week(world):
    run, user = world["run"], world["innovator"]
    reflection = services.save_reflection_draft(
        cohort_course=run,
        module_key=modules_of(world["course"])[1].translation_key,
        user=user,
        text="Plan",
        by=user,
    )
    services.submit_reflection(reflection=reflection, by=user)

    assert tasks.send_mentor_digests(today=datetime.date(2026, 2, 16)) == 1
    assert tasks.send_mentor_digests(today=datetime.date(2026, 2, 17)) == 0

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [world["mentor"].email]
    assert mail.outbox[0].subject == "1 reflection awaits your feedback"
    assert "Ana Stojanovska: Module 2" in mail.outbox[0].body
    assert tasks.send_mentor_digests(today=datetime.date(2026, 2, 23)) == 1


def test_mentor_digest_nothing_waiting_sends_nothing(world):
    assert tasks.send_mentor_digests(today=datetime.date(2026, 2, 16)) == 0
    assert mail.outbox == []


def test_schedules_created_once(db):
    from django_q.models import Schedule

    tasks.ensure_schedules()
    tasks.ensure_schedules()
    assert sorted(
        Schedule.objects.filter(func__startswith="curriculum.").values_list("func", flat=True)
    ) == [
        "curriculum.tasks.refresh_behind_schedule",
        "curriculum.tasks.send_due_reminders",
        "curriculum.tasks.send_mentor_digests",
    ]


def _submitted_reflection(world):
    from curriculum.models import Reflection

    reflection = services.save_reflection_draft(
        cohort_course=world["run"],
        module_key=modules_of(world["course"])[1].translation_key,
        user=world["innovator"],
        text="A makerspace for teenagers.",
        by=world["innovator"],
    )
    services.submit_reflection(reflection=reflection, by=world["innovator"])
    return Reflection.objects.get(pk=reflection.pk)


@pytest.mark.parametrize(
    ("decision", "subject", "says"),
    [
        ("needs_revision", "Your mentor asks for a revision", "asks you to revise it"),
        ("approved", "Your reflection was approved", "approved your reflection"),
    ],
)
def test_feedback_is_e_mailed_to_the_innovator_once(
    world, django_capture_on_commit_callbacks, decision, subject, says
):
    from curriculum.models import Feedback

    reflection = _submitted_reflection(world)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.give_feedback(
            reflection=reflection,
            decision=decision,
            comment="Say <who> the service is for.",
            by=world["mentor"],
        )
    assert [message.to for message in mail.outbox] == [[world["innovator"].email]]
    message = mail.outbox[0]
    assert message.subject == subject
    assert says in message.body
    assert "Say <who> the service is for." in message.body  # plain text, not HTML-escaped
    assert reverse("curriculum:reflection", args=[reflection.pk]) in message.body
    # The task run again (a redelivery) sends nothing more.
    assert tasks.send_feedback_notice(Feedback.objects.get().pk) == "skipped"
    assert len(mail.outbox) == 1


def test_reflection_submitted_tells_the_mentor_at_once(world, run_on_commit):
    user = world["innovator"]
    reflection = services.save_reflection_draft(
        cohort_course=world["run"],
        module_key=modules_of(world["course"])[1].translation_key,
        user=user,
        text="Plan",
        by=user,
    )
    with run_on_commit():
        services.submit_reflection(reflection=reflection, by=user)
    assert tasks.send_reflection_notice(reflection.pk, 1) == "skipped"  # a retry

    (message,) = mail.outbox
    assert message.to == [world["mentor"].email]
    assert message.subject == "Ana Stojanovska submitted a reflection"
    assert (
        Notification.objects.filter(
            recipient=world["mentor"], kind="curriculum.reflection_submitted"
        ).count()
        == 1
    )


def test_reflection_submitted_mentor_on_weekly_digest_gets_no_email_now(world, run_on_commit):
    from notifications import services as notification_services

    notification_services.set_preference(
        user=world["mentor"],
        kind="curriculum.reflection_submitted",
        channel="weekly",
        by=world["mentor"],
    )
    user = world["innovator"]
    reflection = services.save_reflection_draft(
        cohort_course=world["run"],
        module_key=modules_of(world["course"])[1].translation_key,
        user=user,
        text="Plan",
        by=user,
    )
    with run_on_commit():
        services.submit_reflection(reflection=reflection, by=user)
    assert mail.outbox == []
    assert Notification.objects.get(recipient=world["mentor"]).channel == "weekly"


def test_extension_tells_innovator_and_reminder_follows_extended_date(world, run_on_commit):
    schedule = world["run"].schedules.get(module_key=modules_of(world["course"])[1].translation_key)
    with run_on_commit():
        services.grant_extension(
            schedule=schedule,
            user=world["innovator"],
            due_on=datetime.date(2026, 3, 15),
            reason="Illness",
            by=world["coordinator"],
        )
    (message,) = mail.outbox
    assert message.to == [world["innovator"].email]
    assert message.subject == "“Module 2” is now due on 15 Mar"
    assert "Reason: Illness" in message.body
    assert tasks.send_extension_notice(schedule.extensions.get().pk, "2026-03-15") == "skipped"
    mail.outbox.clear()

    assert tasks.send_due_reminders(today=datetime.date(2026, 3, 12)) == 1
    assert tasks.send_due_reminders(today=datetime.date(2026, 3, 13)) == 0
    (reminder,) = mail.outbox
    assert reminder.to == [world["innovator"].email]
    assert "“Module 2” is due on 15 Mar" in reminder.subject
