"""The best hits of a word query, and a phrase's positions read only for its best candidates.

Word queries are scored whole (`index.scoring`): the exact total needs the ids of every
postings block, the weights come in the same bytes, and scoring them is a small share of
the cost. Block headers do give a bound of each block's scores (largest weight, shortest
field), but on news articles the bound of a common word's block is 1.7 to 2.6 times the
score of a typical posting in it (measured on the 10k bench index), so a block-max walk
skipped too few blocks to pay for itself.

A phrase is different: checking that its words follow each other means decoding each
document's positions, the costliest part of a search ("stock split" in 100,000 articles:
150 ms). So a first pass scores every document holding all its words as if they were in
order (an upper bound: a document that holds the phrase gets exactly that score), then
candidates are checked best first, a few at a time, until no candidate left can beat the
`limit`-th hit (or tie it with a lower document number): the hits, scores and order of
checking them all. The total then counts the phrase in a spread-out sample of the
unchecked candidates and estimates the rest, unless they are few: the result says so.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from whoosh import query
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from index.block_skim import Ids, Weights
from index.scoring import Evaluator, Held, Matches, Scores, Unsupported, ranked_matches

BATCH = 16
"""Candidates scored exactly at a time: each candidate's positions cost the decoding of
one postings block per word (they are scattered), and the best bounds are mostly the
phrase itself, so a batch a little larger than a page of hits is usually the last."""
FEWEST_GROUPS = 4
"""Candidates of distinct bounds checked at least at a time when copies are told apart
(`same`): each round costs a pass over the query's fields, each group a candidate or two."""
CHECKED_PHRASES = 128
"""Documents holding a phrase's words checked for the total: all of them up to this
many, else this many (in `SAMPLE_RUNS` runs of neighbours), the rest estimated."""
SAMPLE_RUNS = 16
"""Neighbours share postings blocks (each block's positions are inflated whole), but
neighbours are alike too: many short runs estimate better than a few long ones for the
same time. Sixteen phrases in the 100,000-article bench library, estimate against the
exact count: 4 runs of 50 were off by 3.8 % on average (at most 13.9 %), 16 runs of 8 by
2.3 % (at most 7.8 %), 8 runs of 12 by 5.5 %, 32 runs of 4 by 3.7 %; each search took
21-22 ms of CPU with any of them."""


Same = Callable[[int, int], bool]
"""Whether two documents are copies of one article."""


@dataclass(frozen=True)
class Ranking:
    best: list[tuple[int, float]]
    """The best (document number, score), best first; equal scores in document order."""
    total: int
    exact: bool
    """False when `total` is an estimate."""


def top_matches(searcher: Searcher, q: query.Query, limit: int, held: Held | None = None,
                ties: bool = False, same: Same | None = None) -> Ranking | None:
    """The `limit` best matches of a word query and the number of matches; None when the
    query has a part only Whoosh can run (or the searcher weights otherwise). The terms'
    blocks read are left in `held` for the snippets.

    With `ties`, `limit` counts scores (rounded as hits show them), and every match
    scoring one of the `limit` best is given: copies of an article score alike, so the
    caller can list them as one row and still fill `limit` rows. `same(a, b)` then says
    whether two documents are copies of one article: a phrase's candidates of equal bounds
    have one of them checked, and its copies follow it without reading their positions."""
    if type(searcher.weighting) is not BM25F:
        return None
    try:
        _check(q)
        return _rank(Evaluator(searcher, held), q, max(1, limit), ties, same)
    except Unsupported:
        return None


def _check(q: query.Query) -> None:
    """Boosts must be positive for bounds to bound (a negative one turns a sum around)."""
    if not getattr(q, "boost", 1.0) > 0:
        raise Unsupported("a boost of 0 or less")
    if not q.is_leaf():
        for child in q.children():
            _check(child)


