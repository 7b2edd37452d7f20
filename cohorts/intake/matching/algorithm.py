"""Peer matching for ILN-style rounds: pure Python, no database.

Everyone is paired with one partner from another country; with an odd number of people
one person joins the best-fitting pair as a trio. The pairs maximise the sum of soft
scores among the pairs the hard rules allow:

* hard rules (never broken): not the same country, not the same person twice (duplicate
  identities), not a partner from an earlier round, not a pair the coordinator excluded;
  pinned pairs are kept as they are;
* soft scores (weights per run): shared areas of interest, the partner sector someone
  asked for, a shared language besides English, different career stages for students.

Scoring every pair (numpy) and the maximum-weight matching (rustworkx) happen in
``cohorts.intake.matching.fast``; the matching runs on a sparse graph holding each person's
``top_k`` best candidates. With ``top_k=None`` the full graph is used (the exact optimum,
for comparison).
"""

from dataclasses import dataclass, field

# Every allowed pair is worth this much, so the matching first of all pairs everyone.
BASE_POINTS = 1
# Candidates kept per person in the sparse graph. On a synthetic ILN round of 400 the
# sparse optimum is 0.2% below the full graph's with 8 (0.35% with 6); 1,000 people match
# in ~1.3 s on this 2-core machine (2 s with 12). See docs/performance.md.
DEFAULT_TOP_K = 8


@dataclass(frozen=True)
class Participant:
    id: int
    country: str
    sector: str = ""
    career_stage: str = ""
    interests: frozenset = frozenset()
    languages: frozenset = frozenset()  # besides English
    preferred_sector: str = ""
    identities: frozenset = frozenset()  # normalised e-mail / name+organisation keys


@dataclass(frozen=True)
class Weights:
    interests: int = 3
    partner_sector: int = 4
    language: int = 2
    student_stage: int = 3

    def as_dict(self):
        return {
            "interests": self.interests,
            "partner_sector": self.partner_sector,
            "language": self.language,
            "student_stage": self.student_stage,
        }


@dataclass
class Group:
    """Two (or three) participants and why they were put together."""

    members: tuple
    score: int
    reasons: list = field(default_factory=list)
    pinned: bool = False


@dataclass
class Result:
    groups: list
    unplaced: list  # participants no pair could take without breaking a hard rule
    total: int
    candidate_edges: int


class MatchingError(ValueError):
    """The input cannot be matched at all (``code`` says why)."""

    def __init__(self, code, message, pair=None):
        self.code = code
        self.pair = pair
        super().__init__(message)


STUDENT = "student"


def _is_student(person):
    return person.career_stage == STUDENT or person.sector == STUDENT


def hard_rule_broken(a, b, *, previous=frozenset(), excluded=frozenset()):
    """The code of the first hard rule the pair breaks, or ``None`` if it may be made."""
    if a.id == b.id:
        return "self"
    if a.country == b.country:
        return "same_country"
    if a.identities & b.identities:
        return "duplicate"
    pair = frozenset((a.id, b.id))
    if pair in previous:
        return "previous_partner"
    if pair in excluded:
        return "excluded"
    return None


def explain_pair(a, b, weights):
    """Score a pair and list the soft scores that fired: ``(points, [reason, ...])``.

    A reason is a dict with a ``code``, the ``points`` it earned and what it is about,
    so a page can say it in the reader's language.
    """
    reasons = [{"code": "countries", "points": BASE_POINTS, "countries": [a.country, b.country]}]
    points = BASE_POINTS
    shared = sorted(a.interests & b.interests)
    if shared and weights.interests:
        gained = weights.interests * len(shared)
        points += gained
        reasons.append({"code": "interests", "points": gained, "interests": shared})
    if weights.partner_sector:
        for asker, other in ((a, b), (b, a)):
            if asker.preferred_sector and asker.preferred_sector == other.sector:
                points += weights.partner_sector
                reasons.append(
                    {
                        "code": "partner_sector",
                        "points": weights.partner_sector,
                        "person": asker.id,
                        "sector": other.sector,
                    }
                )
    languages = sorted(a.languages & b.languages)
    if languages and weights.language:
        points += weights.language
        reasons.append({"code": "language", "points": weights.language, "languages": languages})
    if (
        weights.student_stage
        and a.career_stage != b.career_stage
        and (_is_student(a) or _is_student(b))
    ):
        points += weights.student_stage
        student, other = (a, b) if _is_student(a) else (b, a)
        reasons.append(
            {
                "code": "student_stage",
                "points": weights.student_stage,
                "person": student.id,
                "stage": other.career_stage,
            }
        )
    return points, reasons


def score_group(members, weights):
    """Points and reasons of a pair, or of a trio (its three pairs, each saying with whom)."""
    if len(members) == 2:
        return explain_pair(members[0], members[1], weights)
    total, reasons = 0, [{"code": "trio", "points": 0, "person": members[-1].id}]
    for index, first in enumerate(members):
        for second in members[index + 1 :]:
            points, pair_reasons = explain_pair(first, second, weights)
            total += points
            reasons += [{**reason, "pair": [first.id, second.id]} for reason in pair_reasons]
    return total, reasons


