from django.db import models
from django.utils.translation import gettext_lazy as _


class CohortStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for applications")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")


# Which status a cohort may move to from each status.
COHORT_TRANSITIONS = {
    CohortStatus.DRAFT: {CohortStatus.OPEN, CohortStatus.RUNNING},
    CohortStatus.OPEN: {CohortStatus.DRAFT, CohortStatus.RUNNING},
    CohortStatus.RUNNING: {CohortStatus.FINISHED},
    CohortStatus.FINISHED: {CohortStatus.RUNNING},
}


class Role(models.TextChoices):
    INNOVATOR = "innovator", _("Innovator")
    MENTOR = "mentor", _("Mentor")
    AMBASSADOR = "ambassador", _("Ambassador")
    JURY = "jury", _("Jury member")
    OBSERVER = "observer", _("Observer")
    COORDINATOR = "coordinator", _("Coordinator")


# How a cohort's head count names each role (what each role may do: rules.ROLE_CAPABILITIES).
ROLE_PLURALS = {
    Role.INNOVATOR: _("Innovators"),
    Role.MENTOR: _("Mentors"),
    Role.AMBASSADOR: _("Ambassadors"),
    Role.JURY: _("Jury members"),
    Role.OBSERVER: _("Observers"),
    Role.COORDINATOR: _("Coordinators"),
}
