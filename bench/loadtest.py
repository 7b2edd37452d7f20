"""The load test's data set, its plan for the virtual users, and the accounting afterwards.

``manage.py loadtest`` (see docs/security.md) builds the bench data set with the apps' own
builders at a small scale, adds what the virtual users need (see ``build``), writes a plan
for ``bench.virtual_users``, and after the run checks every write the site answered with
success against the database: each is there exactly once, nothing is there that the site
refused, and the meeting is not overfilled.
"""

import dataclasses
import datetime
from collections import Counter
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .foundation import ensure_home_page, session_key
from .load import percentile
from .registry import SCALES
from .runner import _table, build_dataset
from .virtual_users import FAILED, OK, REFUSED, WAITLISTED

BUILDERS = ("bench.foundation", "curriculum.bench", "grants.bench", "events.bench")
# One virtual user in JUROR_SHARE is a juror; the others are innovators.
JUROR_SHARE = 5
LOAD_PROPOSALS = 40
STARS_PER_USER = 5
NEWS_ITEMS = 3
WRITE_KINDS = ("lesson", "review", "registration", "star")


def load_scale(users):
    """The small bench scale with room for ``users``: at least 50 innovators, 40 lessons,
    one juror for every ``JUROR_SHARE`` users, one registration already made."""
    return dataclasses.replace(
        SCALES["small"],
        name=f"load-{users}",
        innovators=max(50, users + 2),
        mentors=5,
        lessons=40,
        lesson_progress=0.1,
        proposals=10,
        jurors_per_proposal=jurors_for(users),
        sessions=20,
        registrations=1,
    )


