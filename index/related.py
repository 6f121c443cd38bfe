"""Articles related to one article, each with the reasons a reader would give.

The principle: ask the index what it would answer if the article itself were the query,
with the index's own statistics and textbook weights, nothing fitted to a corpus. The
article is a bag of evidence, each piece weighted by its rarity in the library:

- Words: BM25 (k1 1.2, b 0.75) with the article as the query. Its title and body are
  analysed as its language's body field analyses them (stemmed, accents folded, stop words
  out); the `WORD_TERMS` words with the highest tf-idf (1 + ln tf, times the idf of the
  document frequencies among that language's articles) make the query, each weighted
  1 + ln tf. Words in more than half of those articles say nothing of a topic and are left
  out, as are words of this article alone. Words only compare articles of one language.
- Topics: its tags, and the names and keywords analysis found in it, each weighing its idf
  in the catalog (a shared tag or name counts as one more shared word of that rarity).
  Names are the same in every language: they carry an article to its translation.

A candidate's score is what it shares over what the article shares with itself, counting
only the evidence that can compare the two: words and topics within a language, topics
alone across languages. One scale, no weight per view: a name or tag that most of the
library carries adds little, a rare one as much as a rare word. (Scoring each view as a
share of its own and adding the shares made an article's one common name worth as much as
its whole wording: 0.908 top-5 same-category precision on 1,000 Reuters stories, against
0.924 now, TF-IDF cosine 0.893.)

Shared names, tags and keywords give the reasons, rarest first; "similar wording" is said
when the wording view alone reaches `SIMILAR_WORDING`.

Speed: every document of the index gets its BM25 score at once, in one numpy array per
call, each query word adding its postings with one vectorised step. The article's words,
their document frequencies and their postings come from each segment's counts file
(`index.term_counts`: plain arrays of document numbers and counts, a table of word hashes
held in memory, each document's words): no analysis of the article's body, no Whoosh
term table, no block to inflate. A segment without one yet is read from the segment file
directly, its blocks decoded to arrays (`index.segment_terms`), all the words and
segments of a query in one numpy pass, not through a Whoosh query, whose matcher costs a
Python call or several per posting. Field lengths are read once per searcher (one index
state); document frequencies, postings (the most common words first) and the articles of
each topic are kept as they are first asked for, within bounds: common words and topics
come back in article after article. The catalog answers in a few queries per call
(`RelatedView`), and only the candidates that can still reach the top have their
summaries read.

At 100,000 articles (8 segments), a call after a fresh open costs about 25 ms of CPU (40
at the 95th percentile; 50 and 90 reading Whoosh's blocks, which cost about 0.5 us a
posting): a fifth reading postings, the rest scoring, topics and summaries.
"""

from __future__ import annotations

import bisect
import heapq
import math
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3TermInfo
from whoosh.columns import NumericColumn
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from index.catalog import HeldTopic, RelatedView
from index.models import Related, Summary
from index.schema import ENTITY_FIELDS
from index.segment_terms import Block, Hashes, SegmentTerms, decode
from index.store import column_text, content_field
from index.term_counts import FieldCounts, field_counts, term_hash, write_later

WORD_TERMS = 50
"""Words kept to represent an article: its topic words, not the rest of its 200 to 300
distinct stems (100 or 300 ranked no better on 800 French and English news articles, and
cost more postings to read)."""
MAX_SHARE = 0.5
"""Words in more than this share of a language's articles are not compared."""
K1 = 1.2
B = 0.75
"""BM25's usual constants (Whoosh's defaults too)."""
SIMILAR_WORDING = 0.2
"""Share of the article's self-similarity from which "similar wording" is worth saying."""
MAX_NAMES = 3
HELD_POSTINGS = 32_000_000
"""Bytes of decoded postings kept per index state (5 bytes a posting, 8 where a term
occurs over 255 times in a document: 6 to 4 million postings)."""
HELD_MEMBERS = 2_000_000
"""Topics' articles kept per index state (4 bytes each: 8 MB at most)."""
HELD_FREQUENCIES = 50_000
"""Document frequencies kept per index state and field (a few MB); past that the words
looked up start again from none, so a long session's vocabulary cannot grow the memory."""
RECHECK_COUNTS = 10.0
"""Seconds between looks for the counts files of segments that had none."""
CANDIDATES = 60
"""Candidates taken from each view before the exact scores; at least `limit` × 5."""

