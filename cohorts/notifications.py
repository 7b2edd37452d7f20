"""Cohorts' kinds of notification (see notifications/registry.py)."""

from django.utils.translation import gettext_lazy as _

from notifications.enums import Channel
from notifications.registry import Kind, register

INVITATION = register(
    Kind(
        "cohorts.invitation",
        _("Invitation to set up your account"),
        template="cohorts/email/invitation",
        can_turn_off=False,
        keep_text=False,
        description="A person invited to a cohort (an account e-mail with a one-time link).",
    )
)
ADDED_TO_COHORT = register(
    Kind(
        "cohorts.added_to_cohort",
        _("You were added to a cohort"),
        template="cohorts/email/added_to_cohort",
        description="A person who already has an account, added to a cohort by CSV import.",
    )
)
APPLICATION_RECEIVED = register(
    Kind(
        "cohorts.application_received",
        _("Your application was received"),
        template="cohorts/intake/email/received",
        can_turn_off=False,
        description="The applicant, with a copy of their answers, when they submit.",
    )
)
APPLICATION_DECISION = register(
    Kind(
        "cohorts.application_decision",
        _("Decision on your application"),
        template="cohorts/intake/email/decision",
        can_turn_off=False,
        description="The applicant, when the decisions of a call are sent.",
    )
)
LATER_ROUND = register(
    Kind(
        "cohorts.later_round",
        _("Your application moved to a later round"),
        template="cohorts/intake/email/later_round",
        can_turn_off=False,
        description="An applicant moved to a later round by the country cap.",
    )
)
PARTNER = register(
    Kind(
        "cohorts.matching_partner",
        _("Your peer partner"),
        template="cohorts/intake/email/partner",
        description=(
            "Each participant of a published peer matching; when a re-match is published, "
            "only the people whose partner changed."
        ),
    )
)
TOPIC = register(
    Kind(
        "cohorts.discussion_topic",
        _("A new discussion topic"),
        template="cohorts/intake/email/topic",
        description="Innovators of the cohort when a fortnight's topic starts.",
    )
)
MATCHING_FINISHED = register(
    Kind(
        "cohorts.matching_finished",
        _("Your matching run has finished"),
        template="cohorts/intake/email/matching_finished",
        description=(
            "The coordinator who started a peer matching run that took a while, when the "
            "task worker has finished it (or it failed)."
        ),
    )
)
MATCHING_UNPUBLISHED = register(
    Kind(
        "cohorts.matching_unpublished",
        _("Your peer partner has changed"),
        template="cohorts/intake/email/unpublished",
        description=(
            "Participants whose partner changes when a coordinator unpublishes the round's "
            "peer matching (the earlier version, if any, applies again)."
        ),
    )
)
REVIEW_RECOMMENDATION = register(
    Kind(
        "cohorts.review_recommendation",
        _("An ambassador recommended a decision"),
        template="cohorts/intake/email/recommendation",
        default=Channel.DAILY,
        description=(
            "The cohort's coordinators, when an ambassador submits a review of an application "
            "with a recommendation (in the daily digest unless they choose otherwise)."
        ),
    )
)
