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
    """Reviews not submitted when the call's reviews close within a week or have closed,
    and reports due within two weeks or overdue; two queries."""
    now = now or timezone.now()
    soon = now + datetime.timedelta(days=settings.KOHORTA_ATTENTION_REVIEWS_DAYS)
    submitted = Review.objects.filter(
        juror_id=OuterRef("juror_id"),
        proposal_id=OuterRef("proposal_id"),
        state=ReviewState.SUBMITTED,
    )
    reviews = (
        JuryAssignment.objects.filter(
            proposal__call__cohort_id__in=cohort_ids,
            proposal__call__reviews_close_at__lte=soon,
        )
        .exclude(Exists(submitted))
        .values("proposal__call_id", "proposal__call__title", "proposal__call__reviews_close_at")
        .annotate(count=Count("pk"))
        .order_by("proposal__call__title")
    )
    items = [
        Item(
            _("Reviews overdue")
            if row["proposal__call__reviews_close_at"] <= now
            else _("Reviews due this week"),
            row["count"],
            reverse("grants:assignments", args=[row["proposal__call_id"]]),
            row["proposal__call__title"],
            urgent=row["proposal__call__reviews_close_at"] <= now,
        )
        for row in reviews
    ]
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
