"""The matching algorithm alone (no database): hard rules, trios, explanations."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cohorts.intake.matching.algorithm import (
    MatchingError,
    Participant,
    Weights,
    explain_pair,
    hard_rule_broken,
    match,
)

INTERESTS = ["digital", "children", "research", "heritage", "literacy"]
SECTORS = ["public", "academic", "school", "special", "student"]
STAGES = ["student", "early", "mid", "senior"]


@st.composite
def rounds(draw, min_size=2, max_size=40):
    """Random people from 2 to 8 countries, some duplicate identities, history, exclusions."""
    size = draw(st.integers(min_value=min_size, max_value=max_size))
    country_count = draw(st.integers(min_value=2, max_value=8))
    countries = draw(
        st.lists(st.integers(0, country_count - 1), min_size=size, max_size=size).filter(
            lambda values: len(set(values)) >= 2
        )
    )
    people = [
        Participant(
            id=index + 1,
            country=f"C{country}",
            sector=draw(st.sampled_from(SECTORS)),
            career_stage=draw(st.sampled_from(STAGES)),
            interests=frozenset(draw(st.lists(st.sampled_from(INTERESTS), max_size=4))),
            languages=frozenset(draw(st.lists(st.sampled_from(["pl", "es"]), max_size=2))),
            preferred_sector=draw(st.sampled_from(["", *SECTORS])),
            # A few people share an identity with someone else (the same person twice).
            identities=frozenset({f"e:{draw(st.integers(0, size + 3)) % (size + 3)}"}),
        )
        for index, country in enumerate(countries)
    ]
    ids = [p.id for p in people]
    pair = st.tuples(st.sampled_from(ids), st.sampled_from(ids)).filter(lambda t: t[0] != t[1])
    previous = draw(st.lists(pair, max_size=4))
    exclusions = draw(st.lists(pair, max_size=4))
    return people, previous, exclusions


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rounds(), st.sampled_from([2, 4, 12, None]))
def test_match_never_breaks_a_hard_rule_on_random_rounds(data, top_k):
    people, previous, exclusions = data
    result = match(people, previous=previous, exclusions=exclusions, top_k=top_k)
    previous = {frozenset(p) for p in previous}
    excluded = {frozenset(p) for p in exclusions}
    placed = [member.id for group in result.groups for member in group.members]
    placed += [person.id for person in result.unplaced]
    assert sorted(placed) == sorted(p.id for p in people)
    for group in result.groups:
        assert len(group.members) in (2, 3)
        for index, a in enumerate(group.members):
            for b in group.members[index + 1 :]:
                assert hard_rule_broken(a, b, previous=previous, excluded=excluded) is None
    assert result.total == sum(group.score for group in result.groups)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(min_value=4, max_value=60),
    st.integers(min_value=3, max_value=10),
    st.sampled_from([2, 4, 12]),
)
def test_match_everyone_matched_or_in_a_trio_when_no_country_dominates(size, countries, top_k):
    # Countries dealt round-robin: none holds more than a third of the people.
    people = [Participant(id=i, country=f"C{i % countries}") for i in range(size)]
    result = match(people, top_k=top_k)
    assert result.unplaced == []
    assert sorted(p.id for g in result.groups for p in g.members) == list(range(size))
    assert [len(g.members) for g in result.groups].count(3) == size % 2
    assert [len(g.members) for g in result.groups].count(2) == size // 2 - size % 2


def test_match_odd_person_joins_best_fitting_pair_as_trio():
    people = [
        Participant(1, "PL", interests=frozenset({"digital"})),
        Participant(2, "AU", interests=frozenset({"digital"})),
        Participant(3, "US", interests=frozenset({"digital"})),
    ]
    result = match(people)
    assert len(result.groups) == 1
    assert sorted(p.id for p in result.groups[0].members) == [1, 2, 3]
    assert result.groups[0].reasons[0]["code"] == "trio"


def test_match_refuses_fewer_than_two():
    try:
        match([Participant(1, "PL")])
    except MatchingError as error:
        assert error.code == "too_few"
    else:
        raise AssertionError("expected a refusal")


def test_match_refuses_one_country():
    try:
        match([Participant(1, "PL"), Participant(2, "PL"), Participant(3, "PL")])
    except MatchingError as error:
        assert error.code == "one_country"
    else:
        raise AssertionError("expected a refusal")


def test_match_refuses_pinned_pair_from_same_country():
    people = [
        Participant(1, "PL"),
        Participant(2, "PL"),
        Participant(3, "AU"),
        Participant(4, "US"),
    ]
    try:
        match(people, pins=[(1, 2)])
    except MatchingError as error:
        assert error.code == "same_country"
    else:
        raise AssertionError("expected a refusal")


def test_match_keeps_pinned_pair_even_if_worse():
    people = [
        Participant(1, "PL", interests=frozenset({"digital", "children"})),
        Participant(2, "AU", interests=frozenset({"digital", "children"})),
        Participant(3, "US"),
        Participant(4, "GB"),
    ]
    result = match(people, pins=[(1, 3)])
    groups = {frozenset(p.id for p in g.members): g for g in result.groups}
    assert set(groups) == {frozenset({1, 3}), frozenset({2, 4})}
    assert groups[frozenset({1, 3})].pinned is True
    assert groups[frozenset({1, 3})].reasons[0] == {"code": "pinned", "points": 0}


def test_match_never_pairs_previous_partners_or_exclusions():
    people = [
        Participant(1, "PL"),
        Participant(2, "AU"),
        Participant(3, "US"),
        Participant(4, "GB"),
    ]
    result = match(people, previous=[(1, 2)], exclusions=[(1, 3)])
    assert {frozenset(p.id for p in g.members) for g in result.groups} == {
        frozenset({1, 4}),
        frozenset({2, 3}),
    }


def test_match_never_pairs_duplicate_identities():
    people = [
        Participant(1, "PL", identities=frozenset({"e:ana@example.org"})),
        Participant(2, "AU", identities=frozenset({"e:ana@example.org"})),
        Participant(3, "US", identities=frozenset({"e:c"})),
        Participant(4, "GB", identities=frozenset({"e:d"})),
    ]
    result = match(people)
    for group in result.groups:
        assert {p.id for p in group.members} != {1, 2}


def test_explain_pair_lists_each_score_that_fired():
    student = Participant(
        1,
        "PL",
        sector="student",
        career_stage="student",
        interests=frozenset({"digital", "research", "children"}),
        languages=frozenset({"es"}),
        preferred_sector="academic",
    )
    librarian = Participant(
        2,
        "MX",
        sector="academic",
        career_stage="senior",
        interests=frozenset({"digital", "research"}),
        languages=frozenset({"es"}),
    )
    points, reasons = explain_pair(student, librarian, Weights())
    assert reasons == [
        {"code": "countries", "points": 1, "countries": ["PL", "MX"]},
        {"code": "interests", "points": 6, "interests": ["digital", "research"]},
        {"code": "partner_sector", "points": 4, "person": 1, "sector": "academic"},
        {"code": "language", "points": 2, "languages": ["es"]},
        {"code": "student_stage", "points": 3, "person": 1, "stage": "senior"},
    ]
    assert points == 16


def test_explain_pair_zero_weight_does_not_fire():
    a = Participant(1, "PL", interests=frozenset({"digital"}))
    b = Participant(2, "AU", interests=frozenset({"digital"}))
    points, reasons = explain_pair(a, b, Weights(interests=0))
    assert (points, [r["code"] for r in reasons]) == (1, ["countries"])


def test_match_scores_agree_with_explanations():
    people = [
        Participant(i, f"C{i % 5}", interests=frozenset(INTERESTS[: i % 4]), sector=SECTORS[i % 5])
        for i in range(21)
    ]
    result = match(people, top_k=6)
    for group in result.groups:
        assert group.score == sum(reason["points"] for reason in group.reasons)
