"""Demo curriculum: the INELI Balkans leadership course, partly in Macedonian, scheduled for
the INELI cohort, with mixed progress for its 35 innovators. Built through the services;
idempotent (a second run changes nothing) and deterministic for a given ``rng``.
"""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents.models import Document
from wagtail.models import Locale

from cohorts.enums import Role
from cohorts.models import Membership, MentorGroupMember, User

from . import services
from .demo_content import COURSE, DOCUMENT_TEXT, MK, MODULES, SCHEDULE
from .enums import ReflectionState
from .models import CohortCourse, CoursePage, EnrolmentProgress, LessonPage, ModulePage, Reflection
from .structure import course_structure

UTC = datetime.UTC
TODAY = datetime.date(2026, 11, 21)

REFLECTION_TEXTS = [
    "I want to start a weekly homework club with the two primary schools near our branch. The "
    "children who need it most have no quiet place to study at home. I need the head of "
    "children's services and the school heads to agree; I bring five years with the "
    "children's section and good contacts with teachers.",
    "Our library has no service for older people who struggle with e-government. I plan a "
    "four-session course with volunteers from the secondary school. The director supports it "
    "if we can show demand, so I am starting with a survey at the loans desk.",
    "My goal is a makerspace corner for teenagers, starting with a 3D printer and a repair "
    "café once a month. The obstacles are space and staff time; I will propose a three-month "
    "pilot on Saturday mornings with a local maker association.",
    "We want to bring the library to villages without a branch: a monthly mobile stop with "
    "books, internet and help with forms. The municipality owns a van; the question is "
    "staff and fuel. My plan is to partner with the social services office.",
]
FEEDBACK_APPROVED = [
    "Clear and well argued: you know who the service is for and why. Approved.",
    "Good work. The objectives are measurable and the first actions realistic. Approved.",
    "Thoughtful reflection; I especially liked how you involved the school. Approved.",
]
FEEDBACK_REVISION = [
    "A promising start. Please add who will run the service when you are on leave, and one "
    "objective you can measure by June.",
    "Your persona is vivid, but the prototype section is missing: what did you test, with whom, "
    "and what changed afterwards?",
]


def _at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=UTC)


def _paragraph_blocks(paragraphs):
    return [{"type": "text", "value": "".join(f"<p>{text}</p>" for text in paragraphs)}]


def _quiz_block(questions, title=""):
    return {
        "type": "quiz",
        "value": {
            "title": title,
            "questions": [
                {
                    "question": question,
                    "choices": [
                        {"text": text, "correct": correct, "feedback": feedback}
                        for text, correct, feedback in choices
                    ],
                }
                for question, choices in questions
            ],
        },
    }


def _lesson_body(paragraphs, extras, document):
    body = _paragraph_blocks(paragraphs)
    if extras.get("readings"):
        body.append(
            {
                "type": "readings",
                "value": {
                    "heading": "Further reading",
                    "readings": [
                        {"title": title, "author": author, "url": url, "note": note}
                        for title, author, url, note in extras["readings"]
                    ],
                },
            }
        )
    if extras.get("document") and document is not None:
        body.append(
            {
                "type": "document",
                "value": {
                    "document": document.pk,
                    "description": "Plain text; copy it into your word processor.",
                },
            }
        )
    if extras.get("prompt"):
        prompt, guidance = extras["prompt"]
        body.append({"type": "discussion", "value": {"prompt": prompt, "guidance": guidance}})
    if extras.get("quiz"):
        body.append(_quiz_block(extras["quiz"]))
    return body


def _home(locale):
    from cms.models import HomePage

    return HomePage.objects.filter(locale=locale).order_by("depth", "path").first()


def _mk_home(en_home):
    """The Macedonian home page: the cms seeder usually made it; make it if not."""
    locale, _created = Locale.objects.get_or_create(language_code="mk")
    home = _home(locale)
    if home is None:
        home = en_home.copy_for_translation(locale)
        home.title = "Кохорта"
        home.save_revision().publish()
    return locale, home


def _template_document():
    document = Document.objects.filter(title="One-page strategy template").first()
    if document is None:
        document = Document(title="One-page strategy template")
        document.file.save(
            "one-page-strategy-template.txt", ContentFile(DOCUMENT_TEXT.encode()), save=False
        )
        document.save()
    return document


def _build_course(en_home):
    course = CoursePage.objects.child_of(en_home).filter(slug=COURSE["slug"]).first()
    if course is not None:
        return course, False
    document = _template_document()
    course = en_home.add_child(
        instance=CoursePage(
            title=COURSE["title"],
            slug=COURSE["slug"],
            intro=COURSE["intro"],
            certificate_title=COURSE["certificate_title"],
        )
    )
    course.save_revision().publish()
    for spec in MODULES:
        kind, title, upload = spec["reflection"]
        module = course.add_child(
            instance=ModulePage(
                title=spec["title"],
                slug=spec["slug"],
                summary=spec["summary"],
                reflection_kind=kind,
                reflection_title=title,
                reflection_prompt=spec["prompt"],
                reflection_required=spec["required"],
                reflection_allows_upload=upload,
            )
        )
        module.save_revision().publish()
        for slug, lesson_title, minutes, summary, paragraphs, extras in spec["lessons"]:
            lesson = module.add_child(
                instance=LessonPage(
                    title=lesson_title,
                    slug=slug,
                    estimated_minutes=minutes,
                    summary=summary,
                    body=_lesson_body(paragraphs, extras, document),
                )
            )
            lesson.save_revision().publish()
    return course, True


