"""Two task workers on one PostgreSQL (and Redis): every notification sent once, one killed.

Used by ``manage.py cluster_test`` (docs/deployment.md). In the throwaway database it makes
``COUNT`` people added to a cohort and queues ``cohorts.tasks.send_added_to_cohort`` for
each (the real ``notify()`` path: the SentOnce ledger, the inbox entry and the e-mail in one
transaction). Two ``qcluster`` processes (production settings, two task processes each)
take them from the broker; their e-mail backend (bench.mailcount) appends one line per
message to a shared file. A round passes when every person has one ledger row, one inbox
entry and one e-mail (one line with their Message-ID) and nothing is left on the broker.

The second round SIGKILLs the whole process group of worker B (as a machine dying does)
once about a third of the e-mails are out. With the ORM broker its unacknowledged tasks are
handed out again after ``Q_RETRY`` seconds and worker A sends them; the ledger makes a task
that B had finished but not acknowledged do nothing the second time. The one window left is
a task process killed between handing its e-mail to the mail server and the commit (the send
is the transaction's last step): that message is sent again with the same Message-ID, so the
killed round allows at most one such resend per killed task process and the steady round none.
"""

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from unittest import mock

from django.conf import settings

COUNT = 1000
TASK = "cohorts.tasks.send_added_to_cohort"
# Short enough for a test: a task is stopped after Q_TIMEOUT s, handed out again after Q_RETRY s.
TIMEOUT, RETRY = 8, 10
WORKER_PROCESSES = 2  # Q_WORKERS of each qcluster