class _Best:
    """The `limit` best (score, document number) so far, the worst on top."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.heap: list[tuple[float, int]] = []  # (score, -docnum): the worst first

    def add(self, found: Scores) -> None:
        heap = self.heap
        for docnum, score in found.items():
            entry = (score, -docnum)
            if len(heap) < self.limit:
                heapq.heappush(heap, entry)
            elif entry > heap[0]:
                heapq.heapreplace(heap, entry)

    def full(self) -> bool:
        return len(self.heap) == self.limit

    def reaching(self, bounds: Weights, ids: Ids) -> npt.NDArray[np.bool_]:
        """Which of these bounds (of these documents) may still enter, once full."""
        floor, last = self.heap[0]
        return (bounds > floor) | ((bounds == floor) & (ids < -last))  # type: ignore[no-any-return]

    def may_take(self, bound: float, docnum: int) -> bool:
        """Whether a match with this bound could still enter."""
        if len(self.heap) < self.limit:
            return True
        floor, last = self.heap[0]
        return bound > floor or (bound == floor and docnum < -last)

    def ranked(self) -> list[tuple[int, float]]:
        return sorted(((-docnum, score) for score, docnum in self.heap),
                      key=lambda item: (-item[1], item[0]))


class _BestScores(_Best):
    """Every match scoring one of the `limit` best scores (rounded) so far."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.found: Scores = {}
        self.floor: float | None = None
        """The `limit`-th best rounded score, once that many are known."""

    def add(self, found: Scores) -> None:
        self.found.update(found)
        if not self.found:
            return
        shown = np.round(np.fromiter(self.found.values(), dtype=np.float64), 4)
        distinct = np.unique(shown)
        if distinct.size >= self.limit:
            floor = self.floor = float(distinct[-self.limit])
            self.found = {docnum: score for (docnum, score), keep
                          in zip(self.found.items(), (shown >= floor).tolist(), strict=True)
                          if keep}

    def full(self) -> bool:
        return self.floor is not None

    def missing(self) -> int:
        """How many more distinct scores the `limit` best need (0 once the floor is known)."""
        if self.floor is not None:
            return 0
        if not self.found:
            return self.limit
        shown = np.unique(np.round(np.fromiter(self.found.values(), dtype=np.float64), 4))
        return self.limit - int(shown.size)

    def reaching(self, bounds: Weights, ids: Ids) -> npt.NDArray[np.bool_]:
        assert self.floor is not None
        return np.round(bounds, 4) >= self.floor

    def may_take(self, bound: float, docnum: int) -> bool:
        return self.floor is None or shown_score(bound) >= self.floor

    def ranked(self) -> list[tuple[int, float]]:
        return sorted(self.found.items(), key=lambda item: (-item[1], item[0]))


def shown_score(score: float | None) -> float:
    """A score as a hit shows it (`np.round`, as `reaching` rounds bounds): equal shown
    scores are ties, in this ranking and in `index.search`'s rows."""
    return float(np.round(float(score or 0.0), 4))


def ranked_scores(matches: Matches, limit: int) -> list[tuple[int, float]]:
    """Every match scoring one of the `limit` best scores (rounded), best first, equal
    scores in document order. A prefix scores every match alike: all of them come back."""
    ids, scores = matches.ids, matches.scores
    if ids.size > limit:
        rounded = np.round(scores, 4)
        # The best few thousand first: their distinct scores usually reach `limit`.
        some = min(ids.size, 64 * limit)
        top = rounded if some == ids.size else np.partition(rounded, ids.size - some)[-some:]
        distinct = np.unique(top)
        if distinct.size < limit and some < ids.size:
            distinct = np.unique(rounded)
        floor = distinct[-limit] if distinct.size >= limit else distinct[0]
        reach = rounded >= floor
        ids, scores = ids[reach], scores[reach]
    order = np.lexsort((ids, -scores))
    return list(zip(ids[order].tolist(), scores[order].tolist(), strict=True))


def _has_phrase(q: query.Query) -> bool:
    return type(q) is query.Phrase or (
        not q.is_leaf() and any(_has_phrase(child) for child in q.children())
    )


