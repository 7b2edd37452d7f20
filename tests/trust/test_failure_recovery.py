"""Failures: retried tasks, crashed workers, half-done services, and the failed-task report."""

import queue
from datetime import timedelta
from multiprocessing import Value
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone
from django_q.brokers import get_broker
from django_q.conf import Conf
from django_q.models import Failure, OrmQ
from django_q.monitor import monitor
from django_q.signing import SignedPackage
from django_q.tasks import async_task
from django_q.worker import worker
from wagtail.models import ModelLogEntry

from cohorts import services, tasks
from cohorts.enums import Role
from cohorts.models import Invitation, Membership, User
from tests.factories.cohorts import CohortFactory, UserFactory, add_member

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """Stands in for SIGKILL: nothing after it runs, the transaction is never committed."""


@pytest.fixture
def invitation():
    cohort = CohortFactory()
    coordinator = add_member(cohort, Role.COORDINATOR)
    person = services.create_user(email="newcomer@example.org", full_name="New Comer")
    # on-commit callbacks are not run here: the task is queued, not executed
    return services.invite_user(user=person, cohort=cohort, role=Role.INNOVATOR, by=coordinator)


def test_worker_killed_after_send_redelivers_the_same_email_once(client, invitation):
    real_send = EmailMultiAlternatives.send

    def send_then_die(message, *args, **kwargs):
        real_send(message, *args, **kwargs)
        raise WorkerKilled

    with (
        mock.patch.object(EmailMultiAlternatives, "send", send_then_die),
        pytest.raises(WorkerKilled),
    ):
        tasks.send_invitation(invitation.pk)
    invitation.refresh_from_db()
    assert (invitation.sent_at, invitation.token_hash) == (None, None)  # rolled back
    assert len(mail.outbox) == 1

    assert tasks.send_invitation(invitation.pk) == "sent"  # the broker's redelivery
    assert tasks.send_invitation(invitation.pk) == "skipped"  # a late duplicate delivery
    assert len(mail.outbox) == 2
    first, second = mail.outbox
    assert first.body == second.body
    assert first.extra_headers["Message-ID"] == second.extra_headers["Message-ID"]
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    link = next(line for line in second.body.splitlines() if "/invitations/" in line)
    assert client.get(link[link.index("/invitations/") :].strip()).status_code == 200


def test_invitation_sent_twice_in_a_row_sends_one_email(invitation):
    assert [tasks.send_invitation(invitation.pk) for _ in range(3)] == [
        "sent",
        "skipped",
        "skipped",
    ]
    assert len(mail.outbox) == 1


def _run_worker_once(broker):
    """What a qcluster does with one delivery: take the task, run it, save and ack."""
    deliveries = broker.dequeue() or []
    for ack_id, payload in deliveries:
        task = SignedPackage.loads(payload)
        task["ack_id"] = ack_id
        task_queue, result_queue = queue.Queue(), queue.Queue()
        task_queue.put(task)
        task_queue.put("STOP")
        worker(task_queue, result_queue, Value("f", -1))
        result_queue.put("STOP")
        monitor(result_queue, broker)
    return len(deliveries)


@pytest.mark.sqlite_only  # exercise the ORM broker, which the PostgreSQL pass replaces with Redis
def test_killed_worker_task_is_delivered_again_after_the_retry_time():
    broker = get_broker()
    async_task("tests.trust.tasks.always_fails", 1, sync=False, broker=broker)
    with time_machine.travel(timezone.now() + timedelta(seconds=1), tick=False):
        assert len(broker.dequeue() or []) == 1  # a worker takes it ... and is killed
    with time_machine.travel(timezone.now() + timedelta(seconds=2), tick=False):
        assert OrmQ.objects.count() == 1  # not acknowledged: still on the broker, locked
    with time_machine.travel(timezone.now() + timedelta(seconds=Conf.RETRY + 5), tick=False):
        assert len(broker.dequeue() or []) == 1  # delivered again


