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
