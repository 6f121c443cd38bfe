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
from types import SimpleNamespace
from typing import Any

from whoosh import query
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query.spans import Span, SpanNear2
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from index.block_skim import Header, block_postings, headers, ids_and_weights

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
    for leaf, base in searcher.reader().leaf_readers():
        end = base + leaf.doc_count_all()
        wanted = sorted(docnum - base for docnum in docnums if base <= docnum < end)
        if not wanted:
            continue
        key = (id(leaf), fieldname, btext)
        if key not in held:
            held[key] = Blocks.of(leaf, fieldname, btext)
        blocks = held[key]
        if blocks is None:
            continue
        chosen = set(wanted)
        for n in blocks.holding(wanted):
            ids, _ = blocks.block(n)
            raw = blocks.values(n)
            for i, docnum in enumerate(ids):
                if docnum in chosen:
                    found[docnum + base] = raw[i]
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
        self._ids: dict[int, list[int]] = {}
        self._weights: dict[int, Sequence[float]] = {}
        self._values: dict[int, Sequence[Any]] = {}

    @classmethod
    def of(cls, leaf: Any, fieldname: str, btext: bytes) -> Blocks | None:
        """A segment's blocks of a term; None when the segment does not hold it."""
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


class _NoLengths:
    """A segment without a field's length column: Whoosh reads every length as 1, the
    last entry of the length-part table."""

    def __getitem__(self, docnum: int) -> int:
        return 256


_ONES = _NoLengths()


class Unsupported(Exception):
    """A query node this module does not score: Whoosh runs the whole query."""


def scored_matches(searcher: Searcher, q: query.Query) -> Scores | None:
    """Every live document the query matches, with Whoosh's BM25F score; None when the
    query has a part only Whoosh can run (or the searcher weights otherwise)."""
    if type(searcher.weighting) is not BM25F:
        return None
    try:
        return Evaluator(searcher).scores(q)
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