def _translate(page, locale, fields):
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translation = page.specific.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    translation.save_revision().publish()
    return translation


def _translate_mk(course, locale):
    """Macedonian versions of the course, the first two modules and five of their lessons."""
    _translate(course, locale, MK["course"])
    count = 0
    for module in ModulePage.objects.child_of(course).order_by("path"):
        if module.slug not in MK:
            continue
        _translate(module, locale, MK[module.slug])
        for lesson in LessonPage.objects.child_of(module).order_by("path"):
            text = MK.get(lesson.slug)
            if text is None:
                continue
            body = _paragraph_blocks(text["paragraphs"])
            if text.get("prompt"):
                body.append(
                    {"type": "discussion", "value": {"prompt": text["prompt"], "guidance": ""}}
                )
            if text.get("quiz"):
                body.append(_quiz_block(text["quiz"]))
            _translate(
                lesson,
                locale,
                {"title": text["title"], "summary": text["summary"], "body": body},
            )
            count += 1
    return count


def _schedule(run, course):
    modules = list(ModulePage.objects.child_of(course).order_by("path"))
    for module, (release, due) in zip(modules, SCHEDULE, strict=True):
        services.schedule_module(
            cohort_course=run,
            module=module,
            releases_on=datetime.date.fromisoformat(release),
            due_on=datetime.date.fromisoformat(due),
            by=None,
        )


# Progress ------------------------------------------------------------------------------

# How far each innovator got: (number of modules fully done, lessons done in the next one,
# state of the reflection of the last module they finished).
PROFILES = (
    [("all", 6, 0)] * 3
    + [("on_track", 4, 2)] * 9
    + [("steady", 3, 3)] * 11
    + [("behind", 2, 2)] * 8
    + [("starting", 0, 2)] * 4
)


def _innovator_plan(rng, innovators):
    profiles = list(PROFILES)
    rng.shuffle(profiles)
    plan = {}
    for person, profile in zip(innovators, profiles, strict=False):
        plan[person.pk] = profile
    return plan


def _complete_module_lessons(run, user, module, count, rng, release, due):
    span = max(1, (min(due, TODAY) - release).days)
    for index, lesson in enumerate(module.lessons[:count]):
        day = release + datetime.timedelta(
            days=min(
                span - 1, int(span * (index + 1) / (len(module.lessons) + 1)) + rng.randint(0, 3)
            )
        )
        services.complete_lesson(
            cohort_course=run,
            user=user,
            lesson_key=lesson.key,
            by=user,
            now=_at(min(day, TODAY - datetime.timedelta(days=1)), 9 + rng.randint(0, 9)),
        )


def _reflect(run, user, mentor, module, rng, *, final_state, submitted_on):
    reflection = services.save_reflection_draft(
        cohort_course=run,
        module_key=module.key,
        user=user,
        text=rng.choice(REFLECTION_TEXTS),
        by=user,
    )
    if final_state == ReflectionState.DRAFT:
        return reflection
    reflection = services.submit_reflection(reflection=reflection, by=user, now=_at(submitted_on))
    if final_state == ReflectionState.SUBMITTED:
        return reflection
    if final_state == ReflectionState.NEEDS_REVISION:
        services.give_feedback(
            reflection=reflection,
            decision="needs_revision",
            comment=rng.choice(FEEDBACK_REVISION),
            by=mentor,
        )
        return reflection
    if rng.random() < 0.3:
        # A first version that needed work, then an approved revision: every version is kept.
        services.give_feedback(
            reflection=reflection,
            decision="needs_revision",
            comment=rng.choice(FEEDBACK_REVISION),
            by=mentor,
        )
        reflection = services.save_reflection_draft(
            cohort_course=run,
            module_key=module.key,
            user=user,
            text=rng.choice(REFLECTION_TEXTS) + " (Revised after my mentor's feedback.)",
            by=user,
        )
        reflection = services.submit_reflection(
            reflection=reflection, by=user, now=_at(submitted_on + datetime.timedelta(days=6))
        )
    services.give_feedback(
        reflection=reflection, decision="approved", comment=rng.choice(FEEDBACK_APPROVED), by=mentor
    )
    return reflection


