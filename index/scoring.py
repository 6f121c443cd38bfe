"""Word queries scored block by block: Whoosh's BM25F ranking, without its matcher tree.

A plain query word becomes an OR over sixteen title and body fields, and Whoosh walks the
matches one posting at a time through a tree of union and intersection matchers, asking
each scorer for the document's field length on the way: about 12 µs per matching article,
so a common word in 10,000 articles cost 12 ms and would cost ten times that at 100,000.
Here each term's postings are read a block at a time (ids and weights, as Whoosh decodes
them, positions left packed: `index.block_skim`) and scored in one loop with the same
formula, the same statistics and the same field lengths; AND and OR combine the per-term
scores by document. The hits, their order (score, then document number) and the total are
Whoosh's; a sum of several fields' scores may
differ from Whoosh's in the last bit, as Whoosh itself adds them in an order that depends
on segment sizes.

Only the shapes of plain word queries are handled (terms, AND, OR, NOT inside an AND, AND
NOT, phrases, constant-score word lists from prefixes and fuzzy terms); ranges (date:),
lone NOTs and anything else return None, and the caller runs them through Whoosh.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh import query
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.fields import TEXT
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from index.block_skim import (
    Cut,
    Header,
    Ids,
    Weights,
    block_arrays,
    block_postings,
    headers,
    ids_and_weights,
)
from index.segment_terms import SegmentTerms

LIST_DECODED = 2
"""Blocks decoded at once up to which `Blocks` reads them as lists rather than arrays."""

Scores = dict[int, float]
"""Document number → score, for the documents a (sub)query matches."""
Held = dict[tuple[int, str, bytes], "Blocks | None"]
"""Terms' blocks read for one search, by (segment, field, term): ranking and snippets
share them."""


def posting_values(searcher: Searcher, fieldname: str, btext: bytes, docnums: list[int],
                   held: Held | None = None) -> dict[int, Any]:
    """The raw posting value (positions, characters) of a term in each of the given
    documents that holds it; only the postings blocks holding them are decoded (and
    those `held` from ranking are not read again)."""
    found: dict[int, Any] = {}
    held = {} if held is None else held
    every = np.sort(np.asarray(docnums, dtype=np.int64))
    for leaf, base in searcher.reader().leaf_readers():
        end = base + leaf.doc_count_all()
        sought = every[np.searchsorted(every, base):np.searchsorted(every, end)] - base
        if not sought.size:
            continue
        wanted = sought.tolist()
        key = (id(leaf), fieldname, btext)
        if key not in held:
            held[key] = Blocks.of(leaf, fieldname, btext)
        blocks = held[key]
        if blocks is None:
            continue
        for n in blocks.holding(wanted):
            ids = blocks.arrays([n])[0]
            at = np.minimum(np.searchsorted(ids, sought), ids.size - 1)
            at = at[ids[at] == sought]
            docs = (ids[at] + base).tolist()
            found.update(zip(docs, blocks.some_values(n, at.tolist()), strict=True))
    return found


class Blocks:
    """One term's postings in one segment: each block's header read once (its last
    document, its number of postings, its largest weight, its shortest field length), each
    block's ids and weights decoded at most once, its positions only when asked for.
    Deleted documents are left out of what a block gives."""

    def __init__(self, deleted: Any, postings: bytes = b"", fieldformat: Any = None) -> None:
        self.deleted = deleted
        self._postings = postings
        self._format = fieldformat
        found = headers(postings) if postings else []
        self._headers = found
        self.lasts: list[int] = [header.last for header in found]
        self.counts: list[int] = [header.count for header in found]
        self.last_ids: Ids = np.array(self.lasts, dtype=np.int64)
        self._ids: dict[int, list[int]] = {}
        self._weights: dict[int, Sequence[float]] = {}
        self._values: dict[int, Sequence[Any]] = {}
        self._cuts: dict[int, Cut] = {}
        self._arrays: dict[int, tuple[Ids, Weights]] = {}
        self._every: tuple[Ids, Weights] | None = None
        self._deleted_array: Ids | None = None

    @classmethod
    def of(cls, leaf: Any, fieldname: str, btext: bytes, lookup: SegmentTerms | None = None
           ) -> Blocks | None:
        """A segment's blocks of a term; None when the segment does not hold it. With
        `lookup` (the segment's terms of a text field), the term is looked up by
        `os.pread` calls, half the time of Whoosh's reads through its file objects."""
        terms = getattr(leaf, "_terms", None)
        deleted = getattr(leaf, "deleted_docs_set", None) or None
        fieldformat = leaf.schema[fieldname].format
        if terms is None or not hasattr(terms, "_postfile"):  # not a W3 segment
            try:
                matcher = leaf.postings(fieldname, btext)
            except Exception:  # not in this segment
                return None
            if isinstance(matcher, FilterMatcher):
                matcher = matcher.child
            return cls.listed(matcher, deleted)
        if lookup is not None:
            info = lookup.info(btext.decode("utf-8"))
            if info is None:
                return None
        else:
            try:
                info = terms.term_info(fieldname, btext)
            except TermNotFound:
                return None
        if info.is_inlined():  # kept in the term's entry (`index.codec`)
            return cls.listed(terms._codec.postings_reader(
                terms._postfile, info, fieldformat, term=(fieldname, btext)), deleted)
        offset, length = info.extent()
        if isinstance(length, tuple):  # Whoosh-Reloaded 2.7.5 reads it as a 1-tuple
            (length,) = length
        return cls(deleted, terms._postfile.get(offset, length), fieldformat)

    @classmethod
    def listed(cls, matcher: Any, deleted: Any) -> Blocks:
        """Postings read one at a time through a matcher, as one block."""
        blocks = cls(deleted)
        ids, weights, raws = [], [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            raws.append(matcher.value())
            matcher.next()
        if ids:
            blocks._headers = [Header(ids[-1], len(ids), max(weights), 0, slice(0), False)]
            blocks.lasts, blocks.counts = [ids[-1]], [len(ids)]
            blocks.last_ids = np.array(blocks.lasts, dtype=np.int64)
            blocks._store(0, ids, weights, raws)
        return blocks

    def header(self, n: int) -> Header:
        return self._headers[n]

    def _store(self, n: int, ids: list[int], weights: Sequence[float],
               raws: Sequence[Any] | None) -> None:
        deleted = self.deleted
        if deleted is not None and not deleted.isdisjoint(ids):
            kept = [i for i, docnum in enumerate(ids) if docnum not in deleted]
            ids, weights = [ids[i] for i in kept], [weights[i] for i in kept]
            raws = [raws[i] for i in kept] if raws is not None else None
        self._ids[n], self._weights[n] = ids, weights
        if raws is not None:
            self._values[n] = raws

    def decoded(self, n: int) -> bool:
        return n in self._ids

    def block(self, n: int) -> tuple[list[int], Sequence[float]]:
        """Block `n`'s document numbers (in the segment) and weights; no positions."""
        if n not in self._ids and n in self._arrays:  # decoded for ranking already
            ids, weights = self._arrays[n]
            self._ids[n], self._weights[n] = ids.tolist(), weights.tolist()
        if n not in self._ids:
            header = self._headers[n]
            self._store(n, *ids_and_weights(self._postings[header.data], header.count,
                                            header.compressed), None)
        return self._ids[n], self._weights[n]

    def values(self, n: int) -> Sequence[Any]:
        """Block `n`'s raw posting values (positions), in the order of `block(n)`."""
        if n not in self._values:
            header = self._headers[n]
            self._store(n, *block_postings(self._postings[header.data], header.count,
                                           header.compressed, self._format.fixed_value_size()))
        return self._values[n]

    def some_values(self, n: int, at: list[int]) -> list[Any]:
        """The raw values of the postings at indexes `at` of `block(n)`: only those are
        cut from the block (`index.block_skim.Cut`, kept for later calls) when the field's
        values vary in size and the block has no deleted document."""
        if n in self._values or not self._postings or not at:
            values = self.values(n)
            return [values[i] for i in at]
        header = self._headers[n]
        fixed = self._format.fixed_value_size()
        if (fixed is not None and fixed >= 0) or self.arrays([n])[0].size != header.count:
            values = self.values(n)
            return [values[i] for i in at]
        cut = self._cuts.get(n)
        if cut is None:
            cut = self._cuts[n] = Cut(self._postings[header.data], header.count,
                                      header.compressed)
        return cut.values(at)

    def arrays(self, chosen: Sequence[int] | None = None) -> tuple[Ids, Weights]:
        """The document numbers (in the segment) and weights of the blocks `chosen`
        (every block when None), as numpy arrays, each block decoded at most once."""
        every = chosen is None
        if every and self._every is not None:
            return self._every
        numbers = range(len(self.lasts)) if chosen is None else chosen
        missing = [n for n in numbers if n not in self._arrays]
        if missing:
            self._decode(missing)
        if len(numbers) == 1:
            found = self._arrays[numbers[0]]
        elif not numbers:
            found = (np.zeros(0, dtype=np.int64), np.zeros(0))
        else:
            found = (np.concatenate([self._arrays[n][0] for n in numbers]),
                     np.concatenate([self._arrays[n][1] for n in numbers]))
        if every:
            self._every = found
        return found

    def _deleted_ids(self) -> Ids:
        if self._deleted_array is None:
            self._deleted_array = np.array(sorted(self.deleted or ()), dtype=np.int64)
        return self._deleted_array

    def _decode(self, numbers: list[int]) -> None:
        # One or two blocks: read as lists (`block`), then arrays. `block_arrays` pays off
        # from about four blocks; below, its dozen numpy calls cost more than the postings
        # (a single block of a title word: 43 against 82 us, the 100k bench index), and
        # a query word is looked up in a few fields of every segment, most of them small.
        if not self._postings or len(numbers) <= LIST_DECODED:
            for n in numbers:
                listed_ids, listed_weights = self.block(n)
                self._arrays[n] = (np.array(listed_ids, dtype=np.int64),
                                   np.array(listed_weights, dtype=np.float64))
            return
        chosen = [self._headers[n] for n in numbers]
        ids, weights = block_arrays([(self._postings[h.data], h.count, h.compressed, h.last)
                                     for h in chosen])
        deleted = self.deleted
        start = 0
        for n, header in zip(numbers, chosen, strict=True):
            stop = start + header.count
            block_ids, block_weights = ids[start:stop], weights[start:stop]
            if deleted is not None:
                live = ~_members(block_ids, self._deleted_ids())
                if not live.all():
                    block_ids, block_weights = block_ids[live], block_weights[live]
            self._arrays[n] = (block_ids, block_weights)
            start = stop

    def overlapping(self, low: int, high: int) -> range:
        """The blocks whose id range meets [low, high] (segment document numbers)."""
        lasts = self.lasts
        first = bisect_left(lasts, low)
        stop = bisect_left(lasts, high, first)  # the first block reaching `high`
        return range(first, min(stop + 1, len(lasts)))

    def holding(self, wanted: list[int]) -> Iterator[int]:
        """The blocks whose id range holds one of the sorted document numbers `wanted`."""
        lasts = self.lasts
        if len(wanted) > len(lasts):  # fewer blocks than documents: ask per block
            start = -1
            for n, last in enumerate(lasts):
                at = bisect_right(wanted, start)
                if at == len(wanted):
                    return
                if wanted[at] <= last:
                    yield n
                start = last
            return
        n, previous = 0, -1
        for docnum in wanted:
            n = bisect_left(lasts, docnum, n)
            if n == len(lasts):
                return
            if n != previous:
                previous = n
                yield n


class Unsupported(Exception):
    """A query node this module does not score: Whoosh runs the whole query."""


class Matches:
    """The documents a (sub)query matches, in index order, and their scores: numpy arrays,
    so that scoring, sums and intersections run over all of them at once."""

    __slots__ = ("ids", "scores")

    def __init__(self, ids: Ids, scores: Weights) -> None:
        self.ids = ids
        """Index-wide document numbers, sorted, each once."""
        self.scores = scores

    def __len__(self) -> int:
        return int(self.ids.size)

    def as_dict(self) -> Scores:
        return dict(zip(self.ids.tolist(), self.scores.tolist(), strict=True))

    def scaled(self, boost: float) -> Matches:
        return self if boost == 1.0 else Matches(self.ids, self.scores * boost)

    def without(self, ids: Ids) -> Matches:
        """These matches less the documents `ids` (sorted)."""
        if not ids.size or not self.ids.size:
            return self
        keep = ~_members(self.ids, ids)
        return Matches(self.ids[keep], self.scores[keep])


def _nothing() -> Matches:
    return Matches(np.zeros(0, dtype=np.int64), np.zeros(0))


def _members(ids: Ids, among: Ids) -> npt.NDArray[np.bool_]:
    """For each of `ids`, whether the sorted `among` holds it."""
    if not among.size:
        return np.zeros(ids.size, dtype=bool)
    at = np.minimum(np.searchsorted(among, ids), among.size - 1)
    return among[at] == ids  # type: ignore[no-any-return]


def scored_matches(searcher: Searcher, q: query.Query) -> Scores | None:
    """Every live document the query matches, with Whoosh's BM25F score; None when the
    query has a part only Whoosh can run (or the searcher weights otherwise)."""
    if type(searcher.weighting) is not BM25F:
        return None
    try:
        return Evaluator(searcher).scores(q).as_dict()
    except Unsupported:
        return None


def ranked(matches: Scores, limit: int) -> list[tuple[int, float]]:
    """The `limit` best (document number, score), best first; equal scores in document
    order, as Whoosh's collector sorts them."""
    if len(matches) > limit:
        # The limit-th best score, then only the documents that reach it are sorted.
        floor = heapq.nlargest(limit, matches.values())[-1]
        contenders = [(docnum, score) for docnum, score in matches.items() if score >= floor]
    else:
        contenders = list(matches.items())
    contenders.sort(key=lambda item: (-item[1], item[0]))
    return contenders[:limit]


def ranked_matches(matches: Matches, limit: int) -> list[tuple[int, float]]:
    """`ranked`, on arrays: the limit-th best score found by a partial sort, and only the
    documents reaching it sorted."""
    ids, scores = matches.ids, matches.scores
    if ids.size > limit:
        floor = np.partition(scores, ids.size - limit)[ids.size - limit]
        reach = scores >= floor
        ids, scores = ids[reach], scores[reach]
    order = np.lexsort((ids, -scores))[:limit]
    return list(zip(ids[order].tolist(), scores[order].tolist(), strict=True))


class Evaluator:
    def __init__(self, searcher: Searcher, held: Held | None = None) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.schema = searcher.schema
        self.weighting: BM25F = searcher.weighting
        self.leaves = list(self.reader.leaf_readers())
        self.size = self.reader.doc_count_all()
        self._segments: dict[str, list[tuple[Any, int]]] = {}
        self._terms: Held = {} if held is None else held
        self._words: dict[tuple[str, Any], bytes | None] = {}
        self.bounding = False
        """When set, a phrase matches every document holding its words, scored as if the
        words were in order (its positions are not read): an upper bound of the query's
        score for every document that may match; see `index.topk`."""
        self.superset = False
        """Set when a phrase, while bounding, gave documents it did not check."""
        self.replay = False
        """When set, OR parts are added in the order recorded by an earlier evaluation of
        the whole index (each `within` holding fewer documents would change it)."""
        self._orders: dict[int, list[int]] = {}
        # Each segment's term tables of a field, opened once per searcher (the app keeps one).
        self._lookups: dict[tuple[int, str], SegmentTerms] = searcher.__dict__.setdefault(
            "_rubrique_segment_terms", {}
        )
        self._candidates: dict[int, tuple[Ids | None, Matches]] = {}
        """Per phrase, while bounding: the documents asked about (None: all) and the
        candidates found among them, so checking a batch of them reads no postings."""

    def scores(self, q: query.Query, within: Ids | None = None) -> Matches:
        """The documents the query matches (among the sorted document numbers `within`
        when given: the caller keeps only those, so postings blocks holding none of them
        need not be decoded)."""
        kind = type(q)
        if kind is query.Term:
            return self._term(q, within)
        if kind is query.Or:
            parts = [self.scores(sub, within) for sub in q.subqueries]
            order = self._orders.get(id(q)) if self.replay else None
            if order is None:
                # Largest first, as Whoosh-like sums round in that order.
                order = sorted(range(len(parts)), key=lambda n: -len(parts[n]))
                if not self.replay:
                    self._orders[id(q)] = order
            return self._union([parts[n] for n in order]).scaled(q.boost)
        if kind is query.And:
            excluded = [sub.query for sub in q.subqueries if type(sub) is query.Not]
            required = [sub for sub in q.subqueries if type(sub) is not query.Not]
            if not required:
                raise Unsupported("only NOTs")
            parts = [_nothing() for _ in required]
            # The rarest part first: the commoner ones are then read only in the blocks
            # that may hold its documents. Scores are still added in the query's order.
            sizes = [self._size(sub) for sub in required]
            for n in sorted(range(len(required)), key=lambda n: sizes[n]):
                part = self.scores(required[n], within)
                if not len(part):
                    return _nothing()
                parts[n] = part
                within = part.ids if within is None or len(part) < within.size else within
            kept = _intersection(parts)
            for sub in excluded:
                kept = kept.without(self._exactly(sub, kept.ids).ids)
                # Whoosh matches a NOT inside an AND with a matcher of every other
                # document, each scored 1.0: it adds 1.0 to every hit.
                kept = Matches(kept.ids, kept.scores + 1.0)
            return kept.scaled(q.boost)
        if kind is query.AndNot:
            kept = self.scores(q.a, within)
            if len(kept):
                kept = kept.without(self._exactly(q.b, kept.ids).ids)
            return kept
        if kind is query.Phrase:
            return self._phrase(q, within).scaled(q.boost)
        if kind is query.ConstantScoreQuery:
            constant = q.score or 1.0
            ids = self.scores(q.child, within).ids
            return Matches(ids, np.full(ids.size, constant, dtype=np.float64))
        if q is query.NullQuery or kind is query.qcore._NullQuery:
            return _nothing()
        raise Unsupported(kind.__name__)

    def _size(self, q: query.Query) -> float:
        """About how many documents a query part matches, from its terms' postings
        counts (read from block headers, nothing decoded); infinite when unknown."""
        kind = type(q)
        if kind is query.Term:
            if q.fieldname not in self.schema:
                return 0
            btext = self.term_bytes(q.fieldname, q.text)
            return 0 if btext is None else self._frequency(q.fieldname, btext)
        if kind is query.Or:
            return sum(self._size(sub) for sub in q.subqueries)
        return float("inf")

    def _frequency(self, fieldname: str, btext: bytes) -> int:
        """A term's document frequency in the whole index (deleted documents included, as
        Whoosh counts it), from the segments' term infos read once."""
        total = 0
        for leaf, _ in self._holding(fieldname):
            blocks = self.blocks(leaf, fieldname, btext)
            if blocks is not None:
                total += sum(blocks.counts)
        return total

    def _exactly(self, q: query.Query, within: Ids) -> Matches:
        """What a NOT removes: the documents themselves, even while bounding."""
        bounding, self.bounding = self.bounding, False
        try:
            return self.scores(q, within)
        finally:
            self.bounding = bounding

    def _union(self, parts: list[Matches]) -> Matches:
        """Sums by document, the parts added in the order given (each sum rounds as the
        same additions one document at a time would)."""
        parts = [part for part in parts if len(part)]
        if not parts:
            return _nothing()
        if len(parts) == 1:
            return parts[0]
        if sum(len(part) for part in parts) * 64 < self.size:  # few: sorted, not spread
            # (numpy 2.4's np.unique hashes first: ten times slower than sorting here)
            ids = np.sort(np.concatenate([part.ids for part in parts]))
            ids = ids[np.concatenate(([True], ids[1:] != ids[:-1]))]
            sums = np.zeros(ids.size)
            for part in parts:
                sums[np.searchsorted(ids, part.ids)] += part.scores
            return Matches(ids, sums)
        spread = np.zeros(self.size)
        seen = np.zeros(self.size, dtype=bool)
        for part in parts:
            spread[part.ids] += part.scores
            seen[part.ids] = True
        ids = np.flatnonzero(seen)
        return Matches(ids, spread[ids])

    def _term(self, q: query.Term, within: Ids | None) -> Matches:
        fieldname = q.fieldname
        if fieldname not in self.schema:
            return _nothing()
        btext = self.term_bytes(fieldname, q.text)
        if btext is None:
            return _nothing()
        return self._postings(fieldname, btext, within).scaled(q.boost)

    def term_bytes(self, fieldname: str, text: Any) -> bytes | None:
        """A query word as the field indexes it; None when the field cannot hold it."""
        key = (fieldname, text)
        if key not in self._words:
            btext: bytes | None
            try:
                btext = self.schema[fieldname].to_bytes(text)
            except ValueError:
                btext = None
            self._words[key] = btext
        return self._words[key]

    def _holding(self, fieldname: str) -> list[tuple[Any, int]]:
        """The segments (and their document number bases) where a field has words: a
        plain query word is looked up in sixteen language fields, and a library in two
        languages leaves most of them empty in every segment, each lookup a hash probe."""
        found = self._segments.get(fieldname)
        if found is None:
            scorable = self.schema[fieldname].scorable
            found = self._segments[fieldname] = [
                (leaf, base) for leaf, base in self.leaves
                if not scorable or leaf.field_length(fieldname) > 0
            ]
        return found

    def blocks(self, leaf: Any, fieldname: str, btext: bytes) -> Blocks | None:
        """A segment's blocks of a term, read once per evaluation."""
        key = (id(leaf), fieldname, btext)
        if key not in self._terms:
            lookup = None
            if isinstance(self.schema[fieldname], TEXT):  # its terms are UTF-8 words
                place = (id(leaf), fieldname)
                lookup = self._lookups.get(place)
                if lookup is None:
                    lookup = self._lookups[place] = SegmentTerms(leaf, fieldname)
            self._terms[key] = Blocks.of(leaf, fieldname, btext, lookup)
        return self._terms[key]

    def _postings(self, fieldname: str, btext: bytes, within: Ids | None = None) -> Matches:
        """The score of every live posting of a term, only for the documents `within`
        holds when given (only the blocks that may hold them are decoded)."""
        found_ids: list[Ids] = []
        found_scores: list[Weights] = []
        for leaf, base in self._holding(fieldname):
            blocks = self.blocks(leaf, fieldname, btext)
            if blocks is None or not blocks.lasts:
                continue
            if within is None:
                ids, weights = blocks.arrays()
            else:
                low, high = base, base + leaf.doc_count_all() - 1
                wanted = within[np.searchsorted(within, low):
                                np.searchsorted(within, high, side="right")] - base
                if not wanted.size:
                    continue
                numbers = np.searchsorted(blocks.last_ids, wanted)  # sorted, repeated
                numbers = numbers[np.concatenate(([True], numbers[1:] != numbers[:-1]))]
                ids, weights = blocks.arrays(numbers[numbers < len(blocks.lasts)].tolist())
                keep = _members(ids, wanted)
                ids, weights = ids[keep], weights[keep]
            if not ids.size:
                continue
            idf, top, norms = self._bm25(fieldname, btext)
            if idf is None:  # not scorable: the weight is the score
                scores = weights
            else:  # Whoosh's bm25(), operation for operation, on every posting at once
                lengths = self._lengths(leaf, fieldname)
                norm = norms[256] if lengths is None else norms[lengths[ids]]
                scores = idf * ((weights * top) / (weights + norm))
            found_ids.append(ids + base)
            found_scores.append(scores)
        if not found_ids:
            return _nothing()
        if len(found_ids) == 1:
            return Matches(found_ids[0], found_scores[0])
        return Matches(np.concatenate(found_ids), np.concatenate(found_scores))

    def _phrase(self, q: query.Phrase, within: Ids | None) -> Matches:
        """Whoosh's phrase: the documents holding every word (scored as their sum, as
        its intersection matcher adds them) where the words follow each other within
        the slop, as its span matcher checks on each document's positions."""
        fieldname = q.fieldname
        if fieldname not in self.schema:
            return _nothing()
        fieldobj = self.schema[fieldname]
        form = fieldobj.format
        if not form or not form.supports("positions"):
            raise Unsupported("phrase on a field without positions")  # Whoosh says why
        btexts = []
        for word in q.words:
            try:
                btext = fieldobj.to_bytes(word)
            except ValueError:
                return _nothing()
            if not self._frequency(fieldname, btext):
                return _nothing()
            btexts.append(btext)
        if not btexts:
            raise Unsupported("empty phrase")
        decode = form.decoder("positions")
        held = None if self.bounding or within is None else self._candidates.get(id(q))
        if within is not None and held is not None and (
            held[0] is None or _members(within, held[0]).all()
        ):
            # Checking a batch after bounding the whole query: its candidates are known.
            return self._checked(q, fieldname, btexts, Matches(*_kept(held[1], within)),
                                 decode)
        asked = within
        parts: list[Matches] = [_nothing() for _ in btexts]
        # The rarest word first: the commoner ones are then read only in the blocks
        # holding its documents. Scores are still added in the phrase's order.
        rarest_first = sorted(range(len(btexts)),
                              key=lambda n: self._frequency(fieldname, btexts[n]))
        for n in rarest_first:
            part = self._postings(fieldname, btexts[n], within)
            if not len(part):
                return _nothing()
            within = part.ids if within is None or len(part) < within.size else within
            parts[n] = part
        common = _intersection(parts)
        if not len(common):
            return common
        if self.bounding:  # the positions are checked for the candidates only
            self.superset = True
            self._candidates[id(q)] = (asked, common)
            return common
        return self._checked(q, fieldname, btexts, common, decode)

    def _checked(self, q: query.Phrase, fieldname: str, btexts: list[bytes],
                 common: Matches, decode: Any) -> Matches:
        """The candidates where the phrase's words follow each other: positions are read
        only for the documents holding every word."""
        if not len(common):
            return common
        docnums = common.ids.tolist()
        values = [posting_values(self.searcher, fieldname, btext, docnums, self._terms)
                  for btext in btexts]
        keep = np.array([_follow([decode(held[docnum]) for held in values], q.slop)
                         for docnum in docnums], dtype=bool)
        return Matches(common.ids[keep], common.scores[keep])

    def _bm25(self, fieldname: str, btext: bytes) -> tuple[Any, float, Weights]:
        """(idf, k1 + 1, the length part of bm25() for each length byte) as Whoosh's BM25F
        scorer uses them for this term; idf None for a field that is not scorable."""
        if not self.schema[fieldname].scorable:
            return None, 0.0, np.zeros(0)
        weighting = self.weighting
        searcher = self.searcher
        idf = searcher.idf(fieldname, btext)
        held: dict[str, Weights] = searcher.__dict__.setdefault("_rubrique_norm_arrays", {})
        norms = held.get(fieldname)
        if norms is None:
            avgfl = searcher.avg_field_length(fieldname) or 1
            b = weighting._field_B.get(fieldname, weighting.B)
            k1 = weighting.K1
            # Lengths are stored as one byte: the length part is worked out once per byte
            # value (the last entry stands for a missing length column, read as 1).
            norms = held[fieldname] = np.array(
                [k1 * ((1 - b) + b * byte_to_length(n) / avgfl) for n in range(256)]
                + [k1 * ((1 - b) + b * 1 / avgfl)], dtype=np.float64,
            )
        return idf, weighting.K1 + 1, norms

    def _lengths(self, leaf: Any, fieldname: str) -> npt.NDArray[np.uint8] | None:
        """A segment's length byte of every document in one field, read once per searcher;
        None without a length column."""
        held: dict[tuple[int, str], Any] = self.searcher.__dict__.setdefault(
            "_rubrique_length_arrays", {}
        )
        key = (id(leaf), fieldname)
        if key not in held:
            perdoc = getattr(leaf, "_perdoc", None)
            column = None
            if perdoc is not None and hasattr(perdoc, "_cached_reader"):
                column = perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
            held[key] = (np.frombuffer(bytes(column.load()), dtype=np.uint8)
                         if column is not None else None)
        found: npt.NDArray[np.uint8] | None = held[key]
        return found


def _kept(matches: Matches, ids: Ids) -> tuple[Ids, Weights]:
    keep = _members(matches.ids, ids)
    return matches.ids[keep], matches.scores[keep]


def _intersection(parts: list[Matches]) -> Matches:
    """The documents in every part, their scores summed in the parts' order."""
    if not parts or not all(len(part) for part in parts):
        return _nothing()
    ids = parts[0].ids
    for part in parts[1:]:
        ids = np.intersect1d(ids, part.ids, assume_unique=True)
        if not ids.size:
            return _nothing()
    sums = parts[0].scores[np.searchsorted(parts[0].ids, ids)]
    for part in parts[1:]:
        sums = sums + part.scores[np.searchsorted(part.ids, ids)]
    return Matches(ids, sums)


def _follow(positions: list[list[int]], slop: int) -> bool:
    """Whether the words' positions follow each other within the slop, as Whoosh's span
    check (`SpanNear2`, ordered, one position apart at least) finds on single-word spans:
    a chain of spans grows by a word found 1 to `slop` positions after its end, and only
    that end matters for the next word."""
    ends = set(positions[0])
    for later in positions[1:]:
        if not ends:
            return False
        if slop == 1:
            ends = {pos for pos in later if pos - 1 in ends}
        else:
            ends = {pos for pos in later
                    if any(pos - gap in ends for gap in range(1, slop + 1))}
    return bool(ends)
