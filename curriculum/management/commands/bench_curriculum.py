"""Time the curriculum's hot paths on a synthetic cohort, then roll everything back.

    python manage.py bench_curriculum --innovators 1000 --modules 8 --lessons 5

Reports the median server time of the mentor and coordinator dashboards, of marking a
lesson complete, and of rendering a certificate PDF. Nothing is left in the database.
"""

import datetime
import random
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import Client
from django.utils import timezone
from wagtail.models import Locale, Page

from cohorts.enums import Role
from cohorts.models import Cohort, Membership, MentorGroup, MentorGroupMember, Programme, User
from curriculum import services
from curriculum.certificates import render_certificate_pdf
from curriculum.models import (
    CohortCourse,
    CoursePage,
    EnrolmentProgress,
    LessonPage,
    ModulePage,
    Reflection,
)
from curriculum.structure import course_structure


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Benchmark the curriculum dashboards, lesson completion and certificate PDFs."

    def add_arguments(self, parser):
        parser.add_argument("--innovators", type=int, default=1000)
        parser.add_argument("--modules", type=int, default=8)
        parser.add_argument("--lessons", type=int, default=5, help="Lessons per module.")
        parser.add_argument("--repeat", type=int, default=7)

    def handle(self, *args, innovators, modules, lessons, repeat, **options):
        try:
            with transaction.atomic():
                self.run(innovators, modules, lessons, repeat)
                raise Rollback
        except Rollback:
            self.stdout.write("(everything rolled back)")

    def time(self, label, func, repeat, budget_ms=None):
        func()
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            func()
            samples.append((time.perf_counter() - started) * 1000)
        median = statistics.median(samples)
        verdict = ""
        if budget_ms is not None:
            verdict = " OK" if median <= budget_ms else f" OVER the {budget_ms} ms budget"
        self.stdout.write(
            f"{label:<48} median {median:7.1f} ms  min {min(samples):7.1f} ms{verdict}"
        )

    def run(self, count, module_count, lesson_count, repeat):
        rng = random.Random(2015)
        self.stdout.write(f"Building {count} innovators x {module_count * lesson_count} lessons …")
        programme = Programme.objects.create(name="Bench", slug="bench-curriculum")
        cohort = Cohort.objects.create(
            programme=programme,
            name="Bench",
            slug="bench",
            starts_on=datetime.date(2025, 1, 1),
            ends_on=datetime.date(2028, 1, 1),
            status="running",
        )
        coordinator = User.objects.create_user("bench-coordinator@example.invalid", full_name="C")
        mentor = User.objects.create_user("bench-mentor@example.invalid", full_name="M")
        Membership.objects.create(user=coordinator, cohort=cohort, role=Role.COORDINATOR)
        Membership.objects.create(user=mentor, cohort=cohort, role=Role.MENTOR)
        people = User.objects.bulk_create(
            [
                User(
                    email=f"bench{number}@example.invalid",
                    full_name=f"Bench Person {number:05d}",
                    country=rng.choice(["RS", "MK", "GR", "BG"]),
                    organisation="Bench Library",
                )
                for number in range(count)
            ]
        )
        Membership.objects.bulk_create(
            [Membership(user=person, cohort=cohort, role=Role.INNOVATOR) for person in people]
        )
        group = MentorGroup.objects.create(cohort=cohort, mentor=mentor)
        MentorGroupMember.objects.bulk_create(
            [MentorGroupMember(group=group, cohort=cohort, innovator=p) for p in people]
        )
        parent = (
            Page.objects.filter(depth=2, locale=Locale.get_default()).first()
            or Page.get_first_root_node()
        )
        course = parent.add_child(instance=CoursePage(title="Bench course", slug="bench-course"))
        for m in range(module_count):
            module = course.add_child(
                instance=ModulePage(
                    title=f"Bench module {m + 1}",
                    slug=f"m{m + 1}",
                    reflection_kind="reflection" if m % 2 == 0 else "",
                )
            )
            for n in range(lesson_count):
                module.add_child(
                    instance=LessonPage(
                        title=f"Lesson {m + 1}.{n + 1}",
                        slug=f"l{n + 1}",
                        body=[{"type": "text", "value": "<p>Text</p>"}],
                    )
                )
        run = services.create_cohort_course(cohort=cohort, course=course, by=None)
        today = timezone.localdate()
        for m, module in enumerate(ModulePage.objects.child_of(course).order_by("path")):
            release = today - datetime.timedelta(days=30 * (module_count - m))
            services.schedule_module(
                cohort_course=run,
                module=module,
                releases_on=release,
                due_on=release + datetime.timedelta(days=28),
                by=None,
            )
        structure = course_structure(run)
        rows, reflections = [], []
        for person in people:
            numbers, done_total = {}, 0
            for module in structure.modules:
                done = rng.randint(0, len(module.lessons))
                done_total += done
                numbers[str(module.key)] = {
                    "done": done,
                    "total": len(module.lessons),
                    "percent": round(100 * done / len(module.lessons)),
                }
                if module.has_reflection and done == len(module.lessons):
                    reflections.append(
                        Reflection(
                            cohort_course=run,
                            module_key=module.key,
                            author=person,
                            state=rng.choice(["submitted", "approved", "needs_revision"]),
                            submitted_at=timezone.now(),
                        )
                    )
            rows.append(
                EnrolmentProgress(
                    cohort_course=run,
                    user=person,
                    lessons_done=done_total,
                    lessons_total=structure.lesson_count,
                    percent=round(100 * done_total / structure.lesson_count),
                    modules=numbers,
                    last_activity_at=timezone.now(),
                )
            )
        EnrolmentProgress.objects.bulk_create(rows, batch_size=500)
        Reflection.objects.bulk_create(reflections, batch_size=500)

        for who, name, budget in (
            (mentor, "mentor_dashboard", 150),
            (coordinator, "cohort_dashboard", 150),
        ):
            client = Client()
            client.force_login(who)
            url = f"/learn/{run.pk}/" + ("mentees/" if name == "mentor_dashboard" else "overview/")
            self.time(
                f"GET {url} ({count} innovators)", lambda c=client, u=url: c.get(u), repeat, budget
            )

        from curriculum import selectors

        def grid():
            fresh = CohortCourse.objects.select_related("course", "cohort").get(pk=run.pk)
            selectors.progress_grid(cohort_course=fresh, user=coordinator, scope="coordinator")

        self.time("  of which progress_grid (selector)", grid, repeat)

        learner = people[0]
        EnrolmentProgress.objects.filter(user=learner).delete()
        keys = [lesson.key for lesson in structure.ordered_lessons()]

        def complete():
            fresh = CohortCourse.objects.select_related("course", "cohort").get(pk=run.pk)
            services.complete_lesson(
                cohort_course=fresh, user=learner, lesson_key=rng.choice(keys), by=learner
            )

        self.time("complete_lesson (service)", complete, repeat, 30)
        certificate = services.issue_certificate(
            cohort_course=run, user=learner, by=None, force=True
        )
        self.time("certificate PDF", lambda: render_certificate_pdf(certificate), 3, 500)