Scores = npt.NDArray[np.float64]
Numbers = npt.NDArray[np.int64]
Members = npt.NDArray[np.int32]
"""Document numbers of a topic's articles."""
Frequencies = npt.NDArray[np.float32] | npt.NDArray[np.uint8]
Postings = tuple[npt.NDArray[np.int32], Frequencies]
"""A term's document numbers and its frequency in each."""
_NO_NUMBERS: npt.NDArray[np.int32] = np.zeros(0, dtype=np.int32)
_NO_WEIGHTS: npt.NDArray[np.float32] = np.zeros(0, dtype=np.float32)

_LENGTH_OF_BYTE: Scores | None = None
"""Field length coded in each byte value (Whoosh keeps lengths in one byte each)."""


@dataclass
class _Candidate:
    wording: float = 0.0
    """Its share of the article's wording score alone (for the "similar wording" reason)."""
    score: float = 0.0
    """Words and topics shared, over the article's own (see `related`)."""
    entities: list[tuple[float, str, str]] = field(default_factory=list)
    """(idf, kind, label) of the names it shares with the article."""
    tags: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)


class _HeldPostings:
    """Decoded postings kept for one searcher (all fields together) within `HELD_POSTINGS`
    bytes. Common words come back in article after article and cost most to read: when
    the room is full, a word is let go for a more common one."""

    def __init__(self, room: int) -> None:
        self.room = self.capacity = room
        self.terms: dict[tuple[str, str], Postings] = {}
        self._sizes: list[tuple[int, str, str]] = []
        """(postings, field, term) of each held term, a heap: the rarest first."""

    def get(self, fieldname: str, term: str) -> Postings | None:
        return self.terms.get((fieldname, term))

    def offer(self, fieldname: str, term: str, postings: Postings) -> None:
        numbers, frequencies = postings
        count = numbers.size
        if (
            count and frequencies.dtype != np.uint8 and frequencies.max() <= 255
            and (frequencies == np.floor(frequencies)).all()
        ):
            frequencies = frequencies.astype(np.uint8)  # the usual case: counts of a word
        size = numbers.nbytes + frequencies.nbytes
        if size > self.capacity:
            return
        while size > self.room and self._sizes and self._sizes[0][0] < count:
            _, let_go, word = heapq.heappop(self._sizes)
            held = self.terms.pop((let_go, word))
            self.room += held[0].nbytes + held[1].nbytes
        if size <= self.room:
            self.terms[fieldname, term] = (numbers, frequencies)
            heapq.heappush(self._sizes, (count, fieldname, term))
            self.room -= size


