"""Cohort notices: application received, added to a cohort by CSV import."""

import pytest
from django.core import mail

from cohorts import services, tasks
from cohorts.enums import Role
from cohorts.intake import services as applications
from notifications.models import Notification
from tests.factories.cohorts import CohortFactory, UserFactory, add_member
from tests.factories.intake import CallQuestionFactory, open_call

pytestmark = pytest.mark.django_db


def test_application_received_with_a_copy_of_the_answers(run_on_commit):
    call = open_call()
    cohort = call.cohort
    question = CallQuestionFactory(call=call, label="Why now?")
    person = UserFactory(full_name="Ana Stojanovska")
    with run_on_commit():
        application = applications.save_application(
            cohort=cohort,
            user=person,
            by=person,
            submit=True,
            sector="public",
            career_stage="early",
            country="MK",
            organisation="Skopje City Library",
            languages=["mk", "en"],
            interests=["digital"],
            hopes="To learn from peers.",
            answers={str(question.pk): "Because our library is changing."},
        )
    assert tasks.send_application_received(application.pk) == "skipped"  # a retry
    (message,) = mail.outbox
    assert message.to == [person.email]
    assert message.subject == f"We received your application to {cohort.name}"
    assert "organisation:\nSkopje City Library" in message.body
    assert "Why now?:\nBecause our library is changing." in message.body
    assert Notification.objects.filter(kind="cohorts.application_received").count() == 1


def test_csv_import_tells_a_person_who_already_has_an_account(run_on_commit):
    cohort = CohortFactory(name="Balkans 2027")
    coordinator = add_member(cohort, Role.COORDINATOR)
    known = UserFactory(email="petar@example.org", full_name="Petar Georgiev")
    data = "name,email,country,organisation,role\nPetar Georgiev,petar@example.org,BG,,mentor\n"
    with run_on_commit():
        services.import_members_csv(cohort=cohort, data=data, by=coordinator)
    with run_on_commit():
        services.import_members_csv(cohort=cohort, data=data, by=coordinator)
    (message,) = mail.outbox
    assert message.to == [known.email]
    assert message.subject == "You were added to Balkans 2027"
    assert "as Mentor" in message.body
    assert Notification.objects.filter(recipient=known, kind="cohorts.added_to_cohort").count() == 1
