"""Tags, keywords and entities as topics: what several articles share.

Counts come from one pass over the stored (kind, key, label) triples of every document, never
decoding a whole document; `Library` caches the result per index generation, so the sidebar
costs nothing until the next commit.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from whoosh import query
from whoosh.searching import Searcher

from index.models import Summary, Topic, TopicKind
from index.schema import fold, key_field
from index.search import summary_of

TOPIC_ORDER: tuple[TopicKind, ...] = (
    "tag", "person", "organization", "place", "other", "keyword",
)


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


def topic_field(kind: str) -> str:
    if kind in ("tag", "keyword"):
        return kind
    return key_field(kind)


def stored_topics(stored: dict[str, object]) -> list[tuple[TopicKind, str, str]]:
    """(kind, key, label) of every topic of one article, from its stored fields."""
    return [tuple(item) for item in stored.get("topics") or ()]  # type: ignore[misc]


def _newest_first(summaries: list[Summary]) -> list[Summary]:
    return sorted(
        summaries,
        key=lambda s: (-(s.date or dt.date.min).toordinal(), s.title.casefold(), s.id),
    )


def all_summaries(searcher: Searcher) -> list[Summary]:
    """Every article, newest first (undated last)."""
    return _newest_first([summary_of(stored) for stored in searcher.all_stored_fields()])


def collect(searcher: Searcher) -> TopicStats:
    counts: Counter[tuple[TopicKind, str]] = Counter()
    labels: dict[tuple[TopicKind, str], Counter[str]] = defaultdict(Counter)
    documents = 0
    for stored in searcher.all_stored_fields():
        documents += 1
        for kind, key, label in stored_topics(stored):
            counts[(kind, key)] += 1
            labels[(kind, key)][label] += 1
    by_key: dict[tuple[str, str], Topic] = {}
    for (kind, key), count in counts.items():
        forms = labels[(kind, key)]
        label = max(forms, key=lambda form: (forms[form], len(form), form))
        by_key[(kind, key)] = Topic(kind=kind, key=key, label=label, count=count)
    ordered = sorted(
        by_key.values(),
        key=lambda t: (-t.count, TOPIC_ORDER.index(t.kind), t.label.casefold()),
    )
    return TopicStats(documents=documents, topics=tuple(ordered), by_key=by_key)


def topics_of(searcher: Searcher, article_id: str, stats: TopicStats) -> list[Topic]:
    stored = searcher.document(id=article_id)
    if stored is None:
        return []
    topics = []
    for kind, key, label in stored_topics(stored):
        known = stats.by_key.get((kind, key))
        topics.append(known or Topic(kind=kind, key=key, label=label, count=1))
    return sorted(topics, key=lambda t: TOPIC_ORDER.index(t.kind))


def articles_with(searcher: Searcher, topic: Topic) -> list[Summary]:
    if topic.kind not in TOPIC_ORDER:
        return []
    term = query.Term(topic_field(topic.kind), fold(topic.key).replace(",", " "))
    results = searcher.search(term, limit=None)
    return _newest_first([summary_of(hit.fields()) for hit in results])
