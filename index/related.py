"""Articles related to one article, each with the reasons a reader would give.

Three signals, added up: similar wording (Whoosh's more-like-this over the unstemmed `text`
field, where names and figures match across languages too), shared entities and shared tags
or keywords, each weighted by how rare it is in the corpus. Entities are what carry a French
article to its English counterpart.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field

from whoosh import query
from whoosh.searching import Searcher

from index.models import Related
from index.schema import ENTITY_FIELDS, query_stop_words
from index.store import column_text
from index.topics import Catalog, TopicStats, TopicTriple

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


def _topic_sets(triples: tuple[TopicTriple, ...]) -> dict[str, set[str]]:
    sets: dict[str, set[str]] = {kind: set() for kind in (*ENTITY_FIELDS, "tag", "keyword")}
    for kind, key, _ in triples:
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


def related(searcher: Searcher, article_id: str, limit: int, known: Catalog) -> list[Related]:
    docnum = searcher.document_number(id=article_id)
    if docnum is None or limit <= 0 or docnum not in known.summaries:
        return []
    stats = known.stats
    mine = _topic_sets(known.topics[docnum])
    candidates: dict[int, _Candidate] = defaultdict(_Candidate)

    title = known.summaries[docnum].title
    text = "\n\n".join(
        part for part in (title, column_text(searcher, "content", docnum)) if part
    )
    wording = searcher.search(
        _like_query(searcher, text), limit=max(limit * 3, 30), mask={docnum}
    )
    best = max((hit.score or 0.0 for hit in wording), default=0.0)
    for hit in wording:
        if best > 0:
            candidates[hit.docnum].wording = (hit.score or 0.0) / best

    entity_total = sum(stats.idf(kind, key) for kind in ENTITY_FIELDS for key in mine[kind])
    tag_total = sum(stats.idf("tag", key) for key in mine["tag"])
    keyword_total = sum(stats.idf("keyword", key) for key in mine["keyword"])
    totals = {kind: ENTITY_WEIGHT / entity_total for kind in ENTITY_FIELDS if entity_total}
    if tag_total:
        totals["tag"] = TAG_WEIGHT / tag_total
    if keyword_total:
        totals["keyword"] = KEYWORD_WEIGHT / keyword_total
    # Articles sharing topics, by the part of the final score their shared topics make, from
    # the catalog: a Whoosh query over the topic fields scored every posting of every topic
    # (each needing a field length lookup), and ranked by BM25 instead of by this score.
    sharing: dict[int, float] = defaultdict(float)
    members = known.members
    for kind, share in totals.items():
        for key in mine[kind]:
            weight = share * stats.idf(kind, key)
            for number in members.get((kind, key), ()):
                sharing[number] += weight
    sharing.pop(docnum, None)
    for number in heapq.nlargest(
        max(limit * 5, 50), sharing, key=lambda n: (sharing[n], -n)
    ):
        candidates[number]  # noqa: B018 - registers the candidate

    scored: list[Related] = []
    for number, candidate in candidates.items():
        if number == docnum:
            continue
        summary = known.summaries.get(number)
        if summary is None or summary.id == article_id:
            continue
        theirs = _topic_sets(known.topics[number])
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
            Related(summary=summary, score=round(score, 4), reasons=reasons)
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
