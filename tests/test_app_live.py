"""The live library: files written into the open folder show up in the running app, and the
fetch key fills the folder from the feeds (a local server), one toast per failed feed."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from reader_pilot import SIZE, list_ids, main_screen, make_app, settle, small_corpus
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot

from reader.app import RubriqueApp
from reader.watch import FolderWatcher, snapshot
from reader.widgets.article_list import ArticleList
from tests.feed_server import FeedServer, Route, rss
from tests.test_feeds import items

NEW_ARTICLE = """---
title: Un article arrivé pendant la lecture
date: 2026-11-30
---

Ce texte a été écrit dans le dossier pendant que le lecteur était ouvert.
"""


@pytest.fixture(autouse=True)
def fast_polling(monkeypatch: pytest.MonkeyPatch, feeds_config: Path) -> None:
    monkeypatch.setenv("RUBRIQUE_WATCH", "poll:0.1")


def titles(app: RubriqueApp) -> list[str]:
    article_list = main_screen(app).query_one(ArticleList)
    return [article_list.row_text(index) for index in range(len(article_list.rows))]


async def wait_for(pilot: Pilot[None], condition: object, seconds: float = 10.0) -> bool:
    for _ in range(int(seconds / 0.1)):
        if callable(condition) and condition():
            return True
        await pilot.pause(0.1)
    return False


def test_polling_sees_new_changed_and_deleted_files(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# A\n\ntext")
    (tmp_path / ".hidden.md").write_text("# H\n\ntext")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    before = snapshot(tmp_path)
    assert list(before) == [str(tmp_path / "a.md")]
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("# B\n\ntext")
    assert set(snapshot(tmp_path)) == {str(tmp_path / "a.md"), str(tmp_path / "sub" / "b.md")}
    (tmp_path / "a.md").unlink()
    assert list(snapshot(tmp_path)) == [str(tmp_path / "sub" / "b.md")]
    assert FolderWatcher(tmp_path, lambda _: None, "poll:0.25").interval == 0.25
    assert FolderWatcher(tmp_path, lambda _: None, "off").mode == "off"


async def test_files_written_into_the_open_folder_and_fetched_feeds_appear(
    sample_corpus: Path, tmp_path: Path, server: FeedServer
) -> None:
    """One app for both (building its first index is most of the time): a file written by
    another program appears, and goes, without moving the reader; then the fetch key."""
    from index.feeds import subscriptions

    server.routes["/good.xml"] = Route(rss("Good News", items("good", 2)))
    subscriptions.add(server.url("/good.xml"))
    subscriptions.add(server.url("/gone.xml"))
    corpus = small_corpus(sample_corpus, tmp_path, count=3)
    app = make_app(corpus, tmp_path / "index")
    toasts: list[tuple[str, str]] = []

    def record(message: Message) -> None:  # toasts expire: keep every one shown
        if isinstance(message, Notify):
            toasts.append((message.notification.title, str(message.notification.message)))

    async with app.run_test(size=SIZE, message_hook=record) as pilot:
        await settle(pilot)
        assert await wait_for(pilot, lambda: len(list_ids(app)) == 3)
        assert app.live.watcher is not None and app.live.watcher.backend == "polling"
        screen = main_screen(app)
        await pilot.press("j")
        reading, highlighted = screen.current_id, screen.article_list.highlighted_id
        assert highlighted is not None

        (corpus / "arrivee.md").write_text(NEW_ARTICLE, encoding="utf-8")
        assert await wait_for(
            pilot, lambda: any("arrivé pendant la lecture" in t for t in titles(app))
        ), titles(app)
        assert screen.current_id == reading
        assert screen.article_list.highlighted_id == highlighted

        (corpus / "arrivee.md").unlink()
        assert await wait_for(pilot, lambda: len(list_ids(app)) == 3), titles(app)
        assert screen.article_list.highlighted_id == highlighted

        await pilot.press("R")
        assert await wait_for(
            pilot, lambda: sum("good story" in t for t in titles(app)) == 2
        ), titles(app)
        assert ("Feed not fetched", f"{server.url('/gone.xml')}: HTTP 404 Not Found") in toasts
        assert ("Feeds fetched", "2 new articles, 0 unchanged, 1 failed") in toasts
        assert screen.current_id == reading
    assert len(list((corpus / "good-news").glob("*.md"))) == 2


def test_watchfiles_backend_reports_article_files_and_folders_moved_in(
    tmp_path: Path,
) -> None:
    pytest.importorskip("watchfiles")
    import queue

    library, elsewhere = tmp_path / "library", tmp_path / "elsewhere"
    library.mkdir()
    (elsewhere / "feed").mkdir(parents=True)
    (elsewhere / "feed" / "entry.md").write_text("# Entry\n\ntext")
    seen: queue.Queue[frozenset[str] | None] = queue.Queue()
    watcher = FolderWatcher(library, seen.put, "auto")
    watcher.start()
    try:
        assert watcher.backend == "watchfiles"
        for _ in range(20):  # the OS watch is set up by the watcher's thread
            (library / "notes.pdf").write_bytes(b"%PDF")
            with contextlib.suppress(queue.Empty):
                seen.get(timeout=0.1)
                pytest.fail("a PDF was reported")
        (library / "story.md").write_text("# Story\n\ntext")
        assert seen.get(timeout=5) == {str(library / "story.md")}
        (elsewhere / "feed").rename(library / "feed")  # its file makes no event of its own
        assert seen.get(timeout=5) == {str(library / "feed")}
    finally:
        watcher.stop()


def test_polling_reports_the_paths_that_changed(tmp_path: Path) -> None:
    import queue

    (tmp_path / "kept.md").write_text("# Kept\n\ntext")
    (tmp_path / "gone.md").write_text("# Gone\n\ntext")
    seen: queue.Queue[frozenset[str] | None] = queue.Queue()
    watcher = FolderWatcher(tmp_path, seen.put, "poll:0.05")
    watcher.start()
    try:
        for size in range(1, 100):  # the first look is taken in the watcher's thread
            (tmp_path / "kept.md").write_text("# Kept\n\n" + "text" * size)
            with contextlib.suppress(queue.Empty):
                assert seen.get(timeout=0.2) == {str(tmp_path / "kept.md")}
                break
        (tmp_path / "gone.md").unlink()
        (tmp_path / "sub").mkdir()
        (tmp_path / "sub" / "new.md").write_text("# New\n\ntext")
        wanted = {str(tmp_path / "gone.md"), str(tmp_path / "sub" / "new.md")}
        reported: set[str] = set()
        while reported != wanted:  # one batch, or two if a look fell between the changes
            batch = seen.get(timeout=5)
            kept = {str(tmp_path / "kept.md")}  # a late look at the last write above
            assert batch is not None and batch <= wanted | kept
            reported |= batch - kept
    finally:
        watcher.stop()
