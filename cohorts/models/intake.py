"""Calls for participants, their questions and review rubric, applications, reviewers' notes
and reviews, and the fortnightly discussion topics of a round (services: ``cohorts/intake/``)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from kohorta.translatable import SourceQuerySet

from ..intake.enums import ApplicationState, CareerStage, ReviewRecommendation, Sector
from .people import Cohort


class Call(models.Model):
    """A cohort's call for participants: its deadline, introduction and intake rules.

    People can apply while the cohort's status is "open" and the deadline has not passed.
    """

    cohort = models.OneToOneField(
        Cohort, on_delete=models.CASCADE, related_name="call", verbose_name=_("cohort")
    )
    deadline = models.DateTimeField(_("application deadline"))
    introduction = models.TextField(_("introduction"), blank=True, max_length=5000)
    country_cap_percent = models.PositiveSmallIntegerField(
        _("country cap (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "If one country has more than this share of the applicants, its latest "
            "applicants move to a later round. Leave empty for no cap."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("call for participants")
        verbose_name_plural = _("calls for participants")

    def __str__(self):
        return str(self.cohort)

    @property
    def is_past_deadline(self):
        return timezone.now() > self.deadline


class CallQuestion(TranslatableMixin, models.Model):
    """An extra question a cohort asks its applicants, on top of the standard form.

    Translatable (wagtail-localize): a translation carries the label and help text in
    another locale; answers are stored under the source question's id.
    """

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SourceQuerySet.as_manager()

    translatable_fields = [
        TranslatableField("label"),
        TranslatableField("help_text"),
        SynchronizedField("call"),
        SynchronizedField("required"),
        SynchronizedField("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "pk"]
        verbose_name = _("extra question")
        verbose_name_plural = _("extra questions")

    def __str__(self):
        return self.label


class Application(models.Model):
    """A person's application to one cohort; its state moves through ``transition_application``."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="applications", verbose_name=_("cohort")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("applicant"),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ApplicationState.choices, default=ApplicationState.DRAFT
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    career_stage = models.CharField(
        _("career stage"), max_length=20, choices=CareerStage.choices, blank=True
    )
    country = CountryField(_("country"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    interests = models.JSONField(_("areas of interest"), default=list, blank=True)
    interests_other = models.CharField(_("other interests"), max_length=300, blank=True)
    hopes = models.TextField(_("what you hope for"), max_length=2000, blank=True)
    preferred_partner_sector = models.CharField(
        _("preferred partner sector"), max_length=20, choices=Sector.choices, blank=True
    )
    answers = models.JSONField(_("answers to extra questions"), default=dict, blank=True)
    # Normalised keys for duplicate detection, set when the application is saved.
    email_key = models.CharField(max_length=254, blank=True, db_index=True)
    name_key = models.CharField(max_length=420, blank=True, db_index=True)
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_duplicates",
        verbose_name=_("merged into"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The decision last e-mailed to the applicant (the batch sends the others).
    decision_sent_state = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "user"], name="cohorts_one_application_per_cohort"
            ),
        ]
        indexes = [
            models.Index(fields=["cohort", "state"]),
            models.Index(fields=["cohort", "country"]),
        ]

    def __str__(self):
        return f"{self.user} → {self.cohort.name}"


class ApplicationNote(models.Model):
    """A reviewer's note on an application (coordinators and the country's ambassador)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("note"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.body[:60]


class ReviewCriterion(models.Model):
    """One line of a call's review rubric, scored from 1 to ``scale_max`` by each reviewer.

    Its scale cannot change, and it cannot be removed, once a reviewer has scored it
    (``intake.services.save_rubric``).
    """

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("call")
    )
    name = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("guidance for reviewers"), max_length=2000, blank=True)
    scale_max = models.PositiveSmallIntegerField(
        _("highest score"),
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(10)],
        help_text=_("Scores go from 1 to this number."),
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("10"))],
        help_text=_("How much this criterion counts in a review's total (1 = like the others)."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["call", "position", "pk"]
        verbose_name = _("review criterion")
        verbose_name_plural = _("review criteria")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scale_max__gte=2, scale_max__lte=10),
                name="cohorts_review_criterion_scale_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gt=0), name="cohorts_review_criterion_weight_positive"
            ),
        ]

    def __str__(self):
        return self.name


class ApplicationReview(models.Model):
    """One reviewer's scores, note and recommendation on one application.

    A draft until ``submitted_at`` is set; the reviewer may change it until the application
    is decided. Only submitted reviews count in the selection list.
    """

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("application")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="application_reviews",
        verbose_name=_("reviewer"),
    )
    note = models.TextField(_("note"), max_length=5000, blank=True)
    recommendation = models.CharField(
        _("recommendation"),
        max_length=10,
        choices=ReviewRecommendation.choices,
        default=ReviewRecommendation.NONE,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        ordering = ["application", "submitted_at", "pk"]
        verbose_name = _("application review")
        verbose_name_plural = _("application reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="cohorts_one_review_per_reviewer"
            ),
        ]

    def __str__(self):
        return f"{self.reviewer} on {self.application_id}"


class ApplicationScore(models.Model):
    """A reviewer's score for one criterion of the call's rubric (1 to its ``scale_max``)."""

    review = models.ForeignKey(ApplicationReview, on_delete=models.CASCADE, related_name="scores")
    # RESTRICT: a scored criterion is never deleted on its own (a whole call still can be).
    criterion = models.ForeignKey(ReviewCriterion, on_delete=models.RESTRICT, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"), validators=[MinValueValidator(1)])

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="cohorts_one_score_per_criterion"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=1), name="cohorts_application_score_positive"
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class DiscussionTopic(TranslatableMixin, models.Model):
    """The topic participants discuss in one fortnight of a round; e-mailed when it starts.

    Translatable (wagtail-localize): a translation carries the title and text in another
    locale; the thread and the sending stay with the source topic.
    """

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="discussion_topics", verbose_name=_("cohort")
    )
    starts_on = models.DateField(_("fortnight starting"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=5000)
    # Blank: topics the system schedules (the demo) have none, and a translation is
    # validated before wagtail-localize saves it.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = SourceQuerySet.as_manager()

    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("body"),
        SynchronizedField("cohort"),
        SynchronizedField("starts_on"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("discussion topic")
        verbose_name_plural = _("discussion topics")
        ordering = ["starts_on"]
        constraints = [
            # One topic per fortnight: its translations share the fortnight.
            models.UniqueConstraint(
                fields=["cohort", "starts_on", "locale"], name="cohorts_one_topic_per_fortnight"
            ),
        ]

    def __str__(self):
        return self.title
