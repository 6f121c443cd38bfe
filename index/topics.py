"""Tags, keywords and entities as topics: what several articles share.

Everything here comes from one pass over the stored fields of every document (its summary
and its (kind, key, label) topic triples), never decoding a whole document: the `Catalog`.
`Library` keeps one per index state, so the article list, the sidebar, a topic's articles
and the candidates of `related` cost nothing more until the next commit.
"""

from __future__ import annotations

import datetime as dt
import gc
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from whoosh import query
from whoosh.searching import Searcher

from index.models import Summary, Topic, TopicKind
from index.schema import CANDIDATE_FIELD, fold, key_field
from index.search import summary_of
from index.store import iter_stored

TOPIC_ORDER: tuple[TopicKind, ...] = (
    "tag", "person", "organization", "place", "other", "keyword",
)
_KINDS: dict[object, TopicKind] = {kind: kind for kind in TOPIC_ORDER}
"""A stored kind string → the `TopicKind` it names; anything else is not a topic."""

TopicTriple = tuple[TopicKind, str, str]
"""(kind, key, label) of one topic of one article."""


@dataclass(frozen=True)
class TopicStats:
    """Every topic of the corpus, and how rare each is (for weighting shared topics)."""

    documents: int
    topics: tuple[Topic, ...]
    by_key: dict[tuple[str, str], Topic] = field(default_factory=dict)

    def idf(self, kind: str, key: str) -> float:
        topic = self.by_key.get((kind, key))
        count = topic.count if topic else 1
        return math.log((1 + self.documents) / (1 + count)) + 0.05

    def label(self, kind: str, key: str) -> str:
        topic = self.by_key.get((kind, key))
        return topic.label if topic else key


@dataclass(frozen=True)
class Catalog:
    """Per live document number: its summary and its topics; plus the corpus-wide topic
    counts and the articles newest first. Valid for one index state only."""

    summaries: dict[int, Summary]
    topics: dict[int, tuple[TopicTriple, ...]]
    stats: TopicStats
    by_date: tuple[Summary, ...]
    rank: dict[int, int]
    """Document number → its place in `by_date`, to order any subset by date cheaply."""

    @cached_property
    def members(self) -> dict[tuple[str, str], list[int]]:
        """(kind, key) → the numbers of the documents with that topic, built on first use
        (only `related` needs it)."""
        found: dict[tuple[str, str], list[int]] = defaultdict(list)
        for docnum, triples in self.topics.items():
            for kind, key, _ in triples:
                found[(kind, key)].append(docnum)
        return dict(found)


def topic_field(kind: str) -> str:
    """The field whose postings list a topic's articles: for a keyword, every article that
    has it as a candidate (what its count says, `index.keyword_topics`)."""
    if kind == "keyword":
        return CANDIDATE_FIELD
    if kind == "tag":
        return kind
    return key_field(kind)


def stored_topics(stored: dict[str, object]) -> tuple[TopicTriple, ...]:
    """(kind, key, label) of every topic of one article, from its stored fields; an item
    that is no triple of a known kind is left out (the index writes only string keys and
    labels, `document_topics`)."""
    raw = stored.get("topics")
    if not isinstance(raw, list | tuple):
        return ()
    try:  # the index writes only well-formed triples: check them all at once
        found = tuple((_KINDS[kind], key, label) for kind, key, label in raw)
    except (KeyError, TypeError, ValueError):
        found = tuple(
            (_KINDS[item[0]], item[1], item[2])
            for item in raw
            if isinstance(item, list | tuple) and len(item) == 3 and item[0] in _KINDS
        )
    return found


def _date_order(summary: Summary) -> tuple[int, str, str]:
    return (-(summary.date or dt.date.min).toordinal(), summary.title.casefold(), summary.id)


def catalog(searcher: Searcher) -> Catalog:
    """One pass over every live document's stored fields.

    It allocates a few tuples per topic mention (90,000 for 2,000 articles) and keeps them
    all: with the collector on, that set off full collections over the whole heap of a
    long-running app, which cost as much again as the reading itself.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _catalog(searcher)
    finally:
        if was_enabled:
            gc.enable()


def _catalog(searcher: Searcher) -> Catalog:
    summaries: dict[int, Summary] = {}
    topics: dict[int, tuple[TopicTriple, ...]] = {}
    # An article names each (kind, key) once, so counting whole triples counts articles per
    # topic and per label form in one go (Counter.update counts in C).
    tally: Counter[TopicTriple] = Counter()
    for docnum, stored in iter_stored(searcher):
        summaries[docnum] = summary_of(stored)
        mine = topics[docnum] = stored_topics(stored)
        tally.update(mine)
    forms: dict[tuple[TopicKind, str], list[tuple[int, str]]] = defaultdict(list)
    for (kind, key, label), count in tally.items():
        forms[(kind, key)].append((count, label))
    by_key: dict[tuple[str, str], Topic] = {}
    for (kind, key), seen in forms.items():
        # The most used form; on ties the longest, then the last in code point order.
        _, label = max(seen, key=lambda form: (form[0], len(form[1]), form[1]))
        count = sum(n for n, _ in seen)
        by_key[(kind, key)] = Topic(kind=kind, key=key, label=label, count=count)
    ordered = sorted(
        by_key.values(),
        key=lambda t: (-t.count, TOPIC_ORDER.index(t.kind), t.label.casefold()),
    )
    stats = TopicStats(documents=len(summaries), topics=tuple(ordered), by_key=by_key)
    numbers = sorted(summaries, key=lambda number: _date_order(summaries[number]))
    by_date = tuple(summaries[number] for number in numbers)
    rank = {number: place for place, number in enumerate(numbers)}
    return Catalog(summaries, topics, stats, by_date, rank)


def topics_of(
    searcher: Searcher, article_id: str, known: Catalog, keywords: list[Topic] | None = None
) -> list[Topic]:
    """The article's topics, kinds in `TOPIC_ORDER`; `keywords` (ranked within the library,
    `index.keyword_topics`) stand in for the keywords it was indexed with."""
    docnum = searcher.document_number(id=article_id)
    if docnum is None or docnum not in known.topics:
        return []
    topics = []
    for kind, key, label in known.topics[docnum]:
        if kind == "keyword" and keywords is not None:
            continue
        held = known.stats.by_key.get((kind, key))
        topics.append(held or Topic(kind=kind, key=key, label=label, count=1))
    topics.extend(keywords or ())
    return sorted(topics, key=lambda t: TOPIC_ORDER.index(t.kind))


def articles_with(searcher: Searcher, topic: Topic, known: Catalog) -> list[Summary]:
    """The articles whose topic field holds this key, newest first: the matching document
    numbers come from the postings (no scoring), everything else from the catalog."""
    if topic.kind not in TOPIC_ORDER:
        return []
    term = query.Term(topic_field(topic.kind), fold(topic.key).replace(",", " "))
    rank = known.rank
    found = sorted((n for n in searcher.docs_for_query(term) if n in rank), key=rank.__getitem__)
    return [known.summaries[number] for number in found]
