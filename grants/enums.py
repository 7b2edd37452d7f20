"""Choices and the proposal state machine for grants."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Ineligible")
    IN_REVIEW = "in_review", _("In review")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    AWARDED = "awarded", _("Awarded")
    NOT_FUNDED = "not_funded", _("Not funded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = ProposalState

# Which state a proposal may move to from each state.
PROPOSAL_TRANSITIONS = {
    S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
    S.SUBMITTED: {S.DRAFT, S.ELIGIBLE, S.INELIGIBLE, S.WITHDRAWN},
    S.ELIGIBLE: {S.IN_REVIEW, S.INELIGIBLE, S.WITHDRAWN},
    S.INELIGIBLE: {S.ELIGIBLE},
    S.IN_REVIEW: {S.SHORTLISTED, S.AWARDED, S.NOT_FUNDED, S.WITHDRAWN},
    S.SHORTLISTED: {S.IN_REVIEW, S.AWARDED, S.NOT_FUNDED, S.WITHDRAWN},
    S.AWARDED: set(),
    S.NOT_FUNDED: set(),
    S.WITHDRAWN: set(),
}

# Transitions the lead applicant makes; every other one is the coordinator's.
APPLICANT_TRANSITIONS = {
    (S.DRAFT, S.SUBMITTED),
    (S.SUBMITTED, S.DRAFT),
    (S.DRAFT, S.WITHDRAWN),
    (S.SUBMITTED, S.WITHDRAWN),
    (S.ELIGIBLE, S.WITHDRAWN),
    (S.IN_REVIEW, S.WITHDRAWN),
    (S.SHORTLISTED, S.WITHDRAWN),
}
# Transitions only the decision batch makes (``send_decisions``), never a button.
DECISION_STATES = {S.AWARDED, S.NOT_FUNDED}
# States in which the applicant may still change the proposal.
EDITABLE_STATES = {S.DRAFT}
# States the jury works on.
REVIEWABLE_STATES = {S.IN_REVIEW, S.SHORTLISTED}
# States that count as "handed in" (the deadline has been met).
HANDED_IN_STATES = {
    S.SUBMITTED,
    S.ELIGIBLE,
    S.INELIGIBLE,
    S.IN_REVIEW,
    S.SHORTLISTED,
    S.AWARDED,
    S.NOT_FUNDED,
}


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