class _Scorer:
    """Participants' answers as small ints and bit masks, by index, for ``_score_matrix``."""

    def __init__(self, people, weights, previous, excluded):
        self.people = people
        self.weights = weights
        self.blocked = previous | excluded
        interest_bits, language_bits, sector_ids = {}, {}, {}

        def mask(values, table):
            bits = 0
            for value in values:
                bits |= 1 << table.setdefault(value, len(table))
            return bits

        self.country = [p.country for p in people]
        self.interests = [mask(p.interests, interest_bits) for p in people]
        self.languages = [mask(p.languages, language_bits) for p in people]
        self.sector = [
            sector_ids.setdefault(p.sector, len(sector_ids)) if p.sector else -1 for p in people
        ]
        self.wants = [
            sector_ids.setdefault(p.preferred_sector, len(sector_ids)) if p.preferred_sector else -2
            for p in people
        ]
        self.stage = [p.career_stage for p in people]
        self.student = [_is_student(p) for p in people]
        self.identities = [p.identities for p in people]
        self.ids = [p.id for p in people]


def _score_matrix(scorer):
    """Scores of every pair by index; 0 where a hard rule forbids the pair.

    The readable reference ``fast.score_matrix`` (numpy) is tested against.
    """
    n = len(scorer.people)
    w = scorer.weights
    matrix = [[0] * n for _ in range(n)]
    country, identities, ids = scorer.country, scorer.identities, scorer.ids
    interests, languages = scorer.interests, scorer.languages
    sector, wants, stage, student = scorer.sector, scorer.wants, scorer.stage, scorer.student
    blocked = scorer.blocked
    for i in range(n):
        row = matrix[i]
        c_i, int_i, lang_i, id_i = country[i], interests[i], languages[i], identities[i]
        sec_i, want_i, stage_i, student_i = sector[i], wants[i], stage[i], student[i]
        for j in range(i + 1, n):
            if country[j] == c_i or id_i & identities[j]:
                continue
            if blocked and frozenset((ids[i], ids[j])) in blocked:
                continue
            points = BASE_POINTS + w.interests * (int_i & interests[j]).bit_count()
            if want_i == sector[j]:
                points += w.partner_sector
            if wants[j] == sec_i:
                points += w.partner_sector
            if lang_i & languages[j]:
                points += w.language
            if (student_i or student[j]) and stage_i != stage[j]:
                points += w.student_stage
            row[j] = matrix[j][i] = points
    return matrix


def match(
    participants,
    *,
    weights=None,
    pins=(),
    exclusions=(),
    previous=(),
    top_k=DEFAULT_TOP_K,
    seed=0,
    progress=None,
):
    """Pair the participants; see the module docstring for the rules.

    ``progress``, if given, is called with the share of the matching done (0 to 1).

    ``pins`` and ``exclusions`` are pairs of participant ids, ``previous`` pairs of ids
    who were partners before. Raises ``MatchingError`` when fewer than two people take
    part, when all come from one country, or when a pin breaks a hard rule.
    """
    from . import fast

    weights = weights or Weights()
    people = list(participants)
    by_id = {p.id: p for p in people}
    if len(by_id) < 2:
        raise MatchingError("too_few", "Fewer than two participants.")
    if len({p.country for p in people}) < 2:
        raise MatchingError("one_country", "All participants come from the same country.")
    previous = frozenset(frozenset(pair) for pair in previous)
    excluded = frozenset(frozenset(pair) for pair in exclusions)

    groups, pinned_ids = [], set()
    for first, second in pins:
        if first not in by_id or second not in by_id:
            continue
        if first in pinned_ids or second in pinned_ids:
            raise MatchingError(
                "pinned_twice", "A participant is in two pinned pairs.", (first, second)
            )
        a, b = by_id[first], by_id[second]
        broken = hard_rule_broken(a, b, previous=previous, excluded=excluded)
        if broken:
            raise MatchingError(broken, "A pinned pair breaks a hard rule.", (first, second))
        points, reasons = explain_pair(a, b, weights)
        groups.append(Group((a, b), points, [{"code": "pinned", "points": 0}, *reasons], True))
        pinned_ids.update((first, second))

    pool = [p for p in people if p.id not in pinned_ids]
    matrix = fast.score_matrix(pool, weights, previous | excluded)
    pairs, edges = fast.solve_pairs(pool, matrix, top_k, seed, progress=progress)
    matched = {i for pair in pairs for i in pair}
    single = [i for i in range(len(pool)) if i not in matched]
    if len(single) > 1 and top_k is not None:
        # The sparse graph missed a perfect matching: give the people left over every
        # edge they are allowed and match again (an augmenting path is now possible).
        for i in single:
            edges.update(fast.allowed_edges(matrix, i))
        pairs = fast.max_weight_pairs(len(pool), edges)
        matched = {i for pair in pairs for i in pair}
        single = [i for i in range(len(pool)) if i not in matched]

    for i, j in sorted(pairs):
        points, reasons = explain_pair(pool[i], pool[j], weights)
        groups.append(Group((pool[i], pool[j]), points, reasons))

    unplaced = []
    position = {p.id: index for index, p in enumerate(pool)}
    for i in single:
        person = pool[i]
        best = None
        for group in groups:
            if len(group.members) != 2 or group.pinned:
                continue
            a, b = group.members
            if hard_rule_broken(person, a, previous=previous, excluded=excluded) or (
                hard_rule_broken(person, b, previous=previous, excluded=excluded)
            ):
                continue
            gain = int(matrix[i, position[a.id]]) + int(matrix[i, position[b.id]])
            if best is None or gain > best[0]:
                best = (gain, group)
        if best is None:
            unplaced.append(person)
            continue
        group = best[1]
        group.members = (*group.members, person)
        group.score, group.reasons = score_group(group.members, weights)
    return Result(
        groups=groups,
        unplaced=unplaced,
        total=sum(group.score for group in groups),
        candidate_edges=len(edges),
    )
