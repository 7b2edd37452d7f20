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
