"""One measurement per fresh process, as a user would meet it; prints its figures as JSON.

    python -m bench.probe build CORPUS INDEX
    python -m bench.probe check CORPUS INDEX
    python -m bench.probe library CORPUS INDEX [--repeat 5]
    python -m bench.probe app CORPUS INDEX --launched EPOCH_SECONDS
    python -m bench.probe browse CORPUS INDEX
    python -m bench.probe rescan CORPUS INDEX
    python -m bench.probe live CORPUS INDEX [--in-process]
    python -m bench.probe fts5 CORPUS DATABASE [--repeat 5] [--search-only]

`python -m bench` runs these in child processes, so that no cache, import or allocation of one
figure flatters or burdens the next, and memory is that of the figure alone.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from bench.app_figures import app, browse
from bench.corpus import article_files
from bench.memory import rss_mb, tree
from bench.queries import MIX, TOPIC_PREFIXES

RELATED_SAMPLES = 40
TOPIC_PAGE = 50
"""Topics per page asked of `Library.topics(limit, offset)`, about a screenful."""
TOPIC_CANDIDATES = 500
"""What the "Go to topic" palette asks per keystroke (reader/commands.py CANDIDATES)."""


def percentiles(samples: list[float]) -> dict[str, float]:
    """p50 and p95 in milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50_ms": statistics.median(ordered) * 1000, "p95_ms": p95 * 1000,
            "samples": len(ordered)}


class Samples:
    """Wall and CPU seconds of repeated calls. The machine is shared: wall time grows with
    the load, the process's CPU time much less, so both are kept."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def time(self, call: Callable[[], object]) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        call()
        self.wall.append(time.perf_counter() - wall)
        self.cpu.append(time.process_time() - cpu)

    def stats(self) -> dict[str, float]:
        """`percentiles` of the wall times, with the CPU times' p50 and p95 beside them."""
        cpu = percentiles(self.cpu)
        return {**percentiles(self.wall), "cpu_p50_ms": cpu["p50_ms"], "cpu_p95_ms": cpu["p95_ms"]}


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


def _kept_original(index_dir: Path) -> Path:
    """Where the file the rescan figure changes is kept until it is put back: beside the
    index, outside the corpus, so a probe killed mid-figure is undone by the next one."""
    return index_dir.parent / f"{index_dir.name}.changed-file.json"


def _restore(kept: Path) -> None:
    """Put a changed file back as it was, bytes and modification time, so the index (and any
    other index of this corpus) sees it unchanged."""
    if not kept.exists():
        return
    original = json.loads(kept.read_text())
    path = Path(original["path"])
    path.write_bytes(bytes.fromhex(original["bytes"]))
    os.utime(path, ns=(original["atime_ns"], original["mtime_ns"]))
    kept.unlink()


def timed_scan(library: Any, paths: list[str] | None = None) -> tuple[float, float]:
    """Wall and CPU seconds of one `library.scan()` (limited to `paths`, as the app's folder
    watcher asks for, if given): the machine is shared, and a rescan's wall time follows the
    load much more than its CPU time does."""
    wall, cpu = time.perf_counter(), time.process_time()
    if paths is None:
        library.scan()
    else:
        library.scan(paths=paths)
    return time.perf_counter() - wall, time.process_time() - cpu


def _warm_up(library: Any, spent: list[float]) -> None:
    started = time.thread_time()
    library.expect_changes()
    spent.append(time.thread_time() - started)


