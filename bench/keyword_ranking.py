"""How long an article's keywords take to rank within the library, on an existing index.

    python -m bench.keyword_ranking CORPUS INDEX [--articles 200]

Times, per article picked at random: ranking its stored candidates against the index's
document frequencies (`index.keyword_topics.library_keywords`, counting the term lookups),
`Library.get` and `Library.topics_of` as the app calls them (nothing remembered between
articles), and once `Library.topics()`, beside what counting every keyword's candidate
holders there would cost.

Measured on 10,000 news articles (news10k: OrangeSum and Reuters, 3 segments, 195 MB),
load about 6 on 2 cores, 200 articles: ranking median 4.7 ms, p95 8.6 ms (66 term lookups,
median); `Library.get` 5.4 ms; `topics_of` 7.6 ms; `topics()` 2.4 s with the catalog read
afresh, and counting all 49,253 keywords' holders would add 2.2 s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from index.analysis.keyword_ranking import rank_keywords
from index.keyword_topics import holders, library_frequency, library_keywords
from index.library import Library
from index.store import stored_document


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("index", type=Path)
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()
    library = Library(args.corpus, args.index)
    summaries = library.articles()
    picked = random.Random(7).sample(summaries, min(args.articles, len(summaries)))
    rank: list[float] = []
    lookups: list[int] = []
    get: list[float] = []
    topics_of: list[float] = []
    with library._searcher() as searcher:
        assert searcher is not None
        print(f"{searcher.doc_count()} articles")
        df = library_frequency(searcher)
        for summary in picked:
            analysis = stored_document(searcher, searcher.document_number(id=summary.id)).analysis
            started = time.perf_counter()
            library_keywords(searcher, analysis)
            rank.append(time.perf_counter() - started)
            asked: list[str] = []
            rank_keywords(
                analysis.candidates,
                lambda key, asked=asked: asked.append(key) or df(key),  # type: ignore[misc]
                searcher.doc_count(),
                analysis.language,
            )
            lookups.append(len(asked))
    for summary in picked:
        library._cache.pop("keywords", None)
        started = time.perf_counter()
        library.get(summary.id)
        get.append(time.perf_counter() - started)
        library._cache.pop("keywords", None)
        started = time.perf_counter()
        library.topics_of(summary.id)
        topics_of.append(time.perf_counter() - started)
    print(f"rank one article's keywords: {_ms(rank)} "
          f"({statistics.median(lookups):.0f} term lookups, median)")
    print(f"Library.get:       {_ms(get)}")
    print(f"Library.topics_of: {_ms(topics_of)} (catalog already read)")
    library._cache.pop("catalog", None)
    started = time.perf_counter()
    topics = library.topics()
    print(f"Library.topics():  {(time.perf_counter() - started) * 1000:.0f} ms "
          f"({len(topics)} topics, catalog read afresh)")
    keywords = [t for t in topics if t.kind == "keyword"]
    with library._searcher() as searcher:
        assert searcher is not None
        started = time.perf_counter()
        for topic in keywords:
            holders(searcher, topic.key)
        print(f"counting every keyword's candidate holders (not done): "
              f"{(time.perf_counter() - started) * 1000:.0f} ms for {len(keywords)} keywords")

if __name__ == "__main__":
    main()
