"""The first run on a new corpus: the list fills while the background scan runs."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
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
from textual.worker import WorkerState

from index.library import Library
from index.models import ScanProgress, ScanReport
from reader.history import Listing
from reader.screens.main import MainScreen
from reader.state import state_path_for
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


async def test_quitting_stops_a_running_scan_and_writes_the_state(
    sample_corpus: Path, app_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """q tells the scan to stop, leaves without waiting for its last commit, and the state
    file is on disk (written whole) once the app is gone."""
    told_to_stop = threading.Event()
    commit_may_end = threading.Event()

    def long_scan(
        self: Library,
        progress: Callable[[ScanProgress], None] | None = None,
        *,
        rebuild: bool = False,
        cancelled: Callable[[], bool] | None = None,
    ) -> ScanReport:
        assert cancelled is not None
        while not cancelled():
            told_to_stop.wait(0.01)
        told_to_stop.set()
        commit_may_end.wait(10)  # a stopped scan still commits what it analysed
        return ScanReport(indexed=0, updated=0, removed=0, skipped=(), seconds=0.0)

    monkeypatch.setattr(Library, "scan", long_scan)
    app = make_app(sample_corpus, app_index)
    state_file = state_path_for(app_index)
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        for _ in range(200):
            await pilot.pause(0.02)
            if screen.current_id is not None and screen.scanning:
                break
        shown = screen.current_id
        assert shown is not None and screen.scanning
        scan_worker = next(worker for worker in app.workers if worker.group == "scan")
        state_file.unlink()  # written when the article opened; quitting must write it again
        await pilot.press("q")
    assert not app.is_running
    assert told_to_stop.wait(10)
    assert scan_worker.is_cancelled and scan_worker.state == WorkerState.CANCELLED
    scan_thread = screen._scan_thread
    assert scan_thread is not None and scan_thread.is_alive()  # the app did not wait for it
    commit_may_end.set()
    scan_thread.join(10)
    saved = json.loads(state_file.read_text(encoding="utf-8"))
    assert saved["last_article"] == shown
    assert shown in saved["read"]
    leftovers = [path.name for path in state_file.parent.glob(f".{state_file.name}.*")]
    assert leftovers == []


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
