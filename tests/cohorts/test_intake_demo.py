import io
import random

from django.db.models import Q

from cohorts import demo
from cohorts.enums import CohortStatus
from cohorts.intake import demo as intake_demo
from cohorts.intake.enums import MatchingRunStatus
from cohorts.models import Application, MatchingRun, PeerPair, User


def _seed(context):
    out = io.StringIO()
    demo.seed(rng=random.Random("2015:cohorts.demo"), scale=1, stdout=out, context=context)
    intake_demo.seed(
        rng=random.Random("2015:cohorts.intake.demo"), scale=1, stdout=out, context=context
    )


def _counts():
    return (
        Application.objects.count(),
        MatchingRun.objects.count(),
        PeerPair.objects.count(),
        Application.objects.filter(state="later_round").count(),
    )


def test_demo_intake_idempotent_with_open_call_and_published_matching():
    context = {}
    _seed(context)
    first = _counts()
    _seed({})
    assert _counts() == first
    call_cohort = context["ineli_call"]
    assert call_cohort.status == CohortStatus.OPEN
    assert Application.objects.filter(cohort=call_cohort, state="submitted").count() == 24
    iln = context["cohorts"]["iln"]
    assert Application.objects.filter(cohort=iln).values("country").distinct().count() >= 40
    assert first[3] > 0
    run = MatchingRun.objects.get(cohort=iln)
    assert (run.status, run.unplaced) == (MatchingRunStatus.PUBLISHED, [])
    alex = User.objects.get(email="iln@example.org")
    assert run.pairs.filter(Q(person_a=alex) | Q(person_b=alex) | Q(person_c=alex)).count() == 1


def test_demo_ineli_call_has_a_rubric_and_reviews_once():
    from cohorts.models import ApplicationReview, ReviewCriterion

    context = {}
    _seed(context)
    _seed({})
    call_cohort = context["ineli_call"]
    assert list(
        ReviewCriterion.objects.filter(call__cohort=call_cohort).values_list("name", "scale_max")
    ) == [("Motivation", 5), ("Innovation idea", 5), ("Commitment to the network", 5)]
    reviews = ApplicationReview.objects.filter(application__cohort=call_cohort)
    assert reviews.count() == 6
    assert reviews.filter(submitted_at__isnull=False).count() == 5
    assert set(reviews.values_list("reviewer__email", flat=True)) == {
        "coordinator@example.org",
        "ambassador@example.org",
    }
    assert set(reviews.values_list("application__country", flat=True)) == {"RS"}
