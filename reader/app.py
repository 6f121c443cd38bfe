"""The Textual application."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class RubriqueApp(App[None]):
    TITLE = "Rubrique"

    def __init__(self, corpus: Path) -> None:
        super().__init__()
        self.corpus = corpus

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"Opening {self.corpus}", markup=False)
        yield Footer()
