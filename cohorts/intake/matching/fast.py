"""The vectorised half of the peer matching: every pair's score, the candidates, the solver.

``cohorts.intake.matching.algorithm.match`` keeps the rules, the pins, the trios and the
explanations; this module does the three steps whose cost grows with the size of the
round (see docs/performance.md, "Matching at 10,000"):

* ``score_matrix``: the soft score of every pair, 0 where a hard rule forbids it, as one
  numpy matrix built in blocks of rows (the same sums as ``explain_pair``; the
  pure-Python ``algorithm._score_matrix`` is the reference it is tested against);
* ``candidate_edges``: each person's ``top_k`` candidates, half by their own score and
  half relative to the candidate's own options, or every allowed pair with ``None``;
* ``max_weight_pairs``: the exact maximum-weight matching of those edges with rustworkx
  (the blossom algorithm networkx runs, in Rust);
* ``solve_pairs``: up to ``WHOLE_UP_TO`` people, one maximum-weight matching of the whole
  sparse graph. Above it the blossom algorithm's cubic growth shows (10,000 people: 10 s
  of CPU), so the round is cut into chunks of about ``CHUNK`` people of similar
  interests, each matched exactly, then improved by ``ROUNDS`` rounds of re-matching
  chunks cut elsewhere with the pairs so far kept as edges (a large-neighbourhood
  search: a round never lowers the total).

numpy and rustworkx are imported here only, so web start-up does not load them.
"""

import numpy as np

# Rows scored at once: a block is ``ROWS × n`` small ints (10,000 people: 5 MB in int8).
ROWS = 512
# Above this many people the round is matched in chunks (see ``solve_pairs``).
WHOLE_UP_TO = 5000
CHUNK = 2500
ROUNDS = 3
# Relative scores (score minus the candidate's k-th best) are shifted to stay positive.
_OFFSET = 1 << 16


def _one_hot(values):
    """``(people × distinct values)`` 0/1 matrix of each person's set (or single value)."""
    codes = {}
    for value in values:
        for item in value:
            codes.setdefault(item, len(codes))
    matrix = np.zeros((len(values), max(1, len(codes))), dtype=np.float32)
    for row, value in enumerate(values):
        for item in value:
            matrix[row, codes[item]] = 1
    return matrix


def _codes(values):
    codes = {}
    return np.array([codes.setdefault(value, len(codes)) for value in values], dtype=np.int32)


def _forbidden_pairs(people, blocked):
    """Index pairs the hard rules forbid besides the country: duplicates and ``blocked`` ids."""
    position = {person.id: index for index, person in enumerate(people)}
    by_identity = {}
    for index, person in enumerate(people):
        for key in person.identities:
            by_identity.setdefault(key, []).append(index)
    pairs = set()
    for indexes in by_identity.values():
        for first in indexes:
            for second in indexes:
                if first != second:
                    pairs.add((first, second))
    for pair in blocked:
        ids = tuple(pair)
        if len(ids) == 2 and ids[0] in position and ids[1] in position:
            first, second = position[ids[0]], position[ids[1]]
            pairs.update(((first, second), (second, first)))
    if not pairs:
        return np.zeros((0, 2), dtype=np.int64)
    return np.array(sorted(pairs), dtype=np.int64)


