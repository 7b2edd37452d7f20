"""The load test (``manage.py loadtest``): its accounting, and one small run end to end."""

import json
import os
import subprocess
import sys
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import RequestFactory

from bench.loadtest import account, failures, is_error, meeting_checks, summarise_requests
from bench.virtual_users import (
    FAILED,
    OK,
    REFUSED,
    WAITLISTED,
    message_levels,
    outcome,
    run_plan,
)

# Tests that start gunicorn on the harness's ports run in one xdist worker (make test -n).
pytestmark = pytest.mark.xdist_group("gunicorn")


def _write(kind, user, target, answer=OK):
    return {"kind": kind, "user": user, "target": target, "outcome": answer}


def _found(**kinds):
    return {kind: Counter(rows) for kind, rows in kinds.items()}


def test_account_every_accepted_write_found_once_is_clean():
    writes = [
        _write("lesson", 1, "a"),
        _write("lesson", 1, "b"),
        _write("review", 7, 30),
        _write("registration", 1, 5),
        _write("registration", 2, 5, WAITLISTED),
        _write("star", 1, 40),
    ]
    found = _found(
        lesson=[(1, "a"), (1, "b")],
        review=[(7, 30)],
        registration=[(1, "registered"), (2, "waitlisted")],
        star=[(1, 40)],
    )

    report = account(writes, found)

    assert {
        kind: (row["accepted"], row["expected"], row["found"]) for kind, row in report.items()
    } == {
        "lesson": (2, 2, 2),
        "review": (1, 1, 1),
        "registration": (2, 2, 2),
        "star": (1, 1, 1),
    }
    assert all(
        row["lost"] == row["duplicated"] == row["unexpected"] == [] for row in report.values()
    )


def test_account_missing_row_is_a_lost_write():
    writes = [_write("lesson", 1, "a"), _write("lesson", 2, "a"), _write("review", 7, 30)]
    found = _found(lesson=[(1, "a")], review=[])

    report = account(writes, found)

    assert report["lesson"]["lost"] == [(2, "a")]
    assert report["review"]["lost"] == [(7, 30)]
    reasons = failures({}, report, _meeting())
    assert reasons == ["lesson: 1 lost, e.g. [(2, 'a')]", "review: 1 lost, e.g. [(7, 30)]"]


def test_account_registration_in_another_state_than_announced_is_lost_and_unexpected():
    report = account([_write("registration", 1, 5)], _found(registration=[(1, "waitlisted")]))

    assert report["registration"]["lost"] == [(1, "registered")]
    assert report["registration"]["unexpected"] == [(1, "waitlisted")]


def test_account_row_twice_is_duplicated():
    report = account([_write("star", 1, 40)], _found(star=[(1, 40), (1, 40)]))

    assert report["star"]["duplicated"] == [(1, 40)]
    assert report["star"]["found"] == 2


def test_account_refused_write_that_happened_is_unexpected():
    report = account([_write("lesson", 1, "a", REFUSED)], _found(lesson=[(1, "a")]))

    assert report["lesson"]["refused"] == 1
    assert report["lesson"]["unexpected"] == [(1, "a")]
    assert failures({}, report, _meeting()) == [
        "lesson: 1 unexpected, e.g. [(1, 'a')]",
        "lesson: 1 writes refused by the site",
    ]


def test_account_row_of_a_failed_request_is_unconfirmed_not_unexpected():
    report = account(
        [_write("lesson", 1, "a", FAILED), _write("registration", 2, 5, FAILED)],
        _found(lesson=[(1, "a")], registration=[(2, "waitlisted")]),
    )

    assert report["lesson"]["unconfirmed"] == [(1, "a")]
    assert report["registration"]["unconfirmed"] == [(2, "waitlisted")]
    assert report["lesson"]["unexpected"] == report["registration"]["unexpected"] == []
    assert report["lesson"]["lost"] == []


def _meeting(capacity=3, before=1, registration=()):
    class Meeting:
        pass

    class Dataset:
        pass

    dataset = Dataset()
    dataset.meeting = Meeting()
    dataset.meeting.capacity = capacity
    dataset.registered_before = before
    return meeting_checks(dataset, _found(registration=registration))


def test_meeting_checks_overfill_and_places_left_while_waiting():
    full = _meeting(registration=[(1, "registered"), (2, "registered"), (3, "waitlisted")])
    over = _meeting(registration=[(1, "registered"), (2, "registered"), (3, "registered")])
    gap = _meeting(registration=[(1, "registered"), (3, "waitlisted")])

    assert (full["registered"], full["waitlisted"], full["overfilled"]) == (3, 1, False)
    assert full["empty_places_while_waiting"] is False
    assert over["overfilled"] is True
    assert gap["empty_places_while_waiting"] is True
    assert failures({}, {}, over) == ["meeting overfilled: 4 > 3"]


def test_failures_names_rollups_that_miss_a_lesson():
    assert failures({}, {}, _meeting(), [(10, 14, 15)]) == [
        "course roll-up: 1 innovators' lessons_done disagree with their lesson progress, "
        "e.g. (user, roll-up, rows) [(10, 14, 15)]"
    ]