def _seed_person(run, structure, user, mentor, profile, rng, *, last_state=None):
    _name, full_modules, partial = profile
    modules = structure.modules
    for position, module in enumerate(modules):
        release, due = module.releases_on, module.due_on
        if position < full_modules:
            _complete_module_lessons(run, user, module, len(module.lessons), rng, release, due)
            if module.has_reflection:
                is_last = position == full_modules - 1
                state = ReflectionState.APPROVED
                if is_last and full_modules < len(modules):
                    state = last_state or rng.choice(
                        [ReflectionState.APPROVED] * 2
                        + [ReflectionState.SUBMITTED] * 2
                        + [ReflectionState.NEEDS_REVISION]
                    )
                late = rng.random() < 0.15
                submitted_on = min(
                    due + datetime.timedelta(days=rng.randint(1, 10))
                    if late
                    else due - datetime.timedelta(days=rng.randint(1, 20)),
                    TODAY - datetime.timedelta(days=2),
                )
                _reflect(
                    run, user, mentor, module, rng, final_state=state, submitted_on=submitted_on
                )
        elif position == full_modules and module.is_released(TODAY):
            _complete_module_lessons(run, user, module, partial, rng, release, due)
            if module.has_reflection and partial and rng.random() < 0.4:
                _reflect(
                    run,
                    user,
                    mentor,
                    module,
                    rng,
                    final_state=ReflectionState.DRAFT,
                    submitted_on=TODAY,
                )
            break


def _seed_progress(run, rng, innovators, mentors_of):
    structure = course_structure(run)
    started = set(
        EnrolmentProgress.objects.filter(cohort_course=run).values_list("user_id", flat=True)
    )
    plan = _innovator_plan(rng, [p for p in innovators if p.email != "innovator@example.org"])
    seeded = 0
    mentor_queue = 0
    for person in innovators:
        if person.pk in started:
            continue
        mentor = mentors_of.get(person.pk)
        if person.email == "innovator@example.org":
            # Ana: modules 1–3 approved, module 4 done and its project plan awaiting feedback,
            # one lesson of module 5 done.
            profile, last_state = ("demo", 4, 1), ReflectionState.SUBMITTED
        else:
            profile = plan[person.pk]
            last_state = None
            if (
                mentor is not None
                and mentor.email == "mentor@example.org"
                and mentor_queue < 2
                and profile[1] in (2, 3, 4)
            ):
                last_state = ReflectionState.SUBMITTED
                mentor_queue += 1
        with transaction.atomic():
            _seed_person(run, structure, person, mentor, profile, rng, last_state=last_state)
        seeded += 1
    return seeded


def _seed_extension(run, innovators, coordinator):
    from .models import DueDateExtension

    if DueDateExtension.objects.filter(cohort_course=run).exists():
        return
    structure = course_structure(run)
    module = structure.modules[4]
    schedule = run.schedules.get(pk=module.schedule_id)
    person = next((p for p in innovators if str(p.country) == "RS"), None)
    if person is not None:
        services.grant_extension(
            schedule=schedule,
            user=person,
            due_on=datetime.date(2026, 12, 18),
            reason="The library is moving to its renovated building in November.",
            by=coordinator,
        )


def seed(*, rng, scale, stdout, context):
    cohort = context["cohorts"]["ineli"]
    en, _created = Locale.objects.get_or_create(language_code="en")
    en_home = (context.get("home_pages") or {}).get("en") or _home(en)
    if en_home is None:
        stdout.write("  no English home page: run cms.demo first; curriculum skipped")
        return
    course, created = _build_course(en_home)
    mk, _mk_home_page = _mk_home(en_home)
    translated = _translate_mk(course, mk)
    run = CohortCourse.objects.filter(cohort=cohort, course=course).first()
    if run is None:
        run = services.create_cohort_course(cohort=cohort, course=course, by=None)
        _schedule(run, course)
    run = CohortCourse.objects.select_related("course", "cohort__programme").get(pk=run.pk)

    innovators = list(
        User.objects.filter(memberships__cohort=cohort, memberships__role=Role.INNOVATOR).order_by(
            "email"
        )
    )
    mentors_of = {
        row.innovator_id: row.group.mentor
        for row in MentorGroupMember.objects.filter(cohort=cohort).select_related("group__mentor")
    }
    seeded = _seed_progress(run, rng, innovators, mentors_of)
    coordinator = (
        Membership.objects.filter(cohort=cohort, role=Role.COORDINATOR)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    _seed_extension(run, innovators, coordinator.user if coordinator else None)
    services.refresh_behind_schedule(cohort_course=run)
    context["curriculum"] = {"course": course, "run": run}
    waiting = Reflection.objects.filter(cohort_course=run, state=ReflectionState.SUBMITTED).count()
    stdout.write(
        f"  course “{course.title}” ({'new' if created else 'existing'}), {len(MODULES)} modules, "
        f"{translated} lessons in Macedonian; progress for {seeded} new innovators, "
        f"{waiting} reflections awaiting feedback, "
        f"{run.certificates.filter(revoked_at__isnull=True).count()} certificates"
    )
