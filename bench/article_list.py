"""The article list at any length: time per key and memory, for 1,000 and 100,000 rows.

Runs the list headless on synthetic summaries (no index), and for each length times the
list being filled and each move (j, PgDn, G, g, n's neighbour lookup) together with drawing
every line in view, which is what a key costs the UI thread. Equal times at both lengths
mean constant-time moves.

    python bench/article_list.py [--rows 100000] [--repeat 200]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable

from textual.app import App, ComposeResult
from textual.geometry import Region

from index.models import Summary
from reader.history import Listing
from reader.rows import SummaryRows
from reader.widgets.article_list import ArticleList


def summaries(count: int) -> list[Summary]:
    start = dt.date(2026, 1, 1)
    return [
        Summary(f"{n:08x}", f"news/{n}.md",
                f"Headline number {n} about data centres, chips and the grid",
                start - dt.timedelta(days=n % 4000), ("en", "fr", "de", "es")[n % 4])
        for n in range(count)
    ]


class ListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ArticleList(id="articles")


def timed(action: Callable[[], None], article_list: ArticleList, repeat: int) -> float:
    """Median seconds for `action` plus drawing the lines in view."""
    region = article_list.size.region
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        article_list.render_lines(Region(0, 0, region.width, region.height))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


async def measure(count: int, repeat: int) -> None:
    made = summaries(count)
    start = time.perf_counter()
    rows = SummaryRows(made)
    built = time.perf_counter() - start
    tracemalloc.start()
    SummaryRows(made)
    rows_bytes = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    app = ListApp()
    async with app.run_test(size=(160, 48)) as pilot:
        article_list = app.query_one(ArticleList)
        start = time.perf_counter()
        article_list.show(Listing(), rows, keep=made[count // 2].id)
        shown = time.perf_counter() - start
        await pilot.pause()
        middle = made[count // 2].id
        results = {
            "j": timed(article_list.action_cursor_down, article_list, repeat),
            "PgDn": timed(article_list.action_page_down, article_list, repeat),
            "G": timed(article_list.action_last, article_list, repeat),
            "g": timed(article_list.action_first, article_list, repeat),
            "n (neighbour of an id)": timed(
                lambda: article_list.neighbour(middle, 1) and None, article_list, repeat),
        }
        children = len(list(article_list.children))
    print(f"{count:>7} rows: rows built in {built * 1000:.0f} ms "
          f"({rows_bytes / 1e6:.1f} MB beyond the summaries), shown in {shown * 1000:.1f} ms, "
          f"{children} child widgets")
    for name, seconds in results.items():
        print(f"         {name:<24} {seconds * 1e6:7.0f} µs (median, with the redraw)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    for count in (1_000, args.rows):
        asyncio.run(measure(count, args.repeat))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