def score_matrix(people, weights, blocked=frozenset()):
    """``n × n`` scores of every pair by index; 0 where a hard rule forbids the pair.

    ``blocked`` holds frozensets of two participant ids (earlier partners, exclusions).
    The matrix is int8 when the weights cannot overflow it (100 MB at 10,000 people),
    int16 otherwise.
    """
    from .algorithm import BASE_POINTS, STUDENT

    n = len(people)
    interests = _one_hot([p.interests for p in people])
    languages = _one_hot([p.languages for p in people])
    # Sector and wished-for sector share one code table: ``wants @ sectors.T`` is 1 where
    # someone's wish is the other's sector. Empty values get no column (never match).
    sector_codes = {}
    for person in people:
        for value in (person.sector, person.preferred_sector):
            if value:
                sector_codes.setdefault(value, len(sector_codes))
    sectors = np.zeros((n, max(1, len(sector_codes))), dtype=np.float32)
    wants = np.zeros_like(sectors)
    for row, person in enumerate(people):
        if person.sector:
            sectors[row, sector_codes[person.sector]] = 1
        if person.preferred_sector:
            wants[row, sector_codes[person.preferred_sector]] = 1
    country = _codes([p.country for p in people])
    stages = _one_hot([(p.career_stage,) for p in people])
    other = np.array(
        [[p.career_stage != STUDENT and p.sector != STUDENT] for p in people], dtype=np.float32
    )
    ones = np.ones((n, 1), dtype=np.float32)
    # Every soft score but the language is a sum of products of one person's features and
    # the other's, so a block of scores is one matrix product ``left @ right.T``. The
    # student rule, w·[(student a or student b) and stages differ], expands with
    # o = not a student and e = same stage into w·(1 − e − o·o' + o·o'·e).
    w = weights
    left = np.hstack(
        [
            (BASE_POINTS + w.student_stage) * ones,
            w.interests * interests,
            w.partner_sector * wants,
            w.partner_sector * sectors,
            -w.student_stage * stages,
            -w.student_stage * other,
            w.student_stage * other * stages,
        ]
    )
    right = np.hstack([ones, interests, sectors, wants, stages, other, other * stages])

    highest = (
        BASE_POINTS
        + w.interests * interests.shape[1]
        + 2 * w.partner_sector
        + w.language
        + w.student_stage
    )
    dtype = np.int8 if highest <= np.iinfo(np.int8).max else np.int16
    matrix = np.zeros((n, n), dtype=dtype)
    for lo in range(0, n, ROWS):
        hi = min(n, lo + ROWS)
        block = left[lo:hi] @ right.T
        if w.language:
            block += w.language * ((languages[lo:hi] @ languages.T) > 0)
        block[country[lo:hi, None] == country[None, :]] = 0
        matrix[lo:hi] = block
    forbidden = _forbidden_pairs(people, blocked)
    if len(forbidden):
        matrix[forbidden[:, 0], forbidden[:, 1]] = 0
    return matrix


