"""One measurement per fresh process, as a user would meet it; prints its figures as JSON.

    python -m bench.probe build CORPUS INDEX
    python -m bench.probe library CORPUS INDEX [--repeat 5]
    python -m bench.probe app CORPUS INDEX --launched EPOCH_SECONDS
    python -m bench.probe fts5 CORPUS DATABASE [--repeat 5]

`python -m bench` runs these in child processes, so that no cache, import or allocation of one
figure flatters or burdens the next, and memory is that of the figure alone.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.corpus import article_files
from bench.memory import rss_mb
from bench.queries import MIX

RELATED_SAMPLES = 40


def percentiles(samples: list[float]) -> dict[str, float]:
    """p50 and p95 in milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50_ms": statistics.median(ordered) * 1000, "p95_ms": p95 * 1000,
            "samples": len(ordered)}


def timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def folder_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


def build(corpus: Path, index_dir: Path) -> dict[str, Any]:
    """A cold build: empty index folder, every article read and analysed."""
    from index.library import Library

    shutil.rmtree(index_dir, ignore_errors=True)
    library = Library(corpus, index_dir)
    started = time.perf_counter()
    report = library.scan()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "articles": library.count(), "skipped": len(report.skipped),
            "index_mb": folder_mb(index_dir)}


def _changed_file_rescan(library: Any, corpus: Path, which: int) -> float:
    """Time a scan after one article gains a paragraph; the file is put back afterwards."""
    victim = article_files(corpus)[which]
    original = victim.read_bytes()
    try:
        victim.write_bytes(original + b"\n\nOne more paragraph, added by the benchmark.\n")
        return timed(library.scan)
    finally:
        victim.write_bytes(original)
        library.scan()


def library_figures(corpus: Path, index_dir: Path, repeat: int) -> dict[str, Any]:
    """Everything the reader asks of an existing index, each timed as the app would call it."""
    from index.library import Library

    out: dict[str, Any] = {}
    library = Library(corpus, index_dir)
    out["articles_first_ms"] = timed(library.articles) * 1000
    out["articles_again_ms"] = timed(library.articles) * 1000
    fresh = Library(corpus, index_dir)
    out["topics_first_ms"] = timed(fresh.topics) * 1000
    out["topics_again_ms"] = timed(fresh.topics) * 1000
    out["topics"] = len(fresh.topics())

    samples: list[float] = []
    hits: dict[str, int] = {}
    for query in MIX:
        result = library.search(query.text)  # warm-up, as a running app would be
        hits[query.label] = result.total
        samples.extend(timed(lambda q=query.text: library.search(q)) for _ in range(repeat))
    out["search"] = percentiles(samples)
    out["search_hits"] = hits

    summaries = library.articles()
    step = max(1, len(summaries) // RELATED_SAMPLES)
    ids = [s.id for s in summaries[::step]][:RELATED_SAMPLES]
    library.related(ids[-1])
    out["related"] = percentiles([timed(lambda i=i: library.related(i)) for i in ids])

    out["rescan_unchanged_ms"] = timed(library.scan) * 1000
    # The first change in a process also loads the analysis (gazetteers, word tables); the
    # second shows the steady cost of one changed file, as in an app left open.
    out["rescan_one_changed_ms"] = _changed_file_rescan(library, corpus, 0) * 1000
    out["rescan_another_changed_ms"] = _changed_file_rescan(library, corpus, -1) * 1000
    out["rss_mb"] = rss_mb()
    return out


def app(corpus: Path, index_dir: Path, launched: float) -> dict[str, Any]:
    """From process launch (interpreter and imports included) to the first article's title on
    screen, headless at 160x48; then RSS once the start-up rescan is over."""
    import asyncio

    from textual.widgets import Static

    from reader.app import RubriqueApp
    from reader.screens.main import MainScreen

    async def run() -> dict[str, Any]:
        application = RubriqueApp(corpus, index_dir)
        painted = None
        async with application.run_test(size=(160, 48)):
            screen = application.screen
            assert isinstance(screen, MainScreen)
            title = screen.query_one("#article-title", Static)
            deadline = time.time() + 600
            while painted is None and time.time() < deadline:
                if str(title.content) != "No article yet":
                    painted = time.time() - launched
                await asyncio.sleep(0.005)
            while (screen.scanning or screen.library is None) and time.time() < deadline:
                await asyncio.sleep(0.05)
            await asyncio.sleep(0.5)
            open_rss = rss_mb()
        return {"first_article_s": painted, "rss_open_mb": open_rss}

    return asyncio.run(run())


def fts5(corpus: Path, database: Path, repeat: int) -> dict[str, Any]:
    """SQLite FTS5 as the baseline index: build from the same files, then the same query mix
    with bm25 ranking and a snippet per hit."""
    database.unlink(missing_ok=True)
    started = time.perf_counter()
    connection = sqlite3.connect(database)
    connection.execute(
        "CREATE VIRTUAL TABLE articles USING fts5(path UNINDEXED, title, body,"
        " tokenize='unicode61 remove_diacritics 2')"
    )
    files = article_files(corpus)
    with connection:
        for file in files:
            title, _, body = file.read_text(encoding="utf-8").partition("\n")
            connection.execute("INSERT INTO articles VALUES (?, ?, ?)",
                               (str(file.relative_to(corpus)), title, body))
    seconds = time.perf_counter() - started
    out: dict[str, Any] = {"seconds": seconds, "articles": len(files),
                           "index_mb": database.stat().st_size / 1e6}
    sql = ("SELECT path, title, snippet(articles, 2, '[', ']', '…', 12) FROM articles"
           " WHERE articles MATCH ? ORDER BY bm25(articles) LIMIT 20")
    samples: list[float] = []
    hits: dict[str, int] = {}
    for query in MIX:
        hits[query.label] = len(connection.execute(sql, (query.fts5,)).fetchall())
        samples.extend(
            timed(lambda q=query.fts5: connection.execute(sql, (q,)).fetchall())
            for _ in range(repeat)
        )
    out["search"] = percentiles(samples)
    out["search_hits"] = hits
    connection.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.probe")
    parser.add_argument("figure", choices=("build", "library", "app", "fts5"))
    parser.add_argument("corpus", type=Path)
    parser.add_argument("target", type=Path, help="index folder (FTS5: database file)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--launched", type=float, default=0.0)
    args = parser.parse_args(argv)
    if args.figure == "build":
        result = build(args.corpus, args.target)
    elif args.figure == "library":
        result = library_figures(args.corpus, args.target, args.repeat)
    elif args.figure == "app":
        result = app(args.corpus, args.target, args.launched or time.time())
    else:
        result = fts5(args.corpus, args.target, args.repeat)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
