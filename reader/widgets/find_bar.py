"""The in-article find field under the article pane (ctrl+f)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from reader.widgets.text import plain


class FindBar(Horizontal):
    """Typing finds; Enter goes back to reading with the matches kept (n/N step through
    them); Escape ends the find."""

    BINDINGS = [Binding("escape", "leave", "End find")]

    @dataclass
    class Changed(Message):
        text: str

    class Submitted(Message):
        """Back to the article, keeping the matches."""

    class Left(Message):
        """End the find."""

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Find in this article", id="find-input", compact=True)
        yield Static(Content(""), id="find-status")

    @property
    def input(self) -> Input:
        return self.query_one("#find-input", Input)

    def open(self) -> None:
        self.display = True
        self.screen.set_focus(self.input)

    def set_status(self, position: int | None, count: int, text: str) -> None:
        if not text:
            status = Content("")
        elif count == 0:
            status = plain("no match", "$error")
        else:
            where = f"{position + 1} of {count}" if position is not None else f"{count} matches"
            status = plain(f"{where} · n/N next/previous · Esc ends", "dim")
        self.query_one("#find-status", Static).update(status)

    @on(Input.Changed, "#find-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted, "#find-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted())

    def action_leave(self) -> None:
        self.post_message(self.Left())
