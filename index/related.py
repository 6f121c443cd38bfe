"""Articles related to one article, each with the reasons a reader would give.

Three signals, added up: similar wording (Whoosh's more-like-this over the unstemmed `text`
field, where names and figures match across languages too), shared entities and shared tags
or keywords, each weighted by how rare it is in the corpus. Entities are what carry a French
article to its English counterpart.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from whoosh import query
from whoosh.searching import Searcher

from index.models import Related
from index.schema import ENTITY_FIELDS, key_field, query_stop_words
from index.search import summary_of
from index.store import column_text
from index.topics import TopicStats, stored_topics

WORDING_WEIGHT = 1.0
ENTITY_WEIGHT = 1.2
TAG_WEIGHT = 0.6
KEYWORD_WEIGHT = 0.3
SIMILAR_WORDING = 0.25
"""Normalised more-like-this score from which "similar wording" is worth saying."""
MAX_NAMES = 3
LIKE_TERMS = 12


@dataclass
class _Candidate:
    wording: float = 0.0
    entities: list[tuple[float, str, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)


def _topic_sets(stored: dict[str, object]) -> dict[str, set[str]]:
    sets: dict[str, set[str]] = {kind: set() for kind in (*ENTITY_FIELDS, "tag", "keyword")}
    for kind, key, _ in stored_topics(stored):
        sets[kind].add(key)
    return sets


def _like_query(searcher: Searcher, text: str) -> query.Query:
    """Whoosh's more-like-this, minus the function words of every language: the neutral
    `text` field keeps them, and "de", "la", "the" would make any two articles look alike."""
    stops = query_stop_words()
    terms = [
        (term, weight)
        for term, weight in searcher.key_terms_from_text("text", text, numterms=LIKE_TERMS * 3)
        if term not in stops and len(term) > 2 and not term.isdigit()
    ][:LIKE_TERMS]
    if not terms:
        return query.NullQuery
    return query.Or([query.Term("text", term, boost=weight) for term, weight in terms])


def related(
    searcher: Searcher, article_id: str, limit: int, stats: TopicStats
) -> list[Related]:
    docnum = searcher.document_number(id=article_id)
    if docnum is None or limit <= 0:
        return []
    stored = searcher.stored_fields(docnum)
    mine = _topic_sets(stored)
    candidates: dict[int, _Candidate] = defaultdict(_Candidate)

    text = "\n\n".join(
        part for part in (stored.get("title", ""), column_text(searcher, "content", docnum)) if part
    )
    wording = searcher.search(
        _like_query(searcher, text), limit=max(limit * 3, 30), mask={docnum}
    )
    best = max((hit.score or 0.0 for hit in wording), default=0.0)
    for hit in wording:
        if best > 0:
            candidates[hit.docnum].wording = (hit.score or 0.0) / best

    terms: list[query.Query] = []
    for kind in (*ENTITY_FIELDS, "tag", "keyword"):
        name = key_field(kind) if kind in ENTITY_FIELDS else kind
        terms.extend(query.Term(name, key) for key in mine[kind])
    if terms:
        # The best-scoring sharers are enough: rare shared topics score highest, and reading
        # every article that shares "Paris" would cost more than it could change.
        shared = searcher.search(query.Or(terms), limit=max(limit * 5, 50), mask={docnum})
        for hit in shared:
            candidates[hit.docnum]  # noqa: B018 - registers the candidate

    entity_total = sum(stats.idf(kind, key) for kind in ENTITY_FIELDS for key in mine[kind])
    tag_total = sum(stats.idf("tag", key) for key in mine["tag"])
    keyword_total = sum(stats.idf("keyword", key) for key in mine["keyword"])
    scored: list[Related] = []
    for number, candidate in candidates.items():
        if number == docnum:
            continue
        theirs_stored = searcher.stored_fields(number)
        if theirs_stored.get("id") == article_id:
            continue
        theirs = _topic_sets(theirs_stored)
        entity_score = tag_score = keyword_score = 0.0
        for kind in ENTITY_FIELDS:
            for key in mine[kind] & theirs[kind]:
                weight = stats.idf(kind, key)
                entity_score += weight
                candidate.entities.append((weight, kind, key))
        for key in mine["tag"] & theirs["tag"]:
            tag_score += stats.idf("tag", key)
            candidate.tags.append(stats.label("tag", key))
        for key in mine["keyword"] & theirs["keyword"]:
            keyword_score += stats.idf("keyword", key)
            candidate.keywords.append(stats.label("keyword", key))
        score = (
            WORDING_WEIGHT * candidate.wording
            + ENTITY_WEIGHT * (entity_score / entity_total if entity_total else 0.0)
            + TAG_WEIGHT * (tag_score / tag_total if tag_total else 0.0)
            + KEYWORD_WEIGHT * (keyword_score / keyword_total if keyword_total else 0.0)
        )
        reasons = _reasons(candidate, stats)
        if not reasons or score <= 0:
            continue
        scored.append(
            Related(summary=summary_of(theirs_stored), score=round(score, 4), reasons=reasons)
        )
    scored.sort(key=lambda r: (-r.score, r.summary.title.casefold()))
    return scored[:limit]


def _reasons(candidate: _Candidate, stats: TopicStats) -> tuple[str, ...]:
    reasons = []
    if candidate.entities:
        # Rarest first; on ties people, then organisations, places, others; then by name.
        kinds = list(ENTITY_FIELDS)
        ordered = sorted(
            candidate.entities,
            key=lambda e: (-round(e[0], 6), kinds.index(e[1]), stats.label(e[1], e[2]).casefold()),
        )
        names = [stats.label(kind, key) for _, kind, key in ordered[:MAX_NAMES]]
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
