from django.db import models
from django.utils.translation import gettext_lazy as _


class ThreadKind(models.TextChoices):
    LESSON = "lesson", _("Lesson prompt")
    TOPIC = "topic", _("Discussion topic")
    GENERAL = "general", _("General")
    PAIR = "pair", _("Peer partners")
    MENTOR_GROUP = "mentor_group", _("Mentor group")
    DIRECT = "direct", _("Conversation")


# The cohort's space: threads every participant of the cohort sees.
COHORT_KINDS = (ThreadKind.LESSON, ThreadKind.TOPIC, ThreadKind.GENERAL)
# Threads only their members see (coordinators only once a post in them is reported).
PRIVATE_KINDS = (ThreadKind.PAIR, ThreadKind.MENTOR_GROUP, ThreadKind.DIRECT)


class PostState(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    REMOVED = "removed", _("Removed by its author")
    HIDDEN = "hidden", _("Hidden by a moderator")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    HIDDEN = "hidden", _("Post hidden")
    DISMISSED = "dismissed", _("Dismissed")