class _BodyField:
    """One language's body field as scoring reads it, for one searcher (one index state):
    field lengths, and the document frequencies and postings of the words asked for so far.

    Decoded postings are kept in the searcher's `_HeldPostings`: the common words come back
    in article after article, and reading them is what costs most.
    """

    def __init__(
        self, searcher: Searcher, fieldname: str, known: RelatedView, held: _HeldPostings
    ) -> None:
        """`held`: the postings kept, shared by the fields of a searcher."""
        self.searcher = searcher
        self.held = held
        self.fieldname = fieldname
        self.documents = sum(
            n for language, n in known.languages.items() if content_field(language) == fieldname
        )
        lengths = _field_lengths(searcher, fieldname)
        used = lengths[lengths > 0]
        average = float(used.sum()) / used.size if used.size else 1.0
        self.norms: Scores = K1 * (1 - B + B * lengths / average)
        leaves = searcher.reader().leaf_readers()
        self.segments = [(SegmentTerms(leaf, fieldname), base) for leaf, base in leaves]
        self.bases = [base for _, base in leaves]
        self.counts: list[FieldCounts | None] = [
            field_counts(leaf, fieldname) for leaf, _ in leaves
        ]
        """Each segment's counts file for the field (`index.term_counts`), None where it
        has none yet: Whoosh's term table and blocks are read there."""
        self._leaves = [leaf for leaf, _ in leaves]
        self._checked = time.monotonic()
        self.frequencies: dict[str, int] = {}
        self.found: dict[str, list[tuple[int, W3TermInfo | int]]] = {}
        """Where each word of the article at hand is (emptied for each article): per
        segment holding it, its term info or its place in the segment's counts file."""

    def lookup(self, term: str) -> list[tuple[int, W3TermInfo | int]]:
        """(segment, term info or place in the counts file) of each segment that holds
        the term."""
        return self.look_up([term])[term]

    def look_up(self, terms: list[str]) -> dict[str, list[tuple[int, W3TermInfo | int]]]:
        """`lookup` for many terms: one numpy search per segment with a counts file."""
        found: dict[str, list[tuple[int, W3TermInfo | int]]] = {term: [] for term in terms}
        keys: npt.NDArray[np.uint64] | None = None
        hashes: Hashes = {}
        for number, (terms_of_segment, _) in enumerate(self.segments):
            counts = self.counts[number]
            if counts is not None:
                if keys is None:
                    keys = np.array([term_hash(term) for term in terms], dtype=np.uint64)
                places = counts.find(keys)
                for at in np.flatnonzero(places >= 0).tolist():
                    found[terms[at]].append((number, int(places[at])))
                continue
            for term in terms:
                info = terms_of_segment.info(term, hashes)
                if info is not None and info.doc_frequency():
                    found[term].append((number, info))
        return found

    def _frequency_in(self, segment: int, where: W3TermInfo | int) -> int:
        if isinstance(where, int):
            counts = self.counts[segment]
            assert counts is not None
            return int(counts.frequencies[where])
        return int(where.doc_frequency())

    def look_up_all(self, terms: Iterable[str]) -> None:
        """Look up at once the document frequencies `doc_frequency` will be asked for."""
        missing = [term for term in terms if term not in self.frequencies]
        if len(missing) > 1 and any(counts is not None for counts in self.counts):
            for term, where in self.look_up(missing).items():
                self.found[term] = where
                self._hold_frequency(
                    term, sum(self._frequency_in(segment, at) for segment, at in where)
                )

    def _hold_frequency(self, term: str, df: int) -> None:
        if len(self.frequencies) >= HELD_FREQUENCIES:
            self.frequencies.clear()
        self.frequencies[term] = df

    def doc_frequency(self, term: str) -> int:
        df = self.frequencies.get(term)
        if df is None:
            found = self.found[term] = self.lookup(term)
            df = sum(self._frequency_in(segment, where) for segment, where in found)
            self._hold_frequency(term, df)
        return df

    def check_counts(self) -> None:
        """Take up the counts files written since (`term_counts.write_later` writes them
        for an index written before them), every `RECHECK_COUNTS` seconds at most."""
        now = time.monotonic()
        if now - self._checked < RECHECK_COUNTS or all(c is not None for c in self.counts):
            return
        self._checked = now
        self.counts = [
            counts if counts is not None else field_counts(leaf, self.fieldname)
            for counts, leaf in zip(self.counts, self._leaves, strict=True)
        ]

    def words(self, docnum: int, title: str, text: str) -> dict[str, int]:
        """An article's words and the count of each, as analysing `text` (its title, then
        its body) gives them: its body's from the segment's counts file where there is one
        (analysing a long article cost more than all the rest of a call, mostly in the
        stemmer), its title analysed."""
        self.check_counts()
        analyse = self.searcher.schema[self.fieldname].process_text
        segment = bisect.bisect_right(self.bases, docnum) - 1
        counts = self.counts[segment] if segment >= 0 else None
        found = counts.words(docnum - self.bases[segment]) if counts is not None else None
        if found is None or (not found and text != title):  # not its field: analyse it
            return Counter(analyse(text, mode="index"))
        words = Counter(found)
        if title:
            words.update(analyse(title, mode="index"))
        return words

    def factors(self, numbers: npt.NDArray[np.int32], tf: Frequencies) -> Scores:
        """tf / (tf + K1 × length norm) of each posting of a term."""
        factors: Scores = tf / (tf + self.norms[numbers])
        return factors

    def read(self, terms: list[str]) -> dict[str, Postings]:
        """Document numbers holding each term and its frequency in each (deleted documents
        included: callers keep only the catalog's live ones); kept while they fit in
        `HELD_POSTINGS`. The terms not kept yet are decoded in one pass (`decode`)."""
        found: dict[str, Postings] = {}
        runs: list[tuple[int, list[Block]]] = []
        pieces: dict[str, list[tuple[int, W3TermInfo | None, tuple[Any, Any] | int]]] = {}
        """Each missing term's postings per segment: (segment, term info, the postings
        decoded already or the number of their run)."""
        for term in terms:
            held = self.held.get(self.fieldname, term)
            if held is not None:
                found[term] = held
                continue
            infos = self.found.get(term)
            parts = pieces[term] = []
            for segment, where in infos if infos is not None else self.lookup(term):
                segment_terms, base = self.segments[segment]
                if isinstance(where, int):
                    counts = self.counts[segment]
                    assert counts is not None
                    counted = counts.postings(where)
                    if counted is not None:
                        parts.append((segment, None, (counted[0] + np.uint32(base), counted[1])))
                        continue
                    # counts too large for the file: Whoosh's postings
                    info = segment_terms.info(term)
                    if info is None:
                        continue
                else:
                    info = where
                blocks = segment_terms.blocks(info, term)
                if blocks is None:
                    ids, weights = segment_terms.postings(info, term)
                    parts.append((segment, info, (ids + base, weights)))
                else:
                    parts.append((segment, info, len(runs)))
                    runs.append((base, blocks))
        decoded = decode(runs) if runs else None
        bounds = np.cumsum([0] + [sum(block[4] for block in blocks) for _, blocks in runs])
        for term, parts in pieces.items():
            numbers: list[Numbers] = []
            frequencies: list[Any] = []
            for segment, info, part in parts:
                if not isinstance(part, int):
                    ids, weights = part
                elif decoded is not None:
                    ids = decoded[0][bounds[part] : bounds[part + 1]]
                    weights = decoded[1][bounds[part] : bounds[part + 1]]
                else:  # blocks not as expected: Whoosh reads them
                    assert info is not None  # a run's part has its term info
                    segment_terms, base = self.segments[segment]
                    ids, weights = segment_terms.postings(info, term)
                    ids = ids + base
                numbers.append(ids)
                frequencies.append(weights)
            tfs = np.concatenate(frequencies) if numbers else _NO_WEIGHTS
            postings = found[term] = (
                np.concatenate(numbers).astype(np.int32) if numbers else _NO_NUMBERS,
                # Whoosh keeps frequencies as float32; the counts files as bytes
                tfs if tfs.dtype == np.uint8 else tfs.astype(np.float32),
            )
            self.held.offer(self.fieldname, term, postings)
        return found


