"""Choices and the proposal workflow for grants.

Every set of proposal states the code asks about is a classmethod of ``ProposalState``
(``ProposalState.assignable()``, ``.ranked()``...), and every move between states is one
row of ``PROPOSAL_TRANSITIONS`` with the permission it needs. Adding a state means: the
member and its sets here, its rows in the table, a migration (the field's choices) and
tests; the coordinator's buttons come from ``services.allowed_transitions``.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

MANAGE = "grants.manage_call"
EDIT = "grants.edit_proposal"


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Ineligible")
    INFO_REQUESTED = "info_requested", _("More information requested")
    IN_REVIEW = "in_review", _("In review")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    AWARDED = "awarded", _("Awarded")
    NOT_FUNDED = "not_funded", _("Not funded")
    WITHDRAWN = "withdrawn", _("Withdrawn")

    @classmethod
    def editable(cls):
        """The applicant may still change the proposal."""
        return frozenset({cls.DRAFT})

    @classmethod
    def handed_in(cls):
        """The deadline has been met (submitted at least once, not withdrawn)."""
        return frozenset(set(cls) - {cls.DRAFT, cls.WITHDRAWN})

    @classmethod
    def assignable(cls):
        """Jurors may be assigned to the proposal."""
        return frozenset({cls.ELIGIBLE, cls.IN_REVIEW, cls.SHORTLISTED})

    @classmethod
    def reviewable(cls):
        """Assigned jurors may save and submit reviews."""
        return frozenset({cls.IN_REVIEW, cls.SHORTLISTED})

    @classmethod
    def visible_to_jury(cls):
        """Assigned, unconflicted jurors see the proposal in their list."""
        return frozenset(
            {
                cls.ELIGIBLE,
                cls.INFO_REQUESTED,
                cls.IN_REVIEW,
                cls.SHORTLISTED,
                cls.AWARDED,
                cls.NOT_FUNDED,
            }
        )

    @classmethod
    def awaiting_reviews(cls):
        """Still being judged: decisions wait until each of these has all its reviews."""
        return frozenset({cls.ELIGIBLE, cls.INFO_REQUESTED, cls.IN_REVIEW, cls.SHORTLISTED})

    @classmethod
    def ranked(cls):
        """Shown in the ranking and on the decisions page."""
        return frozenset(
            {cls.INFO_REQUESTED, cls.IN_REVIEW, cls.SHORTLISTED, cls.AWARDED, cls.NOT_FUNDED}
        )

    @classmethod
    def decidable(cls):
        """A decision may be saved, and the batch releases it."""
        return frozenset({cls.IN_REVIEW, cls.SHORTLISTED})

    @classmethod
    def decided(cls):
        """Entered only by releasing a decision (``send_decisions``), never by a button."""
        return frozenset({cls.AWARDED, cls.NOT_FUNDED})

    @classmethod
    def secondary(cls):
        """Buttons to these states are drawn as secondary (they end or set back a proposal)."""
        return frozenset({cls.INELIGIBLE, cls.WITHDRAWN, cls.INFO_REQUESTED})

    @classmethod
    def final(cls):
        """No move leads out of these (read from the transition table)."""
        return frozenset(state for state in cls if not targets(state))

    @property
    def needs_note(self):
        """Moving into this state needs a message to the applicants."""
        return self == ProposalState.INFO_REQUESTED

    @property
    def is_secondary(self):
        return self in ProposalState.secondary()

    @property
    def button_label(self):
        """What a button moving a proposal into this state says."""
        labels = {
            ProposalState.DRAFT: _("Reopen for editing"),
            ProposalState.SUBMITTED: _("Submit"),
            ProposalState.INFO_REQUESTED: _("Request more information"),
        }
        return labels.get(self) or _("Mark as %(label)s") % {"label": self.label}


@dataclass(frozen=True)
class Transition:
    """One allowed move; whoever holds any of ``perms`` on the proposal may make it.

    ``button`` is False for moves only a service makes (releasing a decision).
    """

    source: ProposalState
    target: ProposalState
    perms: tuple = (MANAGE,)
    button: bool = True


S = ProposalState
T = Transition

PROPOSAL_TRANSITIONS = [
    T(S.DRAFT, S.SUBMITTED, (EDIT,)),
    T(S.DRAFT, S.WITHDRAWN, (EDIT, MANAGE)),
    T(S.SUBMITTED, S.DRAFT, (EDIT,)),
    T(S.SUBMITTED, S.WITHDRAWN, (EDIT, MANAGE)),
    T(S.SUBMITTED, S.ELIGIBLE),
    T(S.SUBMITTED, S.INELIGIBLE),
    T(S.SUBMITTED, S.INFO_REQUESTED),
    T(S.ELIGIBLE, S.IN_REVIEW),
    T(S.ELIGIBLE, S.INELIGIBLE),
    T(S.ELIGIBLE, S.INFO_REQUESTED),
    T(S.ELIGIBLE, S.WITHDRAWN, (EDIT, MANAGE)),
    T(S.INELIGIBLE, S.ELIGIBLE),
    T(S.INFO_REQUESTED, S.SUBMITTED),
    T(S.INFO_REQUESTED, S.ELIGIBLE),
    T(S.INFO_REQUESTED, S.INELIGIBLE),
    T(S.INFO_REQUESTED, S.IN_REVIEW),
    T(S.INFO_REQUESTED, S.SHORTLISTED),
    T(S.INFO_REQUESTED, S.WITHDRAWN, (EDIT, MANAGE)),
    T(S.IN_REVIEW, S.SHORTLISTED),
    T(S.IN_REVIEW, S.INFO_REQUESTED),
    T(S.IN_REVIEW, S.AWARDED, (MANAGE,), button=False),
    T(S.IN_REVIEW, S.NOT_FUNDED, (MANAGE,), button=False),
    T(S.IN_REVIEW, S.WITHDRAWN, (EDIT, MANAGE)),
    T(S.SHORTLISTED, S.IN_REVIEW),
    T(S.SHORTLISTED, S.INFO_REQUESTED),
    T(S.SHORTLISTED, S.AWARDED, (MANAGE,), button=False),
    T(S.SHORTLISTED, S.NOT_FUNDED, (MANAGE,), button=False),
    T(S.SHORTLISTED, S.WITHDRAWN, (EDIT, MANAGE)),
]
TRANSITIONS = {(t.source, t.target): t for t in PROPOSAL_TRANSITIONS}


def transition(source, target):
    """The table's row for a move, or ``None`` when the move is not allowed."""
    return TRANSITIONS.get((ProposalState(source), ProposalState(target)))


def targets(source):
    """States a proposal in ``source`` may move to, in the enum's order."""
    source = ProposalState(source)
    return [state for state in ProposalState if (source, state) in TRANSITIONS]


class Recommendation(models.TextChoices):
    YES = "yes", _("Yes, fund it")
    MAYBE = "maybe", _("Maybe")
    NO = "no", _("No")


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class ConflictReason(models.TextChoices):
    DECLARED = "declared", _("Declared by the juror")
    APPLICANT = "applicant", _("The juror is the applicant")
    SAME_ORGANISATION = "same_organisation", _("Same organisation as an applicant")
    CO_APPLICANT = "co_applicant", _("The juror is a co-applicant")
    MENTOR = "mentor", _("The juror is the applicant's mentor")
    SAME_COUNTRY = "same_country", _("Same country as the applicant")


class Outcome(models.TextChoices):
    AWARD = "award", _("Award")
    NOT_FUNDED = "not_funded", _("Not funded")


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    LATE = "late", _("Late")
    CANCELLED = "cancelled", _("Cancelled")


class ReportKind(models.TextChoices):
    PROGRESS = "progress", _("Progress report")
    FINAL = "final", _("Final report")


class ExportState(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")
