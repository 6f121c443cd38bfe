"""How fast the readers turn a corpus folder into Articles.

Usage: python bench/readers.py [FOLDER] [--repeat N]   (default: sample_articles/, 5 repeats)

Prints the first pass (a fresh process: imports, dateparser's language data, trafilatura's
setup) apart from the warm passes that follow, since a scan pays the first cost only once.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from index.readers import ReadError, is_article_file, read_file  # noqa: E402
from index.readers.dates import _parse_text  # noqa: E402


def read_all(files: list[Path], root: Path) -> tuple[int, int]:
    """Read every file; the date cache is emptied first so repeats pay for their dates."""
    _parse_text.cache_clear()
    articles = errors = 0
    for path in files:
        try:
            articles += len(read_file(path, root))
        except ReadError:
            errors += 1
    return articles, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path,
                        default=Path(__file__).resolve().parents[1] / "sample_articles")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    files = sorted(p for p in args.folder.rglob("*") if p.is_file() and is_article_file(p))
    if not files:
        sys.exit(f"no article files in {args.folder}")
    size = sum(p.stat().st_size for p in files) / 1024

    start = time.perf_counter()
    articles, errors = read_all(files, args.folder)
    first = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(args.repeat):
        read_all(files, args.folder)
    warm = (time.perf_counter() - start) / args.repeat

    print(f"{len(files)} files ({size:.0f} KiB) -> {articles} articles, {errors} read errors")
    print(f"first pass: {first:.3f} s = {len(files) / first:.0f} files/s (imports, caches cold)")
    print(f"warm pass:  {warm:.3f} s = {len(files) / warm:.0f} files/s, "
          f"{articles / warm:.0f} articles/s (mean of {args.repeat})")
    by_format: dict[str, list[Path]] = {}
    for path in files:
        by_format.setdefault(path.suffix.lower(), []).append(path)
    for suffix, group in sorted(by_format.items()):
        start = time.perf_counter()
        for _ in range(args.repeat):
            read_all(group, args.folder)
        seconds = (time.perf_counter() - start) / args.repeat
        print(f"  {suffix:6} {len(group):3} files: {1000 * seconds / len(group):6.1f} ms/file")


if __name__ == "__main__":
    main()