def _changed_file_rescan(
    library: Any, corpus: Path, index_dir: Path, which: int, watched: bool = False,
    warm_up: list[float] | None = None,
) -> tuple[float, float]:
    """Time a scan (wall, CPU) after one article gains a paragraph; the file is put back
    afterwards, with its modification time, and scanned again (a full walk) so the index
    holds it as it was. `watched`: the scan is told the file's path, as the open app's
    folder watcher tells it, instead of walking the corpus; and, as the app does at a first
    change, the analysis starts loading in a thread while the folder settles (the watcher's
    debounce and quiet wait), its CPU seconds appended to `warm_up`: the timed scan then
    waits only for what is left of it."""
    from reader.watch import DEBOUNCE, QUIET_BEFORE_SCAN

    victim = article_files(corpus)[which]
    kept = _kept_original(index_dir)
    stat = victim.stat()
    kept.write_text(json.dumps({"path": str(victim), "bytes": victim.read_bytes().hex(),
                                "atime_ns": stat.st_atime_ns, "mtime_ns": stat.st_mtime_ns}))
    try:
        with victim.open("ab") as file:
            file.write(b"\n\nOne more paragraph, added by the benchmark.\n")
        if warm_up is not None:
            threading.Thread(target=_warm_up, args=(library, warm_up), daemon=True).start()
            time.sleep(DEBOUNCE + QUIET_BEFORE_SCAN)
        return timed_scan(library, [str(victim)] if watched else None)
    finally:
        _restore(kept)
        library.scan()


