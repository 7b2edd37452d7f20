"""The shape of a course run: modules and lessons in order, with dates, in two queries or so.

Everything is keyed on translation_key, taken from the course in its original language.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from .models import DueDateExtension, LessonPage, ModulePage


@dataclass
class LessonInfo:
    key: object
    page_id: int
    title: str
    minutes: int
    module_key: object


@dataclass
class ModuleInfo:
    key: object
    page_id: int
    title: str
    position: int
    reflection_kind: str
    reflection_title: str
    reflection_required: bool
    reflection_allows_upload: bool
    lessons: list = field(default_factory=list)
    releases_on: date | None = None
    due_on: date | None = None
    schedule_id: int | None = None

    @property
    def has_reflection(self):
        return bool(self.reflection_kind)

    @property
    def needs_approved_reflection(self):
        return bool(self.reflection_kind) and self.reflection_required

    def is_released(self, today=None):
        today = today or timezone.localdate()
        return self.releases_on is not None and self.releases_on <= today


@dataclass
class CourseStructure:
    modules: list
    lessons: dict  # lesson key -> LessonInfo

    @property
    def module_map(self):
        return {module.key: module for module in self.modules}

    @property
    def lesson_count(self):
        return len(self.lessons)

    def ordered_lessons(self):
        return [lesson for module in self.modules for lesson in module.lessons]


# Every page of every course, lesson and schedule shares one generation number: publishing a
# lesson, moving a module or changing a run's dates is rare, and bumping it makes every
# course run's cached structure stale at once (see connect_signals below).
GENERATION_KEY = "curriculum:structure-generation"


def _bump():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def forget_structures(**_kwargs):
    """Make every cached course structure stale (now, and again when the transaction commits,
    so a reader cannot cache what it read between the two)."""
    _bump()
    transaction.on_commit(_bump)


def _page_changed(sender, instance=None, **kwargs):
    """Any page saved or deleted (a course's pages are saved on every edit; news pages
    rarely enough that telling them apart is not worth it)."""
    from wagtail.models import Page

    if isinstance(instance, Page):
        forget_structures()


def connect_signals():
    """Called from the app's ready(): the changes that alter a course's shape or dates."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from .models import ModuleSchedule

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(forget_structures, dispatch_uid=f"curriculum-structure-{signal!r}")
    for signal in (post_save, post_delete):
        signal.connect(_page_changed, dispatch_uid=f"curriculum-structure-page-{signal!r}")
        signal.connect(
            forget_structures,
            sender=ModuleSchedule,
            dispatch_uid=f"curriculum-structure-schedule-{signal!r}",
        )


def course_structure(cohort_course):
    """Modules (with schedule dates) and lessons of a course run.

    Kept on the object for the request and, with ``KOHORTA_STRUCTURE_CACHE``, in the shared
    cache under the run, its course and the course's last publication, checked against the
    generation number in the same round trip (no query at all when nothing changed).
    """
    cached = getattr(cohort_course, "_structure", None)
    if cached is not None:
        return cached
    if not getattr(settings, "KOHORTA_STRUCTURE_CACHE", False):
        structure = _read_structure(cohort_course)
        cohort_course._structure = structure
        return structure
    published = cohort_course.course.last_published_at
    key = (
        f"curriculum:structure:{cohort_course.pk}:{cohort_course.course_id}:"
        f"{published.timestamp() if published else ''}"
    )
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        generation = 1
        cache.add(GENERATION_KEY, generation, None)
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        structure = entry[1]
    else:
        structure = _read_structure(cohort_course)
        cache.set(key, (generation, structure), 24 * 3600)
    cohort_course._structure = structure
    return structure


def _read_structure(cohort_course):
    course = cohort_course.course
    module_rows = (
        ModulePage.objects.live()
        .child_of(course)
        .order_by("path")
        .values_list(
            "id",
            "translation_key",
            "title",
            "path",
            "reflection_kind",
            "reflection_title",
            "reflection_required",
            "reflection_allows_upload",
        )
    )
    modules, by_path = [], {}
    for position, row in enumerate(module_rows, start=1):
        module = ModuleInfo(
            key=row[1],
            page_id=row[0],
            title=row[2],
            position=position,
            reflection_kind=row[4],
            reflection_title=row[5],
            reflection_required=row[6],
            reflection_allows_upload=row[7],
        )
        modules.append(module)
        by_path[row[3]] = module
    lessons = {}
    if modules:
        lesson_rows = (
            LessonPage.objects.live()
            .descendant_of(course)
            .order_by("path")
            .values_list("id", "translation_key", "title", "path", "estimated_minutes")
        )
        step = len(next(iter(by_path)))
        for page_id, key, title, path, minutes in lesson_rows:
            module = by_path.get(path[:step])
            if module is None:
                continue
            lesson = LessonInfo(
                key=key, page_id=page_id, title=title, minutes=minutes, module_key=module.key
            )
            module.lessons.append(lesson)
            lessons[key] = lesson
    module_map = {module.key: module for module in modules}
    for schedule in cohort_course.schedules.all():
        module = module_map.get(schedule.module_key)
        if module is not None:
            module.releases_on = schedule.releases_on
            module.due_on = schedule.due_on
            module.schedule_id = schedule.pk
    return CourseStructure(modules=modules, lessons=lessons)


def extensions_for(cohort_course, user_ids):
    """``{(user_id, schedule_id): due_on}`` for the given people."""
    return {
        (user_id, schedule_id): due_on
        for user_id, schedule_id, due_on in DueDateExtension.objects.filter(
            cohort_course=cohort_course, user_id__in=list(user_ids)
        ).values_list("user_id", "schedule_id", "due_on")
    }


def due_date(module, user_id, extensions):
    if module.schedule_id is None:
        return None
    return extensions.get((user_id, module.schedule_id), module.due_on)
