"""Innovation grants: calls, rubric, proposals, jury, reviews, decisions and awards."""

import uuid
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from kohorta.translatable import SourceQuerySet

from .enums import (
    ConflictReason,
    ExportState,
    MilestoneStatus,
    Outcome,
    ProposalState,
    Recommendation,
    ReportKind,
    ReviewState,
)
from .validators import upload_kind, validate_upload

TIMEZONES = sorted((name, name) for name in zoneinfo.available_timezones() if "/" in name)
MONEY = {"max_digits": 12, "decimal_places": 2}


def _random_name(folder, filename):
    """Files are stored under a random name: the uploader never chooses the path."""
    return f"grants/{folder}/{uuid.uuid4().hex}{upload_kind(filename)}"


def attachment_upload_path(instance, filename):
    return _random_name("attachments", filename)


def report_upload_path(instance, filename):
    return _random_name("reports", filename)


def export_upload_path(instance, filename):
    return _random_name("exports", filename)


class GrantCall(models.Model):
    """A call for grant proposals in one cohort, with its own rubric and jury."""

    cohort = models.ForeignKey(
        "cohorts.Cohort",
        on_delete=models.PROTECT,
        related_name="grant_calls",
        verbose_name=_("cohort"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    eligibility = models.TextField(
        _("eligibility"),
        blank=True,
        help_text=_("Who may apply. Only the cohort's innovators can submit a proposal."),
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=TIMEZONES,
        default="Europe/Athens",
        help_text=_("Dates are shown to applicants in this time zone."),
    )
    reviews_close_at = models.DateTimeField(
        _("reviews close at"),
        null=True,
        blank=True,
        help_text=_("After this, jurors can no longer change their reviews."),
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    total_budget = models.DecimalField(
        _("total budget"), **MONEY, validators=[MinValueValidator(Decimal("0"))]
    )
    max_per_proposal = models.DecimalField(
        _("maximum per proposal"), **MONEY, validators=[MinValueValidator(Decimal("0"))]
    )
    awards = models.PositiveSmallIntegerField(_("number of awards"), default=5)
    jurors_per_proposal = models.PositiveSmallIntegerField(
        _("jurors per proposal"), default=3, help_text=_("Used by automatic assignment.")
    )
    blind_review = models.BooleanField(
        _("blind review"),
        default=False,
        help_text=_("Jurors never see the applicants' names or organisations."),
    )
    same_country_conflicts = models.BooleanField(
        _("same country is a conflict"),
        default=False,
        help_text=_("Jurors never review proposals from applicants of their own country."),
    )
    rubric_frozen_at = models.DateTimeField(
        _("rubric frozen at"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("grant call")
        verbose_name_plural = _("grant calls")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="grants_call_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=models.Q(max_per_proposal__lte=models.F("total_budget")),
                name="grants_call_max_within_budget",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The call must close after it opens.")
        if (
            self.total_budget is not None
            and self.max_per_proposal is not None
            and self.max_per_proposal > self.total_budget
        ):
            errors["max_per_proposal"] = _(
                "The maximum per proposal cannot exceed the total budget."
            )
        if self.pk and self.blind_review != self._stored_blind_review() and self.blind_locked():
            errors["blind_review"] = _(
                "Blind review cannot change once the first review has been submitted: "
                "jurors have already seen the proposals this way."
            )
        if errors:
            raise ValidationError(errors)

    def _stored_blind_review(self):
        stored = GrantCall.objects.filter(pk=self.pk).values_list("blind_review", flat=True)
        return stored.first() if stored else self.blind_review

    def blind_locked(self):
        """Blind review is fixed once a juror has submitted a review of the call."""
        return (
            self.pk is not None
            and Review.objects.filter(
                proposal__call_id=self.pk, state=ReviewState.SUBMITTED
            ).exists()
        )

    def source_questions(self):
        """The call's questions (source objects, in order): answers are keyed by their id."""
        return list(self.questions.sources().order_by("position", "pk"))

    def source_criteria(self):
        """The call's rubric (source objects, in order): scores point at these."""
        return list(self.criteria.sources())

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def has_closed(self, now=None):
        return (now or timezone.now()) >= self.closes_at

    def reviews_open(self, now=None):
        return self.reviews_close_at is None or (now or timezone.now()) < self.reviews_close_at

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.timezone)


class GrantQuestion(TranslatableMixin, models.Model):
    """One of a call's extra questions; every applicant answers each.

    Translatable (wagtail-localize): a translation is the same question in another locale;
    answers are stored under the source question's id (``Proposal.answers``), whatever
    language the applicant wrote in.
    """

    call = models.ForeignKey(GrantCall, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=500)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = SourceQuerySet.as_manager()

    translatable_fields = [
        TranslatableField("text"),
        SynchronizedField("call"),
        SynchronizedField("position"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("grant call question")
        verbose_name_plural = _("grant call questions")
        ordering = ["call", "position", "pk"]

    def __str__(self):
        return self.text

    @property
    def cohort_id(self):
        return self.call.cohort_id


class Criterion(TranslatableMixin, models.Model):
    """One line of a call's rubric: frozen once the first review is submitted.

    Translatable (wagtail-localize): a translation carries only the name and the guidance
    in another locale; scores point at the source criterion.
    """

    call = models.ForeignKey(GrantCall, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=200)
    guidance = models.TextField(_("guidance for jurors"), blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5)
    required = models.BooleanField(
        _("required"), default=True, help_text=_("Jurors may answer “not applicable” otherwise.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = SourceQuerySet.as_manager()

    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("guidance"),
        SynchronizedField("call"),
        SynchronizedField("weight"),
        SynchronizedField("scale_min"),
        SynchronizedField("scale_max"),
        SynchronizedField("required"),
        SynchronizedField("position"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["call", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")),
                name="grants_criterion_scale_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gt=0), name="grants_criterion_weight_positive"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def cohort_id(self):
        return self.call.cohort_id

    def clean(self):
        super().clean()
        if (
            self.scale_min is not None
            and self.scale_max is not None
            and self.scale_max <= self.scale_min
        ):
            raise ValidationError({"scale_max": _("The highest score must be above the lowest.")})


class Proposal(models.Model):
    """An innovator's proposal to a call; its state moves only through ``transition_proposal``."""

    call = models.ForeignKey(GrantCall, on_delete=models.CASCADE, related_name="proposals")
    cohort = models.ForeignKey("cohorts.Cohort", on_delete=models.CASCADE, related_name="+")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grant_proposals"
    )
    co_applicants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="co_applied_proposals"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=1500, blank=True)
    problem = models.TextField(_("problem it solves"), max_length=5000, blank=True)
    target_community = models.TextField(_("target community"), max_length=3000, blank=True)
    activities = models.TextField(_("activities"), max_length=8000, blank=True)
    timeline = models.TextField(_("timeline"), max_length=3000, blank=True)
    answers = models.JSONField(_("answers to the call's questions"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=ProposalState.choices, default=ProposalState.DRAFT
    )
    budget_total = models.DecimalField(_("budget requested"), **MONEY, default=Decimal("0"))
    submitted_at = models.DateTimeField(_("last submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["call", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "applicant"], name="grants_one_proposal_per_applicant"
            ),
            models.CheckConstraint(
                condition=models.Q(budget_total__gte=0), name="grants_budget_total_positive"
            ),
        ]
        indexes = [models.Index(fields=["call", "state"])]

    def __str__(self):
        return self.title

    @property
    def is_editable(self):
        """The applicant may still change it (``ProposalState.editable``)."""
        return self.state in ProposalState.editable()

    @property
    def awaits_information(self):
        return self.state == ProposalState.INFO_REQUESTED


class ProposalMessage(models.Model):
    """A message in a proposal's thread between the coordinators and the applicants.

    A coordinator's request for more information (``requests_information``) keeps the
    state the proposal was in, so the applicants' answer can move it back.
    """

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_coordinator = models.BooleanField(default=False)
    body = models.TextField(_("message"), max_length=5000)
    requests_information = models.BooleanField(default=False)
    previous_state = models.CharField(
        max_length=20, choices=ProposalState.choices, blank=True, default=""
    )
    return_on_answer = models.BooleanField(
        _("return the proposal to its previous state when the applicants answer"), default=False
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["proposal", "created_at", "pk"]

    def __str__(self):
        return f"{self.proposal}: {self.body[:40]}"


class BudgetLine(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="budget_lines")
    description = models.CharField(_("item"), max_length=200)
    amount = models.DecimalField(_("amount"), **MONEY, validators=[MinValueValidator(Decimal("0"))])
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["proposal", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="grants_budget_line_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.description}: {self.amount}"


class Attachment(models.Model):
    """A file attached to a proposal; stored under a random name, served only as a download."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_upload_path, validators=[validate_upload])
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposal", "pk"]

    def __str__(self):
        return self.original_name

    @property
    def suffix(self):
        return upload_kind(self.original_name)


class ProposalRevision(models.Model):
    """A snapshot of a proposal taken at each submission."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["proposal", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "number"], name="grants_revision_number_unique"
            ),
        ]

    def __str__(self):
        return f"{self.proposal} #{self.number}"


class JuryAssignment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="assignments")
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jury_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    automatic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposal", "juror__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "juror"], name="grants_assignment_unique"),
        ]

    def __str__(self):
        return f"{self.juror} → {self.proposal}"


class Conflict(models.Model):
    """A conflict of interest a juror declared (automatic ones are computed, see ``conflicts``)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="conflicts")
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grant_conflicts"
    )
    reason = models.CharField(
        max_length=30, choices=ConflictReason.choices, default=ConflictReason.DECLARED
    )
    note = models.TextField(_("note"), blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "juror"], name="grants_conflict_unique"),
        ]

    def __str__(self):
        return f"{self.juror} × {self.proposal}"


class Review(models.Model):
    """One juror's review of one proposal; at most one per juror and proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reviews")
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grant_reviews"
    )
    state = models.CharField(max_length=20, choices=ReviewState.choices, default=ReviewState.DRAFT)
    comment_to_applicant = models.TextField(
        _("comment to the applicant"),
        blank=True,
        max_length=5000,
        help_text=_("Sent to the applicant with the decision."),
    )
    private_note = models.TextField(
        _("private note to the jury"),
        blank=True,
        max_length=5000,
        help_text=_("Only the jury and the coordinators read this; never the applicant."),
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=Recommendation.choices, blank=True
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["proposal", "juror__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "juror"], name="grants_review_unique"),
        ]

    def __str__(self):
        return f"{self.juror} on {self.proposal}"


class Score(models.Model):
    """A score for one criterion; ``value`` ``None`` means not applicable."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="grants_score_unique"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class Decision(models.Model):
    """The coordinator's decision; saved first, released to the applicant later in a batch."""

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    amount = models.DecimalField(_("amount awarded"), **MONEY, null=True, blank=True)
    rationale = models.TextField(_("rationale"), max_length=5000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome=Outcome.AWARD) | models.Q(amount__gt=0),
                name="grants_award_has_amount",
            ),
        ]

    def __str__(self):
        return f"{self.proposal}: {self.outcome}"


class Award(models.Model):
    """A funded project: created when an award decision is released."""

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="award")
    amount = models.DecimalField(_("amount"), **MONEY)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposal__title"]

    def __str__(self):
        return self.proposal.title


class Milestone(models.Model):
    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due on"))
    amount = models.DecimalField(
        _("payment"), **MONEY, default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )
    report_kind = models.CharField(
        _("report due"), max_length=20, choices=ReportKind.choices, default=ReportKind.PROGRESS
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["award", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="grants_milestone_amount_positive"
            ),
        ]

    def __str__(self):
        return self.title


class Report(models.Model):
    """A progress or final report on a milestone, submitted by the innovator."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(max_length=20, choices=ReportKind.choices)
    text = models.TextField(_("report"), max_length=20000)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["milestone", "submitted_at"]

    def __str__(self):
        return f"{self.milestone}: {self.kind}"


class ReportFile(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=report_upload_path, validators=[validate_upload])
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField(default=0)

    def __str__(self):
        return self.original_name


class DossierExport(models.Model):
    """A PDF dossier of a call, built in the background."""

    call = models.ForeignKey(GrantCall, on_delete=models.CASCADE, related_name="exports")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    state = models.CharField(
        max_length=20, choices=ExportState.choices, default=ExportState.PENDING
    )
    file = models.FileField(upload_to=export_upload_path, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.call} ({self.state})"
