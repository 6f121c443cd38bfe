"""What the catalog costs and answers in, on an existing index (issue 12).

    python -m bench.catalog CORPUS INDEX [--build]

Each figure is wall time and CPU time (time.process_time) in ms, since the machine is
shared. `--build` also builds a catalog from nothing into a temporary folder (the first
open of an index made before the catalog existed). Run it from a snapshot of an older
commit (PYTHONPATH=snapshot) to get the in-memory catalog's figures for the same index:
what that code lacks (`listing`, the catalog file) is reported as null.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def timed(call: Callable[[], Any]) -> tuple[Any, float, float]:
    """(result, wall ms, CPU ms)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return (result, (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000)


def figure(out: dict[str, Any], name: str, call: Callable[[], Any]) -> Any:
    result, wall, cpu = timed(call)
    out[name] = {"wall_ms": round(wall, 2), "cpu_ms": round(cpu, 2)}
    return result


def spread(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("index", type=Path)
    parser.add_argument("--build", action="store_true")
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args(argv)

    from index.library import Library

    out: dict[str, Any] = {"rss_start_mb": round(rss_mb(), 1)}
    library = Library(args.corpus, args.index)
    figure(out, "count", library.count)
    summaries = figure(out, "articles_first", library.articles)
    figure(out, "articles_again", library.articles)
    out["articles"] = len(summaries)
    ids = [s.id for s in summaries[:: max(1, len(summaries) // args.samples)]][: args.samples]
    del summaries
    out["rss_after_articles_mb"] = round(rss_mb(), 1)
    topics = figure(out, "topics_all", library.topics)
    out["topics"] = len(topics)
    del topics
    if hasattr(library, "listing"):
        figure(out, "topics_top50", lambda: library.topics(limit=50))
        rows = figure(out, "listing_date", library.listing)
        figure(out, "listing_title", lambda: library.listing("title"))
        pages: list[float] = []
        for at in (0, len(rows) // 2, len(rows) - 1, 12_345 % max(len(rows), 1), 600):
            pages.append(timed(lambda at=at: rows[at])[1])
        out["page_fetch_cold"] = spread(pages)
        out["row_cached_ms"] = round(timed(lambda: rows[1])[1], 3)
        out["index_of_last"] = round(timed(lambda: rows.index_of(rows[len(rows) - 1].id))[1], 2)
        out["catalog_mb"] = round(library.catalog_size() / 1e6, 1)
    for name, call in (("topics_of", library.topics_of), ("related", library.related)):
        call(ids[-1])  # warm-up, as a running app would be
        runs = [timed(lambda i=article_id, c=call: c(i)) for article_id in ids]  # type: ignore[misc]
        out[name] = spread([wall for _, wall, _ in runs])
        out[name]["cpu_p50_ms"] = round(statistics.median(cpu for _, _, cpu in runs), 2)
        out[name]["cpu_max_ms"] = round(max(cpu for _, _, cpu in runs), 2)
    out["rss_end_mb"] = round(rss_mb(), 1)

    if args.build:
        from index.catalog import Catalog

        with tempfile.TemporaryDirectory() as folder, library._searcher() as searcher:
            catalog = Catalog(Path(folder))
            figure(out, "catalog_build", lambda: catalog.sync(searcher))
            out["catalog_built_mb"] = round(catalog.size() / 1e6, 1)
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