def _held(searcher: Searcher) -> dict[str, Any]:
    held: dict[str, Any] = searcher.__dict__.setdefault("_rubrique_related", {})
    return held


def _field_lengths(searcher: Searcher, fieldname: str) -> Scores:
    """Every document's length in one field (0 when it has none), all segments."""
    global _LENGTH_OF_BYTE
    if _LENGTH_OF_BYTE is None:
        _LENGTH_OF_BYTE = np.array([0.0] + [float(byte_to_length(b)) for b in range(1, 256)])
    found: list[Scores] = []
    for leaf, _ in searcher.reader().leaf_readers():
        count = leaf.doc_count_all()
        perdoc = getattr(leaf, "_perdoc", None)
        if perdoc is not None and hasattr(perdoc, "_cached_reader"):
            column = perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
            if column is None:  # no document of this segment has the field
                found.append(np.zeros(count))
            else:
                coded = np.frombuffer(_byte_column(column, count), dtype=np.uint8)
                found.append(_LENGTH_OF_BYTE[coded])
        else:  # another codec: the public, slower way
            found.append(np.array(
                [float(leaf.doc_field_length(n, fieldname, 0) or 0) for n in range(count)]
            ))
    return np.concatenate(found) if found else np.zeros(0)


def _byte_column(column: Any, count: int) -> bytes:
    """A one-byte-per-document column's bytes for `count` documents. Whoosh's own `load()`
    reads one byte per call through the segment file: 1.4 s of CPU for the first related
    article at 100,000 articles, against one read here."""
    if isinstance(column, NumericColumn.Reader) and column._fixedlen == 1:
        held = min(column._count, count)
        data = bytes(column._dbfile.get(column._basepos, held)) if held else b""
        padding: bytes = column._defaultbytes * (count - held)
        return data + padding
    return bytes(column.load())