def _rank(evaluator: Evaluator, q: query.Query, limit: int, ties: bool = False,
          same: Same | None = None) -> Ranking:
    if not _has_phrase(q):
        # Bounds save no decoding here (the exact total needs every block's ids, and the
        # weights come with them), only the arithmetic of the scores, less than scoring
        # the candidates again costs: every match is scored once.
        matches = evaluator.scores(q)
        best_of = ranked_scores if ties else ranked_matches
        return Ranking(best_of(matches, limit), len(matches), True)
    evaluator.bounding = True
    bounds = evaluator.scores(q)
    evaluator.bounding = False
    evaluator.replay = True  # OR parts added in the order the whole index gave
    ids, bound_of = bounds.ids, bounds.scores
    scores_best = _BestScores(limit)
    best = scores_best if ties else _Best(limit)
    checked = np.zeros(ids.size, dtype=bool)
    matched = 0

    def score(chosen: npt.NDArray[np.intp]) -> None:
        """Score the candidates at these places of `ids` exactly."""
        nonlocal matched
        found = evaluator.scores(q, np.sort(ids[chosen])).as_dict()
        checked[chosen] = True
        matched += len(found)
        best.add(found)

    def by_copies(order: npt.NDArray[np.intp], same: Same) -> None:
        """Check the candidates a batch of distinct bounds at a time: of the candidates of
        one bound, one per article is checked, and those `same` calls its copies hold the
        phrase if it does (the same article: same words in the same places)."""
        nonlocal matched
        shown = np.round(bound_of[order], 4)
        starts = np.flatnonzero(np.concatenate(([True], shown[1:] != shown[:-1])))
        ends = np.append(starts[1:], order.size)
        group_at = 0
        while group_at < starts.size:
            groups: list[list[int]] = []
            # As many distinct bounds as scores are still missing (a few more once the
            # floor is known): the best bounds mostly hold the phrase, so the first batch
            # nearly settles the floor, and a second one of a few groups usually ends it.
            wanted = max(FEWEST_GROUPS, scores_best.missing())
            while group_at < starts.size and len(groups) < wanted:
                floor = scores_best.floor
                if floor is not None and shown[starts[group_at]] < floor:
                    group_at = starts.size
                    break
                groups.append(order[starts[group_at]:ends[group_at]].tolist())
                group_at += 1
            if not groups:
                break
            checking: list[int] = []
            following: list[tuple[int, int]] = []  # (copy, the candidate it follows)
            for group in groups:
                # One candidate checked per article of the group: a bound shared by
                # several articles' copies ("stock split": 21 candidates, 3 articles)
                # costs three checks, not one per candidate unlike the first.
                firsts: list[int] = []
                for at in group:
                    copied = next((first for first in firsts
                                   if same(int(ids[at]), int(ids[first]))), None)
                    if copied is None:
                        firsts.append(at)
                        checking.append(at)
                    else:
                        following.append((at, copied))
            found = evaluator.scores(q, np.sort(ids[checking])).as_dict()
            checked[checking] = True
            matched += len(found)
            for at, first in following:
                checked[at] = True
                exact = found.get(int(ids[first]))
                if exact is not None:
                    found[int(ids[at])] = exact
                    matched += 1
            scores_best.add(found)

    # The best bounds first (equal ones in document order); once the floor is known,
    # only what may beat it is checked, a batch at a time.
    order = np.lexsort((ids, -bound_of))
    if ties and same is not None:
        by_copies(order, same)
    else:
        score(order[:BATCH])
        left = order[BATCH:]
        if best.full():
            left = left[best.reaching(bound_of[left], ids[left])]
        for start in range(0, left.size, BATCH):
            batch = [at for at in left[start:start + BATCH].tolist()
                     if best.may_take(float(bound_of[at]), int(ids[at]))]
            if not batch:
                break
            score(np.array(batch, dtype=np.intp))
    hits = best.ranked()
    if not evaluator.superset:
        return Ranking(hits, len(bounds), True)
    # A phrase: `bounds` holds every document with its words, `matched` of the `checked`
    # ones hold the phrase itself.
    unchecked = np.flatnonzero(~checked)  # in document order
    if unchecked.size <= CHECKED_PHRASES:
        score(unchecked)
        return Ranking(hits, matched, True)
    # A few runs of neighbouring documents, spread over the library: neighbours share
    # postings blocks, and each block's positions are decoded whole.
    run = CHECKED_PHRASES // SAMPLE_RUNS
    step = (unchecked.size - run) / (SAMPLE_RUNS - 1)
    sample = np.concatenate([unchecked[round(n * step):round(n * step) + run]
                             for n in range(SAMPLE_RUNS)])
    before = matched
    score(sample)
    share = (matched - before) / sample.size
    estimate = before + (matched - before) + share * (unchecked.size - sample.size)
    return Ranking(hits, max(matched, _rounded(estimate)), False)


def _rounded(value: float) -> int:
    """Two significant digits: an estimate should not look precise."""
    whole = round(value)
    if whole < 100:
        return whole
    return round(whole, 2 - len(str(whole)))
