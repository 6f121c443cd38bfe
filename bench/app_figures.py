"""The reader app itself, driven headless with Textual's Pilot: start-up, then browsing.

    python -m bench.probe app CORPUS INDEX --launched EPOCH_SECONDS
    python -m bench.probe browse CORPUS INDEX

`app` is the start a user meets (process launch to the first article painted, then RSS once
the start-up rescan is over). `browse` opens the app the same way and then uses it as a reader
would: it times the list keys in the whole-library list (j, PgDn, G, and the n/N neighbour
lookup: what each costs the UI thread, redraw of the lines in view included), opens 100
articles with n and N (each timed from the key to the article on screen), types 20 searches
key by key (each timed from its last key to the results listed), and reads the RSS at the end.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.memory import rss_mb
from bench.queries import BROWSING, MIX

SIZE = (160, 48)
ARTICLES_BROWSED = 100
SEARCHES_TYPED = 20
KEY_REPEAT = 40
"""Times each list key is timed; the median and p95 are kept."""
WAIT = 600.0
"""Seconds any one step may take before the probe gives up (a 100k library is slow to list)."""


def _stats(samples: list[float]) -> dict[str, float]:
    from bench.probe import percentiles

    return percentiles(samples)


def _micro(samples: list[float]) -> dict[str, float]:
    """Median and p95 in microseconds (a list key is far below a millisecond)."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50_us": ordered[len(ordered) // 2] * 1e6, "p95_us": p95 * 1e6,
            "samples": len(ordered)}


async def _until(condition: Callable[[], bool], step: float = 0.002) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the app never got there")
        await asyncio.sleep(step)


async def _settle(app: Any) -> None:
    """Until no worker of the app runs (article, its sidebar, a search, a listing)."""
    await _until(lambda: not any(worker.is_running for worker in app.workers), 0.005)
    await asyncio.sleep(0.01)


async def _opened(application: Any) -> Any:
    """The main screen once the library is open, its list read and the start-up scan over."""
    from reader.screens.main import MainScreen

    def ready() -> bool:
        screen = application.screen
        return (isinstance(screen, MainScreen) and screen.library is not None
                and not screen.scanning and screen.current_id is not None)

    await _until(ready, 0.05)
    await _settle(application)
    return application.screen


def app(corpus: Path, index_dir: Path, launched: float) -> dict[str, Any]:
    """From process launch (interpreter and imports included) to the first article's title on
    screen (read from the catalog), headless at 160x48, and to its text (read from the index
    once Whoosh has opened), each with the process's CPU seconds by then (its CPU clock
    starts with the process); then RSS once the start-up rescan is over."""
    from textual.widgets import Static

    from reader.app import RubriqueApp
    from reader.screens.main import MainScreen

    async def run() -> dict[str, Any]:
        application = RubriqueApp(corpus, index_dir)
        painted = None
        painted_cpu = 0.0
        async with application.run_test(size=SIZE):
            screen = application.screen
            assert isinstance(screen, MainScreen)
            title = screen.query_one("#article-title", Static)
            deadline = time.time() + WAIT
            while painted is None and time.time() < deadline:
                if str(title.content) != "No article yet":
                    painted = time.time() - launched
                    painted_cpu = time.process_time()
                await asyncio.sleep(0.005)
            # The title comes from the catalog; the text once the index (Whoosh) is open.
            while screen.document is None and time.time() < deadline:
                await asyncio.sleep(0.005)
            text = time.time() - launched
            text_cpu = time.process_time()
            while (screen.scanning or screen.library is None) and time.time() < deadline:
                await asyncio.sleep(0.05)
            await asyncio.sleep(0.5)
            open_rss = rss_mb()
        return {"first_article_s": painted, "first_article_cpu_s": painted_cpu,
                "first_text_s": text, "first_text_cpu_s": text_cpu, "rss_open_mb": open_rss}

    return asyncio.run(run())


def _key_cost(action: Callable[[], object], article_list: Any) -> tuple[float, float]:
    """Wall and CPU seconds of one list action plus drawing every line in view: what the key
    costs the UI thread, whatever the list's length."""
    from textual.geometry import Region

    region = article_list.size.region
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    article_list.render_lines(Region(0, 0, region.width, region.height))
    return time.perf_counter() - wall, time.process_time() - cpu


