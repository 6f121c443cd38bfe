"""An article's keywords within the reader's library, and keywords as topics.

Extraction keeps each article's keyword candidates with their in-article statistics
(`Analysis.candidates`); the index holds their keys in the `candidate` field. The library's
document frequency of a word or phrase is then one term lookup in the index, never a table
held in memory, so keywords follow the library as it grows without any article being
analysed again, and a library of any size costs the same per article shown.

A keyword topic is keyed by its candidate key (plurals folded: "data centers" and "data
center" are one topic); its articles are those holding that key as a candidate, so the
count beside a keyword and the list it opens agree.
"""

from __future__ import annotations

from collections.abc import Iterable

from whoosh import query
from whoosh.searching import Searcher

from index.analysis.keyword_ranking import DocumentFrequency, rank_keywords
from index.models import Analysis, KeywordCandidates, Topic
from index.schema import CANDIDATE_FIELD, fold

KEYWORD_LIMIT = 15
"""As many keywords as analysis gives an article alone (`index.analysis.KEYWORD_LIMIT`)."""


def field_key(key: str) -> str:
    """A candidate key as the `candidate` field holds it (folded, commas are separators)."""
    return fold(key).replace(",", " ")


def candidate_keys(candidates: KeywordCandidates, extra: Iterable[str] = ()) -> str:
    """The `candidate` field's value: every key ranking asks the document frequency of
    (each word, and each phrase of several words), and the `extra` keys, comma-separated."""
    keys = {term.key for term in candidates.terms}
    keys.update(extra)
    keys.update(phrase.key for phrase in candidates.phrases if " " in phrase.key)
    return ",".join(sorted({field_key(key) for key in keys} - {""}))


def keyword_key(candidates: KeywordCandidates, keyword: str) -> str:
    """The topic key of one of the article's keywords: its candidate's key, or the keyword
    folded when the article has no candidates (nothing kept them, or nothing to keep)."""
    for phrase in candidates.phrases:
        if phrase.display == keyword:
            return field_key(phrase.key)
    return field_key(keyword)


def library_frequency(searcher: Searcher) -> DocumentFrequency:
    """Document frequencies of the searcher's index, as `rank_keywords` reads them."""
    reader = searcher.reader()

    def df(key: str) -> int:
        frequency: int = reader.doc_frequency(CANDIDATE_FIELD, field_key(key))
        return frequency

    return df


def library_keywords(
    searcher: Searcher, analysis: Analysis, limit: int = KEYWORD_LIMIT
) -> tuple[str, ...]:
    """The article's keywords ranked within the library (names the entity list shows are
    left out, as analysis leaves them out); a document without candidates keeps its own."""
    if not analysis.candidates.phrases:
        return analysis.keywords[:limit]
    n_docs = max(searcher.doc_count(), 1)
    df = library_frequency(searcher)
    return tuple(
        rank_keywords(analysis.candidates, df, n_docs, analysis.language, limit)
    )


def candidate_term(key: str) -> query.Term:
    """The query for the articles holding a candidate key."""
    return query.Term(CANDIDATE_FIELD, field_key(key))


def holders(searcher: Searcher, key: str) -> int:
    """How many live articles hold the key as a candidate: the term's document frequency,
    counted on its postings when deleted documents (not yet merged away) would inflate it."""
    if not searcher.reader().has_deletions():
        count: int = searcher.doc_frequency(CANDIDATE_FIELD, field_key(key))
        return count
    return sum(1 for _ in searcher.docs_for_query(candidate_term(key)))


def keyword_topics(searcher: Searcher, analysis: Analysis) -> list[Topic]:
    """The article's keywords (as ranked already) as topics, best first, each counting the
    articles that hold it as a candidate (at least the article itself)."""
    topics: list[Topic] = []
    seen: set[str] = set()
    for keyword in analysis.keywords:
        key = keyword_key(analysis.candidates, keyword)
        if not key or key in seen:
            continue
        seen.add(key)
        count = max(holders(searcher, key), 1)
        topics.append(Topic(kind="keyword", key=key, label=keyword, count=count))
    return topics