class Evaluator:
    def __init__(self, searcher: Searcher, held: Held | None = None) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.schema = searcher.schema
        self.weighting: BM25F = searcher.weighting
        self.leaves = list(self.reader.leaf_readers())
        self._segments: dict[str, list[tuple[Any, int]]] = {}
        self._terms: Held = {} if held is None else held
        self._words: dict[tuple[str, Any], bytes | None] = {}
        self._split: tuple[Scores | None, list[int]] = (None, [])
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

    def scores(self, q: query.Query, within: Scores | None = None) -> Scores:
        """The documents the query matches (among `within` when given: the caller keeps
        only those, so postings blocks holding none of them need not be decoded)."""
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
            return self._scaled(self._union([parts[n] for n in order]), q.boost)
        if kind is query.And:
            excluded = [sub.query for sub in q.subqueries if type(sub) is query.Not]
            required = [sub for sub in q.subqueries if type(sub) is not query.Not]
            if not required:
                raise Unsupported("only NOTs")
            parts = []
            for sub in required:
                part = self.scores(sub, within)
                if not part:
                    return {}
                parts.append(part)
                within = part if within is None or len(part) < len(within) else within
            kept = self._intersection(parts)
            for sub in excluded:
                for docnum in self._exactly(sub, kept):
                    kept.pop(docnum, None)
                # Whoosh matches a NOT inside an AND with a matcher of every other
                # document, each scored 1.0: it adds 1.0 to every hit.
                for docnum in kept:
                    kept[docnum] += 1.0
            return self._scaled(kept, q.boost)
        if kind is query.AndNot:
            kept = self.scores(q.a, within)
            if kept:
                for docnum in self._exactly(q.b, kept):
                    kept.pop(docnum, None)
            return kept
        if kind is query.Phrase:
            return self._scaled(self._phrase(q, within), q.boost)
        if kind is query.ConstantScoreQuery:
            constant = q.score or 1.0
            return dict.fromkeys(self.scores(q.child, within), constant)
        if q is query.NullQuery or kind is query.qcore._NullQuery:
            return {}
        raise Unsupported(kind.__name__)

    @staticmethod
    def _scaled(scores: Scores, boost: float) -> Scores:
        if boost != 1.0:
            for docnum in scores:
                scores[docnum] *= boost
        return scores

    def _frequency(self, fieldname: str, btext: bytes) -> int:
        """A term's document frequency in the whole index (deleted documents included, as
        Whoosh counts it), from the segments' term infos read once."""
        total = 0
        for leaf, _ in self._holding(fieldname):
            blocks = self.blocks(leaf, fieldname, btext)
            if blocks is not None:
                total += sum(blocks.counts)
        return total

    def _exactly(self, q: query.Query, within: Scores) -> Scores:
        """What a NOT removes: the documents themselves, even while bounding."""
        bounding, self.bounding = self.bounding, False
        try:
            return self.scores(q, within)
        finally:
            self.bounding = bounding

    @staticmethod
    def _union(parts: list[Scores]) -> Scores:
        """Sums by document, the parts added in the order given."""
        parts = [part for part in parts if part]
        if not parts:
            return {}
        merged = parts[0]
        for part in parts[1:]:
            both = {docnum: merged[docnum] + part[docnum] for docnum in part.keys() & merged}
            merged.update(part)
            merged.update(both)
        return merged

    @staticmethod
    def _intersection(parts: list[Scores]) -> Scores:
        if not parts or not all(parts):
            return {}
        merged = parts[0]
        for part in parts[1:]:
            merged = {docnum: merged[docnum] + part[docnum] for docnum in merged.keys() & part}
            if not merged:
                break
        return merged

    def _term(self, q: query.Term, within: Scores | None) -> Scores:
        fieldname = q.fieldname
        if fieldname not in self.schema:
            return {}
        btext = self.term_bytes(fieldname, q.text)
        if btext is None:
            return {}
        found = self._postings(fieldname, btext, within=within)
        return self._scaled(found, q.boost)

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
            self._terms[key] = Blocks.of(leaf, fieldname, btext)
        return self._terms[key]

    def _wanted(self, within: Scores, low: int, high: int) -> list[int]:
        """The documents of `within` numbered from `low` to `high`, sorted, less `low`:
        `within` is sorted once for all the terms and segments that ask."""
        held, ordered = self._split
        if held is not within:
            ordered = sorted(within)
            self._split = (within, ordered)
        return [docnum - low for docnum in
                ordered[bisect_left(ordered, low):bisect_right(ordered, high)]]

    def _postings(self, fieldname: str, btext: bytes, values: dict[int, Any] | None = None,
                  within: Scores | None = None) -> Scores:
        """The score of every live posting of a term, only for the documents `within`
        holds when given; with `values`, also each one's raw value (positions)."""
        found: Scores = {}
        for leaf, base in self._holding(fieldname):
            blocks = self.blocks(leaf, fieldname, btext)
            if blocks is None:
                continue
            idf, top, norms = self._bm25(fieldname, btext)
            lengths = self._lengths(leaf, fieldname)
            if lengths is None:  # no length column: Whoosh reads the length as 1
                lengths = _ONES
            if within is None:
                for n in range(len(blocks.lasts)):
                    ids, weights = blocks.block(n)
                    if idf is None:  # not scorable: the weight is the score
                        found.update(zip([docnum + base for docnum in ids], weights,
                                         strict=True))
                    else:  # Whoosh's bm25(), operation for operation
                        found.update({
                            docnum + base:
                                idf * ((weight * top) / (weight + norms[lengths[docnum]]))
                            for docnum, weight in zip(ids, weights, strict=True)
                        })
                    if values is not None:
                        values.update(zip([docnum + base for docnum in ids], blocks.values(n),
                                          strict=True))
                continue
            wanted = self._wanted(within, base, base + leaf.doc_count_all() - 1)
            if not wanted:
                continue
            chosen = set(wanted)
            for n in blocks.holding(wanted):
                ids, weights = blocks.block(n)
                raw = blocks.values(n) if values is not None else None
                for i, docnum in enumerate(ids):
                    if docnum not in chosen:
                        continue
                    if idf is None:  # not scorable: the weight is the score
                        found[docnum + base] = weights[i]
                    else:  # Whoosh's bm25(), operation for operation
                        weight = weights[i]
                        found[docnum + base] = idf * (
                            (weight * top) / (weight + norms[lengths[docnum]])
                        )
                    if raw is not None and values is not None:
                        values[docnum + base] = raw[i]
        return found

    def _phrase(self, q: query.Phrase, within: Scores | None) -> Scores:
        """Whoosh's phrase: the documents holding every word (scored as their sum, as
        its intersection matcher adds them) where the words follow each other within
        the slop, as its span matcher checks on each document's positions."""
        fieldname = q.fieldname
        if fieldname not in self.schema:
            return {}
        fieldobj = self.schema[fieldname]
        form = fieldobj.format
        if not form or not form.supports("positions"):
            raise Unsupported("phrase on a field without positions")  # Whoosh says why
        btexts = []
        for word in q.words:
            try:
                btext = fieldobj.to_bytes(word)
            except ValueError:
                return {}
            if not self._frequency(fieldname, btext):
                return {}
            btexts.append(btext)
        if not btexts:
            raise Unsupported("empty phrase")
        chars = form.supports("characters")
        decode = form.decoder("characters" if chars else "positions")
        values: list[dict[int, Any]] = [{} for _ in btexts]
        parts: list[Scores] = [{} for _ in btexts]
        # The rarest word first: the commoner ones are then read only in the blocks
        # holding its documents. Scores are still added in the phrase's order.
        rarest_first = sorted(range(len(btexts)),
                              key=lambda n: self._frequency(fieldname, btexts[n]))
        for n in rarest_first:
            part = self._postings(fieldname, btexts[n], within=within)
            if not part:
                return {}
            within = part if within is None or len(part) < len(within) else within
            parts[n] = part
        common = set(parts[0]).intersection(*parts[1:])
        if not common:
            return {}
        if self.bounding:  # the positions are checked for the candidates only
            self.superset = True
            found: Scores = {}
            for docnum in sorted(common):
                total = parts[0][docnum]
                for part in parts[1:]:
                    total += part[docnum]
                found[docnum] = total
            return found
        # Positions only for the documents holding every word.
        holding_all = dict.fromkeys(common, 0.0)
        for n, btext in enumerate(btexts):
            self._postings(fieldname, btext, values[n], holding_all)
        found = {}
        for docnum in sorted(common):
            spans = [_spans(decode(held[docnum]), chars) for held in values]
            if _near(spans, q.slop):
                total = parts[0][docnum]
                for part in parts[1:]:
                    total += part[docnum]
                found[docnum] = total
        return found

    def _bm25(self, fieldname: str, btext: bytes) -> tuple[Any, float, list[float]]:
        """(idf, k1 + 1, the length part of bm25() for each length byte) as Whoosh's BM25F
        scorer uses them for this term; idf None for a field that is not scorable."""
        if not self.schema[fieldname].scorable:
            return None, 0.0, []
        weighting = self.weighting
        searcher = self.searcher
        idf = searcher.idf(fieldname, btext)
        held: dict[str, list[float]] = searcher.__dict__.setdefault("_rubrique_norms", {})
        norms = held.get(fieldname)
        if norms is None:
            avgfl = searcher.avg_field_length(fieldname) or 1
            b = weighting._field_B.get(fieldname, weighting.B)
            k1 = weighting.K1
            # Lengths are stored as one byte: the length part is worked out once per byte
            # value (the last entry stands for a missing length column, read as 1).
            norms = held[fieldname] = [
                k1 * ((1 - b) + b * byte_to_length(n) / avgfl) for n in range(256)
            ] + [k1 * ((1 - b) + b * 1 / avgfl)]
        return idf, weighting.K1 + 1, norms

    def _lengths(self, leaf: Any, fieldname: str) -> Any:
        """A segment's length byte of every document in one field, read once per searcher;
        None without a length column."""
        held: dict[tuple[int, str], Any] = self.searcher.__dict__.setdefault(
            "_rubrique_lengths", {}
        )
        key = (id(leaf), fieldname)
        if key not in held:
            perdoc = getattr(leaf, "_perdoc", None)
            column = None
            if perdoc is not None and hasattr(perdoc, "_cached_reader"):
                column = perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
            held[key] = bytes(column.load()) if column is not None else None
        return held[key]


def _spans(value: Any, chars: bool) -> list[Span]:
    """A posting's positions as spans, as Whoosh's matchers make them."""
    if chars:
        return [Span(pos, startchar=start, endchar=end) for pos, start, end in value]
    return [Span(pos) for pos in value]


def _near(spans: list[list[Span]], slop: int) -> bool:
    """Whether the words' spans follow each other within the slop: Whoosh's own span
    check (`SpanNear2`'s, ordered, one position apart at least), run on these spans."""
    matchers = [SimpleNamespace(spans=lambda found=found: found) for found in spans]
    check = SimpleNamespace(slop=slop, mindist=1, ordered=True, ms=matchers)
    return bool(SpanNear2.SpanNear2Matcher._get_spans(check))
