"""Reads for calls and applications: open calls, what a reviewer may list, counts by
state, decisions not yet e-mailed and likely duplicates. No writes (those are in
``services``); each costs a fixed number of queries.
"""

from collections import defaultdict

from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from ..enums import CohortStatus
from ..models import Application, Call
from . import rules
from .enums import (
    APPLICANT_STATES,
    APPLICATION_TRANSITIONS,
    DECISION_STATES,
    ApplicationState,
)


def open_calls():
    """Calls people can apply to now, soonest deadline first (one query)."""
    return (
        Call.objects.filter(cohort__status=CohortStatus.OPEN, deadline__gt=timezone.now())
        .select_related("cohort__programme")
        .order_by("deadline")
    )


# Sortable columns of the selection list: ``?sort=name`` ascending, ``?sort=-name`` descending.
SORTS = {
    "name": ("user__full_name",),
    "country": ("country_name",),
    "submitted": ("submitted_at",),
    "state": ("state",),
}
# Extra values of the list's state filter: withdrawn (not merged) and merged duplicates.
MERGED = "merged"


def _country_names():
    """The country's name in the interface language, as SQL (so the list sorts by name)."""
    return Case(
        *[When(country=code, then=Value(str(name))) for code, name in countries],
        default=F("country"),
        output_field=CharField(),
    )


def reviewable_applications(
    user, cohort, *, country="", sector="", state="", search="", sort="", everything=False
):
    """The applications a reviewer may see: all for coordinators, their country's for ambassadors.

    Drafts are private to the applicant and never listed. Withdrawn applications and merged
    duplicates only come with ``state="withdrawn"`` / ``state="merged"`` (or ``everything``,
    for a detail page). ``search`` looks in the name, e-mail and organisation; ``sort`` is a
    key of ``SORTS``, ``-`` in front for descending (by submission otherwise).
    """
    if not user.has_perm("cohorts.view_applications", cohort):
        return Application.objects.none()
    queryset = Application.objects.filter(cohort=cohort).exclude(state=ApplicationState.DRAFT)
    if state == MERGED:
        queryset = queryset.filter(duplicate_of__isnull=False)
    elif state == ApplicationState.WITHDRAWN:
        queryset = queryset.filter(state=state, duplicate_of__isnull=True)
    elif state:
        queryset = queryset.filter(state=state)
    elif not everything:
        queryset = queryset.filter(state__in=APPLICANT_STATES)
    countries_seen = rules.reviewer_countries(user, cohort)
    if countries_seen is not None:
        queryset = queryset.filter(country__in=sorted(countries_seen))
    if country:
        queryset = queryset.filter(country=country)
    if sector:
        queryset = queryset.filter(sector=sector)
    search = (search or "").strip()
    if search:
        queryset = queryset.filter(
            Q(user__full_name__icontains=search)
            | Q(user__email__icontains=search)
            | Q(organisation__icontains=search)
        )
    key = (sort or "").removeprefix("-")
    order = ("submitted_at", "pk")
    if key in SORTS:
        if key == "country":
            queryset = queryset.annotate(country_name=_country_names())
        prefix = "-" if sort.startswith("-") else ""
        order = (*[prefix + column for column in SORTS[key]], "pk")
    return queryset.select_related("user", "duplicate_of__user").order_by(*order)


def bulk_plan(applications, to):
    """Split ``applications`` into those that may move to ``to`` and those skipped.

    Returns ``(changes, skipped)``; each skipped entry is ``(application, reason)``. Reads
    only the state table (no queries): whoever may decide one application of the cohort
    may decide them all.
    """
    changes, skipped = [], []
    for application in applications:
        current = ApplicationState(application.state)
        if current == to:
            skipped.append((application, _("already “%(state)s”") % {"state": current.label}))
        elif to not in APPLICATION_TRANSITIONS[current]:
            skipped.append(
                (
                    application,
                    _("cannot go from “%(from)s” to “%(to)s”")
                    % {"from": current.label, "to": ApplicationState(to).label},
                )
            )
        else:
            changes.append(application)
    return changes, skipped


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
