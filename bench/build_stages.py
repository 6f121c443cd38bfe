"""Where a cold build's CPU goes: per-stage CPU time in a worker and in the writing process.

    python -m bench.build_stages stages CORPUS [--limit 400]
    python -m bench.build_stages build CORPUS INDEX
    python -m bench.build_stages rescan CORPUS_COPY INDEX

`stages` reads and analyses up to LIMIT article files in this one process, as a pool worker
does, timing each stage with `time.process_time` (CPU, so a loaded machine inflates it less
than wall time). `build` runs a cold build through `Library.scan` as the app does, and splits the
writing process's CPU between adding documents, Whoosh commits and the catalog, with the
workers' CPU (reaped children) and the peak PSS of the whole tree beside the wall time.
Both print JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.corpus import article_files
from bench.memory import PeakSampler


class Clock:
    """CPU seconds per stage name."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.process_time()
        try:
            yield
        finally:
            self.cpu[name] += time.process_time() - started
            self.calls[name] += 1

    def wrap(self, owner: Any, attribute: str, name: str) -> None:
        """Time every call of `owner.attribute` under `name`."""
        original: Callable[..., Any] = getattr(owner, attribute)
        clock = self

        def timed(*args: Any, **kwargs: Any) -> Any:
            with clock.stage(name):
                return original(*args, **kwargs)

        is_static = isinstance(vars(owner).get(attribute), staticmethod)
        setattr(owner, attribute, staticmethod(timed) if is_static else timed)

    def per_article_ms(self, articles: int) -> dict[str, float]:
        return {name: round(1000 * cpu / max(1, articles), 2) for name, cpu in self.cpu.items()}


