"""Grants' kinds of notification (see notifications/registry.py)."""

from django.utils.translation import gettext_lazy as _

from notifications.registry import Kind, register

PROPOSAL_SUBMITTED = register(
    Kind(
        "grants.proposal_submitted",
        _("A proposal was submitted"),
        template="grants/email/proposal_submitted",
        description="The applicant and every co-applicant of a submitted proposal.",
    )
)
CO_APPLICANT_ADDED = register(
    Kind(
        "grants.co_applicant_added",
        _("You were added as a co-applicant"),
        template="grants/email/co_applicant_added",
        description="The person added as a co-applicant to a proposal.",
    )
)
REVIEW_ASSIGNED = register(
    Kind(
        "grants.review_assigned",
        _("A proposal to review"),
        template="grants/email/review_assigned",
        description="The juror assigned to review a proposal.",
    )
)
REVIEW_REMINDER = register(
    Kind(
        "grants.review_reminder",
        _("Reviews due soon"),
        template="grants/email/review_reminder",
        description="Jurors with unsubmitted reviews, a set number of days before the "
        "review deadline (KOHORTA_REVIEW_REMINDER_DAYS).",
    )
)
DECISION = register(
    Kind(
        "grants.decision",
        _("Decision on a proposal"),
        template="grants/email/decision",
        can_turn_off=False,
        description="The applicant and every co-applicant, when a decision is released.",
    )
)
REPORT_REMINDER = register(
    Kind(
        "grants.report_reminder",
        _("A report is due soon"),
        template="grants/email/report_reminder",
        description="The funded applicant, a week before a milestone's report is due.",
    )
)
PROPOSAL_MESSAGE = register(
    Kind(
        "grants.proposal_message",
        _("A message about a proposal"),
        template="grants/email/proposal_message",
        description="A coordinator's message or request for more information goes to the "
        "applicant and every co-applicant; an applicant's message goes to the cohort's "
        "coordinators.",
    )
)
REVIEW_NUDGE = register(
    Kind(
        "grants.review_nudge",
        _("A coordinator's reminder about your reviews"),
        template="grants/email/review_nudge",
        description="A juror the coordinator reminds from the review-progress page (at most "
        "once a day per call), with the reviews still to submit.",
    )
)
