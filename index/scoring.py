"""Word queries scored block by block: Whoosh's BM25F ranking, without its matcher tree.

A plain query word becomes an OR over sixteen title and body fields, and Whoosh walks the
matches one posting at a time through a tree of union and intersection matchers, asking
each scorer for the document's field length on the way: about 12 µs per matching article,
so a common word in 10,000 articles cost 12 ms and would cost ten times that at 100,000.
Here each term's postings are read a block at a time (ids and weights, as Whoosh decodes
them) and scored in one loop with the same formula, the same statistics and the same field
lengths; AND and OR combine the per-term scores by document. The hits, their order (score,
then document number) and the total are Whoosh's; a sum of several fields' scores may
differ from Whoosh's in the last bit, as Whoosh itself adds them in an order that depends
on segment sizes.

Only the shapes of plain word queries are handled (terms, AND, OR, NOT inside an AND, AND
NOT, phrases, constant-score word lists from prefixes and fuzzy terms); ranges (date:),
lone NOTs and anything else return None, and the caller runs them through Whoosh.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

from whoosh import query
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query.spans import Span, SpanNear2
from whoosh.scoring import BM25F
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

Scores = dict[int, float]
"""Document number → score, for the documents a (sub)query matches."""


def posting_values(searcher: Searcher, fieldname: str, btext: bytes, docnums: list[int]
                   ) -> dict[int, Any]:
    """The raw posting value (positions, characters) of a term in each of the given
    documents that holds it; only the postings blocks holding them are decoded."""
    found: dict[int, Any] = {}
    for leaf, base in searcher.reader().leaf_readers():
        end = base + leaf.doc_count_all()
        wanted = sorted(docnum - base for docnum in docnums if base <= docnum < end)
        if not wanted:
            continue
        chosen = set(wanted)
        for ids, _, raw in _blocks(leaf, fieldname, btext, True, wanted):
            for i, docnum in enumerate(ids):
                if docnum in chosen:
                    found[docnum + base] = raw[i]
    return found


class _NoLengths:
    """A segment without a field's length column: Whoosh reads every length as 1, the
    last entry of the length-part table."""

    def __getitem__(self, docnum: int) -> int:
        return 256


_ONES = _NoLengths()


class _Unsupported(Exception):
    """A query node this module does not score: Whoosh runs the whole query."""


def scored_matches(searcher: Searcher, q: query.Query) -> Scores | None:
    """Every live document the query matches, with Whoosh's BM25F score; None when the
    query has a part only Whoosh can run (or the searcher weights otherwise)."""
    if type(searcher.weighting) is not BM25F:
        return None
    try:
        return _Evaluator(searcher).scores(q)
    except _Unsupported:
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


class _Evaluator:
    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.schema = searcher.schema
        self.weighting: BM25F = searcher.weighting
        self.leaves = list(self.reader.leaf_readers())
        self._segments: dict[str, list[tuple[Any, int]]] = {}

    def scores(self, q: query.Query, within: Scores | None = None) -> Scores:
        """The documents the query matches (among `within` when given: the caller keeps
        only those, so postings blocks holding none of them need not be decoded)."""
        kind = type(q)
        if kind is query.Term:
            return self._term(q, within)
        if kind is query.Or:
            parts = [self.scores(sub, within) for sub in q.subqueries]
            return self._scaled(self._union(parts), q.boost)
        if kind is query.And:
            excluded = [sub.query for sub in q.subqueries if type(sub) is query.Not]
            required = [sub for sub in q.subqueries if type(sub) is not query.Not]
            if not required:
                raise _Unsupported("only NOTs")
            parts = []
            for sub in required:
                part = self.scores(sub, within)
                if not part:
                    return {}
                parts.append(part)
                within = part if within is None or len(part) < len(within) else within
            kept = self._intersection(parts)
            for sub in excluded:
                for docnum in self.scores(sub, kept):
                    kept.pop(docnum, None)
                # Whoosh matches a NOT inside an AND with a matcher of every other
                # document, each scored 1.0: it adds 1.0 to every hit.
                for docnum in kept:
                    kept[docnum] += 1.0
            return self._scaled(kept, q.boost)
        if kind is query.AndNot:
            kept = self.scores(q.a, within)
            if kept:
                for docnum in self.scores(q.b, kept):
                    kept.pop(docnum, None)
            return kept
        if kind is query.Phrase:
            return self._scaled(self._phrase(q, within), q.boost)
        if kind is query.ConstantScoreQuery:
            constant = q.score or 1.0
            return dict.fromkeys(self.scores(q.child, within), constant)
        if q is query.NullQuery or kind is query.qcore._NullQuery:
            return {}
        raise _Unsupported(kind.__name__)

    @staticmethod
    def _scaled(scores: Scores, boost: float) -> Scores:
        if boost != 1.0:
            for docnum in scores:
                scores[docnum] *= boost
        return scores

    @staticmethod
    def _union(parts: list[Scores]) -> Scores:
        parts = [part for part in parts if part]
        if not parts:
            return {}
        parts.sort(key=len, reverse=True)
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
        try:
            btext = self.schema[fieldname].to_bytes(q.text)
        except ValueError:
            return {}
        if not any((fieldname, btext) in leaf for leaf, _ in self._holding(fieldname)):
            return {}
        found = self._postings(fieldname, btext, within=within)
        return self._scaled(found, q.boost)

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

    def _postings(self, fieldname: str, btext: bytes, values: dict[int, Any] | None = None,
                  within: Scores | None = None) -> Scores:
        """The score of every live posting of a term, only for the documents `within`
        holds when given; with `values`, also each one's raw value (positions)."""
        idf, top, norms = self._bm25(fieldname, btext)
        found: Scores = {}
        for leaf, base in self._holding(fieldname):
            lengths = self._lengths(leaf, fieldname)
            if lengths is None:  # no length column: Whoosh reads the length as 1
                lengths = _ONES
            wanted: list[int] | None = None
            if within is not None:
                end = base + leaf.doc_count_all()
                wanted = sorted(docnum - base for docnum in within if base <= docnum < end)
                if not wanted:
                    continue
            blocks = _blocks(leaf, fieldname, btext, values is not None, wanted)
            if wanted is None and values is None:  # the common case, kept lean
                if idf is None:  # not scorable: the weight is the score
                    for ids, weights, _ in blocks:
                        found.update(zip([docnum + base for docnum in ids], weights, strict=True))
                    continue
                for ids, weights, _ in blocks:
                    # Whoosh's bm25(), operation for operation.
                    found.update({
                        docnum + base: idf * ((weight * top) / (weight + norms[lengths[docnum]]))
                        for docnum, weight in zip(ids, weights, strict=True)
                    })
                continue
            chosen = set(wanted) if wanted is not None else None
            for ids, weights, raw in blocks:
                for i, (docnum, weight) in enumerate(zip(ids, weights, strict=True)):
                    if chosen is not None and docnum not in chosen:
                        continue
                    if idf is None:
                        found[docnum + base] = weight
                    else:
                        found[docnum + base] = idf * (
                            (weight * top) / (weight + norms[lengths[docnum]])
                        )
                    if values is not None:
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
            raise _Unsupported("phrase on a field without positions")  # Whoosh says why
        btexts = []
        for word in q.words:
            try:
                btext = fieldobj.to_bytes(word)
            except ValueError:
                return {}
            if (fieldname, btext) not in self.reader:
                return {}
            btexts.append(btext)
        if not btexts:
            raise _Unsupported("empty phrase")
        chars = form.supports("characters")
        decode = form.decoder("characters" if chars else "positions")
        values: list[dict[int, Any]] = [{} for _ in btexts]
        parts: list[Scores] = [{} for _ in btexts]
        # The rarest word first: the commoner ones are then read only in the blocks
        # holding its documents. Scores are still added in the phrase's order.
        rarest_first = sorted(range(len(btexts)),
                              key=lambda n: self.reader.doc_frequency(fieldname, btexts[n]))
        for n in rarest_first:
            part = self._postings(fieldname, btexts[n], values[n], within)
            if not part:
                return {}
            within = part if within is None or len(part) < len(within) else within
            parts[n] = part
        common = set(parts[0]).intersection(*parts[1:])
        found: Scores = {}
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


