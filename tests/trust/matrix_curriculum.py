"""Matrix rows for the curriculum: the course as an innovator takes it (lesson progress,
quizzes, reflections), the mentor, ambassador and coordinator grids, certificates, public
verification, the course pages served through Wagtail's page catch-all, and the Wagtail
admin for course runs.

The objects are built lazily (``_objects``): only the curriculum's rows pay for a course.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cohorts.enums import Role
from tests.factories.cohorts import UserFactory, add_member

from .matrix import DENIED, LOGIN, AdminModel, Row, close_response, expect, logged_in
from .world import (
    AMBASSADOR,
    COORDINATOR,
    INNOVATOR,
    MENTOR,
    OBSERVER,
    OTHER_COORDINATOR,
    OTHER_MENTOR,
    STAFF,
)


def extend_world(world):
    """A small course run of cohort A for the generated admin rows (``ADMIN_MODELS``); the
    rows below build their own, bigger course lazily."""
    from tests.factories.curriculum import lessons_of, make_course, modules_of, run_course

    course = make_course(modules=1, lessons=1, title="Qxadmincourse")
    world.objects["curriculum_admin"] = {
        "run": run_course(world.cohort, course),
        "course": course,
        "module": modules_of(course)[0],
        "lesson": lessons_of(course)[0],
    }


def _admin(key):
    return lambda world: world.objects["curriculum_admin"][key]


# Cohort A's instance of every curriculum model in the admin (generated rows, admin_rows.py).
ADMIN_MODELS = {
    "curriculum.cohortcourse": AdminModel(_admin("run")),
    "curriculum.coursepage": AdminModel(_admin("course"), staff_only=True),
    "curriculum.modulepage": AdminModel(_admin("module"), staff_only=True),
    "curriculum.lessonpage": AdminModel(_admin("lesson"), staff_only=True),
}


def _objects(world):
    """Cohort A's course run, the innovator's submitted reflection with a file, certificates."""
    if "curriculum" in world.objects:
        return world.objects["curriculum"]
    from curriculum import services
    from curriculum.models import ReflectionVersion
    from tests.factories.curriculum import lessons_of, make_course, modules_of, run_course

    course = make_course(modules=2, lessons=1, reflection={0}, quiz_in={(0, 0)})
    run = run_course(world.cohort, course)
    module = modules_of(course)[0]
    lesson = lessons_of(course)[0]
    innovator = world.people[INNOVATOR]
    reflection = services.save_reflection_draft(
        cohort_course=run,
        module_key=module.translation_key,
        user=innovator,
        text="My reflection on listening.",
        attachment=SimpleUploadedFile("notes.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
        by=innovator,
    )
    reflection = services.submit_reflection(reflection=reflection, by=innovator)
    version = ReflectionVersion.objects.filter(reflection=reflection).exclude(attachment="").first()
    coordinator = world.people[COORDINATOR]
    certificate = services.issue_certificate(
        cohort_course=run, user=innovator, by=coordinator, force=True
    )
    # A certificate holder who is none of the world's people: the public verification page
    # shows the holder's name, and any other person's name there would be a leak.
    holder = add_member(
        world.cohort,
        Role.INNOVATOR,
        UserFactory(full_name="Qxholder Person", email="qxholder@example.org"),
    )
    public = services.issue_certificate(cohort_course=run, user=holder, by=coordinator, force=True)
    objects = {
        "course": course,
        "module": module,
        "lesson": lesson,
        "run": run,
        "reflection": reflection,
        "version": version,
        "certificate": certificate,
        "public_certificate": public,
    }
    world.objects["curriculum"] = objects
    return objects


def _run(world):
    return _objects(world)["run"]


def url(name, *args):
    """A path builder; ``args`` are names: run, lesson, module, reflection, version,
    certificate, public_certificate, innovator."""

    def build(world):
        objects = _objects(world)
        values = {
            "run": lambda: objects["run"].pk,
            "lesson": lambda: objects["lesson"].translation_key,
            "module": lambda: objects["module"].translation_key,
            "reflection": lambda: objects["reflection"].pk,
            "version": lambda: objects["version"].pk,
            "certificate": lambda: objects["certificate"].code,
            "public_certificate": lambda: objects["public_certificate"].code,
            "innovator": lambda: world.people[INNOVATOR].pk,
        }
        return reverse(name, args=[values[arg]() for arg in args])

    return build


def page_url(key):
    return lambda world: _objects(world)[key].url


def _quiz_answer(world):
    lesson = _objects(world)["lesson"]
    block = lesson.quiz_blocks[0]
    return {"page": lesson.pk, "block": block.id, "q0": "0"}


def _lesson_untouched(world, role, response):
    from curriculum.models import LessonProgress

    if role != INNOVATOR:
        assert not LessonProgress.objects.exclude(user=world.people[INNOVATOR]).exists(), role


def _no_feedback_by(world, role, response):
    from curriculum.models import Feedback

    if role not in (MENTOR, COORDINATOR, STAFF):
        assert not Feedback.objects.filter(author=world.people.get(role)).exists(), role


def _certificate_kept(world, role, response):
    from curriculum.models import Certificate

    if role not in (COORDINATOR, STAFF):
        certificate = Certificate.objects.get(pk=_objects(world)["certificate"].pk)
        assert certificate.revoked_at is None, role


# Only A's innovator takes A's course; everyone else is told the run does not exist.
INNOVATOR_ONLY = logged_in(404, innovator=302)
# A's coordinator (and staff) manage A's run; B's coordinator gets 404 like everyone else.
COORDINATOR_ONLY = logged_in(404, coordinator=200, staff=200)
COORDINATOR_POST = logged_in(404, coordinator=302, staff=302)
# The whole cohort's grid, read only: A's coordinator, A's observer and staff.
COHORT_READERS = logged_in(404, coordinator=200, observer=200, staff=200)
# A coordinator's (or observer's) page on cohort A names A's people; staff may see everyone.
A_VISIBLE = {COORDINATOR: "a_people", OBSERVER: "a_people", STAFF: "all"}
# A course page: people without a run of it see the outline; no names.
COURSE_PAGE = expect(200)

ROWS = [
    Row("curriculum:home", "/learn/", logged_in(200)),
    # The course tree, served by Wagtail's page catch-all (not URL names of their own).
    Row("curriculum course page", page_url("course"), COURSE_PAGE),
    Row("curriculum module page", page_url("module"), COURSE_PAGE),
    Row(
        "curriculum lesson page",
        page_url("lesson"),
        # the learner, and the run's mentors, ambassador, observer, coordinator and staff
        # (read-only)
        logged_in(
            403,
            innovator=200,
            mentor=200,
            other_mentor=200,
            ambassador=200,
            observer=200,
            coordinator=200,
            staff=200,
        ),
    ),
    # The page catch-all is Kohorta's own view (cms.views.serve: a lesson kept for the
    # session answers before Wagtail routes; tests/curriculum/test_lesson_queries.py and
    # test_kept_pages.py check the kept copy is never another session's and goes stale).
    Row(
        "wagtail_serve",
        page_url("lesson"),
        logged_in(
            403,
            innovator=200,
            mentor=200,
            other_mentor=200,
            ambassador=200,
            observer=200,
            coordinator=200,
            staff=200,
        ),
    ),
    # Taking lessons
    Row(
        "curriculum:lesson_progress",
        url("curriculum:lesson_progress", "run", "lesson"),
        INNOVATOR_ONLY,
        method="POST",
        data={"action": "complete"},
        check=_lesson_untouched,
    ),
    Row(
        "POST curriculum:lesson_progress",
        url("curriculum:lesson_progress", "run", "lesson"),
        INNOVATOR_ONLY,
        method="POST",
        data={"action": "undo"},
    ),
    Row(
        "curriculum:lesson_quiz",
        url("curriculum:lesson_quiz", "run", "lesson"),
        INNOVATOR_ONLY,
        method="POST",
        data=_quiz_answer,
        check=_lesson_untouched,
    ),
    # Reflections
    Row(
        "curriculum:my_reflection",
        url("curriculum:my_reflection", "run", "module"),
        logged_in(404, innovator=200),
    ),
    Row(
        "POST curriculum:my_reflection",
        url("curriculum:my_reflection", "run", "module"),
        INNOVATOR_ONLY,
        method="POST",
        data={"text": "Another go."},
    ),
    Row(
        "curriculum:reflection",
        url("curriculum:reflection", "reflection"),
        # the author is sent to their own page; their mentor, A's coordinator and staff read
        # it; the other mentor, the ambassador and B's coordinator get 404
        logged_in(404, mentor=200, coordinator=200, staff=200, innovator=302),
        visible={MENTOR: {INNOVATOR}, COORDINATOR: {INNOVATOR}, STAFF: {INNOVATOR}},
    ),
    Row(
        "POST curriculum:reflection",
        url("curriculum:reflection", "reflection"),
        logged_in(404, mentor=302, coordinator=200, staff=200, innovator=302),
        method="POST",
        data={"decision": "approved", "comment": "Well done."},
        visible={MENTOR: {INNOVATOR}, COORDINATOR: "a_people", STAFF: "all"},
        check=_no_feedback_by,
    ),
    Row(
        "curriculum:reflection_file",
        url("curriculum:reflection_file", "version"),
        logged_in(404, innovator=200, mentor=200, coordinator=200, staff=200),
        check=lambda world, role, response: close_response(response),
    ),
    # Dashboards
    Row(
        "curriculum:mentor_dashboard",
        url("curriculum:mentor_dashboard", "run"),
        logged_in(404, mentor=200, other_mentor=200),
        visible={MENTOR: {INNOVATOR}, OTHER_MENTOR: {"mentee_2"}},
    ),
    Row(
        "curriculum:country_dashboard",
        url("curriculum:country_dashboard", "run"),
        logged_in(404, ambassador=200),
        visible={AMBASSADOR: {"innovator_rs"}},
    ),
    Row(
        "curriculum:cohort_dashboard",
        url("curriculum:cohort_dashboard", "run"),
        COHORT_READERS,
        visible=A_VISIBLE,
    ),
    Row(
        "curriculum:cohort_csv",
        url("curriculum:cohort_csv", "run"),
        COHORT_READERS,
        visible=A_VISIBLE,
    ),
    Row(
        "curriculum:cohort_xlsx",
        url("curriculum:cohort_xlsx", "run"),
        COHORT_READERS,
        visible=A_VISIBLE,
    ),
    Row(
        "curriculum:person_progress",
        url("curriculum:person_progress", "run", "innovator"),
        COORDINATOR_ONLY,
        visible=A_VISIBLE,
    ),
    Row(
        "POST curriculum:person_progress",
        url("curriculum:person_progress", "run", "innovator"),
        COORDINATOR_POST,
        method="POST",
        data=lambda world: {
            "schedule": _run(world).schedules.order_by("pk").first().pk,
            "due_on": "2027-06-30",
            "reason": "Illness",
        },
    ),
    # Certificates
    Row(
        "curriculum:issue_certificate",
        url("curriculum:issue_certificate", "run", "innovator"),
        COORDINATOR_POST,
        method="POST",
        data={"force": "1"},
    ),
    Row(
        "curriculum:bulk_certificates",
        url("curriculum:bulk_certificates", "run"),
        COORDINATOR_POST,
        method="POST",
    ),
    Row(
        "curriculum:certificate_pdf",
        url("curriculum:certificate_pdf", "certificate"),
        logged_in(404, innovator=200, coordinator=200, staff=200),
    ),
    Row(
        "curriculum:revoke_certificate",
        url("curriculum:revoke_certificate", "certificate"),
        COORDINATOR_POST,
        method="POST",
        data={"reason": "Issued by mistake"},
        check=_certificate_kept,
    ),
    Row(
        "curriculum:reissue_certificate",
        url("curriculum:reissue_certificate", "certificate"),
        COORDINATOR_POST,
        method="POST",
    ),
    Row("curriculum:verify", url("curriculum:verify", "public_certificate"), expect(200)),
    # Open Badges 3.0: a certificate's credential is its holder's (and the coordinators');
    # the issuer, key, status list, achievements and verification by file are public.
    *[
        Row(
            f"curriculum:{name}",
            url(f"curriculum:{name}", "certificate"),
            logged_in(404, innovator=200, coordinator=200, staff=200),
            visible=A_VISIBLE,
        )
        for name in ("certificate_json", "certificate_jwt", "certificate_badge")
    ],
    Row("curriculum:verify_index", "/verify/", expect(200)),
    Row(
        "curriculum:verify_index",
        "/verify/",
        expect(200),
        method="POST",
        data=lambda world: {"credential": SimpleUploadedFile("b.png", b"\x89PNG\r\n\x1a\n")},
    ),
    Row("curriculum:ob_issuer", "/credentials/issuer/", expect(200)),
    Row("curriculum:ob_keys", "/credentials/keys.json", expect(200)),
    Row("curriculum:ob_status", "/credentials/status/", expect(200)),
    Row("curriculum:ob_achievement", url("curriculum:ob_achievement", "run"), expect(200)),
]

# Course runs in the Wagtail admin: scoped to the cohorts a person coordinates.
SCOPED_LIST = logged_in(LOGIN, coordinator=200, other_coordinator=200, staff=200)
SCOPED_OBJECT = logged_in(LOGIN, coordinator=200, other_coordinator=404, staff=200)
ADMIN_VISIBLE = {COORDINATOR: "a_people", OTHER_COORDINATOR: "b_people", STAFF: "all"}
RUNS = "wagtailsnippets_curriculum_cohortcourse"
RUN_CHOOSER = "wagtailsnippetchoosers_curriculum_cohortcourse"

ROWS += [
    *[
        Row(f"{RUNS}:{view}", url(f"{RUNS}:{view}"), SCOPED_LIST, visible=ADMIN_VISIBLE)
        for view in ("list", "list_results", "add")
    ],
    *[
        Row(f"{RUNS}:{view}", url(f"{RUNS}:{view}", "run"), SCOPED_OBJECT, visible=ADMIN_VISIBLE)
        for view in ("edit", "usage", "history", "history_results", "copy")
    ],
    # Deleting a run (and its learners' progress) is for staff: coordinators have no right
    Row(
        f"{RUNS}:delete",
        url(f"{RUNS}:delete", "run"),
        logged_in(LOGIN, coordinator=DENIED, other_coordinator=404, staff=200),
    ),
    *[
        Row(f"{RUN_CHOOSER}:{view}", url(f"{RUN_CHOOSER}:{view}"), SCOPED_LIST)
        for view in ("choose", "choose_results", "chosen_multiple", "create")
    ],
    Row(f"{RUN_CHOOSER}:chosen", url(f"{RUN_CHOOSER}:chosen", "run"), SCOPED_OBJECT),
]
