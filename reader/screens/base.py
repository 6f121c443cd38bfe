"""The reading screen's shared ground: its state, its panes and how workers hand back results.

The reading screen (reader/screens/main.py) is built in layers, one concern each, every layer
a subclass of the one below so it may call what that one offers:
base → finding → articles → listings → scanning → history_marks → main.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from textual.screen import Screen
from textual.worker import get_current_worker

from index.library import Library
from index.models import Document, Related, Topic
from reader.history import Listing
from reader.host import ReaderHost, host
from reader.widgets.article_list import ArticleList
from reader.widgets.article_view import ArticleView
from reader.widgets.corpus_header import CorpusHeader
from reader.widgets.find_bar import FindBar
from reader.widgets.search_box import SearchBox
from reader.widgets.sidebar import Sidebar
from reader.widgets.text import query_terms


class ReaderScreen(Screen[None]):
    """State every layer reads: the Library, what the list shows, the article on screen."""

    def __init__(self) -> None:
        super().__init__()
        self.library: Library | None = None
        self.listing = Listing()
        """What the list shows now."""
        self.wanted = Listing()
        """What the list was last asked to show (its worker may still be running)."""
        self.document: Document | None = None
        self.topics: list[Topic] = []
        self.related: list[Related] = []
        self.list_read = threading.Event()
        """Set once the opening list has been read (or failed): the Library's catalog,
        which the sidebar needs too, is then in memory."""
        self.status_note = ""
        """Shown at the end of the header line: what the last scan left to look at."""
        self.header_counts: tuple[int, dict[str, int]] = (0, {})
        """The article count and languages the header shows."""

    @property
    def rubrique(self) -> ReaderHost:
        return host(self.app)

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def article_view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def sidebar(self) -> Sidebar:
        return self.query_one(Sidebar)

    @property
    def search_box(self) -> SearchBox:
        return self.query_one(SearchBox)

    @property
    def find_bar(self) -> FindBar:
        return self.query_one(FindBar)

    @property
    def current_id(self) -> str | None:
        return self.document.id if self.document is not None else None

    def _deliver(self, callback: Callable[..., None], *args: Any) -> None:
        """Hand a worker's result to the UI thread unless the worker was superseded."""
        if get_current_worker().is_cancelled:
            return
        self.app.call_from_thread(callback, *args)

    def _wait_for(self, event: threading.Event, seconds: float) -> None:
        """In a worker thread: wait for `event`, at most `seconds`, and no longer than the
        worker lives (a thread worker that waits on would hold up quitting)."""
        worker = get_current_worker()
        deadline = time.monotonic() + seconds
        while not event.wait(0.05) and not worker.is_cancelled and time.monotonic() < deadline:
            pass

    def _terms(self) -> tuple[str, ...]:
        """The words to light up in the article: those of the search being listed."""
        return query_terms(self.listing.query) if self.listing.kind == "search" else ()

    def _show_header(self, count: int, languages: dict[str, int]) -> None:
        self.header_counts = (count, languages)
        self.query_one(CorpusHeader).show(
            self.rubrique.corpus_name, count, languages, self.status_note
        )

    def _refresh_marks(self) -> None:
        state = self.rubrique.state
        self.article_list.set_marks(state.read, set(state.bookmarks))
