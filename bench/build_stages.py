"""Where a cold build's CPU goes: per-stage CPU time in a worker and in the writing process.

    python -m bench.build_stages stages CORPUS [--limit 400]
    python -m bench.build_stages build CORPUS INDEX
    python -m bench.build_stages rescan CORPUS_COPY INDEX
    python -m bench.build_stages writer CORPUS INDEX --limit 3000 --cache FILE [--batch N]

`stages` reads and analyses up to LIMIT article files in this one process, as a pool worker
does, timing each stage with `time.process_time` (CPU, so a loaded machine inflates it less
than wall time). `build` runs a cold build through `Library.scan` as the app does, and splits the
writing process's CPU between adding documents, Whoosh commits and the catalog, with the
workers' CPU (reaped children) and the peak PSS of the whole tree and of the writing process
and its workers apart (with a timeline: what grows with the articles written). `writer` times
the writing process alone, on documents prepared once and cached. All print JSON.
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
from bench.memory import PeakSampler, tree


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


class RoleSampler(PeakSampler):
    """The tree's PSS split between the writing process and its workers, with a timeline:
    what grows with the number of articles written shows as a slope in one of the two."""

    def __init__(self, pid: int, every: float = 1.0) -> None:
        super().__init__(pid, every)
        self.peak_writer = self.peak_workers = 0.0
        self.timeline: list[tuple[float, float, float]] = []
        self._started = time.monotonic()

    def _run(self) -> None:
        while not self._stop.is_set():
            writer = workers = 0.0
            for pid in tree(self.pid):
                pss = _pss_kb(pid) / 1024
                if pid == self.pid:
                    writer = pss
                else:
                    workers += pss
            self.peak = max(self.peak, writer + workers)
            self.peak_writer = max(self.peak_writer, writer)
            self.peak_workers = max(self.peak_workers, workers)
            elapsed = time.monotonic() - self._started
            self.timeline.append((round(elapsed), round(writer), round(workers)))
            self._stop.wait(self.every)


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def build(corpus: Path, index_dir: Path) -> dict[str, Any]:
    """`build_child` in a fresh process, its tree's PSS sampled from here: a sampling thread
    inside the build would make the pool fork its workers from a forkserver instead."""
    command = [sys.executable, "-m", "bench.build_stages", "build-child", str(corpus),
               str(index_dir)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    with RoleSampler(process.pid) as sampler:
        output, _ = process.communicate()
    if process.returncode:
        raise RuntimeError(f"build failed (exit {process.returncode})")
    result: dict[str, Any] = json.loads(output)
    result["peak_pss_mb"] = round(sampler.peak)
    result["peak_pss_writer_mb"] = round(sampler.peak_writer)
    result["peak_pss_workers_mb"] = round(sampler.peak_workers)
    # (seconds, writer MB, workers MB), about twenty points over the build.
    step = max(1, len(sampler.timeline) // 20)
    result["pss_timeline"] = sampler.timeline[::step]
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
    try:
        import index.term_counts as term_counts
    except ImportError:  # before the related postings' counts files
        pass
    else:
        for hook in ("after_scan", "write_missing_quietly"):  # its name as it changed
            if hasattr(term_counts, hook):
                clock.wrap(term_counts, hook, "after the scan: term counts files")
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


def _prepare_one(path: str, root: str) -> list[Any]:
    from index.scan import read_and_analyse

    return read_and_analyse(path, root, {}, prepare=True).prepared


def prepared_cache(corpus: Path, limit: int, cache: Path) -> Path:
    """`limit` articles of `corpus` read, analysed and prepared once (by a pool), pickled one
    after another into `cache`, so the writer can be timed alone, again and again."""
    import pickle
    from concurrent.futures import ProcessPoolExecutor

    from index.pool import warm_up

    if cache.exists():
        return cache
    files = [str(file) for file in article_files(corpus)[:limit]]
    warm_up()
    partial = cache.with_name(cache.name + ".part")
    with partial.open("wb") as out, ProcessPoolExecutor() as pool:
        roots = [str(corpus)] * len(files)
        for prepared in pool.map(_prepare_one, files, roots, chunksize=8):
            for document in prepared:
                pickle.dump(document, out, protocol=5)
    partial.replace(cache)
    return cache


def writer(
    corpus: Path,
    index_dir: Path,
    limit: int,
    cache: Path,
    batch: int,
    collector: str = "on",
    repeat: int = 1,
) -> dict[str, Any]:
    """The writing process alone: prepared documents (from `prepared_cache`) added and
    committed in batches of `batch`, CPU split between adding and committing, with the
    process's peak RSS (the documents are streamed from the cache, never all held)."""
    import gc
    import pickle

    from index.store import Store

    try:
        from index.store import _pool_size
    except ImportError:  # before documents carried their pool size
        def _pool_size(postings: list[Any]) -> int:
            return 0

    source = prepared_cache(corpus, limit, cache)
    if collector == "off":
        gc.disable()
    shutil.rmtree(index_dir, ignore_errors=True)
    store = Store(index_dir, corpus)
    ix = store.create()
    clock = Clock()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    collections_before = sum(stat["collections"] for stat in gc.get_stats())
    articles = in_batch = 0

    def documents() -> Iterator[Any]:
        # Repeated, the same documents make a batch of any size (as copies in a corpus do).
        for _ in range(repeat):
            with source.open("rb") as stream:
                while True:
                    try:
                        document = pickle.load(stream)
                    except EOFError:
                        break
                    if not getattr(document, "pool_size", 1):  # cached before it was sent
                        object.__setattr__(
                            document, "pool_size", _pool_size(list(document.postings))
                        )
                    yield document

    wall = time.perf_counter()
    current = store.writer(ix)
    for document in documents():
        with clock.stage("add"):
            current.add_prepared(document)
        articles += 1
        in_batch += 1
        if in_batch >= batch:
            with clock.stage("commit"):
                store.commit(current)
            current = store.writer(ix)
            in_batch = 0
    with clock.stage("commit"):
        store.commit(current)
    return {
        "articles": articles,
        "batch": batch,
        "gc": collector,
        "repeat": repeat,
        "wall_s": round(time.perf_counter() - wall, 2),
        "cpu_ms_per_article": clock.per_article_ms(articles),
        "gc_collections": sum(stat["collections"] for stat in gc.get_stats())
        - collections_before,
        "peak_rss_mb_before": round(rss_before / 1024),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "load": os.getloadavg(),
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
    parser.add_argument("figure", choices=("stages", "build", "build-child", "rescan", "writer"))
    parser.add_argument("corpus", type=Path)
    parser.add_argument("index", type=Path, nargs="?")
    parser.add_argument("--limit", type=int, default=400)
    parser.add_argument("--cache", type=Path, help="writer: the prepared documents' pickle")
    parser.add_argument("--batch", type=int, default=20_000, help="writer: articles a commit")
    parser.add_argument("--gc", choices=("on", "off"), default="on", help="writer: collector")
    parser.add_argument("--repeat", type=int, default=1, help="writer: passes over the cache")
    args = parser.parse_args(argv)
    if args.figure == "stages":
        result = stages(args.corpus, args.limit)
    elif args.figure == "writer":
        if args.index is None or args.cache is None:
            parser.error("writer needs an INDEX folder and --cache")
        result = writer(args.corpus, args.index, args.limit, args.cache, args.batch, args.gc,
                        args.repeat)
    else:
        if args.index is None:
            parser.error(f"{args.figure} needs an INDEX folder")
        figures = {"build": build, "build-child": build_child, "rescan": rescan}
        result = figures[args.figure](args.corpus, args.index)
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