def _blocks(leaf: Any, fieldname: str, btext: bytes, values: bool = False,
            wanted: list[int] | None = None) -> Iterator[tuple[Any, Any, Any]]:
    """(ids, weights, raw values or None) of each postings block of a term in one
    segment, deleted documents left out; with `wanted` (sorted document numbers), only
    the blocks whose id range holds one of them, the others skipped undecoded."""
    try:
        matcher = leaf.postings(fieldname, btext)
    except Exception:  # not in this segment
        return
    deleted: Any = None
    if isinstance(matcher, FilterMatcher):
        if not matcher._exclude:
            raise _Unsupported("a segment keeping only some documents")
        deleted = matcher._ids
        matcher = matcher.child
    if not hasattr(matcher, "_read_ids"):  # another codec: one posting at a time
        ids, weights, raws = [], [], []
        while matcher.is_active():
            if deleted is None or matcher.id() not in deleted:
                ids.append(matcher.id())
                weights.append(matcher.weight())
                raws.append(matcher.value() if values else None)
            matcher.next()
        yield ids, weights, raws
        return
    previous = -1  # the last id of the block before
    while matcher.is_active():
        if wanted is not None:
            next_wanted = bisect_right(wanted, previous)
            if next_wanted == len(wanted):
                return
            if wanted[next_wanted] > matcher._maxid:
                previous = matcher._maxid
                matcher._next_block()
                continue
        previous = matcher._maxid
        matcher._read_ids()
        matcher._read_weights()
        ids, weights = matcher._ids, matcher._weights
        raw = None
        if values:
            matcher._read_values()
            raw = matcher._values
        if deleted is not None and not deleted.isdisjoint(ids):
            kept = [i for i, docnum in enumerate(ids) if docnum not in deleted]
            ids, weights = [ids[i] for i in kept], [weights[i] for i in kept]
            raw = [raw[i] for i in kept] if raw is not None else None
        yield ids, weights, raw
        matcher._next_block()
