"""A name's kind across the library, for every place that lists entities.

The recogniser types a name from one article's evidence, so a key the library holds in many
articles can come out a person in one ("à Abou Dhabi" read as a first and last name) and a
place in ten. The catalog already counts every (kind, key) topic, so the library can vote at
read time, with no change to what is indexed: a kind that holds a key in at most
`MINORITY_SHARE` of the articles its majority kind does is taken for a typing slip and shown
as the majority kind (the rule `index.entity_aliases` groups entity pages by, so the sidebar,
the topic lists and the entity pages agree). A closer split is a real homonym ("Jordan" the
country and the player) and each kind keeps its own articles.

A topic shown under its library kind lists the articles of every kind that joined it, so the
article the reader came from is always in the list its sidebar entry opens.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import cast

from index.catalog import Catalog, Listing
from index.entity_aliases import ENTITY_KINDS, MINORITY_SHARE
from index.models import Topic, TopicKind

_CHUNK = 400
"""Keys per SQL query (SQLite allows 999 parameters before 3.32)."""


def kind_counts(catalog: Catalog, keys: Iterable[str]) -> dict[str, dict[str, int]]:
    """For each key, the articles the library holds it in under each entity kind."""
    wanted = sorted(set(keys))
    counts: dict[str, dict[str, int]] = {}
    connection = catalog.connection()
    kinds = ",".join("?" * len(ENTITY_KINDS))
    for begin in range(0, len(wanted), _CHUNK):
        chunk = wanted[begin : begin + _CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = connection.execute(
            f"SELECT kind, key, count FROM topics WHERE kind IN ({kinds}) "
            f"AND key IN ({marks}) AND count > 0",
            (*ENTITY_KINDS, *chunk),
        )
        for kind, key, count in rows:
            counts.setdefault(str(key), {})[str(kind)] = int(count)
    return counts


def library_kind(counts: dict[str, int], kind: str) -> str:
    """The kind a topic of this kind is shown as, given its key's counts per kind: the
    majority kind when this one is a slip, else its own."""
    if not counts:
        return kind
    top = max(counts, key=lambda other: (counts[other], other == kind, other))
    if top != kind and counts.get(kind, 0) <= counts[top] * MINORITY_SHARE:
        return top
    return kind


def _joined(counts: dict[str, int], kind: str) -> list[str]:
    """The kinds shown as `kind` (itself first when it holds the key)."""
    return [other for other in counts if library_kind(counts, other) == kind]


def _shown(counts: dict[str, int], topic: Topic) -> Topic:
    kind = library_kind(counts, topic.kind)
    total = sum(counts[other] for other in _joined(counts, kind)) or topic.count
    return replace(topic, kind=cast(TopicKind, kind), count=total)


def settle(catalog: Catalog, topics: Sequence[Topic], listed: bool = False) -> list[Topic]:
    """The topics with each entity shown under its library kind, counting the articles of
    every kind that joined it; one entry per (kind, key), first place kept.

    `listed`: the topics are a list of the library's own (every topic is in it somewhere),
    so a topic that joined another kind is dropped rather than shown twice."""
    entities = [topic.key for topic in topics if topic.kind in ENTITY_KINDS]
    if not entities:
        return list(topics)
    counts = kind_counts(catalog, entities)
    shown: list[Topic] = []
    seen: set[tuple[str, str]] = set()
    for topic in topics:
        if topic.kind in ENTITY_KINDS and topic.key in counts:
            shown_as = _shown(counts[topic.key], topic)
            if listed and shown_as.kind != topic.kind:
                continue
            topic = shown_as
        if (topic.kind, topic.key) not in seen:
            seen.add((topic.kind, topic.key))
            shown.append(topic)
    return shown


def kinds_listed_as(catalog: Catalog, kind: str, key: str) -> list[str]:
    """The kinds whose articles a topic shown as (kind, key) lists."""
    counts = kind_counts(catalog, [key]).get(key, {})
    return _joined(counts, kind) or [kind]


def listing(catalog: Catalog, topic: Topic, order: str = "date") -> Listing:
    """The articles holding the entity under its shown kind or any kind that joined it."""
    kinds = kinds_listed_as(catalog, topic.kind, topic.key)
    if kinds == [topic.kind]:
        return catalog.listing(order, topic)
    marks = ",".join("?" * len(kinds))
    rows = catalog.connection().execute(
        "SELECT DISTINCT x.article FROM topics t JOIN article_topics x ON x.tid = t.tid "
        f"WHERE t.kind IN ({marks}) AND t.key = ?",
        (*kinds, topic.key),
    )
    return catalog.ordered((int(n) for (n,) in rows), order)
