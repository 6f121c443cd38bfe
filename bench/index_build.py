"""Cold index builds: articles per second for the sample corpus and for generated files.

Each build starts from an empty index folder (analysis included, process pool as in real use);
a rescan without changes is timed too, since that is what every start of the app pays.

    python bench/index_build.py [--generated 3000] [--keep]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import SAMPLES, generate  # noqa: E402

from index.library import Library  # noqa: E402


def build(corpus: Path, index_dir: Path, label: str) -> None:
    library = Library(corpus, index_dir)
    started = time.perf_counter()
    report = library.scan()
    seconds = time.perf_counter() - started
    articles = library.count()
    started = time.perf_counter()
    again = library.scan()
    rescan = time.perf_counter() - started
    size = sum(f.stat().st_size for f in index_dir.iterdir() if f.is_file()) / 1e6
    segments = len(list(index_dir.glob("MAIN_*.seg")))  # one compound file per segment
    print(
        f"{label}: {articles} articles ({report.indexed} indexed, {len(report.skipped)} skipped) "
        f"in {seconds:.2f} s = {articles / seconds:.1f} articles/s; "
        f"rescan without changes {rescan * 1000:.0f} ms ({again.indexed} re-read); "
        f"index {size:.1f} MB in {segments} segments"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=3000, help="0 to skip")
    parser.add_argument("--keep", action="store_true", help="keep the tmp folders")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="rubrique-bench-"))
    try:
        build(SAMPLES, work / "sample-index", "sample_articles")
        if args.generated:
            corpus = work / "generated"
            generate(args.generated, corpus)
            build(corpus, work / "generated-index", f"{args.generated} generated files")
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
