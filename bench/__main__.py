"""Rubrique's speed and memory at 1k, 10k and 100k real articles, beside SQLite FTS5 and ripgrep.

    python -m bench [--sizes 1000,10000,100000] [--work /work/data/bench] [--repeat 5]

See bench/README.md for what each figure means; the table goes to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.corpus import NEWS, REPO, make_corpus
from bench.memory import PeakSampler
from bench.probe import percentiles
from bench.queries import MIX
from bench.report import write_results

APP_RUNS = 3
"""App starts per size; the median is reported (one start is at the mercy of the machine)."""


def log(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def probe(*args: str, sample_memory: bool = False) -> tuple[dict[str, Any], float]:
    """Run `python -m bench.probe ARGS` in a fresh process: (its figures, peak PSS in MB)."""
    command = [sys.executable, "-m", "bench.probe", *args]
    with subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, text=True) as process:
        if sample_memory:
            with PeakSampler(process.pid) as sampler:
                output, _ = process.communicate()
            peak = sampler.peak
        else:
            output, _ = process.communicate()
            peak = 0.0
    if process.returncode:
        raise RuntimeError(f"{' '.join(args[:1])} probe failed (exit {process.returncode})")
    return json.loads(output.strip().splitlines()[-1]), peak


def _textual_floor() -> dict[str, Any]:
    """A bare Textual app's start to its first screen, measured as the app's start is."""
    command = [sys.executable, "-m", "bench.textual_floor", "--launched", repr(time.time())]
    output = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=True)
    figures: dict[str, Any] = json.loads(output.stdout.strip().splitlines()[-1])
    return figures


def ripgrep(corpus: Path, repeat: int) -> dict[str, Any] | None:
    """Search without an index: the first matching line of each file, the query mix's words
    in order on one line, case-insensitive; None when rg is not installed."""
    rg = shutil.which("rg")
    if rg is None:
        return None
    samples: list[float] = []
    hits: dict[str, int] = {}
    for query in MIX:
        command = [rg, "--ignore-case", "--max-count", "1", "--with-filename", "--no-heading",
                   "--glob", "*.txt", "-e", query.ripgrep, str(corpus)]
        found = subprocess.run(command, capture_output=True, text=True, check=False)
        hits[query.label] = len(found.stdout.splitlines())
        for _ in range(repeat):
            started = time.perf_counter()
            subprocess.run(command, capture_output=True, check=False)
            samples.append(time.perf_counter() - started)
    return {"search": percentiles(samples), "search_hits": hits}


def commit() -> str:
    """The commit measured: a snapshot made with `git archive` carries it in COMMIT."""
    kept = REPO / "COMMIT"
    if kept.exists():
        return kept.read_text().strip()
    found = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                           capture_output=True, text=True, check=False).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "index", "reader"],
                           capture_output=True, text=True, check=False).stdout.strip()
    return f"{found or 'unknown'}{' + uncommitted changes in index/ or reader/' if dirty else ''}"


BUILD_FIGURES = ("seconds", "articles", "skipped", "index_mb", "peak_pss_mb")
"""What a `--reuse-index` run takes from the kept results of the run that built the index."""


def kept_build(kept: Path) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The build figures (Rubrique, FTS5) of the last run that built this size's index, and
    which run that was (commit, date): a `--reuse-index` run carries them over."""
    if not kept.exists():
        return {}, {}, {}
    previous = json.loads(kept.read_text())
    build = {k: v for k, v in previous.get("build", {}).items() if k in BUILD_FIGURES}
    fts = {k: v for k, v in previous.get("fts5", {}).items() if k in BUILD_FIGURES}
    run = previous.get("build_run") or {"commit": previous.get("commit", "unknown"),
                                        "when": previous.get("when", "unknown")}
    return build, fts, run


def reusable_copy(size: int, work: Path) -> Path:
    """A copy of the index built at this size, for the probes to open, rescan and change:
    the index an hour of build made stays as it was whatever happens to a probe."""
    built = work / f"index-{size}"
    if not (built / "rubrique.json").exists():
        raise SystemExit(f"--reuse-index: no index at {built}; run once without it")
    copy = work / f"index-{size}.reuse"
    shutil.rmtree(copy, ignore_errors=True)
    Path(f"{copy}.reader-state.json").unlink(missing_ok=True)
    shutil.copytree(built, copy, symlinks=True)
    return copy