def stages(corpus: Path, limit: int) -> dict[str, Any]:
    """Per-article CPU of each stage of `read_and_analyse`, after the analysis is loaded."""
    from index import analysis as analysis_package
    from index.analysis import analyze
    from index.models import Document
    from index.pool import warm_up
    from index.readers import read_file
    from index.scan import FileState, file_hash
    from index.store import _schema, document_fields, dump_document, prepare_document

    started = time.process_time()
    warm_up()
    load_cpu = time.process_time() - started
    _schema()
    clock = Clock()
    clock.wrap(analysis_package, "detect_language", "language")
    clock.wrap(analysis_package, "find_mentions", "entities")
    clock.wrap(analysis_package, "keyword_candidates", "keyword candidates")
    clock.wrap(analysis_package, "rank_keywords", "keyword ranking")
    every = article_files(corpus)
    files = every[:: max(1, len(every) // limit)][:limit]  # all the corpus's languages
    articles = 0
    total_started = time.process_time()
    for file in files:
        with clock.stage("read + hash"):
            stat = file.stat()
            state = FileState(stat.st_size, stat.st_mtime_ns, file_hash(file))
            read = read_file(file, corpus)
        for article in read:
            with clock.stage("analysis (all)"):
                result = analyze(article.text, article.language)
            document = Document(article=article, analysis=result)
            with clock.stage("document fields"):
                document_fields(document, state)
            with clock.stage("payload json"):
                dump_document(document)
            with clock.stage("prepare (fields + payload + whoosh analysis)"):
                prepare_document(document, state)
            articles += 1
    total = time.process_time() - total_started
    # prepare_document recomputes the fields and payload; the rest is Whoosh's analysis.
    clock.cpu["whoosh field analysis"] = (
        clock.cpu["prepare (fields + payload + whoosh analysis)"]
        - clock.cpu["document fields"]
    )
    return {
        "articles": articles,
        "load_cpu_s": round(load_cpu, 2),
        "cpu_ms_per_article": clock.per_article_ms(articles),
        "total_cpu_ms_per_article": round(1000 * (total - clock.cpu["document fields"]
                                                  - clock.cpu["payload json"]) / articles, 2),
    }


def build(corpus: Path, index_dir: Path) -> dict[str, Any]:
    """`build_child` in a fresh process, its tree's PSS sampled from here: a sampling thread
    inside the build would make the pool fork its workers from a forkserver instead."""
    command = [sys.executable, "-m", "bench.build_stages", "build-child", str(corpus),
               str(index_dir)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    with PeakSampler(process.pid) as sampler:
        output, _ = process.communicate()
    if process.returncode:
        raise RuntimeError(f"build failed (exit {process.returncode})")
    result: dict[str, Any] = json.loads(output)
    result["peak_pss_mb"] = round(sampler.peak)
    return result


def build_child(corpus: Path, index_dir: Path) -> dict[str, Any]:
    """A cold build as `bench.probe build` times it, with the writer's CPU split by stage."""
    import index.scan as scan_module
    from index.library import Library
    from index.store import Store, Writer

    clock = Clock()
    clock.wrap(Writer, "add_prepared", "writer: add documents")
    clock.wrap(Store, "commit", "writer: whoosh commit")
    clock.wrap(scan_module, "follow_catalog", "writer: catalog sync")
    clock.wrap(scan_module.Scan, "_update", "writer: whole scan")
    clock.wrap(scan_module.Scan, "_apply", "writer: apply outcomes (add documents)")
    clock.wrap(scan_module, "indexed_files", "writer: what the index holds")
    shutil.rmtree(index_dir, ignore_errors=True)
    library = Library(corpus, index_dir)
    wall_started = time.perf_counter()
    cpu_started = time.process_time()
    main_thread_started = time.thread_time()
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    report = library.scan()
    wall = time.perf_counter() - wall_started
    cpu = time.process_time() - cpu_started
    main_thread = time.thread_time() - main_thread_started
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers_cpu = (children.ru_utime + children.ru_stime) - (
        children_before.ru_utime + children_before.ru_stime
    )
    articles = library.count()
    return {
        "articles": articles,
        "skipped": len(report.skipped),
        "wall_s": round(wall, 2),
        "articles_per_s": round(articles / wall, 1),
        "writer_cpu_s": round(cpu, 2),
        "writer_main_thread_cpu_s": round(main_thread, 2),
        "workers_cpu_s": round(workers_cpu, 2),
        "cpu_ms_per_article": round(1000 * (cpu + workers_cpu) / max(1, articles), 2),
        "writer_stages_cpu_s": {name: round(value, 2) for name, value in clock.cpu.items()},
        "commits": clock.calls["writer: whoosh commit"],
        "load": os.getloadavg(),
        "segments": len(list(index_dir.glob("MAIN_*.seg"))),
    }


def rescan(corpus: Path, index_dir: Path) -> dict[str, Any]:
    """Scans of an existing index, as an app left open meets them: nothing changed, then one
    file changed (twice: the first also loads the analysis), each split by stage. The changed
    file gets a paragraph and is put back afterwards: give it a copy of a corpus."""
    import index.scan as scan_module
    from index.library import Library
    from index.store import Store

    library = Library(corpus, index_dir)
    victims = article_files(corpus)
    out: dict[str, Any] = {}

    def measured(label: str) -> None:
        clock = Clock()
        saved = {name: getattr(scan_module, name) for name in ("walk", "indexed_files",
                                                                 "read_and_analyse",
                                                                 "follow_catalog")}
        saved_commit = vars(Store)["commit"]
        for name in saved:
            clock.wrap(scan_module, name, name)
        clock.wrap(Store, "commit", "whoosh commit")
        wall = time.perf_counter()
        cpu = time.process_time()
        try:
            library.scan()
        finally:
            for name, value in saved.items():
                setattr(scan_module, name, value)
            Store.commit = saved_commit
        out[label] = {"wall_s": round(time.perf_counter() - wall, 3),
                      "cpu_s": round(time.process_time() - cpu, 3),
                      "stages_cpu_s": {k: round(v, 3) for k, v in clock.cpu.items()}}

    measured("unchanged")
    for label, victim in (("one changed (first)", victims[0]),
                          ("one changed (next)", victims[-1])):
        original = victim.read_bytes()
        try:
            victim.write_bytes(original + b"\n\nOne more paragraph, added by the benchmark.\n")
            measured(label)
        finally:
            victim.write_bytes(original)
            library.scan()
    out["load"] = os.getloadavg()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.build_stages")
    parser.add_argument("figure", choices=("stages", "build", "build-child", "rescan"))
    parser.add_argument("corpus", type=Path)
    parser.add_argument("index", type=Path, nargs="?")
    parser.add_argument("--limit", type=int, default=400)
    args = parser.parse_args(argv)
    if args.figure == "stages":
        result = stages(args.corpus, args.limit)
    else:
        if args.index is None:
            parser.error(f"{args.figure} needs an INDEX folder")
        figures = {"build": build, "build-child": build_child, "rescan": rescan}
        result = figures[args.figure](args.corpus, args.index)
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