def _body_field(searcher: Searcher, fieldname: str, known: RelatedView) -> _BodyField:
    """The field as this searcher reads it. The first call on a searcher reads the field
    lengths of every language's field at once (a few tens of milliseconds each at 100,000
    articles), so that no later call pays them."""
    held = _held(searcher)
    if "postings" not in held:
        write_later(searcher)  # an index written before the counts files: they come
        postings = held["postings"] = _HeldPostings(HELD_POSTINGS)
        for name in sorted({content_field(language) for language in known.languages}):
            if name in searcher.schema:
                held[name] = _BodyField(searcher, name, known, postings)
    body: _BodyField | None = held.get(fieldname)
    if body is None:
        body = held[fieldname] = _BodyField(searcher, fieldname, known, held["postings"])
    return body


def _word_vector(body: _BodyField, counts: dict[str, int]) -> dict[str, tuple[float, float]]:
    """The article's strongest words by tf-idf: term → (1 + ln tf, idf). `counts`: its
    words (as its language's body field analyses them) and the count of each."""
    body.found.clear()
    body.look_up_all(counts)
    documents = body.documents
    ceiling = max(MAX_SHARE * documents, 2)  # in a tiny library, a word two articles share
    scored: list[tuple[float, str, float]] = []
    for term, tf in counts.items():
        df = body.doc_frequency(term)
        if df < 2 or df > ceiling:  # only in this article, or in most of them
            continue
        idf = math.log((1 + documents) / (1 + df)) + 1.0
        scored.append(((1.0 + math.log(tf)) * idf, term, idf))
    kept = heapq.nlargest(WORD_TERMS, scored)
    return {term: (weight / idf, idf) for weight, term, idf in kept}


def _wording(
    searcher: Searcher, docnum: int, title: str, text: str, language: str, known: RelatedView
) -> tuple[Scores | None, float]:
    """Every document's BM25 score with the article as the query (by document number),
    and the article's own score (what a perfect match of its wording would reach)."""
    fieldname = content_field(language)
    if fieldname not in searcher.schema:
        return None, 0.0
    body = _body_field(searcher, fieldname, known)
    vector = _word_vector(body, body.words(docnum, title, text))
    if not vector:
        return None, 0.0
    scores = np.zeros(len(body.norms))
    postings = body.read(list(vector))
    for term, (tf_weight, idf) in vector.items():
        numbers, tf = postings[term]
        scores[numbers] += tf_weight * idf * (K1 + 1) * body.factors(numbers, tf)
    # The article's own score; one whose body is empty (a title alone) is scored as though
    # its words were its body, at average length.
    own = float(scores[docnum]) or sum(w * i for w, i in vector.values())
    scores[docnum] = 0.0
    return scores, own


def _documents_of_rows(searcher: Searcher, known: RelatedView) -> Numbers:
    """Document number of each catalog row (-1: none), kept per searcher until the catalog
    changes (a scan in another thread or process); the topics' members kept with it are
    dropped then too."""
    held = _held(searcher)
    version = known.version()
    found: tuple[tuple[int, int], Numbers] | None = held.get("rows")
    if found is None or found[0] != version:
        rows, docnums = known.places()
        by_row = np.full(max(rows, default=0) + 1, -1, dtype=np.int64)
        by_row[np.frombuffer(rows, dtype=np.int64)] = np.frombuffer(docnums, dtype=np.int64)
        found = held["rows"] = (version, by_row)
        held["members"] = ({}, [HELD_MEMBERS])
    return found[1]


