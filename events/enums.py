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
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class SignupState(models.TextChoices):
    CONFIRMED = "confirmed", _("Signed up")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


# States that hold (or wait for) a place; a cancelled row keeps its history.
ACTIVE_REGISTRATION_STATES = {RegistrationState.REGISTERED, RegistrationState.WAITLISTED}
ACTIVE_SIGNUP_STATES = {SignupState.CONFIRMED, SignupState.WAITLISTED}


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