def test_summarise_requests_counts_errors_and_percentiles():
    log = [
        ["public.home", "GET", 200, 10.0, ""],
        ["public.home", "GET", 200, 30.0, ""],
        ["public.home", "GET", 302, 20.0, ""],
        ["lesson", "POST", 302, 50.0, ""],
        ["lesson", "POST", 500, 70.0, ""],
        ["lesson", "POST", 0, 60_000.0, "TimeoutError"],
    ]

    summary = summarise_requests(log)

    assert summary["public.home"]["requests"] == 3
    assert summary["public.home"]["errors"] == 1
    assert (summary["public.home"]["p50_ms"], summary["public.home"]["max_ms"]) == (20.0, 30.0)
    assert summary["lesson"]["errors"] == 2
    assert summary["lesson"]["statuses"] == {"302": 1, "500": 1, "TimeoutError": 1}
    assert failures(summary, {}, _meeting()) == [
        "lesson: 2 of 3 requests failed ({'302': 1, '500': 1, 'TimeoutError': 1})",
        "public.home: 1 of 3 requests failed ({'200': 2, '302': 1})",
    ]


@pytest.mark.parametrize(
    "messages",
    [
        [Message(constants.SUCCESS, "Lesson complete.")],
        [Message(constants.WARNING, "x" * 300), Message(constants.ERROR, "y" * 300)],  # zlib
    ],
)
def test_message_levels_reads_djangos_messages_cookie(messages):
    value = CookieStorage(RequestFactory().get("/"))._encode(messages)

    assert message_levels(value) == [message.level for message in messages]


def test_message_levels_of_garbage_is_empty():
    assert message_levels("not-base64!:x:y") == []


@pytest.mark.parametrize(
    ("kind", "status", "levels", "answer"),
    [
        ("lesson", 302, [25], OK),
        ("lesson", 302, [40], REFUSED),
        ("star", 302, [], OK),
        ("review", 200, [], REFUSED),
        ("review", 500, [], FAILED),
        ("registration", 302, [25], OK),
        ("registration", 302, [30], WAITLISTED),
        ("registration", 302, [40], REFUSED),
        ("registration", 200, [], REFUSED),
        ("registration", 0, [], FAILED),
        ("lesson", 403, [], FAILED),
    ],
)
def test_outcome_of_a_write(kind, status, levels, answer):
    assert outcome(kind, status, levels) == answer


@pytest.mark.skipif(connection.vendor == "postgresql", reason="checks the refusal on SQLite")
def test_loadtest_refuses_sqlite():
    with pytest.raises(CommandError, match="runs on PostgreSQL only"):
        call_command("loadtest", "--users", "2", "--seconds", "1")


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the load test needs PostgreSQL")
@pytest.mark.skipif(not os.environ.get("DATABASE_URL"), reason="needs DATABASE_URL")
def test_loadtest_small_run_end_to_end(tmp_path):
    """5 users for 5 s through gunicorn on a throwaway database (about two minutes)."""
    report = tmp_path / "load.json"
    completed = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "loadtest",
            "--users",
            "5",
            "--seconds",
            "5",
            "--json",
            str(report),
        ],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )

    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    result = json.loads(report.read_text())
    assert result["failures"] == []
    assert result["users"] == 5
    assert sum(row["errors"] for row in result["requests"].values()) == 0
    assert result["writes"]["lesson"]["accepted"] > 0
    assert result["writes"]["review"]["accepted"] > 0
    assert result["meeting"]["registered"] <= result["meeting"]["capacity"]
    assert "No errors, no lost or duplicated writes" in completed.stdout


class _Site(BaseHTTPRequestHandler):
    """A stand-in site: form pages with a CSRF token, posts that answer 302 + a message."""

    posts = []

    def do_GET(self):
        body = b'<form><input type="hidden" name="csrfmiddlewaretoken" value="tok"></form>'
        self.send_response(200)
        self.send_header("Set-Cookie", "csrftoken=secret; Secure; Path=/")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        form = self.rfile.read(int(self.headers["Content-Length"])).decode()
        self.posts.append((self.path, form, self.headers.get("Cookie")))
        level = constants.ERROR if "/refuse/" in self.path else constants.SUCCESS
        value = CookieStorage(RequestFactory().get("/"))._encode([Message(level, "Done.")])
        self.send_response(302)
        self.send_header("Location", "/")
        self.send_header("Set-Cookie", f"messages={value}; Path=/")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_virtual_user_posts_with_the_pages_csrf_token_and_reads_the_answer():
    _Site.posts = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    lessons = [
        {"target": "a", "page": "/lesson-a/", "action": "/learn/1/a/"},
        {"target": "b", "page": "/lesson-b/", "action": "/learn/1/refuse/"},
    ]
    plan = {
        "base_url": f"http://127.0.0.1:{httpd.server_port}",
        "seconds": 0.5,
        "cookie_names": {"session": "sessionid", "csrf": "csrftoken", "messages": "messages"},
        "public": [["public.home", "/"]],
        "users": [{"user": 3, "session": "s3", "lessons": lessons}],
    }
    try:
        record = run_plan(plan)
    finally:
        httpd.shutdown()
        httpd.server_close()

    # Sorted: now and then a user completes two lessons at once (two tabs).
    assert sorted(record["writes"], key=lambda write: write["target"]) == [
        {"kind": "lesson", "user": 3, "target": "a", "outcome": OK},
        {"kind": "lesson", "user": 3, "target": "b", "outcome": REFUSED},
    ]
    path, form, cookie = next(post for post in _Site.posts if post[0] == "/learn/1/a/")
    assert "csrfmiddlewaretoken=tok" in form
    assert "action=complete" in form
    assert cookie == "sessionid=s3; csrftoken=secret"
    assert not any(is_error(entry) for entry in record["requests"])
    assert {entry[0] for entry in record["requests"]} >= {"lesson.page", "lesson"}
