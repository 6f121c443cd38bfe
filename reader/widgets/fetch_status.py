"""The line above the scan line while feeds are fetched: how far, and what the last said."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class FetchStatus(Static):
    DEFAULT_CSS = """
    FetchStatus {
        height: 1;
        padding: 0 1;
        background: $panel;
    }
    """

    def __init__(self, text: str) -> None:
        super().__init__(Content(text))

    def show(self, text: str) -> None:
        self.update(Content(text))
