"""Cost of `Library.story_of` and `Library.stories` on a real index, as the reader asks.

The first `story_of` of a process is what the sidebar waits for when an article opens; later
calls are what each further article costs; `stories()` is the `y` picker and `rubrique
stories`. Each is timed in wall-clock and CPU time (this process's), after the catalog is
brought to the index state (timed apart, as "open"). `--group` first times the grouping
itself from nothing (`index.story_store.refresh`, what the reader's background process
runs), when the revision has it. `--dump FILE` writes each article's story (as the sorted
ids of its story's articles) so that two revisions' groupings can be compared
(`--compare A B`).

To compare with another revision in the same run, run it again with `PYTHONPATH` pointing
at that revision's sources (`git archive REV index | tar -x -C DIR`). Work on a copy of an
index: the grouping is written into its catalog.

    python -m bench.stories FOLDER --index DIR [--calls 50] [--group [--added N]]
        [--dump FILE]
    python -m bench.stories --compare A.json B.json
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from index.library import Library


def timed(call: Callable[[], Any]) -> tuple[Any, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    value = call()
    return value, time.perf_counter() - wall, time.process_time() - cpu


def compare(first: Path, second: Path) -> int:
    a, b = json.loads(first.read_text()), json.loads(second.read_text())
    same = sum(1 for key in a.keys() & b.keys() if a[key] == b[key])
    print(f"{len(a)} / {len(b)} articles in a story; {same} in the same story in both; "
          f"{len(a.keys() ^ b.keys())} in a story in one only")
    return 0 if a == b else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, nargs="?")
    parser.add_argument("--index", type=Path)
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--group", action="store_true",
                        help="time the persistent grouping first (index.story_store)")
    parser.add_argument("--added", type=int, default=0, metavar="N",
                        help="then time placing the N newest articles again, as after a scan "
                             "that added them (their stored placement is forgotten first)")
    parser.add_argument("--dump", type=Path, help="write every article's story here")
    parser.add_argument("--compare", type=Path, nargs=2, metavar="FILE")
    args = parser.parse_args(argv)
    if args.compare:
        return compare(*args.compare)
    if args.corpus is None or args.index is None:
        parser.error("FOLDER and --index are needed")
    library = Library(args.corpus, args.index)
    ids = [summary.id for summary in library.articles("date")]
    _, wall, cpu = timed(library.count)  # opens the index and the catalog, syncs it
    print(f"{len(ids)} articles; open: wall {wall:.2f} s, CPU {cpu:.2f} s")
    if args.group:
        try:
            from index import story_store
        except ImportError:
            print("no index.story_store in this revision: grouping timed by the first call")
        else:
            catalog = library._catalog
            with contextlib.suppress(sqlite3.Error):  # from nothing: forget a stored one
                catalog.connection().execute("DROP TABLE story_meta")
            _, wall, cpu = timed(lambda: story_store.refresh(catalog.connection()))
            print(f"grouping (refresh): wall {wall:.2f} s, CPU {cpu:.2f} s")
            if args.added:
                connection = catalog.connection()
                connection.execute(
                    "DELETE FROM story_articles WHERE article IN (SELECT n FROM articles "
                    "WHERE day > 0 ORDER BY day DESC, n DESC LIMIT ?)", (args.added,))
                connection.execute("UPDATE story_meta SET value = '' WHERE name = 'state'")
                _, wall, cpu = timed(lambda: story_store.refresh(catalog.connection()))
                print(f"{args.added} newest placed again (refresh after a scan that adds): "
                      f"wall {wall:.2f} s, CPU {cpu:.2f} s")
    chosen = random.Random(7).sample(ids, min(args.calls + 1, len(ids)))
    first, wall, cpu = timed(lambda: library.story_of(chosen[0]))
    print(f"first story_of: wall {wall * 1000:.1f} ms, CPU {cpu * 1000:.1f} ms "
          f"({'a story of ' + str(first.count) if first else 'no story'})")
    walls, cpus, found = [], [], 0
    for article_id in chosen[1:]:
        story, wall, cpu = timed(lambda a=article_id: library.story_of(a))
        walls.append(wall * 1000)
        cpus.append(cpu * 1000)
        found += story is not None
    if walls:
        print(f"later story_of ({len(walls)} calls, {found} in a story): wall median "
              f"{statistics.median(walls):.1f} max {max(walls):.1f} ms, CPU median "
              f"{statistics.median(cpus):.1f} max {max(cpus):.1f} ms")
    every, wall, cpu = timed(library.stories)
    print(f"stories(): {len(every)} stories; wall {wall:.2f} s, CPU {cpu:.2f} s")
    if args.dump:
        grouping = {a.id: sorted(b.id for b in story.articles)
                    for story in every for a in story.articles}
        args.dump.write_text(json.dumps(grouping, sort_keys=True))
        print(f"wrote {len(grouping)} articles' stories to {args.dump}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
