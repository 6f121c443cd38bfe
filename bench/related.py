"""Latency of `Library.related` on a real index, as the app asks for it.

Point it at an article folder and its index (built first if missing, e.g. 10,000 real
articles: `rubrique index FOLDER --index DIR` takes minutes). Articles are asked for their
related articles, one call each, after one warm-up call (which also reads the catalog and
the field lengths, once per index state; timed apart). Wall-clock and CPU-time
percentiles are printed: on a busy machine the second says what one call costs; then the
CPU time of the second half of the calls alone, once the postings of common words are
kept; then the process's resident memory.

Related articles read each segment's counts file (`index.term_counts`); an index written
before they existed reads Whoosh's blocks until they are written, in the background from
the first call (a few minutes at 100,000 articles): write them first to measure what a
reader meets afterwards, `python -m index.term_counts INDEX` (on a copy of a shared index).

`--spread` picks the articles as `python -m bench.probe` does (evenly over the list, newest
first, the warm-up on the last of them); otherwise a seeded random sample. `--stages`
prints the CPU time per call of each step (cProfile totals, so inflated, but in proportion).
To compare with another revision in the same run, run this script again with
`PYTHONPATH` pointing at that revision's sources (`git archive REV index | tar -x -C DIR`);
`--answers FILE` writes every call's answers (ids, scores, reasons), one JSON line per
article, so that two revisions' files can be compared with `cmp`.

    python bench/related.py FOLDER --index DIR [--sample 300] [--spread] [--stages]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

from index.library import Library

STAGES = (
    "related", "_wording", "_word_vector", "read", "blocks", "decode", "doc_frequency",
    "_sharing", "members", "topics", "prefetch", "column_text", "_top", "_scored",
)
"""Functions of index.related and index.catalog whose totals `--stages` prints."""


def at(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def rss_mb() -> float:
    """Resident memory of this process now, from /proc (0 where there is none)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def stage_report(profile: cProfile.Profile, calls: int) -> None:
    stats = pstats.Stats(profile)
    rows = []
    for (filename, _, name), (_, count, _, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        if name in STAGES and ("/index/" in filename):
            rows.append((cumulative, name, count))
    for cumulative, name, count in sorted(rows, reverse=True):
        print(f"  {name:14s} {cumulative * 1000 / calls:7.1f} ms per call ({count} calls)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--spread", action="store_true",
                        help="40 articles spread over the list, as bench.probe picks them")
    parser.add_argument("--stages", action="store_true", help="CPU time per step (cProfile)")
    parser.add_argument("--answers", type=Path, help="write each call's answers here (JSON lines)")
    args = parser.parse_args(argv)
    library = Library(args.folder, args.index)
    if not library.exists():
        print("building the index first …", flush=True)
        library.scan()
    if args.spread:
        summaries = library.articles()
        step = max(1, len(summaries) // 40)
        ids = [s.id for s in summaries[::step]][:40]
        warm, asked, total = ids[-1], ids, len(summaries)
    else:
        articles = sorted(library.articles(), key=lambda s: s.id)
        chosen = random.Random(args.seed).sample(articles, min(args.sample, len(articles)))
        warm, asked, total = chosen[0].id, [s.id for s in chosen[1:]], len(articles)
    started = time.perf_counter()
    library.related(warm, limit=args.limit)
    first = time.perf_counter() - started
    profile = cProfile.Profile(time.process_time) if args.stages else None
    samples, cpu = [], []
    returned = 0
    answers = []
    for article_id in asked:
        if profile is not None:
            profile.enable()
        started, used = time.perf_counter(), time.process_time()
        found = library.related(article_id, limit=args.limit)
        samples.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
        if profile is not None:
            profile.disable()
        returned += len(found)
        if args.answers is not None:
            answers.append(json.dumps([article_id, [
                [r.summary.id, r.score, list(r.reasons)] for r in found
            ]], ensure_ascii=False))
    if args.answers is not None:
        args.answers.write_text("".join(line + "\n" for line in answers), encoding="utf-8")
    ordered = sorted(samples)
    spent = sorted(cpu)
    print(f"{total} articles, {len(samples)} related calls (limit {args.limit}),"
          f" {returned / max(len(samples), 1):.1f} returned on average")
    print(f"related  p50 {statistics.median(ordered) * 1000:6.1f} ms  p95 {at(ordered, 0.95):6.1f}"
          f" ms  p99 {at(ordered, 0.99):6.1f} ms  max {ordered[-1] * 1000:6.1f} ms"
          f"  (first call {first * 1000:.0f} ms)")
    # CPU time of this process: what the wall clock would say on a machine with a core free.
    print(f"cpu      p50 {statistics.median(spent) * 1000:6.1f} ms  p95 {at(spent, 0.95):6.1f}"
          f" ms  p99 {at(spent, 0.99):6.1f} ms  max {spent[-1] * 1000:6.1f} ms")
    # The calls of the second half find the common words' postings and the common topics'
    # articles kept from the first: what a reader who has opened a few articles waits.
    later = sorted(cpu[len(cpu) // 2 :])
    if later:
        print(f"cpu, 2nd half  p50 {statistics.median(later) * 1000:6.1f} ms"
              f"  p95 {at(later, 0.95):6.1f} ms")
    print(f"rss      {rss_mb():.0f} MB after {len(samples) + 1} calls")
    if profile is not None:
        stage_report(profile, len(samples))
    return 0


if __name__ == "__main__":
    sys.exit(main())
