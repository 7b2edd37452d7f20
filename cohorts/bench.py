"""Peer matching's part of ``manage.py bench`` (see docs/performance.md).

Both scenarios time ``cohorts.intake.matching.algorithm.match``, the step ``matching.create_run``
times as the run's ``duration_ms`` (loading the round is five queries and saving the pairs
one bulk insert, whatever the size). The participants are the synthetic ILN-like round of
``manage.py bench_matching``: ``scale.applicants`` people from 78 countries (a few big
ones and a long tail), random sectors, career stages, interests and languages. No rows
are built, so the scenarios cost the data build nothing.
"""

import time

from bench.registry import Scenario, Target, under_ms

from .intake.matching.service import DEFAULT_TOP_K
from .management.commands.bench_matching import synthetic_round

COUNTRIES = 78
QUALITY_SIZE = 400
# Issue 21: rounds of 5,000 and 10,000 people (never more than 10× the scale's applicants,
# so scale ``small`` stays quick), the quality checked at 2,000 against the exact optimum.
LARGE_SIZES = (5000, 10000)
LARGE_QUALITY_SIZE = 2000


def _round(dataset, size):
    import numpy  # noqa: F401 - imported here, outside the timed runs
    import rustworkx  # noqa: F401

    from .intake.matching import algorithm as matching_algorithm

    return {
        "people": synthetic_round(size, COUNTRIES, dataset.seed),
        "seed": dataset.seed,
        "match": matching_algorithm.match,
    }


def _iln_state(dataset):
    return _round(dataset, dataset.scale.applicants)


def _match_sparse(state):
    # CPU time next to the harness's wall clock: on a busy 2-core machine the difference
    # is time spent waiting for a core.
    cpu = time.process_time()
    result = state["match"](state["people"], top_k=DEFAULT_TOP_K, seed=state["seed"])
    return {
        "cpu_ms": round((time.process_time() - cpu) * 1000, 1),
        "participants": len(state["people"]),
        "groups": len(result.groups),
        "unplaced": len(result.unplaced),
        "total": result.total,
    }


def _large_state(size):
    def setup(dataset):
        return _round(dataset, min(size, 10 * dataset.scale.applicants))

    return setup


def _quality_state(dataset, size=None):
    """The exact optimum (full graph) is solved once here, untimed: it is the reference."""
    state = _round(dataset, size or min(QUALITY_SIZE, dataset.scale.applicants))
    state["optimum"] = state["match"](state["people"], top_k=None, seed=state["seed"]).total
    return state


def _large_quality_state(dataset):
    # The full graph of 2,000 people has about 2 million edges: about a minute of CPU.
    return _quality_state(dataset, min(LARGE_QUALITY_SIZE, 2 * dataset.scale.applicants))


def _quality(state):
    sparse = state["match"](state["people"], top_k=DEFAULT_TOP_K, seed=state["seed"]).total
    optimum = state["optimum"]
    return {
        "participants": len(state["people"]),
        "sparse_total": sparse,
        "exact_total": optimum,
        "gap_pct": round(100 * (optimum - sparse) / optimum, 3) if optimum else 0.0,
    }


SCENARIOS = [
    Scenario(
        name="matching.iln_1000",
        description=(
            f"peer matching of scale.applicants participants (1,000 at ILN scale) from "
            f"{COUNTRIES} countries on the sparse graph (top {DEFAULT_TOP_K} candidates each)"
        ),
        setup=_iln_state,
        run=_match_sparse,
        targets=(under_ms(5000, "issue 7"),),
        repeat=3,
        warmup=0,
    ),
    Scenario(
        name="matching.quality_400",
        description=(
            f"{QUALITY_SIZE} participants: the sparse matching's total score against the exact "
            "maximum-weight matching on the full graph (solved once, untimed); times the sparse run"
        ),
        setup=_quality_state,
        run=_quality,
        targets=(Target("gap_pct", 1.0, True, "issue 7"),),
        repeat=3,
        warmup=0,
    ),
    *(
        Scenario(
            name=f"matching.people_{size}",
            description=(
                f"peer matching of {size:,} synthetic participants (10× scale.applicants if "
                f"fewer) from {COUNTRIES} countries: whole sparse graph up to 5,000, chunks "
                "above; also reports cpu_ms"
            ),
            setup=_large_state(size),
            run=_match_sparse,
            targets=(under_ms(limit, "issue 21"),),
            repeat=3,
            warmup=0,
        )
        for size, limit in zip(LARGE_SIZES, (5000, 15000), strict=True)
    ),
    Scenario(
        name=f"matching.quality_{LARGE_QUALITY_SIZE}",
        description=(
            f"{LARGE_QUALITY_SIZE:,} participants (2× scale.applicants if fewer): the sparse "
            "matching's total against the exact maximum-weight matching of the full graph "
            "(solved once in setup, untimed); times the sparse run"
        ),
        setup=_large_quality_state,
        run=_quality,
        targets=(Target("gap_pct", 1.0, True, "issue 21"),),
        repeat=3,
        warmup=0,
    ),
]