@pytest.mark.sqlite_only  # exercise the ORM broker, which the PostgreSQL pass replaces with Redis
def test_failing_task_is_retried_then_kept_as_a_failure():
    assert Conf.ACK_FAILURES is False and Conf.MAX_ATTEMPTS == 3
    broker = get_broker()
    async_task("tests.trust.tasks.always_fails", 7, sync=False, broker=broker)
    attempts = []
    for attempt in range(1, 5):
        with time_machine.travel(
            timezone.now() + timedelta(seconds=attempt * (Conf.RETRY + 5)), tick=False
        ):
            attempts.append(_run_worker_once(broker))
    assert attempts == [1, 1, 1, 0]
    failure = Failure.objects.get()
    assert (failure.func, failure.attempt_count) == ("tests.trust.tasks.always_fails", 3)
    assert "the mail server refused invitation 7" in failure.result
    assert OrmQ.objects.count() == 0


def _failure(func, args):
    return Failure.objects.create(
        id=f"{func}-{args}",
        name="x",
        func=func,
        args=args,
        started=timezone.now(),
        stopped=timezone.now(),
        result="SMTP 554: refused",
        success=False,
        attempt_count=3,
    )


@pytest.mark.sqlite_only  # exercise the ORM broker, which the PostgreSQL pass replaces with Redis
def test_failed_tasks_report_shows_coordinators_their_cohorts_only(client, invitation):
    other = CohortFactory()
    other_person = UserFactory()
    other_invitation = Invitation.objects.create(
        user=other_person, cohort=other, role=Role.INNOVATOR, expires_at=timezone.now()
    )
    _failure("cohorts.tasks.send_invitation", (invitation.pk,))
    _failure("cohorts.tasks.send_invitation", (other_invitation.pk,))
    _failure("grants.tasks.unknown", (1,))
    coordinator = Membership.objects.get(cohort=invitation.cohort, role=Role.COORDINATOR).user
    client.force_login(coordinator)
    response = client.get(reverse("kohorta_failed_tasks"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("cohorts.tasks.send_invitation") == 1
    assert f"({invitation.pk},)" in body
    assert "grants.tasks.unknown" not in body
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    body = client.get(reverse("kohorta_failed_tasks")).content.decode()
    assert body.count("cohorts.tasks.send_invitation") == 2
    assert "grants.tasks.unknown" in body


def test_failed_tasks_report_refuses_other_people(client):
    client.force_login(add_member(CohortFactory(), Role.MENTOR))
    assert client.get(reverse("kohorta_failed_tasks")).status_code in (302, 403)


def test_database_error_midway_through_csv_import_leaves_nothing(run_on_commit):
    cohort = CohortFactory()
    coordinator = add_member(cohort, Role.COORDINATOR)
    csv_data = (
        "name,email,country,organisation,role\n"
        "Ana One,ana1@example.org,MK,Bitola Library,innovator\n"
        "Ana Two,ana2@example.org,RS,Belgrade City Library,innovator\n"
        "Ana Three,ana3@example.org,HR,Rijeka City Library,mentor\n"
    )
    people, memberships, logs = (
        User.objects.count(),
        Membership.objects.count(),
        ModelLogEntry.objects.count(),
    )
    real_add_member = services.add_member
    calls = []

    def fail_on_third(**kwargs):
        calls.append(kwargs["user"].email)
        if len(calls) == 3:
            raise DatabaseError("disk I/O error")
        return real_add_member(**kwargs)

    with (
        mock.patch.object(services, "add_member", fail_on_third),
        run_on_commit(),
        pytest.raises(DatabaseError),
    ):
        services.import_members_csv(cohort=cohort, data=csv_data, by=coordinator)
    assert len(calls) == 3
    assert (User.objects.count(), Membership.objects.count(), ModelLogEntry.objects.count()) == (
        people,
        memberships,
        logs,
    )
    assert Invitation.objects.count() == 0
    assert mail.outbox == []


def test_invitation_token_is_stable_per_invitation_and_stored_only_as_a_hash(invitation):
    other = services.invite_user(
        user=invitation.user, cohort=invitation.cohort, role=Role.MENTOR, by=None
    )
    token = services.invitation_token(invitation)
    assert token == services.invitation_token(Invitation.objects.get(pk=invitation.pk))
    assert token != services.invitation_token(other)
    assert len(token) == 64
    services.issue_invitation_token(invitation)
    stored = Invitation.objects.get(pk=invitation.pk).token_hash
    assert stored == services.hash_token(token) and stored != token
