"""Entity pages and stories on an existing catalog, CPU and wall time per step.

    python -m bench.entity_pages /work/data/bench/index-10000 [--random-dates]

The catalog (catalog.sqlite of an index folder) is copied to a temporary folder first, so the
index it belongs to is never touched. `--random-dates` gives every article of the copy a day
of one year at random (seeded), for corpora whose articles carry no date (the bench's news):
stories need dates. Nothing here asserts a time; run it on a quiet machine and say the load.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class _Catalog:
    """What entity pages and stories ask of `index.catalog.Catalog`, over a plain file (the
    real class would rebuild a copy made by another format of the code)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection = sqlite3.connect(path)

    def connection(self) -> sqlite3.Connection:
        return self._connection

    def count(self) -> int:
        return int(self._connection.execute("SELECT count(*) FROM articles").fetchone()[0])


def timed(label: str, work: Callable[[], T]) -> T:
    wall, cpu = time.perf_counter(), time.process_time()
    out = work()
    print(f"{label:<44} cpu {time.process_time() - cpu:6.2f} s   "
          f"wall {time.perf_counter() - wall:6.2f} s")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path, help="an index folder holding catalog.sqlite")
    parser.add_argument("--random-dates", action="store_true")
    parser.add_argument("--names", default="France,Macron,United States,Trump")
    args = parser.parse_args()

    from index import entity_aliases, stories
    from index.entity_page import entity_page, find_entities

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "catalog.sqlite"
        shutil.copyfile(args.index / "catalog.sqlite", copy)
        wal = args.index / "catalog.sqlite-wal"
        if wal.exists():
            shutil.copyfile(wal, Path(folder) / "catalog.sqlite-wal")
        catalog: Any = _Catalog(copy)
        if args.random_dates:
            generator = random.Random(7)
            rows = catalog.connection().execute("SELECT n FROM articles").fetchall()
            catalog.connection().executemany(
                "UPDATE articles SET day = ? WHERE n = ?",
                [(737425 + generator.randrange(365), n) for (n,) in rows],
            )
            catalog.connection().commit()
        print(f"{catalog.count()} articles; load {os.getloadavg()[0]:.1f}")
        connection = catalog.connection()
        timed("place table (once per process)", lambda: entity_aliases.place_of("France"))
        timed("entity groups (once per catalog state)",
              lambda: entity_aliases.resolver(connection, str(copy)))
        timed("find: first call (names worked out)", lambda: find_entities(catalog, "x"))
        for name in args.names.split(","):
            found = timed(f"find {name!r}", lambda name=name: find_entities(catalog, name))
            if found:
                page = timed(f"  page {found[0].label} ({found[0].articles} articles)",
                             lambda ref=found[0]: entity_page(catalog, ref.kind, ref.key))
                assert page is not None
        grouped = timed("stories: the whole library", lambda: stories.stories(catalog))
        print(f"  {len(grouped)} stories of 2 or more, "
              f"{sum(story.count for story in grouped)} articles in them")
        resolver = entity_aliases.resolver(connection, str(copy))
        features = timed("stories: reading the catalog", lambda: stories._features(
            connection, resolver))
        newest = sorted(features)[-100:]
        state = stories._State("before", set(), [], {})
        stories._place(state, features, [n for n in features if n not in set(newest)])
        grown = state.copy("after")
        timed("stories: placing a scan's 100 new articles",
              lambda: stories._place(grown, features, newest))


if __name__ == "__main__":
    main()
