"""The list and last time's article show before the index has opened: the catalog (SQLite)
holds the list and the titles, while opening the Whoosh index (imports, files) takes a good
part of a second, more in a big library. The article's text follows once the index answers."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from frozen_library import SAMPLES, FrozenLibrary
from reader_pilot import SIZE, list_ids, main_screen, settle, shown_title, text_of
from textual.pilot import Pilot
from textual.widgets import Static

from reader import labels
from reader.app import RubriqueApp
from reader.state import ReaderState, state_path_for
from reader.widgets.article_list import ArticleList
from reader.widgets.corpus_header import CorpusHeader


class SlowIndexLibrary(FrozenLibrary):
    """Answers from its catalog at once (`glance`); everything the index answers waits for
    `opened` to be set."""

    def __init__(self, index_dir: Path, opened: threading.Event) -> None:
        super().__init__(index_dir)
        self.opened = opened

    def get(self, ref: str, ranked: bool = True) -> Any:
        self.opened.wait(30)
        return super().get(ref, ranked)

    def count(self) -> int:
        self.opened.wait(30)
        return super().count()


class SlowIndexApp(RubriqueApp):
    def __init__(self, index_dir: Path, opened: threading.Event) -> None:
        super().__init__(SAMPLES, index_dir)
        self.opened = opened

    def make_library(self) -> SlowIndexLibrary:  # type: ignore[override]
        assert self.index_dir is not None
        return SlowIndexLibrary(self.index_dir, self.opened)


def left_open(index_dir: Path, article_id: str) -> None:
    state = ReaderState.load(state_path_for(index_dir))
    state.last_article = article_id
    state.save()


async def wait_for_title(pilot: Pilot[None], title: str) -> None:
    for _ in range(400):
        await pilot.pause(0.01)
        if shown_title(pilot.app) == title:  # type: ignore[arg-type]
            return
    raise AssertionError(f"{title!r} never showed")


async def test_list_and_last_article_title_show_before_the_index_opens(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    summaries = FrozenLibrary(index_dir).articles()
    chosen = summaries[3]
    left_open(index_dir, chosen.id)
    opened = threading.Event()
    app = SlowIndexApp(index_dir, opened)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_title(pilot, chosen.title)
        screen = main_screen(app)
        body = screen.query_one("#article-body", Static)
        assert list_ids(app) == [summary.id for summary in summaries]
        assert screen.query_one(ArticleList).highlighted_id == chosen.id
        assert text_of(body) == ""  # its text waits for the index
        # The header counts the catalog's articles meanwhile, never "0 articles".
        header = text_of(screen.query_one(CorpusHeader))
        assert labels.articles(len(summaries)) in header and "opening" in header
        opened.set()
        await settle(pilot)
        assert screen.current_id == chosen.id
        assert shown_title(app) == chosen.title
        assert text_of(body) != ""
        assert screen.query_one(ArticleList).highlighted_id == chosen.id


async def test_a_last_article_gone_from_the_index_gives_way_to_the_first(
    tmp_path: Path,
) -> None:
    index_dir = tmp_path / "index"
    summaries = FrozenLibrary(index_dir).articles()
    left_open(index_dir, "no-longer-there")
    opened = threading.Event()
    opened.set()
    app = SlowIndexApp(index_dir, opened)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert shown_title(app) == summaries[0].title
        assert main_screen(app).query_one(ArticleList).highlighted == 0
        assert not [n for n in app._notifications if "no longer" in str(n.message)]
