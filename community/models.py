"""Cohort discussions and private threads.

A cohort's space is its threads of the kinds in ``COHORT_KINDS``; private threads (peer
partners, mentor groups, two people) have their participants as ``ThreadMember`` rows.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from curriculum.models import private_storage

from .enums import PostState, ReportStatus, ThreadKind

MAX_POST_LENGTH = 10_000


def attachment_upload_path(instance, filename):
    """A random name in a fixed folder: the uploader never chooses the path."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"community/attachments/{uuid.uuid4().hex}{suffix}"


class Thread(models.Model):
    cohort = models.ForeignKey(
        "cohorts.Cohort",
        on_delete=models.CASCADE,
        related_name="threads",
        null=True,
        blank=True,
        verbose_name=_("cohort"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ThreadKind.choices)
    title = models.CharField(_("title"), max_length=200)
    # Lesson threads: the lesson's translation_key, shared by every translation.
    lesson_key = models.UUIDField(null=True, blank=True)
    topic = models.OneToOneField(
        "cohorts.DiscussionTopic",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="thread",
    )
    peer_pair = models.OneToOneField(
        "cohorts.PeerPair", on_delete=models.CASCADE, null=True, blank=True, related_name="thread"
    )
    mentor_group = models.OneToOneField(
        "cohorts.MentorGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="thread",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_post_at = models.DateTimeField(null=True, blank=True)
    last_post_id_cache = models.PositiveBigIntegerField(default=0)
    post_count = models.PositiveIntegerField(default=0)
    locked = models.BooleanField(_("locked"), default=False)
    pinned = models.BooleanField(_("pinned"), default=False)
    # Set when a post in it is reported: coordinators may then read a private thread.
    reported = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        ordering = ["-pinned", "-last_post_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "lesson_key"],
                condition=models.Q(kind="lesson"),
                name="community_one_lesson_thread_per_cohort",
            ),
        ]
        indexes = [models.Index(fields=["cohort", "kind", "-pinned", "-last_post_at"])]

    def __str__(self):
        return self.title

    @property
    def is_private(self):
        from .enums import PRIVATE_KINDS

        return self.kind in PRIVATE_KINDS

    @property
    def display_title(self):
        """A private thread's name is its kind, in the reader's language (lazy); a lesson
        or topic thread's is its lesson's or topic's title in that language when the
        selector read it (``selectors.with_lesson_titles``)."""
        if self.is_private:
            return ThreadKind(self.kind).label
        return (
            getattr(self, "lesson_title", None) or getattr(self, "topic_title", None) or self.title
        )


class ThreadMember(models.Model):
    """A person's place in a thread: participant of a private thread, follower, read marker."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_memberships"
    )
    participant = models.BooleanField(default=False)
    following = models.BooleanField(default=False)
    last_read_post_id = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="community_member_once"),
        ]
        indexes = [models.Index(fields=["user", "participant"])]

    def __str__(self):
        return f"{self.user_id} in {self.thread_id}"


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="community_posts",
    )
    body = models.TextField(_("message"), max_length=MAX_POST_LENGTH)
    body_html = models.TextField(editable=False, blank=True)
    quoted = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = models.CharField(max_length=10, choices=PostState.choices, default=PostState.VISIBLE)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    attachment = models.FileField(
        _("image or file"),
        upload_to=attachment_upload_path,
        storage=private_storage,
        blank=True,
        max_length=200,
    )
    attachment_name = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["thread", "id"]),
            models.Index(fields=["author", "created_at"]),
        ]

    def __str__(self):
        return f"#{self.pk} in {self.thread_id}"

    @property
    def is_visible(self):
        return self.state == PostState.VISIBLE

    @property
    def is_image(self):
        return PurePath(self.attachment_name).suffix.lower() in {".png", ".jpg", ".jpeg"}


class Report(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(_("reason"), max_length=1000)
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=models.Q(status="open"),
                name="community_one_open_report_per_person",
            ),
        ]

    def __str__(self):
        return f"Report on {self.post_id}"
