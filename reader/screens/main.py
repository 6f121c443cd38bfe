"""The reading screen: article list, article pane and sidebar.

The screen owns what is shown (the listing, the current document, its topics and related
articles) and asks the Library for everything in thread workers, so the UI thread never waits
on the index, even while a scan holds the writer. Each concern lives in its own layer (see
reader/screens/base.py); this one lays out the panes, opens the Library and routes messages.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.worker import Worker, WorkerState

from index.library import Library
from reader.history import Listing
from reader.messages import OpenArticle, OpenEntity, OpenTopic, RunSearch
from reader.rows import Rows
from reader.screens.history_marks import HistoryAndMarks
from reader.state import ReaderState
from reader.widgets.article_list import ArticleList
from reader.widgets.article_view import ArticleView
from reader.widgets.corpus_header import CorpusHeader
from reader.widgets.find_bar import FindBar
from reader.widgets.footer import Footer
from reader.widgets.scan_status import ScanStatus
from reader.widgets.search_box import SearchBox
from reader.widgets.sidebar import Sidebar

FIRST_ARTICLE_HEAD_START = 2.0
"""Seconds the list waits for last time's article to show before it is read."""


class MainScreen(HistoryAndMarks):
    """Everything the reader does happens here; other screens are pickers and help."""

    BINDINGS = [
        # Priority: handled when the key arrives, before the keys typed after it are routed,
        # so a fast "/musk" lands entirely in the search field.
        Binding("slash", "search", "Search", priority=True,
                tooltip="Search the corpus as you type; Enter opens the best hit"),
        Binding("escape", "leave", "Leave", show=False,
                tooltip="End the find, leave the search, or go back to all articles"),
        Binding("n", "step(1)", "Next",
                tooltip="Open the next article of the list (the next match during a find)"),
        Binding("N", "step(-1)", "Previous", show=False,
                tooltip="Open the previous article of the list (or the previous match)"),
        Binding("ctrl+f", "find", "Find in article", show=False, priority=True),
        Binding("right_square_bracket", "story_or_related(1)", "Next in story",
                tooltip="The story's next article, by date (else the next related)"),
        Binding("left_square_bracket", "story_or_related(-1)", "Previous in story",
                show=False),
        Binding("right_curly_bracket", "related(1)", "Next related", show=False,
                tooltip="Open the next related article of the one you started from"),
        Binding("left_curly_bracket", "related(-1)", "Previous related", show=False),
        Binding("y", "stories", "Stories", show=False,
                tooltip="The library's stories (one event, any language): read one"),
        Binding("t", "topics", "Topics",
                tooltip="Pick a tag, keyword or entity of this article: all its articles"),
        Binding("b,alt+left", "back", "Back"),
        Binding("f,alt+right", "forward", "Forward", show=False),
        Binding("space", "page_down", "Scroll article", show=False,
                tooltip="Scroll the article a page, wherever the focus is"),
        Binding("tab", "app.focus_next", "Next pane", show=False),
        Binding("shift+tab", "app.focus_previous", "Previous pane", show=False),
        Binding("m", "toggle_read", "Read/unread",
                tooltip="Mark the highlighted (or shown) article read or unread"),
        Binding("B", "toggle_bookmark", "Bookmark"),
        Binding("apostrophe", "bookmarks", "Bookmarks", show=False,
                tooltip="List the bookmarked articles"),
        Binding("a", "all_articles", "All articles", show=False),
        Binding("s", "sort", "Sort by date/title", show=False),
        Binding("e", "toggle_entities", "Entities",
                tooltip="Highlight people, organisations, places and other names"),
        Binding("E", "entity", "Entity page", show=False,
                tooltip="The sidebar's highlighted name (or the article's first) through "
                "the library: names, timeline, who it is mentioned with, its articles"),
        Binding("L", "toggle_list", "Hide/show list", show=False),
        Binding("S", "toggle_sidebar", "Hide/show sidebar", show=False),
        Binding("o", "open_source", "Open file",
                tooltip="Open the source file in $PAGER (or $EDITOR); HTML in the browser"),
    ]

    # -- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield CorpusHeader(id="header")
        with Horizontal(id="panes"):
            with Vertical(id="left"):
                yield SearchBox(id="search")
                yield ArticleList(id="articles")
            with Vertical(id="center"):
                yield ArticleView(id="article")
                yield FindBar(id="find")
            yield Sidebar(id="sidebar")
        yield ScanStatus(id="scan")
        yield Footer()

    def on_mount(self) -> None:
        self.search_box.display = False
        self.find_bar.display = False
        self.query_one(ScanStatus).display = False
        self.query_one(CorpusHeader).show(self.rubrique.corpus_name, 0, {}, "opening…")
        self.article_list.border_title = "Articles"
        self.sidebar.border_title = "About this article"
        self.set_focus(self.article_list)
        self.open_library()

    # -- opening --------------------------------------------------------------------------
    @work(thread=True, exit_on_error=False, group="library", exclusive=True,
          name="open the index")
    def open_library(self) -> None:
        """Show the list and last time's article from the catalog (SQLite) at once, then
        open the index (Whoosh), which is what takes time: a good part of a second to
        import, and the catalog brought level with it."""
        try:
            library = self.rubrique.make_library()
            state = self.rubrique.load_state(library)
            glance = library.glance(self.listing.order, keep=state.last_article)
            self._deliver(self._library_ready, library, state, glance)
            # Both threads share the interpreter: let last time's article paint before the
            # list takes the processor, but never hold the list back long.
            self._wait_for(self.first_shown, FIRST_ARTICLE_HEAD_START)
            count, languages = library.count(), library.languages()
            rows = library.listing(self.listing.order)
        finally:
            self.list_read.set()
        self._deliver(self._library_opened, count, languages, rows)

    def _library_ready(self, library: Library, state: ReaderState, rows: Rows) -> None:
        """The list as the catalog holds it, and its article: last time's, else the first
        (its title at once, its text once the index is open)."""
        self.library = library
        self.rubrique.attach(library, state)
        self._refresh_marks()
        self.article_list.show(self.listing, rows, keep=state.last_article)
        self.article_list.border_subtitle = "opening the index…"
        # The catalog's count at once: "0 articles" above a list of 100,000 read as broken.
        self.query_one(CorpusHeader).show(self.rubrique.corpus_name, len(rows), {}, "opening…")
        first = self.article_list.highlighted
        if first is not None:
            self.article_view.show_summary(rows[first])
            self.resume(rows[first].id)
        elif state.last_article:  # no catalog yet: the index may still hold it
            self.resume(state.last_article)
        else:
            self.first_shown.set()

    def _library_opened(self, count: int, languages: dict[str, int], rows: Rows) -> None:
        self._show_header(count, languages)
        self.article_list.border_subtitle = None
        # Only if the reader has not asked for another list meanwhile (a search typed while
        # the index opened): that one is on its way or shown. The list the catalog gave at
        # first stays when the index agrees with it, cursor and all.
        if self.wanted == self.listing == Listing() and rows != self.article_list.rows:
            keep = (self.article_list.highlighted_id or self.current_id or self.resuming
                    or self.rubrique.state.last_article)
            self.article_list.show(self.listing, rows, keep=keep)
            self._open_first()
        self.rubrique.watch_folder()
        self.start_scan()

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """One place for worker failures: say what went wrong, keep the app running."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if event.worker.group == "scan":
            self._scan_finished()
        if event.worker.group == "listing":
            self._list_failed()
        if event.worker.group == "library":
            self.query_one(CorpusHeader).show(
                self.rubrique.corpus_name, 0, {}, f"could not open the index: {error}"
            )
        message = f"{type(error).__name__}: {error}" if error else "unknown error"
        self.notify(message, title=f"Could not {event.worker.name or 'finish'}",
                    severity="error", markup=False)

    # -- messages from the widgets and the palette ----------------------------------------
    @on(OpenArticle)
    def _open_article(self, message: OpenArticle) -> None:
        self._leave_entity()  # asked from an entity page, or the palette above one
        self.trail = None
        self.open_article(message.article_id)

    @on(OpenTopic)
    def _open_topic(self, message: OpenTopic) -> None:
        self._leave_entity()
        self.open_topic(message.topic)

    @on(OpenEntity)
    def _open_entity(self, message: OpenEntity) -> None:
        self.open_entity(message.kind, message.key)

    @on(RunSearch)
    def _run_search(self, message: RunSearch) -> None:
        self._leave_entity()
        self.action_search(message.query)
        if message.query.strip():
            self.show_listing(Listing("search", query=message.query.strip()), record=True)

    # -- panes ----------------------------------------------------------------------------
    def _toggle_pane(self, selector: str) -> None:
        pane = self.query_one(selector)
        pane.display = not pane.display
        focused = self.focused
        if not pane.display and focused is not None and pane in focused.ancestors_with_self:
            self.set_focus(self.article_view)

    def action_toggle_list(self) -> None:
        self._toggle_pane("#left")

    def action_toggle_sidebar(self) -> None:
        self._toggle_pane("#sidebar")
