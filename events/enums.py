from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionKind(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    LECTURE = "lecture", _("Lecture")
    STUDY_VISIT = "study_visit", _("Study visit")
    MENTORING = "mentoring", _("Mentoring session")
    TEAM_BUILDING = "team_building", _("Team building")
    SOCIAL = "social", _("Social")
    PLENARY = "plenary", _("Plenary")
    BREAK = "break", _("Break")


class RegistrationState(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    OFFERED = "offered", _("Place offered")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class SignupState(models.TextChoices):
    CONFIRMED = "confirmed", _("Signed up")
    OFFERED = "offered", _("Place offered")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


# The state sets each workflow groups together, on its enum (``RegistrationState.active``):
#   placed   the state of someone who has a place
#   holding  states that take one of the places (an offer keeps the place until it lapses)
#   active   states that hold or wait for a place; a cancelled row keeps its history
#   tentative  states shown as STATUS:TENTATIVE in the personal calendar feed
for _states, _placed in (
    (RegistrationState, RegistrationState.REGISTERED),
    (SignupState, SignupState.CONFIRMED),
):
    _states.placed = _placed
    _states.holding = frozenset({_placed, _states.OFFERED})
    _states.active = frozenset({_placed, _states.OFFERED, _states.WAITLISTED})
    _states.tentative = frozenset({_states.OFFERED, _states.WAITLISTED})

R, S = RegistrationState, SignupState

# Which state a registration may move to from each state (``None``: no row yet). A full
# meeting queues people; a free place is offered to the first in the queue (or given at
# once when KOHORTA_WAITLIST_CONFIRM_HOURS is 0); an offer is confirmed, declined or lapses.
REGISTRATION_TRANSITIONS = {
    None: {R.REGISTERED, R.WAITLISTED},
    R.WAITLISTED: {R.OFFERED, R.REGISTERED, R.CANCELLED},
    R.OFFERED: {R.REGISTERED, R.CANCELLED},
    R.REGISTERED: {R.CANCELLED},
    R.CANCELLED: {R.REGISTERED, R.WAITLISTED},
}

# The same workflow for a place in a limited session.
SIGNUP_TRANSITIONS = {
    None: {S.CONFIRMED, S.WAITLISTED},
    S.WAITLISTED: {S.OFFERED, S.CONFIRMED, S.CANCELLED},
    S.OFFERED: {S.CONFIRMED, S.CANCELLED},
    S.CONFIRMED: {S.CANCELLED},
    S.CANCELLED: {S.CONFIRMED, S.WAITLISTED},
}

del R, S


class CancelCause(models.TextChoices):
    """Why a place was given up (in the log and the person's notice)."""

    CANCELLED = "cancelled", _("Cancelled")
    DECLINED = "declined", _("Offer declined")
    EXPIRED = "expired", _("Offer not confirmed in time")


class BadgeRole(models.TextChoices):
    """The role printed as a coloured band on a meeting badge (with its name: not colour only)."""

    INNOVATOR = "innovator", _("Innovator")
    MENTOR = "mentor", _("Mentor")
    AMBASSADOR = "ambassador", _("Ambassador")
    SPEAKER = "speaker", _("Speaker")
    STAFF = "staff", _("Staff")

    @property
    def colour(self):
        # Each reads white text at WCAG AA (4.5:1 or more).
        return {
            "innovator": "#0B5CAD",
            "mentor": "#1E6B35",
            "ambassador": "#A33F00",
            "speaker": "#6B1F7A",
            "staff": "#333F4F",
        }[self.value]


class BadgeLayout(models.TextChoices):
    A6 = "a6", _("A6, one per page")
    FOUR = "4", _("Four per A4 page")
    EIGHT = "8", _("Eight per A4 page")
