"""A live library: notice article files that appear, change or go while the app runs.

`FolderWatcher` (no Textual) watches a folder with watchfiles (inotify, FSEvents, … through
its Rust `notify` backend) and falls back to polling `os.scandir` mtimes in a thread where
watchfiles is missing or cannot watch (inotify limits, some network folders). It says which
paths changed (article files, and folders that appeared or went); `LiveLibrary` waits for the
folder to be quiet and then runs the reading screen's scan limited to those paths, one at a
time (no walk of a 100,000-file folder for one new article), and fetches feeds on request.
A batch too large to trust (an event queue may have overflowed and lost some) asks for a
walk of the whole folder instead, as the rescan key and every start do.

$RUBRIQUE_WATCH chooses: "auto" (default), "poll" or "poll:SECONDS", or "off".
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from index.readers import is_article_file

if TYPE_CHECKING:
    from index.feeds import FeedResult, FetchProgress, Subscription
    from reader.app import RubriqueApp

WATCH_ENV = "RUBRIQUE_WATCH"
POLL_INTERVAL = 2.0
"""Seconds between two looks at the folder when polling."""
QUIET_BEFORE_SCAN = 0.8
"""Seconds without a new change before the scan starts: a fetch writing 50 files is one scan."""
DEBOUNCE = 0.4
"""Seconds watchfiles gathers events into one batch."""
RETRY_WHILE_BUSY = 0.5
PATHS_MAX = 2_000
"""More changed paths than this in one batch, and the scan walks the whole folder instead: a
burst that large may have overflowed the OS's event queue (inotify drops events then, and
watchfiles does not say so), and a walk costs about a second at 100,000 files."""

Snapshot = dict[str, tuple[int, int]]
Changed = Callable[[frozenset[str] | None], None]
"""Told the absolute paths that changed, or None when only a walk of the folder can tell."""


class FolderWatcher:
    """Calls `on_change(paths)` from its own thread when article files under `folder` change
    (`Changed`)."""

    def __init__(self, folder: Path, on_change: Changed,
                 mode: str | None = None) -> None:
        self.folder = folder
        self.on_change = on_change
        self.mode, self.interval = _mode(mode if mode is not None else
                                         os.environ.get(WATCH_ENV, "auto"))
        self.backend = "off"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start watching in a thread of its own (watchfiles is imported there, not by the
        caller: the app calls this from its UI thread)."""
        if self.mode == "off" or not self.folder.is_dir():
            return
        self.backend = "polling" if self.mode == "poll" else "watchfiles"
        self._thread = threading.Thread(target=self._run, name="rubrique-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        if self.backend == "watchfiles" and not _has_watchfiles():
            self.backend = "polling"
        if self.backend == "watchfiles":
            try:
                self._watch_events()
                return
            except Exception as error:  # inotify watch limit, an unsupported filesystem…
                logging.getLogger(__name__).info("watchfiles failed (%s): polling", error)
                self.backend = "polling"
        self._poll()

    def _watch_events(self) -> None:
        import watchfiles

        def wanted(change: watchfiles.Change, path: str) -> bool:
            return may_hold_articles(path)

        for changes in watchfiles.watch(
            self.folder, watch_filter=wanted, stop_event=self._stop, debounce=int(DEBOUNCE * 1000),
            step=100, rust_timeout=1000, yield_on_timeout=False, raise_interrupt=False,
        ):
            if self._stop.is_set():
                return
            self.on_change(_bounded({path for _, path in changes}))

    def _poll(self) -> None:
        before = snapshot(self.folder)
        while not self._stop.wait(self.interval):
            now = snapshot(self.folder)
            if now != before:
                changed = {path for path in before.keys() | now.keys()
                           if before.get(path) != now.get(path)}
                before = now
                self.on_change(_bounded(changed))


def may_hold_articles(path: str) -> bool:
    """Whether a change at `path` may change the library: an article file, or a folder that
    appeared (a folder moved in says nothing of its files), or anything that went (it may have
    been a folder). Other files (an editor's swap file, a PDF) are left alone."""
    if is_article_file(Path(path)):
        return True
    if os.path.basename(path).startswith("."):
        return False
    return os.path.isdir(path) or not os.path.lexists(path)


def _bounded(paths: set[str]) -> frozenset[str] | None:
    return frozenset(paths) if len(paths) <= PATHS_MAX else None


def snapshot(folder: Path) -> Snapshot:
    """Size and mtime of every article file under `folder` (hidden folders left out)."""
    found: Snapshot = {}
    pending = [str(folder)]
    while pending:
        current = pending.pop()
        with contextlib.suppress(OSError), os.scandir(current) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                with contextlib.suppress(OSError):
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(entry.path)
                    elif is_article_file(Path(entry.name)):
                        stat = entry.stat()
                        found[entry.path] = (stat.st_size, stat.st_mtime_ns)
    return found


def _mode(setting: str) -> tuple[str, float]:
    name, _, seconds = setting.strip().lower().partition(":")
    interval = POLL_INTERVAL
    if seconds:
        with contextlib.suppress(ValueError):
            interval = max(0.05, float(seconds))
    return (name if name in ("auto", "poll", "off") else "auto"), interval


def _has_watchfiles() -> bool:
    try:
        import watchfiles  # noqa: F401
    except ImportError:
        return False
    return True


class LiveLibrary:
    """The app's side: rescans after changes settle, never two at once; fetches feeds."""

    def __init__(self, app: RubriqueApp) -> None:
        self.app = app
        # Resolved as the Library resolves it: the scan takes the reported paths relative
        # to that folder, and a path under another spelling of it would make it walk.
        folder = app.corpus.expanduser().resolve() if app.corpus.is_dir() else None
        self.watcher = FolderWatcher(folder, self._changed_elsewhere) if folder else None
        self._dirty = False
        self._paths: set[str] | None = set()
        """What changed since the last scan started; None: walk the whole folder."""
        self._last_change = 0.0
        self._warming = False
        self._waiting = False
        self.fetching = False
        self._stopped = threading.Event()

    def start(self) -> None:
        if self.watcher is not None:
            self.watcher.start()

    def stop(self) -> None:
        self._stopped.set()
        if self.watcher is not None:
            self.watcher.stop()
        if self.app.library is not None:
            with contextlib.suppress(Exception):
                self.app.library.end_analysis()  # its analysis process

    # -- rescans --------------------------------------------------------------------------
    def _changed_elsewhere(self, paths: frozenset[str] | None) -> None:
        with contextlib.suppress(RuntimeError):  # the app has gone
            self.app.call_from_thread(self.changed, paths)

    def changed(self, paths: frozenset[str] | None = None) -> None:
        """Files changed (these `paths`, or unknown ones): scan once they have been quiet
        for a moment."""
        if paths is None or self._paths is None:
            self._paths = None
        else:
            self._paths.update(paths)
        self._warm_up()
        self._dirty = True
        self._last_change = time.monotonic()
        if not self._waiting:
            self._waiting = True
            self.app.set_timer(QUIET_BEFORE_SCAN, self._scan_when_ready)

    def _warm_up(self) -> None:
        """At the first change, load the analysis while the folder settles
        (QUIET_BEFORE_SCAN), in the library's analysis process (`index.live_worker`), started
        from a thread here: the scan then finds it ready. Not at start-up: an app whose
        folder never changes need not have that process at all."""
        library = self.app.library
        if self._warming or library is None:
            return
        self._warming = True

        def warm() -> None:
            with contextlib.suppress(Exception):  # the scan will load it, or say what failed
                library.expect_changes()

        threading.Thread(target=warm, name="rubrique-warm-up", daemon=True).start()

    def _scan_when_ready(self) -> None:
        from reader.screens.main import MainScreen

        screen = next((s for s in self.app.screen_stack if isinstance(s, MainScreen)), None)
        quiet_for = time.monotonic() - self._last_change
        if quiet_for < QUIET_BEFORE_SCAN:
            self.app.set_timer(QUIET_BEFORE_SCAN - quiet_for, self._scan_when_ready)
            return
        if screen is None or screen.library is None or screen.scanning:
            # Not open yet, or a scan at work (it may have started before these changes).
            self.app.set_timer(RETRY_WHILE_BUSY, self._scan_when_ready)
            return
        self._waiting = False
        if self._dirty:
            paths, self._paths = self._paths, set()
            self._dirty = False
            screen.start_scan(paths=paths)

    # -- fetching feeds -------------------------------------------------------------------
    def fetch(self) -> None:
        from reader.cli import DEFAULT_CORPUS

        corpus = self.app.corpus
        if self.fetching:
            self.app.notify("Feeds are being fetched already.", markup=False)
            return
        if not corpus.is_dir() or corpus.resolve() == DEFAULT_CORPUS.resolve():
            self.app.notify(
                "Open your own library folder to fetch feeds into it "
                "(rubrique FOLDER; `rubrique fetch FOLDER` from the shell).",
                title="Feeds not fetched", severity="warning", markup=False,
            )
            return
        from index.feeds.subscriptions import load

        subscribed = load()
        if not subscribed:
            self.app.notify("No feeds yet: `rubrique feeds add URL` in a shell.",
                            title="Feeds not fetched", severity="warning", markup=False)
            return
        self.fetching = True
        from reader.labels import counted

        self._show_status(f"Fetching {counted(len(subscribed), 'feed')}…")
        # A daemon thread, not a thread worker: Textual joins those when the app exits, and a
        # feed that does not answer would hold the quit for its whole timeout.
        threading.Thread(target=self._fetch_in_thread, args=(corpus, subscribed),
                         name="rubrique-fetch", daemon=True).start()

    def _fetch_in_thread(self, corpus: Path, subscribed: list[Subscription]) -> None:
        from index.feeds import fetch_feeds

        def progress(step: FetchProgress) -> None:
            with contextlib.suppress(RuntimeError):
                self.app.call_from_thread(self._progressed, step)

        try:
            results = fetch_feeds(corpus, subscribed, progress=progress,
                                  cancelled=self._stopped.is_set)
        except Exception as error:
            with contextlib.suppress(RuntimeError):
                self.app.call_from_thread(self._fetch_failed, error)
            return
        with contextlib.suppress(RuntimeError):
            self.app.call_from_thread(self._fetched, results)

    def _progressed(self, step: FetchProgress) -> None:
        from reader.cli_feeds import describe

        self._show_status(f"Fetching feeds {step.done}/{step.total} · {describe(step.result)}")
        if step.result.failed:
            self.app.notify(f"{step.result.name}: {step.result.error}",
                            title="Feed not fetched", severity="error", markup=False)

    def _fetched(self, results: list[FeedResult]) -> None:
        self.fetching = False
        self._show_status(None)
        new = sum(result.new for result in results)
        unchanged = sum(result.outcome == "unchanged" for result in results)
        failed = sum(result.failed for result in results)
        from reader.labels import counted

        self.app.notify(f"{counted(new, 'new article')}, {unchanged} unchanged, {failed} failed",
                        title="Feeds fetched", severity="warning" if failed else "information",
                        markup=False)
        if new:
            self.changed()

    def _fetch_failed(self, error: Exception) -> None:
        self.fetching = False
        self._show_status(None)
        self.app.notify(f"{type(error).__name__}: {error}", title="Feeds not fetched",
                        severity="error", markup=False)

    def _show_status(self, text: str | None) -> None:
        from reader.screens.main import MainScreen
        from reader.widgets.fetch_status import FetchStatus

        screen = next((s for s in self.app.screen_stack if isinstance(s, MainScreen)), None)
        if screen is None:
            return
        found = screen.query(FetchStatus)
        if text is None:
            found.remove()
            return
        if found:
            found.first().show(text)
        else:
            screen.mount(FetchStatus(text), before="#scan")
