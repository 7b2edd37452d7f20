"""Curriculum: course content as Wagtail pages, its schedule per cohort, progress and work.

Progress, reflections and schedules are keyed on the pages' ``translation_key``: a lesson
read in Macedonian counts as read in English.
"""

import os
import uuid
from pathlib import Path, PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from .blocks import LessonStreamBlock
from .enums import CompletedVia, FeedbackDecision, ReflectionKind, ReflectionState

# Pages ------------------------------------------------------------------------------------


class OneQueryRestrictions:
    """Wagtail's check of a page's and its ancestors' view restrictions in one query instead
    of two (ancestors, then restrictions): the ancestors are named by path, an alias stands
    for its source page as in Wagtail's own ``get_view_restrictions``."""

    def get_view_restrictions(self):
        from django.db.models import Q
        from wagtail.models import PageViewRestriction

        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        tree = Page.objects.filter(path__in=paths)
        return PageViewRestriction.objects.filter(
            Q(page__in=tree.filter(alias_of__isnull=True).values("pk"))
            | Q(page__in=tree.filter(alias_of__isnull=False).values("alias_of_id"))
        )


class CoursePage(OneQueryRestrictions, Page):
    """A course: an ordered set of modules. Each cohort runs it on its own schedule."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    certificate_title = models.CharField(
        _("title on the certificate"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to use the course title."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("certificate_title")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["curriculum.ModulePage"]

    class Meta:
        verbose_name = _("course")

    def serve(self, request, *args, **kwargs):
        from . import serving

        return serving.serve_course_page(request, self)


class ModulePage(OneQueryRestrictions, Page):
    """A module of a course, with its lessons and, optionally, a reflection to hand in."""

    summary = models.TextField(_("summary"), blank=True, max_length=1000)
    reflection_kind = models.CharField(
        _("reflection"),
        max_length=20,
        choices=ReflectionKind.choices,
        default=ReflectionKind.NONE,
        blank=True,
    )
    reflection_title = models.CharField(_("reflection title"), max_length=200, blank=True)
    reflection_prompt = RichTextField(
        _("what to hand in"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    reflection_required = models.BooleanField(_("required for the certificate"), default=True)
    reflection_allows_upload = models.BooleanField(_("allow a file upload"), default=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("reflection_kind"),
                FieldPanel("reflection_title"),
                FieldPanel("reflection_prompt"),
                FieldRowPanel(
                    [FieldPanel("reflection_required"), FieldPanel("reflection_allows_upload")]
                ),
            ],
            heading=_("Reflection"),
        ),
    ]
    parent_page_types = ["curriculum.CoursePage"]
    subpage_types = ["curriculum.LessonPage"]

    class Meta:
        verbose_name = _("module")

    @property
    def has_reflection(self):
        return bool(self.reflection_kind)

    def serve(self, request, *args, **kwargs):
        from . import serving

        return serving.serve_module_page(request, self)


class LessonPage(OneQueryRestrictions, Page):
    """A lesson: text, media, readings, a discussion prompt and a self-check quiz."""

    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=20)
    summary = models.TextField(_("summary"), blank=True, max_length=1000)
    body = StreamField(LessonStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("estimated_minutes"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    parent_page_types = ["curriculum.ModulePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")

    @property
    def quiz_blocks(self):
        return [block for block in self.body if block.block_type == "quiz"]

    def serve(self, request, *args, **kwargs):
        from . import serving

        return serving.serve_lesson_page(request, self)


# Running a course for a cohort ------------------------------------------------------------


class CohortCourse(ClusterableModel):
    """A course run for one cohort, with a release and due date for each module."""

    cohort = models.ForeignKey(
        "cohorts.Cohort",
        on_delete=models.CASCADE,
        related_name="courses",
        verbose_name=_("cohort"),
    )
    course = models.ForeignKey(
        CoursePage,
        on_delete=models.PROTECT,
        related_name="cohort_runs",
        verbose_name=_("course"),
        help_text=_("The course in its original language; translations follow it."),
    )
    course_key = models.UUIDField(editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("cohort"),
        FieldPanel("course"),
        InlinePanel("schedules", heading=_("Module schedule"), label=_("Module")),
    ]

    class Meta:
        verbose_name = _("course run")
        verbose_name_plural = _("course runs")
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "course"], name="curriculum_one_run_per_cohort"
            )
        ]

    def __str__(self):
        return f"{self.course.title} – {self.cohort.name}"

    def save(self, *args, **kwargs):
        if self.course_id and not self.course_key:
            self.course_key = self.course.translation_key
        super().save(*args, **kwargs)


class ModuleSchedule(models.Model):
    cohort_course = ParentalKey(CohortCourse, on_delete=models.CASCADE, related_name="schedules")
    module = models.ForeignKey(
        ModulePage, on_delete=models.CASCADE, related_name="+", verbose_name=_("module")
    )
    module_key = models.UUIDField(editable=False, db_index=True)
    releases_on = models.DateField(_("released on"))
    due_on = models.DateField(_("due on"))

    panels = [
        FieldPanel("module"),
        FieldRowPanel([FieldPanel("releases_on"), FieldPanel("due_on")]),
    ]

    class Meta:
        verbose_name = _("module schedule")
        ordering = ["releases_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort_course", "module_key"], name="curriculum_schedule_unique_module"
            ),
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("releases_on")),
                name="curriculum_schedule_due_after_release",
            ),
        ]

    def __str__(self):
        return f"{self.module.title}: {self.releases_on} → {self.due_on}"

    def save(self, *args, **kwargs):
        if self.module_id and not self.module_key:
            self.module_key = self.module.translation_key
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.releases_on and self.due_on and self.due_on < self.releases_on:
            raise ValidationError({"due_on": _("A module cannot be due before it is released.")})


class DueDateExtension(models.Model):
    """One person's later due date for one module, with the reason (audited with log())."""

    schedule = models.ForeignKey(
        ModuleSchedule, on_delete=models.CASCADE, related_name="extensions"
    )
    cohort_course = models.ForeignKey(CohortCourse, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    due_on = models.DateField(_("extended due date"))
    reason = models.TextField(_("reason"), max_length=2000)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("extended due date")
        verbose_name_plural = _("extended due dates")
        constraints = [
            models.UniqueConstraint(fields=["schedule", "user"], name="curriculum_one_extension")
        ]

    def __str__(self):
        return f"{self.user} → {self.due_on}"


# Progress ---------------------------------------------------------------------------------


class LessonProgress(models.Model):
    """A lesson one person completed in one course run (keyed on the lesson's translation_key)."""

    cohort_course = models.ForeignKey(CohortCourse, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    lesson_key = models.UUIDField()
    module_key = models.UUIDField()
    completed_at = models.DateTimeField()
    via = models.CharField(max_length=10, choices=CompletedVia.choices)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(
                fields=["cohort_course", "user", "lesson_key"], name="curriculum_progress_unique"
            )
        ]

    def __str__(self):
        return f"{self.user_id}: {self.lesson_key}"


class EnrolmentProgress(models.Model):
    """One innovator's roll-up in one course run, rewritten whenever their progress changes.

    ``modules`` maps each module's translation_key to ``{"done", "total", "percent"}``.
    """

    cohort_course = models.ForeignKey(
        CohortCourse, on_delete=models.CASCADE, related_name="enrolments"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    lessons_done = models.PositiveIntegerField(default=0)
    lessons_total = models.PositiveIntegerField(default=0)
    percent = models.PositiveSmallIntegerField(default=0)
    modules = models.JSONField(default=dict)
    modules_done = models.PositiveSmallIntegerField(default=0)
    last_lesson_key = models.UUIDField(null=True, blank=True)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    behind_schedule = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("enrolment progress")
        verbose_name_plural = _("enrolment progress")
        constraints = [
            models.UniqueConstraint(fields=["cohort_course", "user"], name="curriculum_enrolment")
        ]

    def __str__(self):
        return f"{self.user_id}: {self.percent}%"

    def module(self, module_key):
        return self.modules.get(str(module_key), {"done": 0, "total": 0, "percent": 0})


# Reflections ------------------------------------------------------------------------------


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Uploads nobody may fetch by URL: outside MEDIA_ROOT, served only by a checked view.

    ``KOHORTA_PRIVATE_MEDIA_ROOT`` sets the folder; by default it sits next to MEDIA_ROOT.
    """

    @property
    def base_location(self):
        configured = getattr(settings, "KOHORTA_PRIVATE_MEDIA_ROOT", None)
        return str(configured or Path(settings.MEDIA_ROOT).parent / "private-media")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through a view.")


private_storage = PrivateStorage()


def reflection_upload_path(instance, filename):
    """Uploads get a random name in a fixed folder: the uploader never chooses the path."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"curriculum/reflections/{uuid.uuid4().hex}{suffix}"


class Reflection(models.Model):
    """An innovator's reflection or deliverable for one module; every version is kept."""

    cohort_course = models.ForeignKey(
        CohortCourse, on_delete=models.CASCADE, related_name="reflections"
    )
    module_key = models.UUIDField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflections"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ReflectionState.choices, default=ReflectionState.DRAFT
    )
    submitted_at = models.DateTimeField(_("last submitted"), null=True, blank=True)
    is_late = models.BooleanField(_("submitted late"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        constraints = [
            models.UniqueConstraint(
                fields=["cohort_course", "module_key", "author"], name="curriculum_one_reflection"
            )
        ]
        indexes = [models.Index(fields=["cohort_course", "state"])]

    def __str__(self):
        return f"{self.author} ({self.get_state_display()})"

    @property
    def cohort_id(self):
        return self.cohort_course.cohort_id


class ReflectionVersion(models.Model):
    """One version of a reflection: a draft until submitted, then never changed."""

    reflection = models.ForeignKey(Reflection, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    text = models.TextField(_("text"), max_length=20000, blank=True)
    attachment = models.FileField(
        _("file"),
        upload_to=reflection_upload_path,
        storage=private_storage,
        blank=True,
        max_length=200,
    )
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_size = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    is_late = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["reflection", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["reflection", "number"], name="curriculum_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.reflection_id} v{self.number}"

    @property
    def is_draft(self):
        return self.submitted_at is None


class Feedback(models.Model):
    """A mentor's feedback on one submitted version, with the decision it carried."""

    reflection = models.ForeignKey(Reflection, on_delete=models.CASCADE, related_name="feedback")
    version = models.ForeignKey(
        ReflectionVersion, on_delete=models.CASCADE, related_name="feedback"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=20, choices=FeedbackDecision.choices)
    comment = models.TextField(_("feedback"), max_length=10000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return str(self.get_decision_display())


# Certificates -----------------------------------------------------------------------------


class Certificate(models.Model):
    """A course certificate; what it states is frozen in ``details`` when it is issued."""

    cohort_course = models.ForeignKey(
        CohortCourse, on_delete=models.CASCADE, related_name="certificates"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates"
    )
    code = models.CharField(_("verification code"), max_length=32, unique=True)
    language = models.CharField(max_length=10, default="en")
    details = models.JSONField(default=dict)
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoke_reason = models.TextField(blank=True, max_length=2000)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort_course", "user"],
                condition=models.Q(revoked_at__isnull=True),
                name="curriculum_one_valid_certificate",
            )
        ]

    def __str__(self):
        return self.code

    @property
    def is_valid(self):
        return self.revoked_at is None

    @property
    def cohort_id(self):
        return self.cohort_course.cohort_id
