"""What needs the office's attention across cohorts: the first panel of the dashboard.

Superusers see every cohort; staff and coordinators the cohorts they manage. Apps add items
with the ``kohorta_attention_items`` hook: ``f(user, cohort_ids) -> [Item]``, each costing a
fixed number of queries whatever the number of cohorts. Items with a count of zero are not
shown; a person with nothing to manage gets no panel.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from wagtail import hooks

HOOK = "kohorta_attention_items"


@dataclass
class Item:
    label: str  # what needs doing, translated, e.g. "Applications to decide"
    count: int
    url: str
    where: str = ""  # the cohort, call or meeting it concerns
    urgent: bool = False  # overdue or failed, shown first


def attention_items(user):
    from .selectors import cohorts_managed_by

    if not user.is_authenticated:
        return []
    cohort_ids = list(cohorts_managed_by(user).values_list("pk", flat=True))
    if not cohort_ids and not user.is_superuser:
        return []
    items = []
    for provider in hooks.get_hooks(HOOK):
        items.extend(item for item in provider(user, cohort_ids) if item.count)
    return sorted(items, key=lambda item: (not item.urgent, item.label, item.where))


@hooks.register("kohorta_dashboard_panels")
def office_panel(request, entries):
    user = request.user
    if not (user.is_staff or user.is_superuser or _coordinates(entries)):
        return []
    return [
        {
            "cohort_id": None,
            "template": "cohorts/includes/attention_panel.html",
            "items": attention_items(user),
        }
    ]


def _coordinates(entries):
    from .rules import MANAGE_COHORT

    return any(MANAGE_COHORT in entry["can"] for entry in entries)


@hooks.register(HOOK)
def intake_items(user, cohort_ids):
    """Submitted applications waiting for a decision, per cohort (one query)."""
    from django.db.models import Count
    from django.urls import reverse

    from .intake.enums import ApplicationState
    from .models import Application

    rows = (
        Application.objects.filter(cohort_id__in=cohort_ids, state=ApplicationState.SUBMITTED)
        .values("cohort_id", "cohort__name")
        .annotate(count=Count("pk"))
        .order_by("cohort__name")
    )
    return [
        Item(
            _("Applications to decide"),
            row["count"],
            reverse("cohorts:applications", args=[row["cohort_id"]]) + "?state=submitted",
            row["cohort__name"],
        )
        for row in rows
    ]


@hooks.register(HOOK)
def failed_task_items(user, cohort_ids):
    """Background tasks that failed after all their attempts (kohorta/task_failures.py)."""
    from django.urls import reverse

    from kohorta.task_failures import can_see_failed_tasks, failed_tasks_for

    if not can_see_failed_tasks(user):
        return []
    failures = failed_tasks_for(user)
    return [
        Item(
            _("Failed background tasks"),
            len(failures),
            reverse("kohorta_failed_tasks"),
            urgent=True,
        )
    ]
