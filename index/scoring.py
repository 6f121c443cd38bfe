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

Only the shapes of plain word queries are handled (terms, AND, OR, AND NOT, constant-score
word lists from prefixes and fuzzy terms); phrases, ranges and lone NOTs return None, and
the caller runs them through Whoosh.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
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
    import heapq

    best = heapq.nsmallest(limit, matches.items(), key=lambda item: (-item[1], item[0]))
    return best


class _Evaluator:
    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.schema = searcher.schema
        self.weighting: BM25F = searcher.weighting
        self.leaves = list(self.reader.leaf_readers())

    def scores(self, q: query.Query) -> Scores:
        kind = type(q)
        if kind is query.Term:
            return self._term(q)
        if kind is query.Or:
            return self._scaled(self._union([self.scores(sub) for sub in q.subqueries]),
                                q.boost)
        if kind is query.And:
            return self._scaled(self._intersection([self.scores(sub) for sub in q.subqueries]),
                                q.boost)
        if kind is query.AndNot:
            kept = self.scores(q.a)
            for docnum in self._documents(q.b):
                kept.pop(docnum, None)
            return kept
        if kind is query.Phrase:
            return self._scaled(self._phrase(q), q.boost)
        if kind is query.ConstantScoreQuery:
            constant = q.score or 1.0
            return dict.fromkeys(self._documents(q.child), constant)
        if q is query.NullQuery or kind is query.qcore._NullQuery:
            return {}
        raise _Unsupported(kind.__name__)

    def _documents(self, q: query.Query) -> Iterator[int]:
        """The documents a query matches, scores aside."""
        return iter(self.scores(q))

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
            get = merged.get
            for docnum, score in part.items():
                found = get(docnum)
                merged[docnum] = score if found is None else found + score
        return merged

    @staticmethod
    def _intersection(parts: list[Scores]) -> Scores:
        if not parts or not all(parts):
            return {}
        parts.sort(key=len)
        merged = parts[0]
        for part in parts[1:]:
            merged = {
                docnum: score + part[docnum]
                for docnum, score in merged.items()
                if docnum in part
            }
            if not merged:
                break
        return merged

    def _term(self, q: query.Term) -> Scores:
        fieldname = q.fieldname
        if fieldname not in self.schema:
            return {}
        try:
            btext = self.schema[fieldname].to_bytes(q.text)
        except ValueError:
            return {}
        if (fieldname, btext) not in self.reader:
            return {}
        found = self._postings(fieldname, btext)
        return self._scaled(found, q.boost)

    def _postings(self, fieldname: str, btext: bytes, values: dict[int, Any] | None = None,
                  within: Scores | None = None) -> Scores:
        """The score of every live posting of a term; with `values`, also its raw value
        (positions) by document, only for the documents `within` holds when given."""
        score = self._scorer(fieldname, btext)
        found: Scores = {}
        for leaf, base in self.leaves:
            lengths = self._lengths(leaf, fieldname)
            if values is None and within is None:  # the common case, kept lean
                for ids, weights, _ in _blocks(leaf, fieldname, btext):
                    if lengths is None:
                        for docnum, weight in zip(ids, weights, strict=True):
                            found[docnum + base] = score(weight, -1)
                    else:
                        for docnum, weight in zip(ids, weights, strict=True):
                            found[docnum + base] = score(weight, lengths[docnum])
                continue
            for ids, weights, raw in _blocks(leaf, fieldname, btext, values is not None):
                for i, (docnum, weight) in enumerate(zip(ids, weights, strict=True)):
                    docnum += base
                    if within is not None and docnum not in within:
                        continue
                    found[docnum] = score(weight, lengths[docnum - base]
                                          if lengths is not None else -1)
                    if values is not None:
                        values[docnum] = raw[i]
        return found

    def _phrase(self, q: query.Phrase) -> Scores:
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
        values: list[dict[int, Any]] = []
        parts: list[Scores] = []
        within: Scores | None = None
        for btext in btexts:
            held: dict[int, Any] = {}
            part = self._postings(fieldname, btext, held, within)
            within = part if within is None else {d: s for d, s in within.items() if d in part}
            parts.append(part)
            values.append(held)
            if not within:
                return {}
        assert within is not None
        found: Scores = {}
        for docnum in sorted(within):
            spans = [_spans(decode(held[docnum]), chars) for held in values]
            if _near(spans, q.slop):
                total = parts[0][docnum]
                for part in parts[1:]:
                    total += part[docnum]
                found[docnum] = total
        return found

    def _scorer(self, fieldname: str, btext: bytes) -> Callable[[float, int], float]:
        """(weight, length byte) → the score Whoosh's BM25F scorer gives that posting."""
        if not self.schema[fieldname].scorable:
            return lambda weight, _: weight
        weighting = self.weighting
        searcher = self.searcher
        idf = searcher.idf(fieldname, btext)
        avgfl = searcher.avg_field_length(fieldname) or 1
        b = weighting._field_B.get(fieldname, weighting.B)
        k1 = weighting.K1
        # Whoosh's bm25() term by term, with the length part worked out once per length
        # byte (lengths are stored as one byte); a missing length column reads as 1.
        norms = [k1 * ((1 - b) + b * byte_to_length(n) / avgfl) for n in range(256)]
        missing = k1 * ((1 - b) + b * 1 / avgfl)
        top = k1 + 1

        def score(weight: float, length: int) -> float:
            norm = norms[length] if length >= 0 else missing
            return float(idf * ((weight * top) / (weight + norm)))

        return score

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


def _blocks(leaf: Any, fieldname: str, btext: bytes, values: bool = False
            ) -> Iterator[tuple[Any, Any, Any]]:
    """(ids, weights, raw values or None) of each postings block of a term in one
    segment, deleted documents left out."""
    try:
        matcher = leaf.postings(fieldname, btext)
    except Exception:  # not in this segment
        return
    keep: Callable[[int], bool] | None = None
    if isinstance(matcher, FilterMatcher):
        chosen, exclude = matcher._ids, matcher._exclude
        matcher = matcher.child
        keep = (lambda n: n not in chosen) if exclude else (lambda n: n in chosen)
    if not hasattr(matcher, "_read_ids"):  # another codec: one posting at a time
        ids, weights, raws = [], [], []
        while matcher.is_active():
            if keep is None or keep(matcher.id()):
                ids.append(matcher.id())
                weights.append(matcher.weight())
                raws.append(matcher.value() if values else None)
            matcher.next()
        yield ids, weights, raws
        return
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        raw = None
        if values:
            matcher._read_values()
            raw = matcher._values
        if keep is None:
            yield matcher._ids, matcher._weights, raw
        else:
            kept = [i for i, n in enumerate(matcher._ids) if keep(n)]
            yield ([matcher._ids[i] for i in kept], [matcher._weights[i] for i in kept],
                   [raw[i] for i in kept] if raw is not None else None)
        matcher._next_block()
