"""The vectorised matching (cohorts.intake.matching.fast): same scores, same rules, chunks."""

import random

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cohorts.intake.matching import fast as matching_fast
from cohorts.intake.matching.algorithm import (
    Participant,
    Weights,
    _score_matrix,
    _Scorer,
    explain_pair,
    hard_rule_broken,
    match,
)
from tests.cohorts.test_matching_algorithm import rounds

INTERESTS = ["digital", "children", "research", "heritage", "literacy"]
SECTORS = ["public", "academic", "school", "special", "student"]
STAGES = ["student", "early", "mid", "senior"]

weights_strategy = st.builds(
    Weights,
    interests=st.integers(0, 20),
    partner_sector=st.integers(0, 20),
    language=st.integers(0, 20),
    student_stage=st.integers(0, 20),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rounds(), weights_strategy)
def test_score_matrix_equals_the_pure_python_reference(data, weights):
    people, previous, exclusions = data
    blocked = frozenset(frozenset(p) for p in previous) | frozenset(
        frozenset(p) for p in exclusions
    )
    reference = _score_matrix(_Scorer(people, weights, blocked, frozenset()))
    assert matching_fast.score_matrix(people, weights, blocked).tolist() == reference


def test_score_matrix_agrees_with_explain_pair():
    rng = random.Random(4)
    people = [_person(rng, index) for index in range(60)]
    matrix = matching_fast.score_matrix(people, Weights())
    for a in range(60):
        for b in range(a + 1, 60):
            if hard_rule_broken(people[a], people[b]):
                assert matrix[a, b] == 0
            else:
                assert matrix[a, b] == explain_pair(people[a], people[b], Weights())[0]


def test_score_matrix_uses_int16_when_weights_could_overflow_int8():
    people = [Participant(1, "PL", interests=frozenset(INTERESTS)), Participant(2, "AU")]
    assert matching_fast.score_matrix(people, Weights()).dtype == np.int8
    heavy = Weights(interests=20, partner_sector=20)
    assert matching_fast.score_matrix(people, heavy).dtype == np.int16


def _person(rng, index, countries=6):
    sector = rng.choice(SECTORS)
    return Participant(
        id=index,
        country=f"C{rng.randrange(countries)}",
        sector=sector,
        career_stage="student" if sector == "student" else rng.choice(STAGES[1:]),
        interests=frozenset(rng.sample(INTERESTS, rng.randint(0, 3))),
        languages=frozenset(rng.sample(["pl", "es", "fr"], rng.randint(0, 2))),
        preferred_sector=rng.choice(["", *SECTORS]),
        identities=frozenset({f"e:{index % 97}"}),
    )


def _chunked(monkeypatch, *, rounds=3):
    monkeypatch.setattr(matching_fast, "WHOLE_UP_TO", 30)
    monkeypatch.setattr(matching_fast, "CHUNK", 24)
    monkeypatch.setattr(matching_fast, "ROUNDS", rounds)


def test_chunked_match_keeps_the_hard_rules_and_places_everyone(monkeypatch):
    _chunked(monkeypatch)
    rng = random.Random(7)
    people = [_person(rng, index) for index in range(101)]
    previous = [(0, 1), (2, 3), (4, 5)]
    exclusions = [(6, 7), (8, 9)]
    shares = []
    result = match(
        people, previous=previous, exclusions=exclusions, top_k=6, progress=shares.append
    )
    placed = sorted(member.id for group in result.groups for member in group.members)
    assert placed == list(range(101))
    assert [len(group.members) for group in result.groups].count(3) == 1
    blocked = {frozenset(pair) for pair in previous + exclusions}
    for group in result.groups:
        for index, a in enumerate(group.members):
            for b in group.members[index + 1 :]:
                assert hard_rule_broken(a, b, previous=blocked) is None
        assert group.score == sum(reason["points"] for reason in group.reasons)
    assert shares == sorted(shares)
    assert shares[-1] == 1.0
    assert len(shares) > 4


def test_chunked_rounds_never_lower_the_total(monkeypatch):
    rng = random.Random(11)
    people = [_person(rng, index, countries=9) for index in range(120)]
    totals = []
    for rounds_count in (0, 1, 3):
        _chunked(monkeypatch, rounds=rounds_count)
        totals.append(match(people, top_k=6, seed=2).total)
    assert totals == sorted(totals)
    assert totals[-1] <= match(people, top_k=None).total


def test_whole_round_reports_progress_once():
    people = [Participant(i, f"C{i % 3}") for i in range(10)]
    shares = []
    match(people, progress=shares.append)
    assert shares == [1.0]
