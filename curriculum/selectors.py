"""Reads for curriculum pages and dashboards; each costs a fixed number of queries."""

import datetime
from dataclasses import dataclass, field

from django.db.models import F, Q
from django.utils import timezone, translation
from wagtail.models import Locale, Page

from cohorts.models import Membership, MentorGroupMember, User
from cohorts.rules import (
    MENTOR_PEOPLE,
    SUPERUSER_PERMS,
    TAKE_PART,
    ambassador_countries,
    cohort_ids_with_perm,
    roles_with,
)

from .badges import linkedin_url
from .enums import ModuleStatus, ReflectionState
from .models import (
    Certificate,
    CohortCourse,
    CoursePage,
    DueDateExtension,
    EnrolmentProgress,
    ModuleSchedule,
    Reflection,
    ReflectionVersion,
)
from .structure import course_structure, due_date, extensions_for

# Course runs a person takes part in -------------------------------------------------------


def cohort_courses_for(user, *perms):
    """Course runs of the cohorts where the person holds one of the permissions."""
    ids = {cid for perm in perms for cid in cohort_ids_with_perm(user, perm)}
    return (
        CohortCourse.objects.filter(cohort_id__in=ids)
        .select_related("course", "cohort__programme")
        .order_by("-cohort__starts_on", "pk")
    )


def visible_cohort_course(user, pk, perm):
    """One course run on which the person holds ``perm`` through their roles (superusers: any
    run, for the permissions they hold everywhere), or None (never another cohort's)."""
    qs = CohortCourse.objects.select_related("course", "cohort__programme").filter(pk=pk)
    if not (user.is_superuser and perm in SUPERUSER_PERMS):
        qs = qs.filter(cohort_id__in=cohort_ids_with_perm(user, perm))
    return qs.first()


def enrolment_for_course_page(user, course_page):
    """The course run of this course (any translation) the person takes as an innovator
    (one query: the membership is joined, not read first)."""
    if not user.is_authenticated:
        return None
    return (
        cohort_courses_for(user, "curriculum.take_course")
        .filter(course_key=course_page.translation_key)
        .select_related("course", "cohort__programme")
        .order_by("-cohort__starts_on", "pk")
        .first()
    )


