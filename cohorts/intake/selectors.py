"""Reads for calls and applications: open calls, what a reviewer may list, counts by
state, decisions not yet e-mailed and likely duplicates. No writes (those are in
``services``); each costs a fixed number of queries.
"""

from collections import defaultdict

from django.db.models import Count, F, Q
from django.utils import timezone

from ..enums import CohortStatus
from ..models import Application, Call
from . import rules
from .enums import APPLICANT_STATES, DECISION_STATES, ApplicationState


def open_calls():
    """Calls people can apply to now, soonest deadline first (one query)."""
    return (
        Call.objects.filter(cohort__status=CohortStatus.OPEN, deadline__gt=timezone.now())
        .select_related("cohort__programme")
        .order_by("deadline")
    )


def reviewable_applications(user, cohort, *, country="", sector="", state=""):
    """The applications a reviewer may see: all for coordinators, their country's for ambassadors.

    Drafts are private to the applicant and never listed.
    """
    if not user.has_perm("cohorts.view_applications", cohort):
        return Application.objects.none()
    queryset = Application.objects.filter(cohort=cohort, state__in=APPLICANT_STATES)
    countries = rules.reviewer_countries(user, cohort)
    if countries is not None:
        queryset = queryset.filter(country__in=sorted(countries))
    if country:
        queryset = queryset.filter(country=country)
    if sector:
        queryset = queryset.filter(sector=sector)
    if state:
        queryset = queryset.filter(state=state)
    return queryset.select_related("user").order_by("submitted_at", "pk")


def state_counts(queryset):
    counts = dict(queryset.order_by().values_list("state").annotate(n=Count("pk")))
    return [(state, label, counts.get(state, 0)) for state, label in ApplicationState.choices]


def pending_decisions(cohort):
    return Application.objects.filter(cohort=cohort, state__in=DECISION_STATES).exclude(
        decision_sent_state=F("state")
    )


def duplicate_groups(cohort):
    """Groups of applications that look like the same person, for the coordinator to merge.

    Same normalised e-mail, or same normalised name and organisation. Three queries.
    Each group is ``{"applications": [...], "reasons": {"email", "name"}}``.
    """
    base = Application.objects.filter(
        cohort=cohort, state__in=APPLICANT_STATES, duplicate_of__isnull=True
    )
    keys = {}
    for field in ("email_key", "name_key"):
        keys[field] = set(
            base.exclude(**{field: ""})
            .values(field)
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .values_list(field, flat=True)
        )
    if not keys["email_key"] and not keys["name_key"]:
        return []
    rows = list(
        base.filter(Q(email_key__in=keys["email_key"]) | Q(name_key__in=keys["name_key"]))
        .select_related("user")
        .order_by("submitted_at", "pk")
    )
    parent = {row.pk: row.pk for row in rows}

    def find(pk):
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    reasons = defaultdict(set)
    for field, reason in (("email_key", "email"), ("name_key", "name")):
        first_with = {}
        for row in rows:
            key = getattr(row, field)
            if key in keys[field]:
                if key in first_with:
                    parent[find(row.pk)] = find(first_with[key])
                    reasons[key + field].add(reason)
                else:
                    first_with[key] = row.pk
    groups = defaultdict(list)
    for row in rows:
        groups[find(row.pk)].append(row)
    result = []
    for members in groups.values():
        if len(members) < 2:
            continue
        why = set()
        emails = {m.email_key for m in members}
        names = {m.name_key for m in members}
        if len(emails) < len(members):
            why.add("email")
        if len(names - {""}) < len([m for m in members if m.name_key]):
            why.add("name")
        result.append({"applications": members, "reasons": sorted(why)})
    result.sort(key=lambda group: group["applications"][0].submitted_at or timezone.now())
    return result
