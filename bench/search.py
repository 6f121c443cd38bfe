"""Search latency on an existing index beside SQLite FTS5, same query mix, same run.

    python -m bench.search --index /work/data/bench/index-10000 \
        --fts /work/data/bench/fts5-10000.db [--limit 10] [--repeat 5] [--baseline REV]
        [--profile N]

Each query of `bench/queries.py` is run once to warm up, then `--repeat` times, through
`Library.search` (snippets and highlights included, one searcher kept as the app keeps it);
FTS5 runs the same mix with bm25 and `snippet()`. Wall time and CPU time (process time) are
both given: on a shared machine the wall time carries the other processes' load, the CPU
time much less so.

`--stages` splits each engine's CPU time per query into parsing, ranking (finding and scoring
every match), reading the hits' stored fields, snippets and the did-you-mean of queries
without hits.

`--baseline REV` loads `index/search.py` as it was at that git revision and times it on the
same searcher in the same run, interleaved query by query with the current code, so that the
before/after figures meet the same load; it also reports whether both return the same hits
(same ids in the same order, same totals unless ours is an estimate, shown ~N; since
57dc3d0 copies of one article are one hit, so on a corpus holding copies, such as the 100k
bench corpus, the ids differ from those of an older revision by design). Only that
file is swapped: the ranking it calls (`index/scoring.py`, `index/topk.py`,
`index/block_skim.py`) is the current one. To compare those too, run this script from a
tree of the old revision, alternating with the current one (same index, same load):

    git archive REV index bench | tar -x -C /tmp/old
    (cd /tmp/old && PYTHONPATH=/tmp/old python -m bench.search --index ... --fts ...)

`--against DIR` times another source tree (a snapshot: `git archive REV | tar -x -C DIR`)
beside this one, each in its own process on the same index, query by query and run by run
in turn, so both meet the same load: CPU and wall p50/p95 per query and over the mix, and
whether the rows (ids, copies, scores), snippets and totals agree. Only `Library.search` is
called, so any older tree can be measured. `--articles` first lists every article in both
processes, as `python -m bench.probe library` does before its searches.

`--profile N` prints the N costliest functions of the current code over the whole mix
(cProfile, cumulative time).
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import json
import os
import pstats
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from bench.queries import MIX
from index.library import Library
from index.models import SearchResult

REPO = Path(__file__).resolve().parent.parent


class Samples:
    """Wall and CPU seconds of repeated calls."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def time(self, call: Callable[[], object]) -> object:
        wall, cpu = time.perf_counter(), time.process_time()
        value = call()
        self.cpu.append(time.process_time() - cpu)
        self.wall.append(time.perf_counter() - wall)
        return value

    @staticmethod
    def _at(values: list[float], share: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] * 1000

    def line(self) -> str:
        return (
            f"wall p50 {self._at(self.wall, 0.5):7.2f} p95 {self._at(self.wall, 0.95):7.2f} ms"
            f" | cpu p50 {self._at(self.cpu, 0.5):7.2f} p95 {self._at(self.cpu, 0.95):7.2f} ms"
        )

    def figures(self) -> dict[str, float]:
        return {
            "wall_p50_ms": self._at(self.wall, 0.5), "wall_p95_ms": self._at(self.wall, 0.95),
            "cpu_p50_ms": self._at(self.cpu, 0.5), "cpu_p95_ms": self._at(self.cpu, 0.95),
        }


def baseline_module(revision: str) -> ModuleType:
    """`index/search.py` as it was at `revision`, importable beside the current one."""
    source = subprocess.run(
        ["git", "show", f"{revision}:index/search.py"], cwd=REPO, check=True,
        capture_output=True, text=True,
    ).stdout
    folder = Path(tempfile.mkdtemp(prefix="rubrique-search-baseline-"))
    path = folder / "search_baseline.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("search_baseline", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def corpus_of(index_dir: Path) -> Path:
    """The corpus the index was built from, as its metadata records it."""
    meta = json.loads((index_dir / "rubrique.json").read_text(encoding="utf-8"))
    return Path(meta.get("corpus", index_dir.parent))


def same_hits(a: SearchResult, b: SearchResult) -> bool:
    """Same ids in the same order, and the same total unless one of them is an estimate."""
    totals_agree = a.total == b.total or not (a.total_exact and getattr(b, "total_exact", True))
    return totals_agree and [h.summary.id for h in a.hits] == [h.summary.id for h in b.hits]


STAGES = ("parse", "rank", "fields", "snippets", "suggest")


