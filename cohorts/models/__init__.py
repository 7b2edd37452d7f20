"""The cohorts app's models, one module per part; all of them importable from here.

``people``: users, programmes, cohorts, memberships, mentor groups, invitations;
``intake``: calls, review rubrics, applications, reviewers' notes and reviews, discussion
topics;
``matching``: peer matching runs, pairs and constraints. One app label (``cohorts``), so
the tables keep their names.
"""

from .intake import (
    Application,
    ApplicationNote,
    ApplicationReview,
    ApplicationScore,
    Call,
    CallQuestion,
    DiscussionTopic,
    ReviewCriterion,
)
from .matching import MatchingConstraint, MatchingJob, MatchingRun, PeerPair
from .people import (
    COMMON_LANGUAGE_CODES,
    SECTORS,
    SPOKEN_LANGUAGES,
    Cohort,
    Invitation,
    Membership,
    MentorGroup,
    MentorGroupMember,
    Programme,
    User,
    UserManager,
    branding_upload_path,
    photo_upload_path,
    signature_upload_path,
    spoken_language_choices,
    spoken_language_name,
)

__all__ = [
    "COMMON_LANGUAGE_CODES",
    "SECTORS",
    "SPOKEN_LANGUAGES",
    "spoken_language_choices",
    "spoken_language_name",
    "Application",
    "ApplicationNote",
    "ApplicationReview",
    "ApplicationScore",
    "Call",
    "CallQuestion",
    "Cohort",
    "DiscussionTopic",
    "Invitation",
    "MatchingConstraint",
    "MatchingJob",
    "MatchingRun",
    "Membership",
    "MentorGroup",
    "MentorGroupMember",
    "PeerPair",
    "Programme",
    "ReviewCriterion",
    "User",
    "UserManager",
    "branding_upload_path",
    "photo_upload_path",
    "signature_upload_path",
]
