"""Helpers for driving the reader in Pilot tests: wait for workers, read what is on screen."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static
from textual.worker import WorkerCancelled

from reader.app import RubriqueApp
from reader.screens.main import MainScreen
from reader.widgets.article_list import ArticleList
from reader.widgets.sidebar import Sidebar

SIZE = (160, 48)


async def settle(pilot: Pilot[None]) -> None:
    """Wait until no worker runs and the screen has caught up with their results."""
    app = pilot.app
    for _ in range(50):
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers):
            await pilot.pause()
            if not any(worker.is_running for worker in app.workers):
                return
        # A newer request cancels an older one of its group (exclusive workers): normal here.
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
    raise AssertionError("workers never settled")


async def press(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


def main_screen(app: RubriqueApp) -> MainScreen:
    screen = app.screen_stack[0] if not isinstance(app.screen, MainScreen) else app.screen
    assert isinstance(screen, MainScreen)
    return screen


def shown_title(app: RubriqueApp) -> str:
    """The title in the article pane, as the reader sees it."""
    return text_of(main_screen(app).query_one("#article-title", Static))


def text_of(static: Static) -> str:
    return str(static.content)


def list_ids(app: RubriqueApp) -> list[str]:
    rows = main_screen(app).query_one(ArticleList).rows
    return [rows[index].id for index in range(len(rows))]


def list_caption(app: RubriqueApp) -> str:
    return main_screen(app).query_one(ArticleList).caption


def option_text(option_list: ArticleList | Sidebar, index: int) -> str:
    """An entry's text with its line wrapping undone (entries wrap to the pane's width)."""
    if isinstance(option_list, ArticleList):
        return option_list.row_text(index)
    prompt = option_list.get_option_at_index(index).prompt
    return " ".join(str(prompt).split())


def make_app(corpus: Path, index_dir: Path) -> RubriqueApp:
    return RubriqueApp(corpus, index_dir)


def small_corpus(sample_corpus: Path, tmp_path: Path, count: int = 5) -> Path:
    """A folder of the first `count` Markdown sample articles, for tests that scan."""
    corpus = tmp_path / "news"
    corpus.mkdir()
    for path in sorted(sample_corpus.glob("*.md"))[:count]:
        shutil.copy(path, corpus / path.name)
    return corpus