def _sharing(
    searcher: Searcher, docnum: int, mine: list[HeldTopic], known: RelatedView
) -> tuple[Scores, float, dict[HeldTopic, Members]]:
    """Every document's summed idf (in the catalog) of the topics it shares with the
    article; the article's own sum over its topics that some other article has too (one of
    this article alone can never be shared); and those topics' articles.

    Topics' articles are kept per catalog state within `HELD_MEMBERS`: a common tag or
    name comes back in article after article, and reading its thousands of rows from the
    catalog again cost more than all the rest of its scoring.
    """
    size = searcher.reader().doc_count_all()
    sharing = np.zeros(size)
    shared = [topic for topic in mine if topic.articles > 1]
    if not shared:
        return sharing, 0.0, {}
    by_row = _documents_of_rows(searcher, known)
    kept: dict[int, Members]
    room: list[int]
    kept, room = _held(searcher)["members"]
    missing = [topic.tid for topic in shared if topic.tid not in kept]
    members = known.members(missing) if missing else {}
    found: dict[HeldTopic, Members] = {}
    own = 0.0
    for topic in shared:
        numbers = kept.get(topic.tid)
        if numbers is None:
            rows = np.frombuffer(members[topic.tid], dtype=np.int64)
            places = by_row[rows[rows < by_row.size]]
            numbers = places[(places >= 0) & (places < size)].astype(np.int32)
            if numbers.size <= room[0]:
                kept[topic.tid] = numbers
                room[0] -= numbers.size
        weight = known.idf(topic.articles)
        sharing[numbers] += weight
        found[topic] = numbers
        own += weight
    sharing[docnum] = 0.0
    return sharing, own, found


def _top(scores: Scores, depth: int) -> Numbers:
    """Document numbers of the `depth` highest non-zero scores, ties to the lowest number."""
    numbers = np.flatnonzero(scores)
    if numbers.size > depth:
        values = scores[numbers]
        floor = np.partition(values, numbers.size - depth)[numbers.size - depth]
        numbers = numbers[values >= floor]
    order = np.lexsort((numbers, -scores[numbers]))
    top: Numbers = numbers[order[:depth]]
    return top


def _shares(
    numbers: Numbers, members: dict[HeldTopic, Members], size: int
) -> dict[int, list[HeldTopic]]:
    """The topics each candidate shares with the article, by document number."""
    shares: dict[int, list[HeldTopic]] = {}
    marked = np.zeros(size, dtype=bool)
    for topic, holders in members.items():
        marked[holders] = True
        for number in numbers[marked[numbers]].tolist():
            shares.setdefault(number, []).append(topic)
        marked[holders] = False
    return shares