def stage_times(module: ModuleType, library: Library, limit: int, repeat: int
                ) -> dict[str, float]:
    """CPU milliseconds per query of each stage of `module.search`, over the mix."""
    clock = time.process_time
    spent = dict.fromkeys(STAGES, 0.0)
    with library._searcher() as searcher:
        assert searcher is not None
        for query in MIX:
            for run in range(repeat + 1):  # the first run warms up
                started = clock()
                q, _ = module.parse(query.text, searcher.schema)
                parsed = clock()
                q = module._expand_patterns(q, searcher)
                if hasattr(module, "_ranking"):
                    # (total, best), or (total, exact, best) since index/topk.py
                    ranking = module._ranking(searcher, q, max(1, limit))
                    total, best = ranking[0], ranking[-1]
                else:  # before index/scoring.py: Whoosh's own search, every match scored
                    results = searcher.search(q, limit=None)
                    total = results.scored_length()
                    best = [(hit.docnum, hit.score) for hit in results[: max(1, limit)]]
                ranked_at = clock()
                if hasattr(module, "_rows"):  # copies on one row, since 57dc3d0
                    hits = [(docnum, stored) for docnum, _, stored, _ in
                            module._rows(module._Read(searcher), best, max(1, limit))]
                else:
                    hits = [(docnum, searcher.stored_fields(docnum)) for docnum, _ in best]
                read = clock()
                module._snippets(searcher, q, hits)
                snipped = clock()
                if not total:
                    module._suggestion(searcher, query.text, searcher.schema)
                done = clock()
                if run:
                    for stage, seconds in zip(STAGES, (parsed - started, ranked_at - parsed,
                                                       read - ranked_at, snipped - read,
                                                       done - snipped), strict=True):
                        spent[stage] += seconds
    runs = repeat * len(MIX)
    return {stage: seconds / runs * 1000 for stage, seconds in spent.items()}


def run_fts5(database: Path, limit: int, repeat: int) -> tuple[Samples, dict[str, int]]:
    connection = sqlite3.connect(database)
    sql = ("SELECT path, title, snippet(articles, 2, '[', ']', '…', 12) FROM articles"
           f" WHERE articles MATCH ? ORDER BY bm25(articles) LIMIT {int(limit)}")
    samples = Samples()
    hits: dict[str, int] = {}
    for query in MIX:
        hits[query.label] = len(connection.execute(sql, (query.fts5,)).fetchall())
        for _ in range(repeat):
            samples.time(lambda q=query.fts5: connection.execute(sql, (q,)).fetchall())
    connection.close()
    return samples, hits


WORKER = """
import json, sys, time
from pathlib import Path
from index.library import Library
index, corpus, articles = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "1"
library = Library(corpus, index)
if articles:
    library.articles(); library.articles()
for line in sys.stdin:
    asked = json.loads(line)
    cpu, wall = time.process_time(), time.perf_counter()
    result = library.search(asked["text"], asked["limit"])
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(json.dumps({"cpu": cpu, "wall": wall, "total": result.total,
                      "exact": getattr(result, "total_exact", True),
                      "rows": [[h.summary.id, getattr(h, "copies", 1), h.score]
                               for h in result.hits],
                      "snippets": [[h.snippet, list(h.highlights)] for h in result.hits]}),
          flush=True)
"""
"""A search server on stdin/stdout that any tree's `index.library` can run."""


class Tree:
    """One source tree's search, in a child process of its own."""

    def __init__(self, label: str, folder: Path, index: Path, articles: bool) -> None:
        self.label = label
        environment = dict(os.environ, PYTHONPATH=str(folder))
        self.process = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(index), str(corpus_of(index)),
             "1" if articles else "0"],
            cwd=folder, env=environment, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True,
        )
        self.samples: dict[str, Samples] = {}

    def ask(self, text: str, limit: int) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps({"text": text, "limit": limit}) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the {self.label} search process ended")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