def topic_figures(corpus: Path, index_dir: Path, ids: list[str], repeat: int) -> dict[str, Any]:
    """What the app asks for topics: `t` lists the article's topics (`topics_of`); the "Go to
    topic" palette shows the most used ones, then asks `topics_containing(letters)` at every
    keystroke; a topic list pages through `topics(limit, offset)`. The whole list
    (`topics()`, what `rubrique topics` prints) is timed apart, as a command-line figure."""
    from index.library import Library

    out: dict[str, Any] = {}
    fresh = Library(corpus, index_dir)
    out["palette_open_first_ms"] = timed(
        partial(fresh.topics_containing, "", 30)) * 1000
    keystrokes = Samples()
    for word in TOPIC_PREFIXES:
        for end in range(1, len(word) + 1):
            keystrokes.time(partial(fresh.topics_containing, word[:end], TOPIC_CANDIDATES))
    out["palette_keystroke"] = keystrokes.stats()
    picked = Samples()
    for i in ids:
        picked.time(partial(fresh.topics_of, i))
    out["topics_of"] = picked.stats()
    count = len(fresh.topics(None, 0))
    offsets = sorted({0, count // 4, count // 2, 3 * count // 4, max(0, count - TOPIC_PAGE)})
    pages = Samples()
    for offset in offsets:
        for _ in range(max(1, repeat)):
            pages.time(partial(fresh.topics, TOPIC_PAGE, offset))
    out["topic_page"] = pages.stats()

    whole = Library(corpus, index_dir)
    out["topics_first_ms"] = timed(whole.topics) * 1000
    out["topics_again_ms"] = timed(whole.topics) * 1000
    out["topics"] = len(whole.topics())
    return out


def library_figures(corpus: Path, index_dir: Path, repeat: int) -> dict[str, Any]:
    """Everything the reader asks of an existing index, each timed as the app would call it."""
    from index.library import Library

    _restore(_kept_original(index_dir))  # a probe killed in the rescan figure left it
    out: dict[str, Any] = {}
    library = Library(corpus, index_dir)
    out["articles_first_ms"] = timed(library.articles) * 1000
    out["articles_again_ms"] = timed(library.articles) * 1000

    searches = Samples()
    hits: dict[str, int] = {}
    for query in MIX:
        result = library.search(query.text)  # warm-up, as a running app would be
        hits[query.label] = result.total
        for _ in range(repeat):
            searches.time(partial(library.search, query.text))
    out["search"] = searches.stats()
    out["search_hits"] = hits

    summaries = library.articles()
    step = max(1, len(summaries) // RELATED_SAMPLES)
    ids = [s.id for s in summaries[::step]][:RELATED_SAMPLES]
    library.related(ids[-1])
    related = Samples()
    for i in ids:
        related.time(partial(library.related, i))
    out["related"] = related.stats()
    out.update(topic_figures(corpus, index_dir, ids, repeat))

    out.update(rescan_figures(library, corpus, index_dir))
    out["rss_mb"] = rss_mb()
    return out


def rescan_figures(library: Any, corpus: Path, index_dir: Path) -> dict[str, float]:
    """Wall and CPU milliseconds of two scans with nothing changed, then of two scans with one
    file changed. The first scan of an index from before the catalog's file-state table
    fills that table (once: an upgrade's cost; in a full bench run the app probe's scan has
    done it already), so the second says what a rescan costs. Then one file changes, as the
    open app sees it: its folder watcher names the file (`watched_one_changed`), after the
    start-up walk and before anything else was analysed in the process: the analysis loads
    in a thread from the change on, as the app has it (`rescan_watched_warm_up_cpu_ms`), and
    what is left of that is paid by the scan. Then one changed file found by a walk of the
    corpus, twice (the rescan key, a start after changes), and one more named by the watcher:
    the steady costs of a process that has analysed before."""
    warm_up: list[float] = []
    figures = {
        "rescan_first": timed_scan(library),
        "rescan_unchanged": timed_scan(library),
        "rescan_watched_one_changed": _changed_file_rescan(
            library, corpus, index_dir, 1, watched=True, warm_up=warm_up),
        "rescan_one_changed": _changed_file_rescan(library, corpus, index_dir, 0),
        "rescan_another_changed": _changed_file_rescan(library, corpus, index_dir, -1),
        "rescan_watched_another_changed": _changed_file_rescan(
            library, corpus, index_dir, -2, watched=True),
    }
    out: dict[str, float] = {}
    for name, (wall, cpu) in figures.items():
        out[f"{name}_ms"] = wall * 1000
        out[f"{name}_cpu_ms"] = cpu * 1000
    out["rescan_watched_warm_up_cpu_ms"] = sum(warm_up) * 1000
    return out


def rescan(corpus: Path, index_dir: Path) -> dict[str, Any]:
    """The rescan figures alone, in a fresh process (nothing else asked of the library
    first), with the load they were measured under."""
    from index.library import Library

    _restore(_kept_original(index_dir))
    out: dict[str, Any] = rescan_figures(Library(corpus, index_dir), corpus, index_dir)
    out["load"] = list(os.getloadavg())
    return out


def live_memory(corpus: Path, index_dir: Path, in_process: bool = False) -> dict[str, Any]:
    """The app's memory (RSS of this process, which opens the library as the app does)
    before and after live changes: a watcher names a changed file, the analysis loads
    while the folder settles (`expect_changes`, in a thread), the path-limited scan runs;
    then a second change. The app analyses those files in a worker process of its own
    (`analysis_apart`); `in_process` measures the library analysing them itself, as the
    app did before. The worker's RSS is given apart (it ends once idle)."""
    from index.library import Library
    from reader.watch import DEBOUNCE, QUIET_BEFORE_SCAN

    _restore(_kept_original(index_dir))
    library = Library(corpus, index_dir, analysis_apart=not in_process)
    library.count()
    listing = library.listing("date")
    if len(listing):
        library.get(listing[0].id)  # the first article, as the app shows it
    out: dict[str, Any] = {"analysis": "in process" if in_process else "worker process",
                           "rss_open_mb": rss_mb()}
    for label, which in (("first", 1), ("second", -2)):
        victim = article_files(corpus)[which]
        kept = _kept_original(index_dir)
        stat = victim.stat()
        kept.write_text(json.dumps({"path": str(victim), "bytes": victim.read_bytes().hex(),
                                    "atime_ns": stat.st_atime_ns,
                                    "mtime_ns": stat.st_mtime_ns}))
        try:
            with victim.open("ab") as file:
                file.write(b"\n\nOne more paragraph, added by the benchmark.\n")
            warm = threading.Thread(target=library.expect_changes, daemon=True)
            warm.start()
            time.sleep(DEBOUNCE + QUIET_BEFORE_SCAN)
            wall, cpu = timed_scan(library, [str(victim)])
            warm.join()
        finally:
            _restore(kept)
            library.scan(paths=[str(victim)])
        out[f"{label}_change_ms"] = wall * 1000
        out[f"{label}_change_cpu_ms"] = cpu * 1000
        out[f"rss_after_{label}_change_mb"] = rss_mb()
    workers = [pid for pid in tree(os.getpid()) if pid != os.getpid()]
    out["worker_rss_mb"] = sum(rss_mb(pid) for pid in workers if _alive(pid))
    out["load"] = list(os.getloadavg())
    library.end_analysis()
    return out


def _alive(pid: int) -> bool:
    return Path(f"/proc/{pid}/status").exists()


def _fetch(connection: sqlite3.Connection, sql: str, text: str) -> list[Any]:
    return connection.execute(sql, (text,)).fetchall()


def fts5(corpus: Path, database: Path, repeat: int, search_only: bool = False
         ) -> dict[str, Any]:
    """SQLite FTS5 as the baseline index: build from the same files (unless `search_only`:
    the database of an earlier run is searched as it is), then the same query mix with bm25
    ranking and a snippet per hit."""
    out: dict[str, Any] = {}
    if search_only:
        connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    else:
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
        out = {"seconds": time.perf_counter() - started, "articles": len(files),
               "index_mb": database.stat().st_size / 1e6}
    sql = ("SELECT path, title, snippet(articles, 2, '[', ']', '…', 12) FROM articles"
           " WHERE articles MATCH ? ORDER BY bm25(articles) LIMIT 20")
    searches = Samples()
    hits: dict[str, int] = {}
    for query in MIX:
        hits[query.label] = len(connection.execute(sql, (query.fts5,)).fetchall())
        for _ in range(repeat):
            searches.time(partial(_fetch, connection, sql, query.fts5))
    out["search"] = searches.stats()
    out["search_hits"] = hits
    connection.close()
    return out


def check(corpus: Path, index_dir: Path) -> dict[str, Any]:
    """Whether an existing index can be measured as it is (the code measured may have changed
    its format since it was built), and the time to open it and read the list once, which
    also brings the catalog beside it up to date."""
    from index.library import Library
    from index.store import Store

    reason = Store(index_dir.resolve(), corpus.resolve()).why_rebuild()
    if reason is not None:
        return {"rebuild_reason": reason}
    started = time.perf_counter()
    library = Library(corpus, index_dir)
    articles = library.count()
    len(library.listing("date"))
    return {"rebuild_reason": None, "articles": articles,
            "open_s": time.perf_counter() - started}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.probe")
    parser.add_argument(
        "figure",
        choices=("build", "check", "library", "app", "browse", "fts5", "rescan", "live"),
    )
    parser.add_argument("corpus", type=Path)
    parser.add_argument("target", type=Path, help="index folder (FTS5: database file)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--launched", type=float, default=0.0)
    parser.add_argument("--in-process", action="store_true",
                        help="live: analyse in this process, as the app did before")
    parser.add_argument("--search-only", action="store_true",
                        help="fts5: search the existing database, build nothing")
    args = parser.parse_args(argv)
    if args.figure == "build":
        result = build(args.corpus, args.target)
    elif args.figure == "library":
        result = library_figures(args.corpus, args.target, args.repeat)
    elif args.figure == "check":
        result = check(args.corpus, args.target)
    elif args.figure == "app":
        result = app(args.corpus, args.target, args.launched or time.time())
    elif args.figure == "browse":
        result = browse(args.corpus, args.target)
    elif args.figure == "rescan":
        result = rescan(args.corpus, args.target)
    elif args.figure == "live":
        result = live_memory(args.corpus, args.target, args.in_process)
    else:
        result = fts5(args.corpus, args.target, args.repeat, args.search_only)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
