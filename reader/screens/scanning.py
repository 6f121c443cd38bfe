"""The background scan: start it, show its progress, refresh what it changed, stop it.

The scan runs in a daemon thread of its own (see `Scanning.scan`) and reports through
messages that a newer report may replace, so a fast scan never floods the UI.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Collection
from dataclasses import dataclass

from textual import on, work
from textual.message import Message

from index.library import IndexBusy, IndexUnwritable, shown_path
from index.models import Document, ScanProgress, ScanReport
from reader import labels
from reader.screens.listings import Listings
from reader.widgets.scan_status import ScanStatus

REFRESH_DELAY = 0.5
"""Seconds between list refreshes while a scan reports new articles."""
REFRESH_DELAY_PER_ARTICLE = 1 / 20_000
"""Reloading the list reads the whole catalog again: less often as the corpus grows."""


class Scanning(Listings):
    @dataclass
    class ScanProgressed(Message):
        """Posted from the scan thread; a report without new ids may be superseded."""

        progress: ScanProgress

        def can_replace(self, message: Message) -> bool:
            return (
                isinstance(message, Scanning.ScanProgressed)
                and not message.progress.changed
            )

    def __init__(self) -> None:
        super().__init__()
        self.scanning = False
        self.scan_report: ScanReport | None = None
        self._pending_changes: set[str] = set()
        self._refresh_scheduled = False
        self._scan_stop = threading.Event()
        self._scan_thread: threading.Thread | None = None
        """The scan's own thread; it may outlive a quit by the length of a commit."""

    def start_scan(self, rebuild: bool = False, paths: Collection[str] | None = None) -> None:
        """`paths`: only these changed (the folder watcher says which); else walk it all."""
        if self.library is None or self.scanning:
            return
        self.scanning = True
        self.query_one(ScanStatus).start()
        self.scan(rebuild, paths)

    @work(exit_on_error=False, group="scan", exclusive=True, name="update the index")
    async def scan(self, rebuild: bool, paths: Collection[str] | None = None) -> None:
        """Run the scan in a daemon thread of its own and wait for it here.

        Not a thread worker: Textual joins those threads when the app exits, and a scan
        stopped mid-batch still commits what it has analysed (seconds for a big batch), so
        quitting would wait for it. Cancelling this worker (quitting does) stops the scan at
        the next file; the process then exits without waiting for that last commit, which
        leaves the index as of its previous commit (the table of contents is written last).
        """
        assert self.library is not None
        library = self.library
        loop = asyncio.get_running_loop()
        outcome: asyncio.Future[tuple[ScanReport, int, dict[str, int]] | Exception] = (
            loop.create_future()
        )
        stop = self._scan_stop = threading.Event()

        def progress(report: ScanProgress) -> None:
            if not stop.is_set():
                self.post_message(self.ScanProgressed(report))

        def settle(result: object, error: BaseException | None) -> None:
            if outcome.done():
                return
            if error is not None:
                outcome.set_exception(error)
            else:
                outcome.set_result(result)  # type: ignore[arg-type]

        def run() -> None:
            result: tuple[ScanReport, int, dict[str, int]] | Exception | None = None
            error: BaseException | None = None
            try:
                report = library.scan(progress, rebuild=rebuild, cancelled=stop.is_set,
                                      paths=paths)
                result = (report, library.count(), library.languages())
            except (IndexBusy, IndexUnwritable) as blocked:  # the index as it is still reads
                result = blocked
            except Exception as failure:  # reported by the worker, like any worker failure
                error = failure
            with contextlib.suppress(RuntimeError):  # the app has gone: nobody to tell
                loop.call_soon_threadsafe(settle, result, error)

        self._scan_thread = threading.Thread(target=run, name="rubrique-scan", daemon=True)
        self._scan_thread.start()
        try:
            result = await outcome
        except asyncio.CancelledError:
            stop.set()
            raise
        if isinstance(result, Exception):
            self._scan_blocked(result)
        else:
            self._scan_done(*result)

    def stop_scan(self) -> None:
        """Stop the scan at the next file and stop waiting for it."""
        self._scan_stop.set()
        self.workers.cancel_group(self, "scan")

    @on(ScanProgressed)
    def _scan_progressed(self, event: ScanProgressed) -> None:
        self.query_one(ScanStatus).advance(event.progress)
        if event.progress.changed:
            self._pending_changes.update(event.progress.changed)
            if not self._refresh_scheduled:
                self._refresh_scheduled = True
                rows = len(self.article_list.rows)
                self.set_timer(REFRESH_DELAY + rows * REFRESH_DELAY_PER_ARTICLE,
                               self._refresh_after_changes)

    def _refresh_after_changes(self) -> None:
        self._refresh_scheduled = False
        changed, self._pending_changes = self._pending_changes, set()
        self.reload_after_scan(changed)

    @work(thread=True, exit_on_error=False, group="scan-refresh", exclusive=True)
    def reload_after_scan(self, changed: set[str]) -> None:
        assert self.library is not None
        count, languages = self.library.count(), self.library.languages()
        self._deliver(self._show_header, count, languages)
        if self.listing.kind in ("all", "bookmarks"):
            self._deliver(self._refresh_listing)
        if self.current_id is not None and self.current_id in changed:
            document: Document | None = self.library.get(self.current_id)
            if document is not None:
                self._deliver(self._refresh_document, document)

    def _refresh_listing(self) -> None:
        """Reload the list in place; the reader's cursor stays where it was. Only when the
        reader is not on the way to another list (a search typed during the scan wins)."""
        if self.wanted == self.listing and self.listing.kind in ("all", "bookmarks"):
            self.show_listing(self.listing, keep=self.article_list.highlighted_id, record=False)

    def _scan_done(self, report: ScanReport, count: int, languages: dict[str, int]) -> None:
        self.scan_report = report
        self._scan_finished()
        problems = [f"{len(report.skipped)} skipped"] if report.skipped else []
        if report.warnings:
            problems.append(labels.counted(len(report.warnings), "warning"))
        self.status_note = "last scan: " + ", ".join(problems) if problems else ""
        self._show_header(count, languages)
        for note in report.notes:
            self.notify(note, title="Index mended", markup=False)
        if report.indexed or report.updated or report.removed:
            self.reload_after_scan(set(self._pending_changes) | {self.current_id or ""})
            self.notify(
                f"{report.indexed} new, {report.updated} updated, {report.removed} removed "
                f"in {report.seconds:.1f} s",
                title="Index up to date", markup=False,
            )
        if report.skipped:
            first = report.skipped[0]
            self.notify(
                _first_of(labels.counted(len(report.skipped), "file") + " skipped",
                          len(report.skipped), f"{shown_path(first.path)}: {first.reason}"),
                severity="warning", markup=False,
            )
        if report.warnings:
            path, message = report.warnings[0]
            self.notify(
                _first_of(labels.counted(len(report.warnings), "warning"),
                          len(report.warnings), f"{shown_path(path)}: {message}"),
                title="Read with warnings", severity="warning", markup=False,
            )
        if report.rebuilt_because:
            self.notify(f"Index rebuilt: {report.rebuilt_because}", markup=False)

    def _scan_blocked(self, error: Exception) -> None:
        """The index could not be written (another scan at work, a read-only or full
        folder): say so in one line and go on reading what it holds."""
        self._scan_finished()
        busy = isinstance(error, IndexBusy)
        self.status_note = (
            "not updated: another process is indexing" if busy
            else "not updated: the index folder cannot be written"
        )
        self._show_header(*self.header_counts)
        message = str(error)
        self.notify(f"{message[:1].upper()}{message[1:]}. Showing what the index holds.",
                    title="Index not updated", severity="warning", markup=False)

    def _scan_finished(self) -> None:
        self.scanning = False
        self.query_one(ScanStatus).finish()


def _first_of(count: str, number: int, first: str) -> str:
    """"1 warning: a.md: …" or "3 warnings, e.g. a.md: …"."""
    return f"{count}: {first}" if number == 1 else f"{count}, e.g. {first}"
