"""The catalog at ten times the size: a copy of an existing catalog with every article
repeated `--copies` times under new ids, then what the app asks of it, timed.

    python -m bench.catalog_scale INDEX_DIR WORK_DIR [--copies 10]

Topics are not multiplied (a real library ten times larger has more distinct topics), so
this measures the article side: listing creation, page fetches, positions, topic listings.
Figures are the best of three, wall and CPU, in ms.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from index.catalog import CATALOG_FILE, Catalog

STEP = 100_000
"""Row numbers of copy k start at k × STEP: more than the articles of the copied catalog."""


def grow(index_dir: Path, work: Path, copies: int) -> Path:
    work.mkdir(parents=True, exist_ok=True)
    target = work / CATALOG_FILE
    shutil.copyfile(index_dir / CATALOG_FILE, target)
    connection = sqlite3.connect(target, isolation_level=None)
    connection.execute("BEGIN")
    for k in range(1, copies):
        connection.execute(
            "INSERT INTO articles(n, id, segment, docnum, path, title, title_key, day, language) "
            f"SELECT n + {k * STEP}, id || '#{k}', segment, docnum + {k * STEP}, path, title, "
            f"title_key, day + {k}, language FROM articles WHERE n < {STEP}"
        )
        connection.execute(
            f"INSERT INTO article_topics SELECT tid, article + {k * STEP}, form, place "
            f"FROM article_topics WHERE article < {STEP}"
        )
    connection.execute(f"UPDATE forms SET count = count * {copies}")
    connection.execute(f"UPDATE topics SET count = count * {copies}")
    connection.execute("COMMIT")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return work


def best(name: str, call: Callable[[], Any]) -> Any:
    walls, cpus, result = [], [], None
    for _ in range(3):
        wall, cpu = time.perf_counter(), time.process_time()
        result = call()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    print(f"{name:28} wall {min(walls):8.1f} ms  cpu {min(cpus):8.1f} ms")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("--copies", type=int, default=10)
    args = parser.parse_args(argv)
    catalog = Catalog(grow(args.index, args.work, args.copies))
    print(f"{catalog.count()} articles, catalog {catalog.size() / 1e6:.0f} MB")
    best("languages", catalog.languages)
    rows = best("listing by date", lambda: catalog.listing("date"))
    best("listing by title", lambda: catalog.listing("title"))
    cpus = []
    for at in range(0, len(rows), max(1, len(rows) // 20)):
        rows._pages.clear()
        cpu = time.process_time()
        rows[at]
        cpus.append((time.process_time() - cpu) * 1000)
    print(f"page of 200 rows             cpu p50 {statistics.median(cpus):.2f} ms, "
          f"max {max(cpus):.2f} ms")
    last = rows[len(rows) - 1]
    best("index_of the last row", lambda: rows.index_of(last.id))
    best("topics, top 50", lambda: catalog.topics(limit=50))
    top = catalog.topics(limit=1)[0]
    listed = best(f"listing of {top.label!r}", lambda: catalog.listing("date", top))
    print(f"  ({len(listed)} articles)")
    best("topics_of one article", lambda: catalog.topics_of(last.id))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
