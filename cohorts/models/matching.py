"""Peer matching runs, their pairs and the coordinator's pins and exclusions
(services: ``cohorts/intake/matching/``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..intake.enums import ConstraintKind, MatchingJobState, MatchingRunStatus
from .people import Cohort


class MatchingRun(models.Model):
    """One run of the peer matching with its parameters and result.

    One run per round is published at a time. A re-match (``base_run`` set) keeps the
    partners of the published run it starts from and matches only the people affected
    by dropouts and late joiners; publishing it supersedes ``base_run``.
    """

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="matching_runs", verbose_name=_("cohort")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MatchingRunStatus.choices,
        default=MatchingRunStatus.DRAFT,
    )
    weights = models.JSONField(_("weights"), default=dict)
    top_k = models.PositiveSmallIntegerField(_("candidates per person"), default=8)
    seed = models.PositiveIntegerField(_("random seed"), default=0)
    total_score = models.IntegerField(_("total score"), default=0)
    participant_count = models.PositiveIntegerField(default=0)
    unplaced = models.JSONField(default=list, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    base_run = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rematches",
        verbose_name=_("re-match of"),
    )

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return _("Run %(number)s") % {"number": self.pk}


class PeerPair(models.Model):
    """Partners of a round (a trio when the number of participants is odd)."""

    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="pairs")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="+")
    person_a = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    person_b = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    person_c = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    score = models.IntegerField(default=0)
    reasons = models.JSONField(default=list)
    pinned = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["cohort", "person_a"]),
            models.Index(fields=["cohort", "person_b"]),
            models.Index(fields=["cohort", "person_c"]),
        ]

    def __str__(self):
        return " – ".join(str(person) for person in self.people)

    @property
    def people(self):
        return [p for p in (self.person_a, self.person_b, self.person_c) if p is not None]

    @property
    def people_ids(self):
        return [p for p in (self.person_a_id, self.person_b_id, self.person_c_id) if p]


class MatchingConstraint(models.Model):
    """A coordinator's pinned pair (always together) or exclusion (never together)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=ConstraintKind.choices)
    person_a = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    person_b = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "person_a", "person_b"], name="cohorts_matching_constraint_once"
            ),
            models.CheckConstraint(
                condition=models.Q(person_a__lt=models.F("person_b")),
                name="cohorts_matching_constraint_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.person_a_id}, {self.person_b_id}"


class MatchingJob(models.Model):
    """A matching run requested by a coordinator and done by the task worker.

    Its page shows the progress and then the run it made, or why it failed. One active
    job per round (queued or running), held by a constraint.
    """

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="matching_jobs", verbose_name=_("cohort")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=MatchingJobState.choices, default=MatchingJobState.QUEUED
    )
    weights = models.JSONField(_("weights"), default=dict)
    top_k = models.PositiveSmallIntegerField(_("candidates per person"), default=8)
    seed = models.PositiveIntegerField(_("random seed"), default=0)
    progress = models.PositiveSmallIntegerField(default=0)  # per cent
    run = models.ForeignKey(
        MatchingRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("matching job")
        verbose_name_plural = _("matching jobs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort"],
                condition=models.Q(state__in=["queued", "running"]),
                name="cohorts_one_active_matching_job",
            ),
        ]

    def __str__(self):
        return _("Matching job %(number)s") % {"number": self.pk}