class Worker:
    """``manage.py qcluster`` in its own process group (a SIGKILL of the group kills it all)."""

    def __init__(self, name, env):
        self.name, self.env, self.process = name, env, None
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the worker

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "manage.py", "qcluster"],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self):
        """SIGTERM to qcluster itself (it stops its processes), then whatever is left is killed."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=20)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def log_text(self):
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")[-3000:]


def _people(cohort, round_name, count):
    from cohorts.enums import Role
    from cohorts.models import Membership, User

    users = User.objects.bulk_create(
        User(email=f"{round_name}-{n}@cluster.invalid", full_name=f"{round_name} {n}")
        for n in range(count)
    )
    memberships = Membership.objects.bulk_create(
        Membership(user=user, cohort=cohort, role=Role.INNOVATOR) for user in users
    )
    return [membership.pk for membership in memberships]


def _broker(kind, name):
    if kind == "redis":
        from django_q.brokers.redis_broker import Redis

        return Redis(list_key=name)
    from django_q.brokers.orm import ORM

    return ORM(list_key=name)


def _waiting(broker):
    from django_q.brokers.orm import ORM

    if isinstance(broker, ORM):
        return broker.queue_size() + broker.lock_size()
    return broker.queue_size()


def _mail_lines(path):
    if not path.exists():
        return []
    return [line.split("\t") for line in path.read_text().splitlines() if line]


def run_round(*, stdout, database_url, static_root, broker_kind, round_name, kill, count=COUNT):
    """One round; returns (failures, measured) where measured is a dict of numbers."""
    from django_q.conf import Conf, logger
    from django_q.tasks import async_task

    from bench.server import production_env
    from cohorts.models import Cohort, Membership
    from notifications.models import Notification, SentOnce

    name = f"kohorta-cluster-{os.getpid()}-{round_name}"
    mail_log = Path(tempfile.mkdtemp(prefix="kohorta-cluster-mail-")) / "sent.log"
    memberships = _people(Cohort.objects.order_by("pk").first(), round_name, count)
    env = production_env(database_url=database_url, static_root=static_root, port=8000)
    env.update(
        {
            "Q_CLUSTER_NAME": name,
            "Q_BROKER": broker_kind,
            "Q_WORKERS": str(WORKER_PROCESSES),
            "Q_TIMEOUT": str(TIMEOUT),
            "Q_RETRY": str(RETRY),
            "EMAIL_BACKEND": "bench.mailcount.EmailBackend",
            "KOHORTA_MAIL_LOG": str(mail_log),
        }
    )
    broker = _broker(broker_kind, name)
    failures, measured = [], {"broker": broker_kind, "round": round_name, "killed": kill}
    started = time.monotonic()
    # The payloads are signed with the cluster's name as salt: this process signs as theirs.
    quiet = logging.getLogger(logger.name)
    level = quiet.level
    quiet.setLevel(logging.WARNING)
    try:
        with mock.patch.object(Conf, "PREFIX", name), mock.patch.object(Conf, "CLUSTER_NAME", name):
            for pk in memberships:
                async_task(TASK, pk, broker=broker, cluster=name)
    finally:
        quiet.setLevel(level)
    measured["queued_s"] = round(time.monotonic() - started, 1)
    started = time.monotonic()
    workers = [Worker("A", env).start(), Worker("B", env).start()]
    try:
        killed_at = None
        deadline = time.monotonic() + 120 + RETRY
        while time.monotonic() < deadline:
            sent = len(_mail_lines(mail_log))
            if kill and killed_at is None and sent >= count // 3:
                workers[1].kill()
                killed_at = sent
                measured["killed_after_sent"] = sent
                measured["waiting_when_killed"] = _waiting(broker)
                taken = ""
                if broker_kind == "orm":
                    taken = f", {broker.lock_size()} task(s) taken and not acknowledged"
                stdout.write(
                    f"  worker B SIGKILLed (process group) after {sent} e-mails, "
                    f"{measured['waiting_when_killed']} on the broker{taken}"
                )
            if sent >= count and _waiting(broker) == 0:
                break
            if all(worker.process.poll() is not None for worker in workers):
                failures.append("both workers exited")
                break
            time.sleep(0.5)
        # A late duplicate would come within one retry period: wait one out before counting.
        if kill and broker_kind == "orm":
            time.sleep(2)
        measured["seconds"] = round(time.monotonic() - started, 1)
    finally:
        for worker in workers:
            worker.stop()
    lines = _mail_lines(mail_log)
    shutil.rmtree(mail_log.parent, ignore_errors=True)
    by_id = Counter(line[0] for line in lines)
    people = Membership.objects.filter(pk__in=memberships).values("user_id")
    keys = [f"cohorts.added_to_cohort:{pk}" for pk in memberships]
    measured.update(
        {
            "emails": len(lines),
            "distinct_emails": len(by_id),
            "duplicates": sum(n - 1 for n in by_id.values() if n > 1),
            "ledger_rows": SentOnce.objects.filter(key__in=keys).count(),
            "inbox_entries": Notification.objects.filter(recipient__in=people).count(),
            "left_on_broker": _waiting(broker),
            "processes": len({line[2] for line in lines}),
        }
    )
    for what in ("distinct_emails", "ledger_rows", "inbox_entries"):
        if measured[what] != count:
            failures.append(f"{round_name}: {measured[what]} {what.replace('_', ' ')}, not {count}")
    # A killed task process may have handed its e-mail over and died before the commit: that
    # message goes out again, with the same Message-ID (mail clients show it once). At most one
    # per task process of the killed worker; none at all while both run.
    allowed = WORKER_PROCESSES if kill else 0
    if measured["duplicates"] > allowed:
        failures.append(
            f"{round_name}: {measured['duplicates']} e-mail(s) sent twice (at most {allowed})"
        )
    if measured["left_on_broker"]:
        failures.append(f"{round_name}: {measured['left_on_broker']} task(s) left on the broker")
    if failures:
        for worker in workers:
            stdout.write(f"--- worker {worker.name} log ---\n{worker.log_text()}")
    stdout.write(
        "  {round} ({broker}): {distinct_emails}/{emails} e-mails distinct/sent, "
        "{duplicates} twice, {ledger_rows} ledger rows, {inbox_entries} inbox entries, "
        "{left_on_broker} left on the broker, {processes} sending processes; "
        "queued in {queued_s} s, sent in {seconds} s".format(**measured)
    )
    return failures, measured
