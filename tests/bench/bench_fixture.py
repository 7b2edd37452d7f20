"""Scenarios for the harness's own tests (loaded through KOHORTA_BENCH_MODULES)."""

from bench.registry import Scenario, Target, max_queries
from cohorts.models import Programme

BUILT = []


def build(dataset):
    BUILT.append(dataset.scale.name)
    dataset.answer = 42


def _count_programmes(state):
    Programme.objects.count()
    Programme.objects.exists()


def _fail(state):
    raise RuntimeError("this scenario is broken on purpose")


def _score(state):
    return {"score": state.answer, "gap_pct": 0.5}


SCENARIOS = [
    Scenario(
        name="fixture.two_queries",
        description="two queries against a one-query target",
        run=_count_programmes,
        targets=(max_queries(1, "test"),),
    ),
    Scenario(
        name="fixture.score",
        description="returns extra numbers that a target checks",
        run=_score,
        targets=(Target("gap_pct", 1.0, True, "test"),),
    ),
    Scenario(name="fixture.broken", description="raises", run=_fail, targets=(max_queries(5),)),
    Scenario(name="fixture.untargeted", description="no target", run=_score),
]
