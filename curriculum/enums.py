from django.db import models
from django.utils.translation import gettext_lazy as _


class ReflectionKind(models.TextChoices):
    NONE = "", _("No reflection")
    REFLECTION = "reflection", _("Written reflection")
    DELIVERABLE = "deliverable", _("Deliverable")


class ReflectionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting feedback")
    NEEDS_REVISION = "needs_revision", _("Needs revision")
    APPROVED = "approved", _("Approved")

    def allowed_transitions(self):
        """The states a reflection in this state may move to (``REFLECTION_TRANSITIONS``)."""
        return REFLECTION_TRANSITIONS[self]

    @property
    def editable(self):
        """The author may still change the draft (before submitting, or after revision)."""
        return self in EDITABLE_REFLECTION_STATES


# Which state a reflection may move to from each state: the author submits (from a draft
# or after "needs revision"); a mentor or coordinator approves or asks for a revision.
REFLECTION_TRANSITIONS = {
    ReflectionState.DRAFT: {ReflectionState.SUBMITTED},
    ReflectionState.SUBMITTED: {ReflectionState.APPROVED, ReflectionState.NEEDS_REVISION},
    ReflectionState.NEEDS_REVISION: {ReflectionState.SUBMITTED},
    ReflectionState.APPROVED: set(),
}
EDITABLE_REFLECTION_STATES = {ReflectionState.DRAFT, ReflectionState.NEEDS_REVISION}


class FeedbackDecision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    NEEDS_REVISION = "needs_revision", _("Needs revision")


class CompletedVia(models.TextChoices):
    MANUAL = "manual", _("Marked complete")
    QUIZ = "quiz", _("Quiz passed")


class ModuleStatus(models.TextChoices):
    """What a dashboard cell shows for one person and one module."""

    LOCKED = "locked", _("Not released")
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    AWAITING_FEEDBACK = "awaiting", _("Awaiting feedback")
    NEEDS_REVISION = "revision", _("Needs revision")
    OVERDUE = "overdue", _("Overdue")
    DONE = "done", _("Done")
