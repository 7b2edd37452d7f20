"""Choices and state tables for calls, applications, peer matching and topics."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    PUBLIC = "public", _("Public library")
    ACADEMIC = "academic", _("Academic library")
    SCHOOL = "school", _("School library")
    SPECIAL = "special", _("Special library")
    STUDENT = "student", _("Library and information student")


class CareerStage(models.TextChoices):
    STUDENT = "student", _("Student")
    EARLY = "early", _("New professional (under 5 years)")
    MID = "mid", _("Mid-career (5 to 15 years)")
    SENIOR = "senior", _("Experienced (over 15 years)")


class Interest(models.TextChoices):
    REFERENCE = "reference", _("Reference and information services")
    CHILDREN = "children", _("Children and young people")
    DIGITAL = "digital", _("Digital services and technology")
    COLLECTIONS = "collections", _("Collection development")
    METADATA = "metadata", _("Cataloguing and metadata")
    LITERACY = "literacy", _("Information literacy")
    COMMUNITY = "community", _("Community engagement and outreach")
    LEADERSHIP = "leadership", _("Leadership and management")
    RESEARCH = "research", _("Research support")
    HERITAGE = "heritage", _("Local studies and heritage")
    ADVOCACY = "advocacy", _("Advocacy and policy")
    SPACES = "spaces", _("Library spaces and design")
    OPEN_ACCESS = "open_access", _("Open access and scholarly communication")
    INCLUSION = "inclusion", _("Accessibility and inclusion")


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("On the waiting list")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    LATER_ROUND = "later_round", _("Moved to a later round")


S = ApplicationState
# Which state an application may move to from each state.
APPLICATION_TRANSITIONS = {
    S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
    S.SUBMITTED: {S.ACCEPTED, S.WAITLISTED, S.DECLINED, S.WITHDRAWN, S.LATER_ROUND},
    S.WAITLISTED: {S.ACCEPTED, S.DECLINED, S.WITHDRAWN, S.LATER_ROUND},
    S.DECLINED: {S.ACCEPTED, S.WAITLISTED},
    S.ACCEPTED: {S.WITHDRAWN},
    S.LATER_ROUND: {S.SUBMITTED, S.WITHDRAWN},
    S.WITHDRAWN: set(),
}
# States the coordinator decides; their e-mails go out in one batch.
DECISION_STATES = {S.ACCEPTED, S.WAITLISTED, S.DECLINED}
# Applications that count as applicants (for the country cap and the selection list).
APPLICANT_STATES = {S.SUBMITTED, S.ACCEPTED, S.WAITLISTED, S.DECLINED, S.LATER_ROUND}
# Moves an applicant may make themselves.
APPLICANT_MOVES = {S.SUBMITTED, S.WITHDRAWN}
# Applications reviewers may score (and change their review of): those awaiting a decision.
REVIEWABLE_STATES = {S.SUBMITTED}
del S


class ReviewRecommendation(models.TextChoices):
    """What a reviewer recommends the coordinators decide (they decide; see ``REVIEWABLE_STATES``)."""

    ACCEPT = "accept", _("Accept")
    WAITLIST = "waitlist", _("Waiting list")
    DECLINE = "decline", _("Decline")
    NONE = "none", _("No recommendation")


class MatchingRunStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    # An earlier published version of the round's matching, replaced by a re-match.
    SUPERSEDED = "superseded", _("Superseded")

    @classmethod
    def partnered(cls):
        """Runs whose people were partners (for "never a partner from an earlier round")."""
        return [cls.PUBLISHED, cls.SUPERSEDED]


class ConstraintKind(models.TextChoices):
    PIN = "pin", _("Pinned pair")
    EXCLUDE = "exclude", _("Never pair")


class MatchingJobState(models.TextChoices):
    """A matching run queued for the task worker (``MatchingJob``)."""

    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")

    @classmethod
    def active(cls):
        """The states in which the round has a run on its way: no second one may start."""
        return [cls.QUEUED, cls.RUNNING]
