"""The indexing line above the footer: what the background scan is doing, with a bar."""

from __future__ import annotations

from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ProgressBar, Static

from index.library import shown_path
from index.models import ScanProgress
from reader.widgets.text import plain


class ScanStatus(Horizontal):
    """Shown while a scan runs; hidden when it ends. Its label and bar are made when the
    first scan starts, after the first article is on screen: a progress bar takes ten
    milliseconds and more of the UI thread to compose, which the start would wait for."""

    def start(self) -> None:
        if not self.children:
            self.mount(Static(id="scan-label"), ProgressBar(show_eta=False, id="scan-bar"))
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