def staff_view_of_course(user, course_page):
    """Whoever may read a run of this course without taking it (mentors, ambassadors,
    coordinators, observers) and staff read its content."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return (
        cohort_courses_for(user, "curriculum.read_course")
        .filter(course_key=course_page.translation_key)
        .exists()
    )


def course_of(page):
    """The course page above a module or lesson: from the chain of parents routing left on
    the page (no query; a plain ``Page``), else one query."""
    from django.contrib.contenttypes.models import ContentType

    course_type = ContentType.objects.get_for_model(CoursePage).pk
    current = page
    while current is not None:
        if current.content_type_id == course_type:
            return current
        current = getattr(current, "_cached_parent_obj", None)
        if current is not None and current.depth < 2:
            break
    return CoursePage.objects.ancestor_of(page, inclusive=True).first()


# Localised page titles and links ----------------------------------------------------------


def localized_pages(keys, language=None):
    """``{translation_key: page}`` for live pages in the active language (one query)."""
    language = language or translation.get_language() or "en"
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        return {}
    return {
        page.translation_key: page
        for page in Page.objects.filter(translation_key__in=list(keys), locale=locale, live=True)
    }


def localized_or_source_pages(keys, language=None, *, rows=None):
    """``{translation_key: page}``: each live page in the active language, else the page
    ``localized_source_pages`` would give (one query for both; none when ``rows``, the live
    pages of those keys in every language with their locale, are given)."""
    language = language or translation.get_language() or "en"
    if rows is None:
        rows = live_pages_in_every_language(keys)
    chosen = {}
    for page in rows:
        if page.translation_key not in keys:
            continue
        current = chosen.get(page.translation_key)
        if current is None or current.locale.language_code != language:
            chosen[page.translation_key] = page
    return chosen


def live_pages_in_every_language(keys):
    """Live pages of these translation keys in every language, with their locale (one query)."""
    return list(
        Page.objects.filter(translation_key__in=list(keys), live=True)
        .select_related("locale")
        .order_by("translation_key", "pk")
    )


def localized_source_pages(keys):
    return {
        page.translation_key: page
        for page in Page.objects.filter(translation_key__in=list(keys), live=True).order_by(
            "translation_key", "pk"
        )
    }


# The innovator's view ---------------------------------------------------------------------


@dataclass
class ModuleView:
    info: object
    title: str
    url: str
    percent: int
    done: int
    total: int
    released: bool
    due_on: datetime.date | None
    overdue: bool
    lessons: list = field(default_factory=list)
    reflection: object = None


def learner_course(*, cohort_course, user, request=None, today=None):
    """Modules with progress, lessons with links in the active language, and where to continue."""
    today = today or timezone.localdate()
    structure = course_structure(cohort_course)
    enrolment = EnrolmentProgress.objects.filter(cohort_course=cohort_course, user=user).first()
    done_keys = set()
    if enrolment is not None and enrolment.lessons_done:
        from .models import LessonProgress

        done_keys = set(
            LessonProgress.objects.filter(cohort_course=cohort_course, user=user).values_list(
                "lesson_key", flat=True
            )
        )
    extensions = extensions_for(cohort_course, [user.pk])
    reflections = {
        reflection.module_key: reflection
        for reflection in Reflection.objects.filter(cohort_course=cohort_course, author=user)
    }
    keys = [module.key for module in structure.modules] + list(structure.lessons)
    pages = localized_pages(keys)
    fallback = _source_pages(structure)
    modules = []
    continue_lesson = None
    last_key = enrolment.last_lesson_key if enrolment else None
    seen_last = last_key is None
    first_open = None
    for module in structure.modules:
        numbers = enrolment.module(module.key) if enrolment else {"done": 0, "percent": 0}
        page = pages.get(module.key) or fallback.get(module.page_id)
        released = module.is_released(today)
        due = due_date(module, user.pk, extensions)
        total = len(module.lessons)
        view = ModuleView(
            info=module,
            title=page.title if page else module.title,
            url=page.get_url(request) if page else "",
            percent=numbers.get("percent", 0),
            done=numbers.get("done", 0),
            total=total,
            released=released,
            due_on=due,
            overdue=bool(due and due < today and numbers.get("done", 0) < total),
            reflection=reflections.get(module.key),
        )
        for lesson in module.lessons:
            lesson_page = pages.get(lesson.key) or fallback.get(lesson.page_id)
            item = {
                "info": lesson,
                "title": lesson_page.title if lesson_page else lesson.title,
                "url": lesson_page.get_url(request) if lesson_page else "",
                "done": lesson.key in done_keys,
                "translated": lesson.key in pages,
            }
            view.lessons.append(item)
            if released and not item["done"]:
                if first_open is None:
                    first_open = item
                if seen_last and continue_lesson is None:
                    continue_lesson = item
            if lesson.key == last_key:
                seen_last = True
        modules.append(view)
    # The valid certificate, or else the latest revoked one (the page says why its link went).
    latest = (
        Certificate.objects.filter(cohort_course=cohort_course, user=user)
        .order_by(F("revoked_at").desc(nulls_first=True), "-issued_at")
        .first()
    )
    certificate = latest if latest is not None and latest.is_valid else None
    return {
        "revoked_certificate": latest if latest is not None and not latest.is_valid else None,
        "cohort_course": cohort_course,
        "enrolment": enrolment,
        # Before the first lesson is done there is no roll-up row yet; count from the course.
        "lessons_total": enrolment.lessons_total if enrolment else structure.lesson_count,
        "modules": modules,
        "continue_lesson": continue_lesson or first_open,
        "certificate": certificate,
        "linkedin_url": linkedin_url(certificate) if certificate else "",
        "minutes_left": sum(
            lesson["info"].minutes
            for module in modules
            for lesson in module.lessons
            if not lesson["done"]
        ),
    }


def _source_pages(structure):
    ids = [module.page_id for module in structure.modules] + [
        lesson.page_id for lesson in structure.lessons.values()
    ]
    return {page.pk: page for page in Page.objects.filter(pk__in=ids)}


# Dashboards -------------------------------------------------------------------------------


def mentee_ids(user, cohort_course):
    return MentorGroupMember.objects.filter(
        cohort_id=cohort_course.cohort_id, group__mentor=user
    ).values("innovator_id")


def innovators_in_scope(user, cohort_course, scope):
    """The innovators a dashboard may show: a mentor's mentees, an ambassador's country, all."""
    qs = User.objects.filter(
        memberships__cohort_id=cohort_course.cohort_id,
        memberships__role__in=roles_with(TAKE_PART),
    )
    if scope == "mentor":
        qs = qs.filter(pk__in=mentee_ids(user, cohort_course))
    elif scope == "ambassador":
        countries = ambassador_countries(user, cohort_course.cohort_id)
        qs = qs.filter(country__in=list(countries)) if countries else qs.none()
    elif scope not in ("coordinator", "manage"):
        qs = qs.none()
    return qs


STATUS_ICONS = {
    ModuleStatus.DONE: "✔",
    ModuleStatus.IN_PROGRESS: "◐",
    ModuleStatus.OVERDUE: "!",
    ModuleStatus.AWAITING_FEEDBACK: "✉",
    ModuleStatus.NEEDS_REVISION: "↺",
    ModuleStatus.LOCKED: "·",
    ModuleStatus.NOT_STARTED: "○",
}


@dataclass(slots=True)
class PersonRow:
    """What a dashboard shows of a person (read as plain values: no model instances)."""

    pk: int
    full_name: str
    email: str
    country: str
    country_name: str
    organisation: str


@dataclass(slots=True)
class ReflectionRow:
    pk: int
    author: PersonRow
    module_key: object
    state: str
    submitted_at: datetime.datetime | None
    is_late: bool


_MIN_TIME = datetime.datetime.min.replace(tzinfo=datetime.UTC)
SORTS = {
    "name": lambda row: (row["person"].full_name.lower(),),
    "country": lambda row: (row["person"].country_name, row["person"].full_name.lower()),
    "progress": lambda row: (row["percent"], row["person"].full_name.lower()),
    "activity": lambda row: (row["last_activity"] or _MIN_TIME,),
    "waiting": lambda row: (-row["awaiting"], row["person"].full_name.lower()),
}


def progress_grid(
    *, cohort_course, user, scope, today=None, sort="name", status="", country="", query=""
):
    """Innovators x modules for a dashboard, with the queue of reflections awaiting feedback.

    A fixed number of queries whatever the cohort size: structure (3), localised titles (2),
    people, enrolments, extensions and reflections (one each). Rows are read as plain
    values, never as model instances, so a cohort of a thousand stays fast.
    """
    from django_countries import countries as all_countries

    today = today or timezone.localdate()
    structure = course_structure(cohort_course)
    titles = localized_pages([module.key for module in structure.modules])
    modules = [
        {
            "info": module,
            "title": titles[module.key].title if module.key in titles else module.title,
            "released": module.is_released(today),
        }
        for module in structure.modules
    ]
    country_names = {}

    def country_name(code):
        if code not in country_names:
            country_names[code] = str(all_countries.name(code)) if code else ""
        return country_names[code]

    people_qs = innovators_in_scope(user, cohort_course, scope)
    people = [
        PersonRow(
            pk=pk,
            full_name=name,
            email=email,
            country=str(code or ""),
            country_name=country_name(str(code or "")),
            organisation=organisation,
        )
        for pk, name, email, code, organisation in people_qs.order_by("full_name", "pk")
        .values_list("pk", "full_name", "email", "country", "organisation")
        .distinct()
    ]
    by_id = {person.pk: person for person in people}
    enrolments = {
        row[0]: row
        for row in EnrolmentProgress.objects.filter(
            cohort_course=cohort_course, user__in=people_qs.values("pk")
        ).values_list("user_id", "percent", "lessons_done", "modules", "last_activity_at")
    }
    # Extensions are few per course run: read them all rather than filter by a long id list.
    extensions = {
        (user_id, schedule_id): due_on
        for user_id, schedule_id, due_on in DueDateExtension.objects.filter(
            cohort_course=cohort_course
        ).values_list("user_id", "schedule_id", "due_on")
    }
    reflections = {}
    positions = {module["info"].key: module["info"].position for module in modules}
    for pk, author_id, module_key, state, submitted_at, is_late in (
        Reflection.objects.filter(cohort_course=cohort_course, author__in=people_qs.values("pk"))
        .order_by("submitted_at", "pk")
        .values_list("pk", "author_id", "module_key", "state", "submitted_at", "is_late")
    ):
        author = by_id.get(author_id)
        if author is not None:
            # Keyed by (person, module position): hashing UUIDs per cell is slow at 8,000 cells.
            reflections[(author_id, positions.get(module_key))] = ReflectionRow(
                pk, author, module_key, state, submitted_at, is_late
            )
    module_titles = {module["info"].key: module["title"] for module in modules}
    queue = sorted(
        (
            {"reflection": reflection, "module": module_titles.get(reflection.module_key, "")}
            for reflection in reflections.values()
            if reflection.state == ReflectionState.SUBMITTED
        ),
        key=lambda item: (item["reflection"].submitted_at or _MIN_TIME, item["reflection"].pk),
    )
    rows = []
    counts = {module["info"].key: dict.fromkeys(ModuleStatus.values, 0) for module in modules}
    # Per module once: what each cell's status depends on besides the person.
    plan = [
        (
            info,
            str(info.key),
            info.is_released(today),
            len(info.lessons),
            info.needs_approved_reflection,
            counts[info.key],
        )
        for info in (module["info"] for module in modules)
    ]
    empty = {}
    submitted, approved, revision = (
        ReflectionState.SUBMITTED,
        ReflectionState.APPROVED,
        ReflectionState.NEEDS_REVISION,
    )
    locked, awaiting_status, done_status = (
        ModuleStatus.LOCKED,
        ModuleStatus.AWAITING_FEEDBACK,
        ModuleStatus.DONE,
    )
    overdue_status, revision_status = ModuleStatus.OVERDUE, ModuleStatus.NEEDS_REVISION
    progress_status, not_started = ModuleStatus.IN_PROGRESS, ModuleStatus.NOT_STARTED
    for person in people:
        enrolment = enrolments.get(person.pk)
        numbers_by_module = enrolment[3] if enrolment else empty
        statuses = []
        awaiting = 0
        behind = False
        for info, key, released, total, needs_reflection, module_counts in plan:
            done = numbers_by_module.get(key, empty).get("done", 0)
            reflection = reflections.get((person.pk, info.position))
            state = reflection.state if reflection else ""
            due = extensions.get((person.pk, info.schedule_id), info.due_on)
            if not released:
                cell_status = locked
            elif state == submitted:
                cell_status = awaiting_status
                awaiting += 1
            elif total and done >= total and (not needs_reflection or state == approved):
                cell_status = done_status
            elif due is not None and due < today:
                cell_status = overdue_status
                behind = True
            elif state == revision:
                cell_status = revision_status
            elif done or state:
                cell_status = progress_status
            else:
                cell_status = not_started
            module_counts[cell_status] += 1
            statuses.append((cell_status, done, reflection, due))
        rows.append(
            {
                "person": person,
                "percent": enrolment[1] if enrolment else 0,
                "lessons_done": enrolment[2] if enrolment else 0,
                "last_activity": enrolment[4] if enrolment else None,
                "behind": behind,
                "awaiting": awaiting,
                "statuses": statuses,
            }
        )
    total_people = len(rows)
    chart = [
        {
            "title": module["title"],
            "position": module["info"].position,
            "done": counts[module["info"].key][ModuleStatus.DONE],
            "percent": round(100 * counts[module["info"].key][ModuleStatus.DONE] / total_people)
            if total_people
            else 0,
            "counts": counts[module["info"].key],
        }
        for module in modules
    ]
    countries = sorted({row["person"].country for row in rows if row["person"].country})
    if query:
        needle = query.lower()
        rows = [
            row
            for row in rows
            if needle in row["person"].full_name.lower()
            or needle in (row["person"].organisation or "").lower()
        ]
    if country:
        rows = [row for row in rows if row["person"].country == country]
    if status == "behind":
        rows = [row for row in rows if row["behind"]]
    elif status in ModuleStatus.values:
        rows = [row for row in rows if any(item[0] == status for item in row["statuses"])]
    descending = sort.startswith("-")
    key = SORTS.get(sort.lstrip("-"), SORTS["name"])
    rows.sort(key=key, reverse=descending)
    return {
        "modules": modules,
        "rows": rows,
        "extensions": extensions,
        "queue": queue,
        "chart": chart,
        "total_people": total_people,
        "countries": countries,
        "today": today,
    }


def with_cells(grid, rows):
    """Give each row its cells for display (only for the rows shown, e.g. one page)."""
    labels = {value: str(ModuleStatus(value).label) for value in ModuleStatus.values}
    extensions = grid["extensions"]
    infos = [module["info"] for module in grid["modules"]]
    for row in rows:
        person_id = row["person"].pk
        row["cells"] = [
            {
                "status": cell_status,
                "label": labels[cell_status],
                "icon": STATUS_ICONS[cell_status],
                "done": done,
                "total": len(info.lessons),
                "reflection": reflection,
                "due_on": due,
                "extended": (person_id, info.schedule_id) in extensions,
            }
            for info, (cell_status, done, reflection, due) in zip(
                infos, row["statuses"], strict=True
            )
        ]
    return rows


def certificates_of(cohort_course):
    return {
        certificate.user_id: certificate
        for certificate in Certificate.objects.filter(
            cohort_course=cohort_course, revoked_at__isnull=True
        )
    }


def reflection_for(user, pk):
    """A reflection the person may see, else None.

    Its author always; their mentor and the coordinators only once it has been submitted
    (a reflection never submitted is the author's draft, superusers do not see it either).
    """
    reflection = (
        Reflection.objects.select_related(
            "author", "cohort_course__course", "cohort_course__cohort"
        )
        .filter(pk=pk)
        .filter(Q(author_id=user.pk) | Q(submitted_at__isnull=False))
        .first()
    )
    if reflection is None or not user.has_perm("curriculum.view_reflection", reflection):
        return None
    return reflection


def reflection_version_for(user, pk):
    """A version (with its file) the person may read, else None: drafts only to the author."""
    version = (
        ReflectionVersion.objects.select_related("reflection__cohort_course")
        .filter(pk=pk)
        .filter(Q(reflection__author_id=user.pk) | Q(submitted_at__isnull=False))
        .first()
    )
    if version is None or not user.has_perm("curriculum.view_reflection_version", version):
        return None
    return version


def memberships_in(cohort_course, user_id):
    return Membership.objects.filter(
        cohort_id=cohort_course.cohort_id, user_id=user_id, role__in=roles_with(TAKE_PART)
    ).select_related("user")


def course_outline(course_page, *, request=None):
    """Modules and lessons of a course (source-language structure, titles in this language)."""
    from .models import LessonPage, ModulePage

    source = (
        CoursePage.objects.filter(translation_key=course_page.translation_key)
        .filter(locale=Locale.get_default())
        .first()
        or course_page
    )
    module_pages = list(ModulePage.objects.live().child_of(source).order_by("path"))
    lesson_pages = list(LessonPage.objects.live().descendant_of(source).order_by("path"))
    keys = [page.translation_key for page in module_pages + lesson_pages]
    pages = localized_pages(keys)
    outline = []
    by_path = {}
    for module in module_pages:
        shown = pages.get(module.translation_key, module)
        item = {
            "key": module.translation_key,
            "title": shown.title,
            "summary": getattr(shown.specific, "summary", "")
            if shown is not module
            else module.summary,
            "url": shown.get_url(request),
            "lessons": [],
            "reflection_kind": module.reflection_kind,
        }
        outline.append(item)
        by_path[module.path] = item
    for lesson in lesson_pages:
        item = by_path.get(lesson.path[: -lesson.steplen])
        if item is None:
            continue
        shown = pages.get(lesson.translation_key, lesson)
        item["lessons"].append(
            {
                "title": shown.title,
                "url": shown.get_url(request),
                "minutes": lesson.estimated_minutes,
            }
        )
    return outline


def mentor_of(cohort_id, user_id):
    """The innovator's mentor in the cohort (who is still a mentor there), or ``None``."""
    from cohorts.models import Membership, MentorGroupMember

    row = (
        MentorGroupMember.objects.filter(cohort_id=cohort_id, innovator_id=user_id)
        .select_related("group__mentor")
        .first()
    )
    if row is None:
        return None
    mentor = row.group.mentor
    mentoring = roles_with(MENTOR_PEOPLE)
    if not Membership.objects.filter(cohort_id=cohort_id, user=mentor, role__in=mentoring).exists():
        return None
    return mentor


def certificate_with_perm(user, code, perm):
    """The certificate with ``code`` if ``user`` holds ``perm`` on it, else 404."""
    from django.http import Http404

    from .models import Certificate

    certificate = (
        Certificate.objects.select_related("cohort_course__cohort__programme", "user")
        .filter(code=code)
        .first()
    )
    if certificate is None or not user.has_perm(perm, certificate):
        raise Http404
    return certificate


# Reminders and digests (read by the scheduled tasks) ---------------------------------------


@dataclass
class DueReminder:
    user: object
    schedule: object
    module: object
    due_on: datetime.date
    done: int
    total: int


def due_reminders(*, today, days):
    """Innovators with a released module due within ``days`` (their extended date when they
    have one) who have not finished it: one ``DueReminder`` each, by schedule then person."""
    window_end = today + datetime.timedelta(days=days)
    extended_in_window = DueDateExtension.objects.filter(
        due_on__gte=today, due_on__lte=window_end
    ).values("schedule_id")
    schedules = (
        ModuleSchedule.objects.filter(releases_on__lte=today)
        .filter(Q(due_on__gte=today, due_on__lte=window_end) | Q(pk__in=extended_in_window))
        .select_related("cohort_course__course", "cohort_course__cohort", "module")
        .order_by("pk")
    )
    reminders = []
    for schedule in schedules:
        cohort_course = schedule.cohort_course
        module = course_structure(cohort_course).module_map.get(schedule.module_key)
        if module is None or not module.lessons:
            continue
        extended = dict(
            DueDateExtension.objects.filter(schedule=schedule).values_list("user_id", "due_on")
        )
        progress = {
            user_id: modules.get(str(schedule.module_key), {}).get("done", 0)
            for user_id, modules in EnrolmentProgress.objects.filter(
                cohort_course=cohort_course
            ).values_list("user_id", "modules")
        }
        innovators = User.objects.filter(
            memberships__cohort_id=cohort_course.cohort_id,
            memberships__role__in=roles_with(TAKE_PART),
            is_active=True,
        ).order_by("pk")
        for user in innovators:
            due_on = extended.get(user.pk, schedule.due_on)
            done = progress.get(user.pk, 0)
            if today <= due_on <= window_end and done < len(module.lessons):
                reminders.append(
                    DueReminder(user, schedule, module, due_on, done, len(module.lessons))
                )
    return reminders


def reflections_awaiting_feedback_by_mentor():
    """``{mentor: [{"reflection", "module"}, ...]}``: submitted reflections without feedback,
    for the mentor of each author who still holds a mentoring role in that cohort."""
    from collections import defaultdict

    waiting = list(
        Reflection.objects.filter(state=ReflectionState.SUBMITTED)
        .select_related("author", "cohort_course__cohort")
        .order_by("submitted_at")
    )
    if not waiting:
        return {}
    cohort_ids = {reflection.cohort_course.cohort_id for reflection in waiting}
    mentor_of = {
        (row.cohort_id, row.innovator_id): row.group.mentor
        for row in MentorGroupMember.objects.filter(cohort_id__in=cohort_ids).select_related(
            "group__mentor"
        )
    }
    mentoring = set(
        Membership.objects.filter(
            cohort_id__in=cohort_ids, role__in=roles_with(MENTOR_PEOPLE)
        ).values_list("cohort_id", "user_id")
    )
    by_mentor = defaultdict(list)
    for reflection in waiting:
        cohort_id = reflection.cohort_course.cohort_id
        mentor = mentor_of.get((cohort_id, reflection.author_id))
        if mentor is None or (cohort_id, mentor.pk) not in mentoring:
            continue
        module = course_structure(reflection.cohort_course).module_map.get(reflection.module_key)
        by_mentor[mentor].append(
            {"reflection": reflection, "module": module.title if module else ""}
        )
    return dict(by_mentor)


# The dashboards' grid in SQL ----------------------------------------------------------------
#
# progress_grid() above reads the whole scope into Python (the CSV wants every row anyway).
# The dashboards show 50 rows a page: progress_page() filters, sorts and paginates in SQL and
# draws the chart from one aggregate, so a cohort of 5,000 costs what a cohort of 50 does
# apart from the database's own work. The cell statuses of the rows shown come from
# _row_statuses(), the same rules as progress_grid's; the status filters express those rules
# in SQL (_cell_status_expression), so the two must change together (tests/curriculum/
# test_dashboards.py compares them).


def _grid_modules(cohort_course, today):
    structure = course_structure(cohort_course)
    titles = localized_pages([module.key for module in structure.modules])
    return [
        {
            "info": module,
            "title": titles[module.key].title if module.key in titles else module.title,
            "released": module.is_released(today),
        }
        for module in structure.modules
    ]


def _cell_status_alias(cohort_course, info, today, extended_schedules, prefix):
    """One module's cell status for each person of a User queryset, in SQL.

    Returns ``(aliases, status)``: the module's inputs (lessons done, the reflection's state,
    the due date with any extension) to ``alias()`` under ``prefix``, and a Case over them
    with progress_grid's rules, or a constant for a module not released yet.
    """
    from django.db.models import Case, CharField, IntegerField, OuterRef, Subquery, Value, When
    from django.db.models.fields.json import KT
    from django.db.models.functions import Cast, Coalesce

    if not info.is_released(today):
        return {}, Value(ModuleStatus.LOCKED, output_field=CharField())
    done, state, due = f"{prefix}_done", f"{prefix}_state", f"{prefix}_due"
    aliases = {
        done: Coalesce(
            Subquery(
                EnrolmentProgress.objects.filter(
                    cohort_course=cohort_course, user_id=OuterRef("pk")
                )
                .annotate(module_done=Cast(KT(f"modules__{info.key}__done"), IntegerField()))
                .values("module_done")[:1]
            ),
            0,
        ),
        state: Coalesce(
            Subquery(
                Reflection.objects.filter(
                    cohort_course=cohort_course, author_id=OuterRef("pk"), module_key=info.key
                ).values("state")[:1]
            ),
            Value(""),
            output_field=CharField(),
        ),
    }
    if info.schedule_id in extended_schedules:
        aliases[due] = Coalesce(
            Subquery(
                DueDateExtension.objects.filter(
                    schedule_id=info.schedule_id, user_id=OuterRef("pk")
                ).values("due_on")[:1]
            ),
            Value(info.due_on),
        )
    total = len(info.lessons)
    complete = Q(**{f"{done}__gte": total}) if total else Q(pk__in=[])
    if info.needs_approved_reflection:
        complete &= Q(**{state: ReflectionState.APPROVED})
    whens = [
        When(Q(**{state: ReflectionState.SUBMITTED}), then=Value(ModuleStatus.AWAITING_FEEDBACK)),
        When(complete, then=Value(ModuleStatus.DONE)),
    ]
    if due in aliases:
        whens.append(When(Q(**{f"{due}__lt": today}), then=Value(ModuleStatus.OVERDUE)))
    elif info.due_on is not None and info.due_on < today:
        whens.append(When(Q(pk__isnull=False), then=Value(ModuleStatus.OVERDUE)))
    whens += [
        When(
            Q(**{state: ReflectionState.NEEDS_REVISION}),
            then=Value(ModuleStatus.NEEDS_REVISION),
        ),
        When(
            Q(**{f"{done}__gt": 0}) | ~Q(**{state: ""}),
            then=Value(ModuleStatus.IN_PROGRESS),
        ),
    ]
    return aliases, Case(*whens, default=Value(ModuleStatus.NOT_STARTED), output_field=CharField())


def _status_filter(people, cohort_course, modules, today, extended_schedules, status):
    """People with at least one cell in ``status`` ("behind": at least one overdue)."""
    wanted = ModuleStatus.OVERDUE if status == "behind" else status
    condition = Q(pk__in=[])
    for index, module in enumerate(modules):
        aliases, cell = _cell_status_alias(
            cohort_course, module["info"], today, extended_schedules, f"m{index}"
        )
        if not aliases:  # locked: a constant
            if cell.value == wanted:
                return people
            continue
        people = people.alias(**aliases).alias(**{f"m{index}_status": cell})
        condition |= Q(**{f"m{index}_status": wanted})
    return people.filter(condition)


def _sorted_people(people, cohort_course, modules, today, sort):
    from django.db.models import Case, CharField, Count, OuterRef, Subquery, Value, When
    from django.db.models.functions import Coalesce, Lower
    from django_countries import countries as all_countries

    descending = sort.startswith("-")
    name = sort.lstrip("-")
    if name not in SORTS:
        name, descending = "name", False
    by_name = Lower("full_name")
    enrolment = EnrolmentProgress.objects.filter(
        cohort_course=cohort_course, user_id=OuterRef("pk")
    )
    if name == "progress":
        people = people.alias(_percent=Coalesce(Subquery(enrolment.values("percent")[:1]), 0))
        first = F("_percent").desc() if descending else F("_percent").asc()
        tail = [by_name.desc() if descending else by_name.asc()]
    elif name == "activity":
        people = people.alias(_activity=Subquery(enrolment.values("last_activity_at")[:1]))
        first = (
            F("_activity").desc(nulls_last=True)
            if descending
            else F("_activity").asc(nulls_first=True)
        )
        tail = [by_name.asc()]
    elif name == "waiting":
        released = [module["info"].key for module in modules if module["released"]]
        waiting = (
            Reflection.objects.filter(
                cohort_course=cohort_course,
                author_id=OuterRef("pk"),
                state=ReflectionState.SUBMITTED,
                module_key__in=released,
            )
            .order_by()
            .values("author_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        people = people.alias(_waiting=Coalesce(Subquery(waiting), 0))
        first = F("_waiting").asc() if descending else F("_waiting").desc()
        tail = [by_name.desc() if descending else by_name.asc()]
    elif name == "country":
        codes = people.order_by().values_list("country", flat=True).distinct()
        names = Case(
            *[
                When(country=code, then=Value(str(all_countries.name(code))))
                for code in codes
                if code
            ],
            default=Value(""),
            output_field=CharField(),
        )
        people = people.alias(_country_name=names)
        first = F("_country_name").desc() if descending else F("_country_name").asc()
        tail = [by_name.desc() if descending else by_name.asc()]
    else:
        first = by_name.desc() if descending else by_name.asc()
        tail = []
    # Ties in the order progress_grid's stable sort leaves them: by name, then pk.
    return people.order_by(first, *tail, "pk")


def _row_statuses(plan, enrolment, reflections, extensions, person_id, today):
    """The cells of one person's row: (status, done, reflection, due) per module."""
    numbers_by_module = enrolment[3] if enrolment else {}
    statuses, awaiting, behind = [], 0, False
    for info, key, released, total, needs_reflection, module_counts in plan:
        done = numbers_by_module.get(key, {}).get("done", 0)
        reflection = reflections.get((person_id, info.position))
        state = reflection.state if reflection else ""
        due = extensions.get((person_id, info.schedule_id), info.due_on)
        if not released:
            cell_status = ModuleStatus.LOCKED
        elif state == ReflectionState.SUBMITTED:
            cell_status = ModuleStatus.AWAITING_FEEDBACK
            awaiting += 1
        elif (
            total and done >= total and (not needs_reflection or state == ReflectionState.APPROVED)
        ):
            cell_status = ModuleStatus.DONE
        elif due is not None and due < today:
            cell_status = ModuleStatus.OVERDUE
            behind = True
        elif state == ReflectionState.NEEDS_REVISION:
            cell_status = ModuleStatus.NEEDS_REVISION
        elif done or state:
            cell_status = ModuleStatus.IN_PROGRESS
        else:
            cell_status = ModuleStatus.NOT_STARTED
        if module_counts is not None:
            module_counts[cell_status] += 1
        statuses.append((cell_status, done, reflection, due))
    return statuses, awaiting, behind


def _completion_chart(cohort_course, modules, scope_ids, total_people, today):
    """Per module, how many people in scope are done: one aggregate query."""
    from django.db.models import Count, Exists, IntegerField, OuterRef
    from django.db.models.fields.json import KT
    from django.db.models.functions import Cast

    enrolments = EnrolmentProgress.objects.filter(
        cohort_course=cohort_course, user_id__in=scope_ids
    )
    counts = {}
    for index, module in enumerate(modules):
        info = module["info"]
        total = len(info.lessons)
        if not module["released"] or not total:
            continue
        enrolments = enrolments.alias(
            **{f"d{index}": Cast(KT(f"modules__{info.key}__done"), IntegerField())}
        )
        condition = Q(**{f"d{index}__gte": total})
        if info.needs_approved_reflection:
            condition &= Exists(
                Reflection.objects.filter(
                    cohort_course=cohort_course,
                    author_id=OuterRef("user_id"),
                    module_key=info.key,
                    state=ReflectionState.APPROVED,
                )
            )
        counts[f"c{index}"] = Count("pk", filter=condition)
    done = enrolments.aggregate(**counts) if counts else {}
    return [
        {
            "title": module["title"],
            "position": module["info"].position,
            "done": done.get(f"c{index}") or 0,
            "percent": round(100 * (done.get(f"c{index}") or 0) / total_people)
            if total_people
            else 0,
        }
        for index, module in enumerate(modules)
    ]


def progress_page(
    *,
    cohort_course,
    user,
    scope,
    page=None,
    per_page=50,
    today=None,
    sort="name",
    status="",
    country="",
    query="",
    chart=False,
):
    """One page of a dashboard's grid: filters, sort and pagination in SQL.

    A fixed number of queries whatever the cohort size: structure (3, none once cached),
    localised titles (2), extensions, scope count, countries, the page count and rows, the
    page's enrolments and reflections, the queue, and with ``chart`` one aggregate.
    """
    from django.core.paginator import Paginator
    from django_countries import countries as all_countries

    today = today or timezone.localdate()
    modules = _grid_modules(cohort_course, today)
    extensions = {
        (user_id, schedule_id): due_on
        for user_id, schedule_id, due_on in DueDateExtension.objects.filter(
            cohort_course=cohort_course
        ).values_list("user_id", "schedule_id", "due_on")
    }
    extended_schedules = {schedule_id for _user_id, schedule_id in extensions}
    scope_ids = innovators_in_scope(user, cohort_course, scope).values("pk")
    everyone = User.objects.filter(pk__in=scope_ids)
    total_people = everyone.count()
    countries = sorted(
        code for code in everyone.order_by().values_list("country", flat=True).distinct() if code
    )
    people = everyone
    if query:
        people = people.filter(Q(full_name__icontains=query) | Q(organisation__icontains=query))
    if country:
        people = people.filter(country=country)
    if status == "behind" or status in ModuleStatus.values:
        people = _status_filter(people, cohort_course, modules, today, extended_schedules, status)
    people = _sorted_people(people, cohort_course, modules, today, sort)
    paginator = Paginator(
        people.values_list("pk", "full_name", "email", "country", "organisation"), per_page
    )
    page_obj = paginator.get_page(page)
    shown = [
        PersonRow(
            pk=pk,
            full_name=name,
            email=email,
            country=str(code or ""),
            country_name=str(all_countries.name(code)) if code else "",
            organisation=organisation,
        )
        for pk, name, email, code, organisation in page_obj.object_list
    ]
    ids = [person.pk for person in shown]
    by_id = {person.pk: person for person in shown}
    enrolments = {
        row[0]: row
        for row in EnrolmentProgress.objects.filter(
            cohort_course=cohort_course, user_id__in=ids
        ).values_list("user_id", "percent", "lessons_done", "modules", "last_activity_at")
    }
    positions = {module["info"].key: module["info"].position for module in modules}
    reflections = {}
    for pk, author_id, module_key, state, submitted_at, is_late in Reflection.objects.filter(
        cohort_course=cohort_course, author_id__in=ids
    ).values_list("pk", "author_id", "module_key", "state", "submitted_at", "is_late"):
        reflections[(author_id, positions.get(module_key))] = ReflectionRow(
            pk, by_id[author_id], module_key, state, submitted_at, is_late
        )
    plan = [
        (
            module["info"],
            str(module["info"].key),
            module["released"],
            len(module["info"].lessons),
            module["info"].needs_approved_reflection,
            None,
        )
        for module in modules
    ]
    rows = []
    for person in shown:
        enrolment = enrolments.get(person.pk)
        statuses, awaiting, behind = _row_statuses(
            plan, enrolment, reflections, extensions, person.pk, today
        )
        rows.append(
            {
                "person": person,
                "percent": enrolment[1] if enrolment else 0,
                "lessons_done": enrolment[2] if enrolment else 0,
                "last_activity": enrolment[4] if enrolment else None,
                "behind": behind,
                "awaiting": awaiting,
                "statuses": statuses,
            }
        )
    module_titles = {module["info"].key: module["title"] for module in modules}
    queue = []
    for pk, module_key, state, submitted_at, is_late, *author in (
        Reflection.objects.filter(
            cohort_course=cohort_course, author_id__in=scope_ids, state=ReflectionState.SUBMITTED
        )
        .order_by("submitted_at", "pk")
        .values_list(
            "pk",
            "module_key",
            "state",
            "submitted_at",
            "is_late",
            "author_id",
            "author__full_name",
            "author__email",
            "author__country",
            "author__organisation",
        )
    ):
        author_id, name, email, code, organisation = author
        person = PersonRow(author_id, name, email, str(code or ""), "", organisation)
        queue.append(
            {
                "reflection": ReflectionRow(pk, person, module_key, state, submitted_at, is_late),
                "module": module_titles.get(module_key, ""),
            }
        )
    page_obj.object_list = rows
    return {
        "modules": modules,
        "rows": rows,
        "page_obj": page_obj,
        "extensions": extensions,
        "queue": queue,
        "chart": _completion_chart(cohort_course, modules, scope_ids, total_people, today)
        if chart
        else None,
        "total_people": total_people,
        "countries": countries,
        "today": today,
    }