def related(searcher: Searcher, article_id: str, limit: int, known: RelatedView) -> list[Related]:
    docnum = searcher.document_number(id=article_id)
    summary = known.summary(docnum) if docnum is not None and limit > 0 else None
    if docnum is None or summary is None:
        return []
    text = "\n\n".join(
        part for part in (summary.title, column_text(searcher, "content", docnum)) if part
    )
    wording, own_wording = _wording(
        searcher, docnum, summary.title, text, summary.language, known
    )
    mine = known.topics(docnum)
    sharing, own_topics, members = _sharing(searcher, docnum, mine, known)
    fieldname = content_field(summary.language)
    depth = max(limit * 5, CANDIDATES)
    tops = [_top(sharing, depth)]
    if wording is not None:
        tops.append(_top(wording, depth))
    numbers = np.unique(np.concatenate(tops))
    numbers = numbers[numbers != docnum]
    shares = _shares(numbers, members, sharing.size)

    # Each candidate's best possible score, whatever its language (only the catalog knows
    # it): the candidates are then scored exactly, and their summaries read, best first,
    # until no candidate left could reach the last of the `limit` best.
    words = wording[numbers] if wording is not None else np.zeros(numbers.size)
    topics = sharing[numbers]
    best = np.zeros(numbers.size)
    if own_topics + own_wording > 0:
        best = (words + topics) / (own_topics + own_wording)
    if own_topics > 0:
        best = np.maximum(best, topics / own_topics)
    order = np.lexsort((numbers, -best))
    numbers, best = numbers[order], best[order]

    scored: list[tuple[float, str, int, Related]] = []
    seen = {_copy_key(summary, 1.0)}
    start, batch = 0, 2 * limit
    while start < numbers.size:
        chosen = numbers[start : start + batch].tolist()
        known.prefetch(chosen)
        for number in chosen:
            found = _scored(
                known, number, article_id, fieldname, wording, own_wording, sharing,
                own_topics, shares.get(number, ()),
            )
            if found is not None and (key := _copy_key(found.summary, found.score)) not in seen:
                seen.add(key)
                scored.append((-found.score, found.summary.title.casefold(), number, found))
        start += batch
        batch *= 2
        if len(scored) >= limit and start < numbers.size:
            last = -sorted(entry[0] for entry in scored)[limit - 1]
            if round(float(best[start]), 4) < last:
                break  # none left can reach the last one, not even to tie with it
    scored.sort(key=lambda entry: entry[:3])
    return [entry[3] for entry in scored[:limit]]


def _copy_key(summary: Summary, score: float) -> tuple[str, str, float]:
    """What copies of one article share: title, language and score. A library holds the
    same file in two folders, or a story twice in one feed: a copy of the article scores
    1.0, copies of a candidate score alike, and one of each is enough to list."""
    return summary.title.casefold(), summary.language, score


def _scored(
    known: RelatedView, number: int, article_id: str, fieldname: str,
    wording: Scores | None, own_wording: float, sharing: Scores, own_topics: float,
    shares: Iterable[HeldTopic],
) -> Related | None:
    """One candidate scored exactly, with its reasons; None if it has none to give."""
    other = known.summary(number)
    if other is None or other.id == article_id:
        return None
    # Wording compares articles of one language only: across languages the topics are
    # all there is, and the share is of what the article could have in common.
    same_language = content_field(other.language) == fieldname
    own = own_topics + (own_wording if same_language else 0.0)
    if own <= 0:
        return None
    shared_words = float(wording[number]) if same_language and wording is not None else 0.0
    candidate = _Candidate(
        wording=shared_words / own_wording if own_wording else 0.0,
        score=(shared_words + float(sharing[number])) / own,
    )
    for topic in shares:
        if topic.kind in ENTITY_FIELDS:
            candidate.entities.append((known.idf(topic.articles), topic.kind, topic.label))
        elif topic.kind == "tag":
            candidate.tags.append(topic.label)
        elif topic.kind == "keyword":
            candidate.keywords.append(topic.label)
    score = candidate.score
    reasons = _reasons(candidate)
    if not reasons or score <= 0:
        return None
    return Related(summary=other, score=round(score, 4), reasons=reasons)


def _reasons(candidate: _Candidate) -> tuple[str, ...]:
    reasons = []
    if candidate.entities:
        # Rarest first; on ties people, then organisations, places, others; then by name.
        kinds = list(ENTITY_FIELDS)
        ordered = sorted(
            candidate.entities,
            key=lambda e: (-round(e[0], 6), kinds.index(e[1]), e[2].casefold()),
        )
        names = [label for _, _, label in ordered[:MAX_NAMES]]
        more = len(candidate.entities) - len(names)
        reasons.append("shares " + ", ".join(names) + (f" and {more} more" if more > 0 else ""))
    if candidate.tags:
        tags = sorted(candidate.tags, key=str.casefold)
        label = "same tag" if len(tags) == 1 else "same tags"
        reasons.append(f"{label}: " + ", ".join(tags[:MAX_NAMES]))
    if candidate.keywords and not candidate.tags:
        reasons.append("both about " + ", ".join(sorted(candidate.keywords)[:MAX_NAMES]))
    if candidate.wording >= SIMILAR_WORDING:
        reasons.append("similar wording")
    return tuple(reasons)
