"""The first run on a new corpus: the list fills while the background scan runs."""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from reader_pilot import (
    SIZE,
    list_caption,
    list_ids,
    main_screen,
    make_app,
    settle,
    shown_title,
    small_corpus,
    text_of,
)
from textual.app import App
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.pilot import Pilot
from textual.widgets import Static
from textual.worker import WorkerState

from index.library import IndexBusy, IndexUnwritable, Library
from index.models import ScanProgress, ScanReport
from reader.app import RubriqueApp
from reader.history import Listing
from reader.screens.main import MainScreen
from reader.state import state_path_for
from reader.widgets.scan_status import ScanStatus


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
        # The article on screen is the highlighted row, wherever the refreshes left it: a
        # refresh keeps the reader's article (on a loaded machine the first refresh may come
        # before every article is indexed, and the top of the list then changes under it).
        highlighted = main_screen(app).article_list.highlighted_id
        assert shown_title(app) == next(s.title for s in expected if s.id == highlighted)
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
        paths: object = None,
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


def record_notifications(app: App[None]) -> list[tuple[str, str, str]]:
    """(title, message, severity) of each notification the app is asked to show, oldest first,
    kept even after the toast has timed out (under load a toast can expire before the test
    looks at the screen)."""
    seen: list[tuple[str, str, str]] = []
    original = app.notify

    def notify(message: str, *, title: str = "", severity: SeverityLevel = "information",
               **options: Any) -> None:
        seen.append((title, str(message), severity))
        original(message, title=title, severity=severity, **options)

    app.notify = notify  # type: ignore[method-assign]
    return seen


async def notified(
    pilot: Pilot[None], title: str, seen: list[tuple[str, str, str]]
) -> list[tuple[str, str, str]]:
    """The notifications recorded so far, once one titled `title` is among them: a
    notification is a message to the app, handled after the screen that sent it has settled."""
    for _ in range(200):
        if any(shown_title == title for shown_title, _, _ in seen):
            break
        await pilot.pause(0.05)
    return list(seen)


def header_text(app: RubriqueApp) -> str:
    return text_of(main_screen(app).query_one("#header", Static))


async def test_the_scan_says_what_reading_worked_around(tmp_path: Path) -> None:
    corpus = tmp_path / "news"
    corpus.mkdir()
    (corpus / "harbour.md").write_text(
        "---\ntitle: Harbour reopens\n---\nThe harbour reopened on Monday.\n", encoding="utf-8"
    )
    (corpus / "council.md").write_text(  # a quote never closed: YAML cannot read it
        '---\ntitle: Council votes\nauthor: "Jane Doe\n---\nThe council voted.\n',
        encoding="utf-8",
    )
    app = make_app(corpus, tmp_path / "index")
    seen = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause(0.7)
        await settle(pilot)
        assert "2 articles" in header_text(app)
        assert "last scan: 1 warning" in header_text(app)
        warned = [n for n in await notified(pilot, "Read with warnings", seen)
                  if n[0] == "Read with warnings"]
        assert len(warned) == 1 and warned[0][2] == "warning"
        assert warned[0][1].startswith("1 warning: council.md: front matter")


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (IndexUnwritable("cannot write the index at /x: Read-only file system"),
         "not updated: the index folder cannot be written"),
        (IndexBusy("the index at /x is being updated by another process (process 42); "
                   "try again when it has finished"),
         "not updated: another process is indexing"),
    ],
)
async def test_an_index_the_scan_cannot_write_is_one_line_and_the_reader_goes_on(
    sample_corpus: Path,
    app_index: Path,
    monkeypatch: pytest.MonkeyPatch,
    error: Exception,
    status: str,
) -> None:
    def blocked_scan(self: Library, *args: object, **kwargs: object) -> ScanReport:
        raise error

    monkeypatch.setattr(Library, "scan", blocked_scan)
    count = Library(sample_corpus, app_index).count()
    app = make_app(sample_corpus, app_index)
    seen = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert not screen.scanning and not screen.query_one(ScanStatus).display
        assert status in header_text(app) and f"{count} articles" in header_text(app)
        shown = await notified(pilot, "Index not updated", seen)
        assert [title for title, _, _ in shown] == ["Index not updated"]
        _, message, severity = shown[0]
        assert message == f"{str(error)[0].upper()}{str(error)[1:]}. Showing what the index holds."
        assert severity == "warning" and "\n" not in message
        assert len(list_ids(app)) == count  # the reader goes on with what the index holds
        first = shown_title(app)
        await pilot.press("n")
        await settle(pilot)
        assert shown_title(app) != first


async def test_what_a_scan_mended_is_told(
    sample_corpus: Path, app_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = "took over the lock of /x from process 42, which died mid-scan"

    def mending_scan(self: Library, *args: object, **kwargs: object) -> ScanReport:
        return ScanReport(indexed=0, updated=0, removed=0, skipped=(), seconds=0.0,
                          notes=(note,))

    monkeypatch.setattr(Library, "scan", mending_scan)
    app = make_app(sample_corpus, app_index)
    seen = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert ("Index mended", note, "information") in await notified(pilot, "Index mended", seen)


async def test_a_file_name_that_is_not_utf8_is_shown_with_a_replacement_character(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "news"
    corpus.mkdir()
    name = os.fsdecode(b"caf\xe9.txt")  # Latin-1 bytes: not a UTF-8 name
    (corpus / name).write_text("Harbour reopens\n\nThe harbour reopened on Monday.\n",
                               encoding="utf-8")
    index_dir = tmp_path / "index"
    Library(corpus, index_dir).scan()
    app = make_app(corpus, index_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert shown_title(app) == "Harbour reopens"
        byline = text_of(main_screen(app).query_one("#article-meta", Static))
        assert "caf\ufffd.txt" in byline
        assert "\\" not in byline
