"""The indexing line above the footer: what the background scan is doing, with a bar."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ProgressBar, Static

from index.library import shown_path
from index.models import ScanProgress
from reader.widgets.text import plain


class ScanStatus(Horizontal):
    """Shown while a scan runs; hidden when it ends."""

    def compose(self) -> ComposeResult:
        yield Static(Content("Checking for new articles…"), id="scan-label")
        yield ProgressBar(total=None, show_eta=False, id="scan-bar")

    def start(self) -> None:
        self.display = True
        self.query_one("#scan-label", Static).update(Content("Checking for new articles…"))
        self.query_one(ProgressBar).update(total=None, progress=0)

    def advance(self, progress: ScanProgress) -> None:
        label = f"Indexing {progress.done}/{progress.total}"
        if progress.path:
            label += f"  {shown_path(progress.path)}"
        self.query_one("#scan-label", Static).update(plain(label))
        self.query_one(ProgressBar).update(total=max(progress.total, 1), progress=progress.done)

    def finish(self) -> None:
        self.display = False
