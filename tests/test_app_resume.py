"""Last time's article shows before the list is read: reading the whole list is what takes
seconds in a big corpus, and the reader should not wait for it to go on reading."""

from __future__ import annotations

import threading
from pathlib import Path

from frozen_library import SAMPLES, FrozenLibrary
from reader_pilot import SIZE, list_ids, main_screen, settle, shown_title
from textual.pilot import Pilot

from index.models import Summary
from reader.app import RubriqueApp
from reader.state import ReaderState, state_path_for
from reader.widgets.article_list import ArticleList


class SlowListLibrary(FrozenLibrary):
    """Answers at once, except the whole list, which waits for `listed` to be set."""

    def __init__(self, index_dir: Path, listed: threading.Event) -> None:
        super().__init__(index_dir)
        self.listed = listed

    def articles(self, order: str = "date") -> list[Summary]:
        self.listed.wait(30)
        return super().articles(order)


class SlowListApp(RubriqueApp):
    def __init__(self, index_dir: Path, listed: threading.Event) -> None:
        super().__init__(SAMPLES, index_dir)
        self.listed = listed

    def make_library(self) -> SlowListLibrary:  # type: ignore[override]
        assert self.index_dir is not None
        return SlowListLibrary(self.index_dir, self.listed)


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


async def test_last_article_shows_while_the_list_is_still_being_read(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    summaries = FrozenLibrary(index_dir).articles()
    chosen = summaries[3]
    left_open(index_dir, chosen.id)
    listed = threading.Event()
    app = SlowListApp(index_dir, listed)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_title(pilot, chosen.title)
        assert list_ids(app) == []  # the list has not come yet
        listed.set()
        await settle(pilot)
        assert list_ids(app) == [summary.id for summary in summaries]
        assert main_screen(app).query_one(ArticleList).highlighted_id == chosen.id
        assert shown_title(app) == chosen.title


async def test_a_last_article_gone_from_the_index_gives_way_to_the_first(
    tmp_path: Path,
) -> None:
    index_dir = tmp_path / "index"
    summaries = FrozenLibrary(index_dir).articles()
    left_open(index_dir, "no-longer-there")
    listed = threading.Event()
    listed.set()
    app = SlowListApp(index_dir, listed)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert shown_title(app) == summaries[0].title
        assert main_screen(app).query_one(ArticleList).highlighted == 0
        assert not [n for n in app._notifications if "no longer" in str(n.message)]
