"""Tags, keywords and entities as topics: what several articles share.

Each document stores its (kind, key, label) topic triples, so the catalog
(`index.catalog`) reads them without decoding a whole document.
"""

from __future__ import annotations

from index.models import TopicKind

TOPIC_ORDER: tuple[TopicKind, ...] = (
    "tag", "person", "organization", "place", "other", "keyword",
)
_KINDS: dict[object, TopicKind] = {kind: kind for kind in TOPIC_ORDER}
"""A stored kind string → the `TopicKind` it names; anything else is not a topic."""

TopicTriple = tuple[TopicKind, str, str]
"""(kind, key, label) of one topic of one article."""


def topic_field(kind: str) -> str:
    """The field whose postings list a topic's articles: for a keyword, every article that
    has it as a candidate (what its count says, `index.keyword_topics`)."""
    from index.schema import CANDIDATE_FIELD, key_field  # Whoosh: not for the catalog alone

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
