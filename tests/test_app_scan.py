"""The first run on a new corpus: the list fills while the background scan runs."""

from __future__ import annotations

import shutil
from pathlib import Path

from reader_pilot import (
    SIZE,
    list_caption,
    list_ids,
    main_screen,
    make_app,
    settle,
    shown_title,
    text_of,
)
from textual.message import Message
from textual.widgets import Static

from index.library import Library
from reader.history import Listing
from reader.screens.main import MainScreen
from reader.widgets.scan_status import ScanStatus


def small_corpus(sample_corpus: Path, tmp_path: Path, count: int = 5) -> Path:
    corpus = tmp_path / "news"
    corpus.mkdir()
    for path in sorted(sample_corpus.glob("*.md"))[:count]:
        shutil.copy(path, corpus / path.name)
    return corpus


async def test_a_new_corpus_is_indexed_in_the_background_and_listed(
    sample_corpus: Path, tmp_path: Path
) -> None:
    corpus = small_corpus(sample_corpus, tmp_path)
    index_dir = tmp_path / "index"
    progress: list[MainScreen.ScanProgressed] = []

    def record(message: Message) -> None:
        if isinstance(message, MainScreen.ScanProgressed):
            progress.append(message)

    app = make_app(corpus, index_dir)
    async with app.run_test(size=SIZE, message_hook=record) as pilot:
        await settle(pilot)
        await pilot.pause(0.7)  # the list refresh that follows the last progress report
        await settle(pilot)
        library = Library(corpus, index_dir)
        expected = library.articles("date")
        assert len(expected) == 5
        assert list_ids(app) == [summary.id for summary in expected]
        assert shown_title(app) == expected[0].title
        header = text_of(main_screen(app).query_one("#header", Static))
        assert "5 articles" in header
        assert not main_screen(app).query_one(ScanStatus).display
        assert any(message.progress.changed for message in progress)
        assert progress[-1].progress.done == progress[-1].progress.total


async def test_new_files_appear_on_the_next_start(sample_corpus: Path, tmp_path: Path) -> None:
    corpus = small_corpus(sample_corpus, tmp_path, count=2)
    index_dir = tmp_path / "index"
    Library(corpus, index_dir).scan()
    extra = sorted(sample_corpus.glob("*.txt"))[0]
    shutil.copy(extra, corpus / extra.name)
    app = make_app(corpus, index_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause(0.7)
        await settle(pilot)
        assert len(list_ids(app)) == 3


async def test_quitting_during_the_first_scan_stops_it(
    sample_corpus: Path, tmp_path: Path
) -> None:
    app = make_app(sample_corpus, tmp_path / "index")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q")
    assert not app.is_running


async def test_a_list_refresh_from_the_scan_never_replaces_a_search(
    sample_corpus: Path, app_index: Path
) -> None:
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.show_listing(Listing("search", query="stargate"))  # its worker is on its way
        screen._refresh_listing()  # what the scan's refresh timer does
        await settle(pilot)
        assert list_caption(app).startswith("Search “stargate”")
