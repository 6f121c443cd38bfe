"""What the screens and the command palette need from the application, as a Protocol.

Screens and palette providers type `self.app` as a `ReaderHost` instead of importing
`reader.app` (which imports them): the app depends on its parts, never the other way round.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from textual.message import Message

from index.library import Library
from index.models import Article
from reader.state import ReaderState

if TYPE_CHECKING:
    from textual.app import App


class ReaderHost(Protocol):
    """The application as its screens see it: the open Library and the reader's state."""

    library: Library | None
    state: ReaderState

    @property
    def corpus_name(self) -> str: ...

    def make_library(self) -> Library:
        """Open the Library (slow: called from a worker thread)."""
        ...

    def load_state(self, library: Library) -> ReaderState:
        """Read the state kept beside the library's index (from a worker thread)."""
        ...

    def attach(self, library: Library, state: ReaderState) -> None:
        """Take the opened Library and the state `load_state` read."""
        ...

    def watch_folder(self) -> None:
        """Start noticing files that change in the folder (once the list is on screen)."""
        ...

    def save_state(self) -> None: ...

    def open_source(self, article: Article) -> None: ...

    def post_to_reader(self, message: Message) -> None:
        """Hand a message (OpenArticle, OpenTopic, RunSearch) to the reading screen,
        from wherever it was asked for (the palette may sit above another screen)."""
        ...


def host(app: App[object]) -> ReaderHost:
    """`app` as the reader's host; every app that runs these screens is one."""
    return app  # type: ignore[return-value]
