"""How the reader feels on a big corpus indexed for the first time.

Generates N articles with bench/generate.py (sample paragraphs recombined), opens the app
headless on an empty index and reports: time to the first listed article and to the first
article on screen, UI lag and key latency while the scan runs, the scan's total, and a search.

    /work/venv/bin/python bench/reader_app.py [N]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from generate import generate  # bench/generate.py: articles recombined from the samples
from textual import events
from textual.pilot import Pilot
from textual.widgets import Static

from reader.app import RubriqueApp
from reader.screens.main import MainScreen
from reader.widgets.article_list import ArticleList


async def measure(corpus: Path, index_dir: Path) -> None:
    app = RubriqueApp(corpus, index_dir)
    started = time.perf_counter()
    first_listed = first_shown = None
    lags: list[float] = []
    latencies: list[float] = []
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        article_list = screen.query_one(ArticleList)
        title = screen.query_one("#article-title", Static)
        while screen.scanning or screen.library is None or first_shown is None:
            # How late a 20 ms sleep wakes up is how long a key would wait for the UI.
            before = time.perf_counter()
            await asyncio.sleep(0.02)
            lags.append(time.perf_counter() - before - 0.02)
            now = time.perf_counter() - started
            if first_listed is None and len(article_list.rows):
                first_listed = now
            if first_shown is None and str(title.content) != "No article yet":
                first_shown = now
            if first_shown is not None and screen.scanning and len(latencies) < 20:
                latencies.append(await key_latency(pilot, article_list))
            if now > 1800:
                break
        total = time.perf_counter() - started
        count = screen.library.count() if screen.library else 0
        search = time.perf_counter()
        screen.action_search()
        screen.search_box.input.value = "stargate"
        while not article_list.caption.startswith("Search “stargate”"):
            await asyncio.sleep(0.005)
            if time.perf_counter() - search > 30:
                break
        searched = time.perf_counter() - search
    print(f"articles indexed: {count}")
    print(f"first article listed after {first_listed:.2f} s, on screen after {first_shown:.2f} s")
    print(f"UI event-loop lag during the scan: median {statistics.median(lags)*1000:.0f} ms, "
          f"95th percentile {sorted(lags)[int(len(lags)*0.95)]*1000:.0f} ms, "
          f"max {max(lags)*1000:.0f} ms over {len(lags)} samples")
    if latencies:
        print(f"j (cursor down) while scanning, key event to moved cursor: median "
              f"{statistics.median(latencies)*1000:.0f} ms, max {max(latencies)*1000:.0f} ms "
              f"over {len(latencies)} presses")
    print(f"scan finished after {total:.1f} s")
    print(f"query 'stargate' typed to results listed, after the scan: {searched*1000:.0f} ms")


def type_keys(app: RubriqueApp, keys: str) -> None:
    """Queue key events as a terminal would deliver them (Pilot.press waits for idle after
    each key, which measures the wait, not the app)."""
    for key in keys:
        app.post_message(events.Key(key, key))


async def key_latency(pilot: Pilot[None], article_list: ArticleList) -> float:
    before = article_list.highlighted
    start = time.perf_counter()
    type_keys(pilot.app, "j")  # type: ignore[arg-type]
    while article_list.highlighted == before and time.perf_counter() - start < 5:
        await asyncio.sleep(0.001)
    return time.perf_counter() - start


def main() -> None:
    import faulthandler

    faulthandler.dump_traceback_later(90, repeat=True, file=sys.__stderr__)
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        corpus.mkdir()
        generate(count, corpus)
        asyncio.run(measure(corpus, Path(folder) / "index"))


if __name__ == "__main__":
    main()
