"""Reads for calls and applications: open calls, what a reviewer may list, counts by
state, decisions not yet e-mailed and likely duplicates. No writes (those are in
``services``); each costs a fixed number of queries.
"""

from collections import defaultdict

from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    Exists,
    F,
    FloatField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from ..enums import CohortStatus
from ..models import Application, ApplicationReview, ApplicationScore, Call, ReviewCriterion
from . import rules
from .enums import (
    APPLICANT_STATES,
    APPLICATION_TRANSITIONS,
    DECISION_STATES,
    ApplicationState,
    ReviewRecommendation,
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
    # With the review rubric (``review_stats``): the mean score and the number of reviews.
    "mean": ("review_mean",),
    "reviews": ("review_count",),
}
REVIEW_SORTS = {"mean", "reviews"}
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
    user,
    cohort,
    *,
    country="",
    sector="",
    state="",
    search="",
    sort="",
    everything=False,
    criteria=None,
):
    """The applications a reviewer may see: all for coordinators, their country's for ambassadors.

    Drafts are private to the applicant and never listed. Withdrawn applications and merged
    duplicates only come with ``state="withdrawn"`` / ``state="merged"`` (or ``everything``,
    for a detail page). ``search`` looks in the name, e-mail and organisation; ``sort`` is a
    key of ``SORTS``, ``-`` in front for descending (by submission otherwise). With the
    call's ``criteria`` each row carries its review figures (``with_review_stats``), and the
    list sorts by mean score or number of reviews too (those without come last).
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
    if criteria:
        queryset = with_review_stats(queryset, user, cohort, criteria)
    key = (sort or "").removeprefix("-")
    order = ("submitted_at", "pk")
    if key in REVIEW_SORTS and criteria:
        column = F(SORTS[key][0])
        order = (
            column.desc(nulls_last=True) if sort.startswith("-") else column.asc(nulls_last=True),
            "submitted_at",
            "pk",
        )
    elif key in SORTS and key not in REVIEW_SORTS:
        if key == "country":
            queryset = queryset.annotate(country_name=_country_names())
        prefix = "-" if sort.startswith("-") else ""
        order = (*[prefix + column for column in SORTS[key]], "pk")
    return queryset.select_related("user", "duplicate_of__user").order_by(*order)


# Reviews --------------------------------------------------------------------------------


def rubric(cohort):
    """The criteria of the cohort's call, in order (one query)."""
    return list(ReviewCriterion.objects.filter(call__cohort=cohort).order_by("position", "pk"))


def rubric_scale(criteria):
    """The scale the list shows means on: the highest ``scale_max`` of the rubric."""
    return max((criterion.scale_max for criterion in criteria), default=None)


def _review_share():
    """A review's weighted total as a share of full marks: Σ weight·score/scale ÷ Σ weight.

    On a rubric whose criteria share one scale this is the weighted mean divided by it.
    """
    weight = Cast("criterion__weight", FloatField())
    share = Cast("value", FloatField()) * weight / Cast("criterion__scale_max", FloatField())
    return Subquery(
        ApplicationScore.objects.filter(review=OuterRef("pk"))
        .order_by()
        .values("review")
        .annotate(share=Sum(share) / Sum(weight))
        .values("share"),
        output_field=FloatField(),
    )


def _of_submitted_reviews(aggregate, **filters):
    """``aggregate`` over the application's submitted reviews (``total``: each one's share)."""
    return Subquery(
        ApplicationReview.objects.filter(
            application=OuterRef("pk"), submitted_at__isnull=False, **filters
        )
        .annotate(total=_review_share())
        .order_by()
        .values("application")
        .annotate(value=aggregate)
        .values("value")
    )


def _criterion_mean(criterion):
    return Subquery(
        ApplicationScore.objects.filter(
            review__application=OuterRef("pk"),
            review__submitted_at__isnull=False,
            criterion=criterion,
        )
        .order_by()
        .values("criterion")
        .annotate(value=Avg(Cast("value", FloatField())))
        .values("value"),
        output_field=FloatField(),
    )


