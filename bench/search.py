"""Query latency percentiles through `Library`, as the app and the CLI call it.

Builds (once, cold) an index of generated articles, then times each kind of query many times:
snippets and highlights included, each call opening its own searcher like the app does.

    python bench/search.py [--generated 2000] [--repeat 30]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import SAMPLES, generate  # noqa: E402

from index.library import Library  # noqa: E402

QUERIES: dict[str, str] = {
    "one word": "stargate",
    "two words": "nvidia chips",
    "accented stem": "élections",
    "phrase": '"data centres"',
    "prefix": "semicond*",
    "field filter": "tag:openai lang:fr",
    "person filter": "person:musk",
    "date range": "date:[2025-01-01 TO 2025-03-01] openai",
    "fuzzy": "altmann~",
    "miss + did-you-mean": "stargaet",
    "malformed": '"data centres',
}


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000
    return (
        f"p50 {statistics.median(ordered) * 1000:6.1f} ms  p90 {at(0.9):6.1f} ms  "
        f"p99 {at(0.99):6.1f} ms"
    )


def timed(call: Callable[[], object], repeat: int) -> list[float]:
    call()  # warm caches once, as a running app would be
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=2000, help="0: the sample corpus")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="rubrique-bench-"))
    try:
        corpus = SAMPLES
        if args.generated:
            corpus = work / "generated"
            generate(args.generated, corpus)
        library = Library(corpus, work / "index")
        library.scan()
        print(f"{library.count()} articles; {args.repeat} runs per line, limit 20")
        for label, query in QUERIES.items():
            result = library.search(query)
            samples = timed(lambda q=query: library.search(q), args.repeat)
            print(f"  {label:22s} {percentiles(samples)}  ({result.total} hits)")
        some = [s.id for s in library.articles()[:: max(1, library.count() // args.repeat)]]
        ids = iter(some * 2)
        print(f"  {'related (limit 10)':22s} "
              f"{percentiles(timed(lambda: library.related(next(ids)), len(some) - 1))}")
        library.topics()
        print(f"  {'topics (cached)':22s} {percentiles(timed(library.topics, args.repeat))}")
        first = time.perf_counter()
        Library(corpus, work / "index").topics()
        print(f"  {'topics (first call)':22s} {(time.perf_counter() - first) * 1000:6.1f} ms")
        topic = library.topics()[0]
        with_topic = timed(lambda: library.articles_with(topic), args.repeat)
        print(f"  {'articles_with':22s} {percentiles(with_topic)}  ({topic.label})")
        articles = timed(lambda: library.get(some[0]), args.repeat)
        print(f"  {'get':22s} {percentiles(articles)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
