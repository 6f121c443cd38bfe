"""Latency of `Library.related` on a real index, as the app asks for it.

Point it at an article folder and its index (built first if missing, e.g. 10,000 real
articles: `rubrique index FOLDER --index DIR` takes minutes). A seeded sample of articles
is asked for their related articles, one call each, after one warm-up call (which also
reads the catalog and the field lengths, once per index state; timed apart). Wall-clock and
CPU-time percentiles are printed: on a busy machine the second says what one call costs.

    python bench/related.py FOLDER --index DIR [--sample 300] [--limit 10] [--seed 0]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

from index.library import Library


def at(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    library = Library(args.folder, args.index)
    if not library.exists():
        print("building the index first …", flush=True)
        library.scan()
    articles = sorted(library.articles(), key=lambda s: s.id)
    chosen = random.Random(args.seed).sample(articles, min(args.sample, len(articles)))
    started = time.perf_counter()
    library.related(chosen[0].id, limit=args.limit)
    first = time.perf_counter() - started
    samples, cpu = [], []
    returned = 0
    for summary in chosen[1:]:
        started, used = time.perf_counter(), time.process_time()
        found = library.related(summary.id, limit=args.limit)
        samples.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
        returned += len(found)
    ordered = sorted(samples)
    spent = sorted(cpu)
    print(f"{len(articles)} articles, {len(samples)} related calls (limit {args.limit}),"
          f" {returned / max(len(samples), 1):.1f} returned on average")
    print(f"related  p50 {statistics.median(ordered) * 1000:6.1f} ms  p95 {at(ordered, 0.95):6.1f}"
          f" ms  p99 {at(ordered, 0.99):6.1f} ms  max {ordered[-1] * 1000:6.1f} ms"
          f"  (first call {first * 1000:.0f} ms)")
    # CPU time of this process: what the wall clock would say on a machine with a core free.
    print(f"cpu      p50 {statistics.median(spent) * 1000:6.1f} ms  p95 {at(spent, 0.95):6.1f}"
          f" ms  p99 {at(spent, 0.99):6.1f} ms  max {spent[-1] * 1000:6.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