def jurors_for(users):
    return max(1, users // JUROR_SHARE)


def build(dataset, *, users):
    """The bench builders' data set, then what the virtual users need: public news, a call
    whose proposals wait for every juror's review (the jurors have an authenticator, as
    their role requires), a meeting with fewer places than innovators who will register."""
    timings = build_dataset([import_module(name) for name in BUILDERS], dataset)
    with transaction.atomic():
        _build_news(dataset)
        _build_load_call(dataset)
        _limit_meeting(dataset, users)
    return timings


def _build_news(dataset):
    from wagtail.models import Site

    from cms import services
    from cms.models import NewsIndexPage, NewsPage

    ensure_home_page(dataset)
    home = Site.objects.get(is_default_site=True).root_page.specific
    index = services.add_page(
        parent=home, page=NewsIndexPage(title="News", slug="news", intro="News"), by=None
    )
    today = timezone.localdate()
    dataset.news = [
        services.add_page(
            parent=index,
            page=NewsPage(
                title=f"Round news {number + 1}",
                slug=f"round-news-{number + 1}",
                date=today - datetime.timedelta(days=number),
                intro="What the round did this month.",
                body=[{"type": "paragraph", "value": "<p>Workshops, visits and grants.</p>"}],
            ),
            by=None,
        )
        for number in range(NEWS_ITEMS)
    ]


def _build_load_call(dataset):
    from allauth.mfa.models import Authenticator

    from grants.bench import call_in_review

    applicants = dataset.innovators[:LOAD_PROPOSALS]
    dataset.load_call = call_in_review(
        dataset,
        dataset.rng_for("loadtest"),
        "ILN small grants (load test)",
        applicants,
        dataset.scale.criteria,
        reviewed=False,
    )
    for juror in dataset.grants_jurors:
        Authenticator.objects.create(
            user=juror, type=Authenticator.Type.TOTP, data={"secret": "LOADTESTLOADTEST"}
        )


def _limit_meeting(dataset, users):
    from events.enums import RegistrationState

    meeting = dataset.meeting
    dataset.registered_before = meeting.registrations.filter(
        state=RegistrationState.REGISTERED
    ).count()
    meeting.capacity = dataset.registered_before + max(1, innovators_for(users) // 2)
    meeting.save_revision().publish()
    meeting.refresh_from_db()


def innovators_for(users):
    return users - jurors_for(users)


def virtual_innovators(dataset, users):
    """The innovators the load plays: not the one the events builder registered already."""
    registered = dataset.meeting_registrant
    return [person for person in dataset.innovators if person != registered][
        : innovators_for(users)
    ]


def make_plan(dataset, *, users, seconds, base_url, seed):
    """What each virtual user may do (see ``bench.virtual_users``); also notes on
    ``dataset`` what existed before, for ``count_rows``."""
    from curriculum.models import LessonPage, LessonProgress
    from curriculum.structure import course_structure
    from events.models import Session

    run = dataset.course_run
    meeting = dataset.meeting
    lessons = course_structure(run).ordered_lessons()
    urls = {
        page.translation_key: page.url
        for page in LessonPage.objects.live().filter(
            translation_key__in=[lesson.key for lesson in lessons], locale__language_code="en"
        )
    }
    innovators = virtual_innovators(dataset, users)
    done = set(
        LessonProgress.objects.filter(cohort_course=run, user__in=innovators).values_list(
            "user_id", "lesson_key"
        )
    )
    dataset.lessons_before = done
    sessions = list(
        Session.objects.filter(meeting=meeting).order_by("pk").values_list("pk", flat=True)
    )
    rng = dataset.rng_for("loadtest-plan")
    plan_users = []
    for person in innovators:
        plan_users.append(
            {
                "user": person.pk,
                "session": session_key(person),
                "lessons": [
                    {
                        "target": str(lesson.key),
                        "page": urls[lesson.key],
                        "action": f"/learn/{run.pk}/lessons/{lesson.key}/progress/",
                    }
                    for lesson in lessons
                    if (person.pk, lesson.key) not in done
                ],
                "registration": {
                    "target": meeting.pk,
                    "page": f"/meetings/{meeting.pk}/register/",
                    "action": f"/meetings/{meeting.pk}/register/",
                },
                "sessions": [
                    {
                        "target": pk,
                        "page": f"/meetings/sessions/{pk}/",
                        "action": f"/meetings/sessions/{pk}/star/",
                    }
                    for pk in rng.sample(sessions, min(STARS_PER_USER, len(sessions)))
                ],
            }
        )
    criteria = list(dataset.load_call.criteria.order_by("position"))
    for juror in dataset.grants_jurors[: jurors_for(users)]:
        proposals = dataset.load_call.proposals.filter(assignments__juror=juror).order_by("pk")
        plan_users.append(
            {
                "user": juror.pk,
                "session": session_key(juror),
                "reviews": [
                    {
                        "target": pk,
                        "page": f"/grants/proposals/{pk}/review/",
                        "form": {
                            **{
                                f"criterion_{c.pk}": str(rng.randint(c.scale_min, c.scale_max))
                                for c in criteria
                            },
                            "recommendation": rng.choice(["yes", "maybe", "no"]),
                            "comment_to_applicant": "Clear plan; say how you will measure it.",
                            "private_note": "",
                            "submit": "1",
                        },
                    }
                    for pk in proposals.values_list("pk", flat=True)
                ],
            }
        )
    return {
        "base_url": base_url,
        "seconds": seconds,
        "seed": seed,
        "timeout": 60,
        "cookie_names": {
            "session": settings.SESSION_COOKIE_NAME,
            "csrf": settings.CSRF_COOKIE_NAME,
            "messages": "messages",
        },
        "public": [
            ["public.home", ensure_home_page(dataset)],
            *[["public.news", item.url] for item in dataset.news],
            ["public.agenda", meeting.url],
        ],
        "users": plan_users,
    }


def count_rows(dataset, plan):
    """What the database holds of the virtual users' writes: per kind, a Counter of the
    same keys ``expected_key`` gives a write."""
    from curriculum.models import LessonProgress
    from events.models import Registration, Star
    from grants.models import Review

    people = [user["user"] for user in plan["users"]]
    lessons = Counter(
        (user, str(key))
        for user, key in LessonProgress.objects.filter(
            cohort_course=dataset.course_run, user__in=people
        ).values_list("user_id", "lesson_key")
        if (user, key) not in dataset.lessons_before
    )
    return {
        "lesson": lessons,
        "review": Counter(
            Review.objects.filter(proposal__call=dataset.load_call).values_list(
                "juror_id", "proposal_id"
            )
        ),
        "registration": Counter(
            Registration.objects.filter(meeting=dataset.meeting, user__in=people).values_list(
                "user_id", "state"
            )
        ),
        "star": Counter(
            Star.objects.filter(session__meeting=dataset.meeting, user__in=people).values_list(
                "user_id", "session_id"
            )
        ),
    }


def rollup_mismatches(dataset, plan):
    """Innovators whose course roll-up does not count the lessons they have completed:
    ``[(user, lessons_done in the roll-up, lesson progress rows)]``."""
    from curriculum.models import EnrolmentProgress, LessonProgress

    people = [user["user"] for user in plan["users"] if "lessons" in user]
    rows = Counter(
        LessonProgress.objects.filter(
            cohort_course=dataset.course_run, user__in=people
        ).values_list("user_id", flat=True)
    )
    rollups = dict(
        EnrolmentProgress.objects.filter(
            cohort_course=dataset.course_run, user__in=people
        ).values_list("user_id", "lessons_done")
    )
    return sorted(
        (user, rollups.get(user, 0), rows[user])
        for user in people
        if rollups.get(user, 0) != rows[user]
    )


def expected_key(write):
    """The row a write the site accepted must have left: (user, target); a registration's
    target is the state the site announced (registered or waitlisted)."""
    if write["kind"] == "registration":
        return (write["user"], "waitlisted" if write["outcome"] == WAITLISTED else "registered")
    return (write["user"], write["target"])


def account(writes, found):
    """Compare the writes the site answered with the rows found, per kind.

    ``lost``: answered success, not in the database. ``duplicated``: a row more than once.
    ``unexpected``: a row no answer announced (a refused write that happened anyway).
    ``unconfirmed``: a row of a write whose request failed (no answer; counted as an
    error already, not as a lost write).
    """
    report = {}
    for kind in WRITE_KINDS:
        mine = [write for write in writes if write["kind"] == kind]
        accepted = [write for write in mine if write["outcome"] in (OK, WAITLISTED)]
        expected = Counter(expected_key(write) for write in accepted)
        unknown = {
            (write["user"], state)
            for write in mine
            if write["outcome"] == FAILED
            for state in (
                ("registered", "waitlisted") if kind == "registration" else (write["target"],)
            )
        }
        rows = found.get(kind, Counter())
        report[kind] = {
            "accepted": len(accepted),
            "refused": sum(write["outcome"] == REFUSED for write in mine),
            "failed": sum(write["outcome"] == FAILED for write in mine),
            "expected": len(expected),
            "found": sum(rows.values()),
            "lost": sorted(key for key in expected if key not in rows),
            "duplicated": sorted(
                [key for key, count in rows.items() if count > 1]
                + [key for key, count in expected.items() if count > 1]
            ),
            "unexpected": sorted(key for key in rows if key not in expected and key not in unknown),
            "unconfirmed": sorted(key for key in rows if key not in expected and key in unknown),
        }
    return report


def meeting_checks(dataset, found):
    """The meeting's places: never more registered than its capacity, and no place left
    empty while someone waits."""
    capacity = dataset.meeting.capacity
    states = found.get("registration", Counter())
    registered = dataset.registered_before + sum(
        count for (_user, state), count in states.items() if state == "registered"
    )
    waitlisted = sum(count for (_user, state), count in states.items() if state == "waitlisted")
    return {
        "capacity": capacity,
        "registered": registered,
        "waitlisted": waitlisted,
        "overfilled": registered > capacity,
        "empty_places_while_waiting": waitlisted > 0 and registered < capacity,
    }


def is_error(entry):
    """A request that failed: no answer, 4xx/5xx, or a page that did not answer 200."""
    _kind, method, status, _ms, _note = entry
    return status == 0 or status >= 400 or (method == "GET" and status != 200)


def summarise_requests(log):
    """Per kind of request: count, errors, p50/p95/p99/max milliseconds."""
    kinds = {}
    for entry in log:
        kinds.setdefault(entry[0], []).append(entry)
    summary = {}
    for kind in sorted(kinds):
        entries = kinds[kind]
        times = sorted(entry[3] for entry in entries)
        summary[kind] = {
            "requests": len(entries),
            "errors": sum(is_error(entry) for entry in entries),
            "statuses": dict(Counter(str(entry[2] or entry[4]) for entry in entries)),
            "p50_ms": percentile(times, 0.50),
            "p95_ms": percentile(times, 0.95),
            "p99_ms": percentile(times, 0.99),
            "max_ms": times[-1] if times else None,
        }
    return summary


def failures(summary, writes, meeting, rollups=()):
    """Why the run failed, one line a reason; empty when it passed."""
    reasons = [
        f"{kind}: {row['errors']} of {row['requests']} requests failed ({row['statuses']})"
        for kind, row in summary.items()
        if row["errors"]
    ]
    for kind, row in writes.items():
        for name in ("lost", "duplicated", "unexpected"):
            if row[name]:
                reasons.append(f"{kind}: {len(row[name])} {name}, e.g. {row[name][:3]}")
        if row["refused"]:
            reasons.append(f"{kind}: {row['refused']} writes refused by the site")
    if rollups:
        reasons.append(
            f"course roll-up: {len(rollups)} innovators' lessons_done disagree with their "
            f"lesson progress, e.g. (user, roll-up, rows) {list(rollups)[:3]}"
        )
    if meeting["overfilled"]:
        reasons.append(f"meeting overfilled: {meeting['registered']} > {meeting['capacity']}")
    if meeting["empty_places_while_waiting"]:
        reasons.append(
            f"meeting: {meeting['waitlisted']} waiting with places left "
            f"({meeting['registered']} of {meeting['capacity']})"
        )
    return reasons


def format_report(result):
    """The tables the command prints."""
    lines = [
        f"{result['users']} virtual users for {result['seconds']} s on {result['database']}, "
        f"gunicorn {result['server']}; {result['total_requests']} requests in "
        f"{result['duration_s']} s ({result['rps']} req/s)",
        "",
    ]
    header = ("request", "count", "errors", "p50 ms", "p95 ms", "p99 ms", "max ms")
    rows = [
        (
            kind,
            row["requests"],
            row["errors"],
            _number(row["p50_ms"]),
            _number(row["p95_ms"]),
            _number(row["p99_ms"]),
            _number(row["max_ms"]),
        )
        for kind, row in result["requests"].items()
    ]
    lines += _table(header, rows)
    lines.append("")
    header = ("write", "accepted", "expected", "found", "lost", "duplicated", "unexpected")
    rows = [
        (
            kind,
            row["accepted"],
            row["expected"],
            row["found"],
            len(row["lost"]),
            len(row["duplicated"]),
            len(row["unexpected"]),
        )
        for kind, row in result["writes"].items()
    ]
    lines += _table(header, rows)
    meeting = result["meeting"]
    lines.append(
        f"Course roll-ups: {len(result['rollup_mismatches'])} of {result['innovators']} "
        "disagree with the lesson progress rows."
    )
    lines.append(
        f"Meeting: {meeting['registered']} registered of {meeting['capacity']} places, "
        f"{meeting['waitlisted']} on the waiting list."
    )
    return "\n".join(lines)


def _number(value):
    return "–" if value is None else f"{value:,.0f}"