def candidate_edges(matrix, top_k, seed):
    """``{(i, j): score}`` with ``i < j``: each person's ``top_k`` candidates, or every pair.

    Each person keeps half of ``top_k`` as their best-scoring candidates and the other half
    as the candidates for whom they are a good match *relative to* the candidate's own
    options (score minus the candidate's k-th best score). Without that second half
    everybody's list points at the same few people with rich profiles and the sparse
    optimum falls short of the full one. Ties are broken at random (a random order of
    people, salted per person, in the low bits of the sort key).
    """
    n = len(matrix)
    if top_k is None:
        rows, cols = np.nonzero(np.triu(matrix, 1))
        return _edge_dict(matrix, rows, cols)
    top_k = min(top_k, n - 1)
    own = max(1, top_k // 2)
    rng = np.random.default_rng(seed)
    bits = max(1, (n - 1).bit_length())
    order = rng.permutation(n).astype(np.int64)
    salt = rng.integers(0, 1 << bits, size=n, dtype=np.int64)
    kth = np.empty(n, dtype=np.int64)
    for lo in range(0, n, ROWS):
        block = matrix[lo : lo + ROWS]
        kth[lo : lo + ROWS] = -np.partition(-block, top_k - 1, axis=1)[:, top_k - 1]
    chosen_rows, chosen_cols = [], []
    for lo in range(0, n, ROWS):
        block = matrix[lo : lo + ROWS].astype(np.int64)
        tie = order[None, :] ^ salt[lo : lo + ROWS, None]
        allowed = block > 0
        for points, count in ((block, own), (block - kth[None, :] + _OFFSET, top_k - own)):
            if count <= 0:
                continue
            key = np.where(allowed, (points << bits) | tie, -1)
            best = np.argpartition(-key, count - 1, axis=1)[:, :count]
            rows = np.repeat(np.arange(lo, lo + len(block)), count)
            cols = best.ravel()
            keep = matrix[rows, cols] > 0
            chosen_rows.append(rows[keep])
            chosen_cols.append(cols[keep])
    rows = np.concatenate(chosen_rows)
    cols = np.concatenate(chosen_cols)
    first, second = np.minimum(rows, cols), np.maximum(rows, cols)
    codes = np.unique(first * n + second)
    return _edge_dict(matrix, codes // n, codes % n)


def _edge_dict(matrix, rows, cols):
    return {
        (i, j): points
        for i, j, points in zip(
            rows.tolist(), cols.tolist(), matrix[rows, cols].tolist(), strict=True
        )
    }


def allowed_edges(matrix, index):
    """``{(i, j): score}`` of every pair person ``index`` may be in."""
    cols = np.nonzero(matrix[index])[0]
    return {((index, j) if index < j else (j, index)): int(matrix[index, j]) for j in cols.tolist()}


def max_weight_pairs(n_nodes, edges):
    """The maximum-weight matching of most pairs (``{(i, j), ...}``, ``i < j``): exact."""
    import rustworkx

    graph = rustworkx.PyGraph()
    graph.add_nodes_from(range(n_nodes))
    graph.add_edges_from([(i, j, int(points)) for (i, j), points in edges.items()])
    pairs = rustworkx.max_weight_matching(graph, max_cardinality=True, weight_fn=int)
    return {(i, j) if i < j else (j, i) for i, j in pairs}


def _chunks(units, chunk):
    """Consecutive units (tuples of indexes) in groups of at least ``chunk`` people, even."""
    groups, current, size = [], [], 0
    for unit in units:
        current.append(unit)
        size += len(unit)
        if size >= chunk and size % 2 == 0:
            groups.append(current)
            current, size = [], 0
    if current:
        groups.append(current)
    return groups


def _match_chunks(matrix, units, chunk, top_k, seed, tick):
    """Match each chunk of units exactly on its own candidates plus its current pairs.

    Returns the pairs and every edge offered (global indexes); ``tick()`` after each chunk.
    """
    pairs, offered = set(), {}
    for group in _chunks(units, chunk):
        indexes = np.array([index for unit in group for index in unit])
        sub = matrix[np.ix_(indexes, indexes)]
        edges = candidate_edges(sub, top_k, seed)
        position = {int(index): local for local, index in enumerate(indexes)}
        for unit in group:
            if len(unit) == 2:
                first, second = sorted((position[unit[0]], position[unit[1]]))
                edges[(first, second)] = int(sub[first, second])
        for (first, second), points in edges.items():
            a, b = int(indexes[first]), int(indexes[second])
            offered[(a, b) if a < b else (b, a)] = points
        for first, second in max_weight_pairs(len(indexes), edges):
            a, b = int(indexes[first]), int(indexes[second])
            pairs.add((a, b) if a < b else (b, a))
        tick()
    return pairs, offered


def solve_pairs(people, matrix, top_k, seed, progress=None):
    """The pairs (indexes, ``i < j``) and the candidate edges the matching was solved on.

    The edges are those of the whole round up to ``WHOLE_UP_TO`` people (or with
    ``top_k=None``); above it, those the chunks of the last round were matched on.
    ``progress(share)`` is called as chunks are done (once, with 1, for a whole round).
    """
    n = len(matrix)
    report = progress or (lambda share: None)
    if top_k is None or n <= WHOLE_UP_TO:
        edges = candidate_edges(matrix, top_k, seed)
        pairs = max_weight_pairs(n, edges)
        report(1.0)
        return pairs, edges
    # People of similar interests (and the same wish for a partner's sector) side by side:
    # most good partners then share a chunk.
    order = sorted(
        range(n), key=lambda i: (sorted(people[i].interests), people[i].preferred_sector)
    )
    rank = {index: position for position, index in enumerate(order)}
    total = (ROUNDS + 1) * max(1, n // CHUNK)
    done = 0

    def tick():
        nonlocal done
        done += 1
        report(min(1.0, done / total))

    pairs, edges = _match_chunks(matrix, [(index,) for index in order], CHUNK, top_k, seed, tick)
    for round_number in range(1, ROUNDS + 1):
        matched = {index for pair in pairs for index in pair}
        units = [*pairs, *((index,) for index in order if index not in matched)]
        shift = round_number * CHUNK // (ROUNDS + 1)
        units.sort(key=lambda unit: (rank[unit[0]] - shift) % n)
        pairs, edges = _match_chunks(matrix, units, CHUNK, top_k, seed + round_number, tick)
    report(1.0)
    return pairs, edges