def _list_keys(screen: Any) -> dict[str, Any]:
    """j, PgDn, G (from the top each time, so it really jumps) and the n/N neighbour lookup,
    on the whole-library list the app shows."""
    from reader.widgets.article_list import ArticleList

    article_list = screen.query_one(ArticleList)
    current = screen.current_id
    keys: dict[str, Callable[[], object]] = {
        "j": article_list.action_cursor_down,
        "PgDn": article_list.action_page_down,
        "G": article_list.action_last,
        "n": lambda: article_list.neighbour(current, 1),
        "N": lambda: article_list.neighbour(current, -1),
    }
    out: dict[str, Any] = {"rows": len(article_list.rows)}
    for name, action in keys.items():
        # From the top, whatever row the last run left the cursor on: at the end of the
        # list j and PgDn would not move, and cost nothing to draw.
        article_list.action_first()
        walls, cpus = [], []
        moved = 0
        for _ in range(KEY_REPEAT):
            if name == "G":
                article_list.action_first()
            before = article_list.highlighted
            wall, cpu = _key_cost(action, article_list)
            moved += article_list.highlighted != before
            walls.append(wall)
            cpus.append(cpu)
        out[name] = {"wall": _micro(walls), "cpu": _micro(cpus), "moved": moved}
    article_list.action_first()
    return out


async def _step(pilot: Any, screen: Any, key: str) -> tuple[float, float]:
    """Press n or N (or enter on the list) and time it until the next article is on screen,
    wall and CPU seconds (the process's, all threads); then let its sidebar (topics,
    related, story) arrive before the next key, as a reader glancing at it would."""
    before = screen.current_id
    wall, cpu = time.perf_counter(), time.process_time()
    await pilot.press(key)
    await _until(lambda: screen.current_id != before)
    elapsed = time.perf_counter() - wall, time.process_time() - cpu
    await _settle(pilot.app)
    return elapsed


async def _typed_search(pilot: Any, screen: Any, text: str) -> tuple[float, float]:
    """`/`, the query typed key by key (each key searches, the newest wins), timed from the
    last key to the results listed; Escape then goes back to all articles."""
    from reader.widgets.article_list import ArticleList

    article_list = screen.query_one(ArticleList)
    await pilot.press("slash")
    await pilot.press(*text[:-1])
    wall, cpu = time.perf_counter(), time.process_time()
    await pilot.press(text[-1])
    await _until(lambda: article_list.listing.kind == "search"
                 and article_list.listing.query == text.strip())
    elapsed = time.perf_counter() - wall, time.process_time() - cpu
    await _settle(pilot.app)
    await pilot.press("escape")
    await _settle(pilot.app)
    if screen.search_box.display:  # the field kept the focus: leave it too
        await pilot.press("escape")
        await _settle(pilot.app)
    return elapsed


def browse(corpus: Path, index_dir: Path) -> dict[str, Any]:
    """The app as a reader uses it: list keys, 100 articles opened, 20 searches typed; RSS."""
    from reader.app import RubriqueApp
    from reader.widgets.article_list import ArticleList

    async def run() -> dict[str, Any]:
        application = RubriqueApp(corpus, index_dir)
        out: dict[str, Any] = {}
        async with application.run_test(size=SIZE) as pilot:
            screen = await _opened(application)
            out["rss_open_mb"] = rss_mb()
            out["keys"] = _list_keys(screen)
            await _settle(application)
            article_list = screen.query_one(ArticleList)
            screen.set_focus(article_list)
            # From the top, whatever article the last run left open (resumed at start-up).
            article_list.action_first()
            if screen.current_id != article_list.highlighted_id:
                await _step(pilot, screen, "enter")
            steps: list[tuple[float, float]] = []
            # Half from the top with n, half from the end of the list with N: both ends
            # of a long list are read.
            half = ARTICLES_BROWSED // 2
            for _ in range(half):
                steps.append(await _step(pilot, screen, "n"))
            await pilot.press("G")
            steps.append(await _step(pilot, screen, "enter"))
            for _ in range(ARTICLES_BROWSED - half - 1):
                steps.append(await _step(pilot, screen, "N"))
            out["articles_opened"] = len(steps)
            out["next_article"] = _stats([wall for wall, _ in steps])
            out["next_article_cpu"] = _stats([cpu for _, cpu in steps])
            out["rss_after_articles_mb"] = rss_mb()
            queries = [q.text for q in (*MIX, *BROWSING)][:SEARCHES_TYPED]
            typed = [await _typed_search(pilot, screen, q) for q in queries]
            out["typed_search"] = _stats([wall for wall, _ in typed])
            out["typed_search_cpu"] = _stats([cpu for _, cpu in typed])
            out["searches_typed"] = len(queries)
            await _settle(application)
            out["rss_after_browsing_mb"] = rss_mb()
        return out

    return asyncio.run(run())
