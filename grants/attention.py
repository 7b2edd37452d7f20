"""The office dashboard's grant items (cohorts/attention.py): reviews and reports due."""

import datetime

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks

from cohorts.attention import HOOK, Item

from .enums import MilestoneStatus, ReviewState
from .models import JuryAssignment, Milestone, Report, Review


@hooks.register(HOOK)
def grant_items(user, cohort_ids, *, now=None):
    """Reviews overdue (as on the review-progress page) or due because the call's reviews
    close within a week, and reports due within two weeks or overdue; two queries."""
    now = now or timezone.now()
    soon = now + datetime.timedelta(days=settings.KOHORTA_ATTENTION_REVIEWS_DAYS)
    # Overdue as on the review-progress page (selectors.review_progress).
    overdue = Q(proposal__call__reviews_close_at__lte=now) | Q(
        created_at__lte=now - datetime.timedelta(days=settings.KOHORTA_REVIEW_DUE_DAYS)
    )
    submitted = Review.objects.filter(
        juror_id=OuterRef("juror_id"),
        proposal_id=OuterRef("proposal_id"),
        state=ReviewState.SUBMITTED,
    )
    reviews = (
        JuryAssignment.objects.filter(proposal__call__cohort_id__in=cohort_ids)
        .filter(overdue | Q(proposal__call__reviews_close_at__lte=soon))
        .exclude(Exists(submitted))
        .values("proposal__call_id", "proposal__call__title")
        .annotate(count=Count("pk"), overdue=Count("pk", filter=overdue))
        .order_by("proposal__call__title")
    )
    items = []
    for row in reviews:
        url = reverse("grants:progress", args=[row["proposal__call_id"]])
        where = row["proposal__call__title"]
        if row["overdue"]:
            items.append(Item(_("Reviews overdue"), row["overdue"], url, where, urgent=True))
        if row["count"] > row["overdue"]:
            items.append(
                Item(_("Reviews due this week"), row["count"] - row["overdue"], url, where)
            )
    today = timezone.localdate(now)
    horizon = today + datetime.timedelta(days=settings.KOHORTA_ATTENTION_REPORTS_DAYS)
    reported = Report.objects.filter(milestone_id=OuterRef("pk"), kind=OuterRef("report_kind"))
    reports = (
        Milestone.objects.filter(
            award__proposal__call__cohort_id__in=cohort_ids, due_on__lte=horizon
        )
        .exclude(status__in=[MilestoneStatus.COMPLETED, MilestoneStatus.CANCELLED])
        .exclude(Exists(reported))
        .values("award_id", "award__proposal__title")
        .annotate(count=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
        .order_by("award__proposal__title")
    )
    for row in reports:
        items.append(
            Item(
                _("Reports overdue") if row["overdue"] else _("Reports due soon"),
                row["count"],
                reverse("grants:award", args=[row["award_id"]]),
                row["award__proposal__title"],
                urgent=bool(row["overdue"]),
            )
        )
    return items
