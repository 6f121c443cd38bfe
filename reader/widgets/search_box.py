"""The search field above the list, with a line for query errors and did-you-mean."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from reader.widgets.text import plain


class SearchBox(Vertical):
    """Hidden until `/`; every change asks for a search, Enter opens, Escape leaves."""

    BINDINGS = [
        Binding("escape", "leave", "Leave search"),
        Binding("down", "to_results", "Results", show=False),
    ]

    @dataclass
    class Changed(Message):
        query: str

    @dataclass
    class Submitted(Message):
        query: str

    class Left(Message):
        """The reader left the search (Escape)."""

    class ToResults(Message):
        """The reader wants to move into the results."""

    def compose(self) -> ComposeResult:
        yield Input(
            placeholder='Search: words, "a phrase", tag:…, person:…, lang:fr',
            id="search-input",
            compact=True,
        )
        yield Static(Content(""), id="search-status")

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    def open(self, query: str | None = None) -> None:
        self.display = True
        if query is not None:
            with self.input.prevent(Input.Changed):
                self.input.value = query
        # Focus now rather than after the queued events: keys typed right after `/`
        # (a fast typist, a paste, a busy screen) must land in the field.
        self.screen.set_focus(self.input)

    def set_status(self, message: str = "", *, suggestion: str | None = None,
                   error: bool = False) -> None:
        """Say what went wrong or what might have been meant, on the line below the field."""
        status = self.query_one("#search-status", Static)
        if suggestion:
            content = Content("Did you mean ") + plain(suggestion, "bold $accent") + Content("?")
            if message:
                content = plain(message + " ") + content
        else:
            content = plain(message, "$error" if error else "dim")
        status.update(content)
        status.display = bool(content)

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(event.value))

    def action_leave(self) -> None:
        self.post_message(self.Left())

    def action_to_results(self) -> None:
        self.post_message(self.ToResults())
