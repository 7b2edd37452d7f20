"""Ranking maths, free of the database so it can be checked by hand.

A review's score is the weighted mean of its criteria, each first put on a 0–100 scale
(``100 * (value - lowest) / (highest - lowest)``); criteria marked n/a are left out of
both the sum and the weights, never counted as zero. For each proposal: the mean and
median of its review scores, the number of reviews, the spread (population standard
deviation) and the mean z-score, where each review's score is standardised against the
juror's own reviews in the call (``(score - juror mean) / juror standard deviation``),
which evens out lenient and harsh jurors. A juror with a single review, or who gave
every proposal the same score, contributes z = 0.
"""

import math
import statistics
from dataclasses import dataclass, field
from decimal import Decimal

DISAGREEMENT_SPREAD = 20.0  # points on the 0–100 scale


def _pstdev(values):
    """Population standard deviation in plain floats (``statistics`` uses slow exact maths)."""
    mean = sum(values) / len(values)
    return math.sqrt(sum((value - mean) ** 2 for value in values) / len(values))


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    weight: float
    scale_min: int
    scale_max: int


@dataclass
class ProposalRank:
    proposal_id: int
    mean: float | None = None
    median: float | None = None
    count: int = 0
    spread: float | None = None
    z: float | None = None
    review_scores: list = field(default_factory=list)

    @property
    def disagreement(self):
        return self.spread is not None and self.spread > DISAGREEMENT_SPREAD


def review_score(criteria, values):
    """Weighted mean (0–100) of one review; ``values`` maps criterion id to a value or None."""
    total = weights = 0.0
    for criterion in criteria:
        value = values.get(criterion.id)
        if value is None:
            continue
        span = criterion.scale_max - criterion.scale_min
        total += float(criterion.weight) * 100.0 * (value - criterion.scale_min) / span
        weights += float(criterion.weight)
    return total / weights if weights else None


def rank(criteria, reviews, proposal_ids):
    """``reviews``: iterable of ``(proposal_id, juror_id, {criterion_id: value|None})``.

    Returns ``{proposal_id: ProposalRank}`` for every id in ``proposal_ids``.
    """
    scored = []
    for proposal_id, juror_id, values in reviews:
        score = review_score(criteria, values)
        if score is not None:
            scored.append((proposal_id, juror_id, score))
    by_juror = {}
    for _pid, juror_id, score in scored:
        by_juror.setdefault(juror_id, []).append(score)
    juror_stats = {}
    for juror_id, scores in by_juror.items():
        mean = statistics.fmean(scores)
        sd = _pstdev(scores) if len(scores) > 1 else 0.0
        juror_stats[juror_id] = (mean, sd)
    results = {pid: ProposalRank(proposal_id=pid) for pid in proposal_ids}
    zs = {}
    for proposal_id, juror_id, score in scored:
        if proposal_id not in results:
            continue
        results[proposal_id].review_scores.append(score)
        mean, sd = juror_stats[juror_id]
        zs.setdefault(proposal_id, []).append((score - mean) / sd if sd > 0 else 0.0)
    for proposal_id, result in results.items():
        scores = result.review_scores
        if not scores:
            continue
        result.count = len(scores)
        result.mean = statistics.fmean(scores)
        result.median = statistics.median(scores)
        result.spread = _pstdev(scores) if len(scores) > 1 else 0.0
        result.z = statistics.fmean(zs[proposal_id])
    return results


# The order that decides the awards: the mean z-score, which evens out lenient and harsh
# jurors. The ranking and decisions pages list proposals in this order unless asked
# otherwise, so a proposal's position is its place in the awards.
AWARD_ORDER = "z"

SORT_KEYS = {
    "mean": lambda row: row.mean,
    "median": lambda row: row.median,
    "z": lambda row: row.z,
    "count": lambda row: row.count,
    "spread": lambda row: row.spread,
    "budget": lambda row: row.budget,
}


@dataclass
class RankingRow:
    proposal: object
    budget: Decimal
    result: ProposalRank
    position: int = 0
    running_total: Decimal = Decimal("0")
    within_budget: bool = False

    def __getattr__(self, name):
        return getattr(self.__dict__["result"], name)


def sort_rows(rows, key=AWARD_ORDER, descending=True, budget=None):
    """Sort rows (missing values last), number them and add the budget running total."""
    getter = SORT_KEYS.get(key, SORT_KEYS[AWARD_ORDER])

    def sort_key(row):
        value = getter(row)
        missing = value is None
        value = 0 if missing else value
        return (
            missing,
            -value if descending else value,
            row.proposal.title.lower(),
            row.proposal.pk,
        )

    rows = sorted(rows, key=sort_key)
    running = Decimal("0")
    for position, row in enumerate(rows, start=1):
        running += row.budget
        row.position = position
        row.running_total = running
        row.within_budget = budget is not None and running <= budget
    return rows