def measure(size: int, work: Path, repeat: int, news: Path, reuse: bool = False
            ) -> dict[str, Any]:
    """Every figure at one size; the results file is rewritten after each, so an interrupted
    run keeps what it measured. With `reuse`, everything but the builds is measured on a copy
    of the index (and the FTS5 database) an earlier run built."""
    log(f"{size} articles: corpus")
    corpus = make_corpus(size, work, news)
    index_dir = work / f"index-{size}"
    database = work / f"fts5-{size}.db"
    results: dict[str, Any] = {"size": size, "commit": commit()}
    kept = work / f"results-{size}.json"

    def save() -> None:
        results["load"] = os.getloadavg()
        results["when"] = dt.datetime.now(dt.UTC).isoformat(timespec="minutes")
        kept.write_text(json.dumps(results, indent=1))

    if reuse:
        build, fts, run = kept_build(kept)
        if kept.exists() and not json.loads(kept.read_text()).get("build_run"):
            # The results of the run that built the index, kept whole before this run
            # rewrites the file.
            shutil.copyfile(kept, work / f"results-{size}.build.json")
        log(f"{size}: reusing the index built by {run.get('commit')} at {run.get('when')}"
            " (copying it)")
        index_dir = reusable_copy(size, work)
        results["build"], results["build_run"] = build, run
        if fts:
            results["fts5"] = dict(fts)
        checked, _ = probe("check", str(corpus), str(index_dir))
        if checked["rebuild_reason"]:
            raise SystemExit(f"--reuse-index: the code measured would rebuild the {size} index"
                             f" ({checked['rebuild_reason']}); run without --reuse-index")
        results["reuse_open_s"] = checked["open_s"]
        save()
    else:
        log(f"{size}: cold build (all analysis)")
        results["build"], peak = probe("build", str(corpus), str(index_dir), sample_memory=True)
        results["build"]["peak_pss_mb"] = peak
        log(f"{size}: built {results['build']['articles']} in "
            f"{results['build']['seconds']:.0f} s")
        save()

    log(f"{size}: app start to first article ({APP_RUNS} starts)")
    starts = [probe("app", str(corpus), str(index_dir), "--launched", repr(time.time()))[0]
              for _ in range(APP_RUNS)]
    starts.sort(key=lambda s: s["first_article_s"] or float("inf"))
    results["app"] = starts[len(starts) // 2]
    floors = [_textual_floor() for _ in range(APP_RUNS)]
    floors.sort(key=lambda s: s["first_paint_s"])
    results["textual_floor"] = floors[len(floors) // 2]
    save()

    log(f"{size}: browsing the app (list keys, 100 articles, 20 searches typed)")
    try:
        results["browse"], _ = probe("browse", str(corpus), str(index_dir))
    except RuntimeError as error:  # the figures after it are still worth having
        log(f"{size}: browsing failed: {error}")
        results["browse"] = {"error": str(error)}
    save()

    log(f"{size}: library figures (search, related, topics, rescans, articles())")
    results["library"], _ = probe("library", str(corpus), str(index_dir), "--repeat", str(repeat))
    save()

    search_only = reuse and database.exists()
    log(f"{size}: SQLite FTS5 {'search (database kept)' if search_only else 'build and search'}")
    fts5, _ = probe("fts5", str(corpus), str(database), "--repeat", str(repeat),
                    *(["--search-only"] if search_only else []))
    results["fts5"] = {**results.get("fts5", {}), **fts5} if search_only else fts5
    save()

    log(f"{size}: ripgrep search")
    results["ripgrep"] = ripgrep(corpus, max(1, repeat // 2))
    save()
    if reuse:
        shutil.rmtree(index_dir, ignore_errors=True)
        Path(f"{index_dir}.reader-state.json").unlink(missing_ok=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="comma-separated corpus sizes in articles (default: %(default)s)")
    parser.add_argument("--work", type=Path, default=Path("/work/data/bench"),
                        help="folder for corpora, indexes and raw results, outside the repo")
    parser.add_argument("--repeat", type=int, default=5,
                        help="runs of each query after its warm-up (ripgrep: half)")
    parser.add_argument("--results", type=Path, default=REPO / "bench" / "RESULTS.md")
    parser.add_argument("--news", type=Path, default=NEWS,
                        help="folder of the dev news archives (default: %(default)s)")
    parser.add_argument("--note", default="", help="a line added under the table")
    parser.add_argument("--reuse-index", action="store_true",
                        help="measure everything but the builds on a copy of the index (and"
                        " the FTS5 database) an earlier run built at each size; the build"
                        " figures are carried over from its results-<size>.json")
    parser.add_argument("--report-only", action="store_true",
                        help="measure nothing: rewrite RESULTS.md from <work>/results-<size>.json"
                        " of the sizes given (to put runs made separately in one table)")
    args = parser.parse_args(argv)
    work = args.work.expanduser().resolve()
    if work.is_relative_to(REPO):
        parser.error(f"--work {work} is inside the repository; choose a folder outside it")
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    work.mkdir(parents=True, exist_ok=True)
    if args.report_only:
        files = [work / f"results-{size}.json" for size in sizes]
        kept = [json.loads(file.read_text()) for file in files if file.exists()]
        if not kept:
            parser.error(f"no results-<size>.json in {work} for sizes {args.sizes}")
        minutes = sum(r.get("minutes", 0.0) for r in kept)
        write_results(kept, args.results, minutes * 60, args.note)
        log(f"wrote {args.results}")
        return 0
    measured = []
    started = time.perf_counter()
    for size in sizes:
        began = time.perf_counter()
        result = measure(size, work, args.repeat, args.news, args.reuse_index)
        result["minutes"] = (time.perf_counter() - began) / 60
        measured.append(result)
        (work / f"results-{size}.json").write_text(json.dumps(result, indent=1))
    write_results(measured, args.results, time.perf_counter() - started, args.note)
    log(f"wrote {args.results}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