def with_review_stats(queryset, user, cohort, criteria):
    """Each application with its submitted reviews' figures, computed in the same query.

    ``review_count``; ``review_mean`` (the mean of the reviews' weighted totals, on the
    rubric's scale) and ``review_spread`` (highest total minus lowest); ``rec_<value>``, how
    many recommend each ``ReviewRecommendation``; ``criterion_<id>``, each criterion's mean;
    ``own_review`` (``"submitted"``, ``"draft"`` or ``None``) for ``user``. Blind reviewing: a
    reviewer who may not see every review (``cohorts.view_all_reviews``) gets the scores and
    recommendations of an application only once they have submitted their own (``None``
    before), so neither the figures nor the order by mean give the others' away.
    """
    scale = float(rubric_scale(criteria) or 1)
    own = ApplicationReview.objects.filter(application=OuterRef("pk"), reviewer=user)
    figures = {
        "review_mean": _of_submitted_reviews(Avg("total") * Value(scale)),
        "review_spread": _of_submitted_reviews((Max("total") - Min("total")) * Value(scale)),
        **{
            f"rec_{value}": _of_submitted_reviews(Count("pk"), recommendation=value)
            for value in ReviewRecommendation.values
        },
        **{f"criterion_{criterion.pk}": _criterion_mean(criterion) for criterion in criteria},
    }
    if not user.has_perm("cohorts.view_all_reviews", cohort):
        submitted_own = Exists(own.filter(submitted_at__isnull=False))
        figures = {
            name: Case(When(submitted_own, then=expression), default=Value(None))
            for name, expression in figures.items()
        }
    return queryset.annotate(
        review_count=_of_submitted_reviews(Count("pk")),
        own_review=Case(
            When(Exists(own.filter(submitted_at__isnull=False)), then=Value("submitted")),
            When(Exists(own), then=Value("draft")),
            default=Value(None),
            output_field=CharField(),
        ),
        **figures,
    )


def recommendation_summary(application):
    """``[(label, count), ...]`` of an annotated application's recommendations, most first."""
    counts = [
        (str(label), getattr(application, f"rec_{value}", None) or 0)
        for value, label in ReviewRecommendation.choices
        if value != ReviewRecommendation.NONE
    ]
    return [(label, count) for label, count in counts if count]


def application_reviews(user, application, criteria):
    """The reviews ``user`` may read on the application's page (two queries).

    Returns ``{"own": review or None, "others": [...], "blind": bool, "summary": ...}``: the
    reviewer's own review (drafts included) and the others' submitted reviews, each with
    ``scores`` and ``total`` (its weighted total on the rubric's scale). ``others`` is empty
    and ``blind`` true while the reviewer has not submitted their own and may not see every
    review. ``summary`` (mean, count, spread, recommendations) covers the submitted reviews
    shown, ``None`` when there are none. Nobody without ``cohorts.review_applications`` gets
    any review.
    """
    if not user.has_perm("cohorts.review_applications", application.cohort):
        return {"own": None, "others": [], "blind": False, "summary": None}
    reviews = list(
        ApplicationReview.objects.filter(application=application)
        .filter(Q(submitted_at__isnull=False) | Q(reviewer=user))
        .select_related("reviewer")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=ApplicationScore.objects.select_related("criterion").order_by(
                    "criterion__position", "criterion__pk"
                ),
            )
        )
        .order_by("submitted_at", "pk")
    )
    own = next((review for review in reviews if review.reviewer_id == user.pk), None)
    sees_all = user.has_perm("cohorts.view_all_reviews", application.cohort)
    blind = not sees_all and (own is None or own.submitted_at is None)
    others = [] if blind else [review for review in reviews if review is not own]
    scale = rubric_scale(criteria)
    for review in reviews:
        review.total = review_total(review.scores.all(), scale)
    seen = [
        review
        for review in [*([own] if own else []), *others]
        if review.submitted_at and review.total is not None
    ]
    totals = [review.total for review in seen]
    summary = (
        {
            "mean": sum(totals) / len(totals),
            "count": len(totals),
            "spread": max(totals) - min(totals),
            "recommendations": [
                (label, count)
                for value, label in ReviewRecommendation.choices
                if value != ReviewRecommendation.NONE
                and (count := sum(1 for review in seen if review.recommendation == value))
            ],
        }
        if totals
        else None
    )
    return {"own": own, "others": others, "blind": blind, "summary": summary}


def review_total(scores, scale=None):
    """A review's weighted total on the rubric's scale (``_review_share`` in Python)."""
    scores = list(scores)
    if not scores:
        return None
    weight = sum(float(score.criterion.weight) for score in scores)
    share = sum(
        score.value * float(score.criterion.weight) / score.criterion.scale_max for score in scores
    )
    top = scale or max(score.criterion.scale_max for score in scores)
    return share / weight * top


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