def compare_trees(index: Path, other: Path, limit: int, repeat: int, articles: bool
                  ) -> dict[str, Any]:
    """This tree and `other` on the same index, each query's runs alternating between them."""
    trees = [Tree("now", REPO, index, articles), Tree(other.name, other, index, articles)]
    load = os.getloadavg()
    print(f"index {index}, limit {limit}, {repeat} runs per query and tree after a warm-up,"
          f" alternating; load {load[0]:.2f} {load[1]:.2f}")
    figures: dict[str, Any] = {"load": load[0], "limit": limit, "queries": {}}
    whole = {tree.label: Samples() for tree in trees}
    try:
        for query in MIX:
            first = [tree.ask(query.text, limit) for tree in trees]  # warm-up
            mine = {tree.label: Samples() for tree in trees}
            for run in range(repeat):
                for tree in (trees if run % 2 == 0 else trees[::-1]):
                    answer = tree.ask(query.text, limit)
                    mine[tree.label].cpu.append(answer["cpu"])
                    mine[tree.label].wall.append(answer["wall"])
            ours, theirs = first
            agree = ("same rows and snippets" if ours["rows"] == theirs["rows"]
                     and ours["snippets"] == theirs["snippets"] else
                     "same top 10" if [r[0] for r in ours["rows"][:10]]
                     == [r[0] for r in theirs["rows"][:10]] else "TOP 10 DIFFERS")
            if ours["total"] != theirs["total"] and ours["exact"] and theirs["exact"]:
                agree += ", TOTALS DIFFER"
            totals = " / ".join(("" if a["exact"] else "~") + str(a["total"]) for a in first)
            print(f"  {query.label:16s} {totals:>15s}  {agree}")
            for tree in trees:
                print(f"    {tree.label:14s} {mine[tree.label].line()}")
                whole[tree.label].cpu += mine[tree.label].cpu
                whole[tree.label].wall += mine[tree.label].wall
            figures["queries"][query.label] = {
                "agree": agree, **{tree.label: mine[tree.label].figures() for tree in trees}}
    finally:
        for tree in trees:
            tree.close()
    for tree in trees:
        print(f"{tree.label:18s} {whole[tree.label].line()}")
        figures[tree.label] = whole[tree.label].figures()
    figures["load_after"] = os.getloadavg()[0]
    print(f"load after: {figures['load_after']:.2f}")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--fts", type=Path, help="the FTS5 database of the same corpus")
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--baseline", metavar="REV", help="also time index/search.py at REV")
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    parser.add_argument("--stages", action="store_true", help="CPU time per stage")
    parser.add_argument("--json", action="store_true", help="figures as one JSON line too")
    parser.add_argument("--against", type=Path, metavar="DIR",
                        help="also time this source tree, alternating with this one")
    parser.add_argument("--articles", action="store_true",
                        help="with --against: list every article first, as the probe does")
    args = parser.parse_args(argv)

    if args.against:
        compared = compare_trees(args.index, args.against.resolve(), args.limit, args.repeat,
                                 args.articles)
        if args.json:
            print(json.dumps(compared))
        return 0

    library = Library(corpus_of(args.index), args.index)
    old = baseline_module(args.baseline) if args.baseline else None

    def ours(text: str) -> SearchResult:
        return library.search(text, args.limit)

    def theirs(text: str) -> SearchResult:
        assert old is not None
        with library._searcher() as searcher:
            result: SearchResult = old.search(searcher, text, args.limit)
            return result

    load = os.getloadavg()
    print(f"index {args.index} ({library.count()} articles), limit {args.limit}, "
          f"{args.repeat} runs per query after a warm-up; load {load[0]:.2f} {load[1]:.2f}")
    current, before = Samples(), Samples()
    per_query: dict[str, Samples] = {}
    differ: list[str] = []
    for query in MIX:
        result = ours(query.text)
        per_query[query.label] = mine = Samples()
        if old is not None:
            previous = theirs(query.text)
            if not same_hits(result, previous):
                differ.append(query.label)
        for _ in range(args.repeat):
            mine.time(lambda q=query.text: ours(q))
            if old is not None:
                before.time(lambda q=query.text: theirs(q))
        current.wall += mine.wall
        current.cpu += mine.cpu
        total = f"{result.total:6d}" if result.total_exact else f"~{result.total:5d}"
        print(f"  {query.label:16s} {total} hits  {mine.line()}")
    figures: dict[str, Any] = {"load": load[0], "limit": args.limit, "current": current.figures()}
    print(f"{'whoosh (now)':18s} {current.line()}")
    if old is not None:
        print(f"{'whoosh @' + args.baseline:18s} {before.line()}")
        print("  same hits and totals (where exact) as the baseline: "
              + ("yes, every query" if not differ else "NO: " + ", ".join(differ)))
        figures["baseline"] = before.figures()
        figures["differ"] = differ
    if args.fts:
        fts, _ = run_fts5(args.fts, args.limit, args.repeat)
        print(f"{'sqlite fts5':18s} {fts.line()}")
        figures["fts5"] = fts.figures()
        ratio = current.figures()["wall_p95_ms"] / max(fts.figures()["wall_p95_ms"], 1e-9)
        print(f"  whoosh p95 / fts5 p95 (wall): {ratio:.1f}x")
    if args.stages:
        import index.search as current_module

        engines = [("now", current_module)] + ([(f"@{args.baseline}", old)] if old else [])
        print("CPU ms per query, mean over the mix: " + "  ".join(STAGES))
        for label, module in engines:
            assert module is not None
            spent = stage_times(module, library, args.limit, args.repeat)
            print(f"  {label:12s} " + "  ".join(f"{spent[s]:7.2f}" for s in STAGES)
                  + f"  = {sum(spent.values()):7.2f}")
            figures[f"stages {label}"] = spent
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            for query in MIX:
                ours(query.text)
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(
            args.profile
        )
    if args.json:
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
