"""The reading screen: article list, article pane and sidebar.

The screen owns what is shown (the listing, the current document, its topics and related
articles) and asks the Library for everything in thread workers, so the UI thread never waits
on the index, even while a scan holds the writer.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input
from textual.worker import Worker, WorkerState, get_current_worker

from index.library import IndexBusy, Library
from index.models import (
    Document,
    Hit,
    Related,
    ScanProgress,
    ScanReport,
    SearchResult,
    Summary,
    Topic,
)
from reader.history import Listing, Location
from reader.messages import OpenArticle, OpenTopic, RunSearch
from reader.widgets.article_list import ArticleList
from reader.widgets.article_view import ArticleView
from reader.widgets.corpus_header import CorpusHeader
from reader.widgets.find_bar import FindBar
from reader.widgets.scan_status import ScanStatus
from reader.widgets.search_box import SearchBox
from reader.widgets.sidebar import Sidebar
from reader.widgets.text import query_terms

if TYPE_CHECKING:
    from reader.app import RubriqueApp

SEARCH_LIMIT = 100
"""Hits listed per query: the best ones; the caption says how many matched in all."""
REFRESH_DELAY = 0.5
"""Seconds between list refreshes while a scan reports new articles."""


@dataclass
class RelatedTrail:
    """Where `]` and `[` are in the related articles of the article they started from."""

    origin: str
    items: list[str]
    position: int = -1


class MainScreen(Screen[None]):
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
        Binding("right_square_bracket", "related(1)", "Next related",
                tooltip="Open the next related article of the one you started from"),
        Binding("left_square_bracket", "related(-1)", "Previous related", show=False),
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
        Binding("L", "toggle_list", "Hide/show list", show=False),
        Binding("S", "toggle_sidebar", "Hide/show sidebar", show=False),
        Binding("o", "open_source", "Open file",
                tooltip="Open the source file in $PAGER (or $EDITOR); HTML in the browser"),
    ]

    @dataclass
    class ScanProgressed(Message):
        """Posted from the scan thread; a report without new ids may be superseded."""

        progress: ScanProgress

        def can_replace(self, message: Message) -> bool:
            return (
                isinstance(message, MainScreen.ScanProgressed)
                and not message.progress.changed
            )

    def __init__(self) -> None:
        super().__init__()
        self.library: Library | None = None
        self.listing = Listing()
        """What the list shows now."""
        self.wanted = Listing()
        """What the list was last asked to show (its worker may still be running)."""
        self.before_search: Listing = Listing()
        self._list_loading = False
        self._list_request: tuple[Listing, str | None, bool] | None = None
        """The newest list request not yet started: with one load at a time, typing a query
        runs a search for the latest text only, not one per keystroke."""
        self.document: Document | None = None
        self.topics: list[Topic] = []
        self.related: list[Related] = []
        self.trail: RelatedTrail | None = None
        self.show_entities = False
        self.scanning = False
        self.scan_report: ScanReport | None = None
        self._pending_changes: set[str] = set()
        self._refresh_scheduled = False
        self._scan_stop = threading.Event()
        self._scan_thread: threading.Thread | None = None
        """The scan's own thread; it may outlive a quit by the length of a commit."""

    @property
    def rubrique(self) -> RubriqueApp:
        return self.app  # type: ignore[return-value]

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
    def current_id(self) -> str | None:
        return self.document.id if self.document is not None else None

    def on_mount(self) -> None:
        self.search_box.display = False
        self.query_one(FindBar).display = False
        self.query_one(ScanStatus).display = False
        self.query_one(CorpusHeader).show(self.rubrique.corpus_name, 0, {}, "opening…")
        self.article_list.border_title = "Articles"
        self.sidebar.border_title = "About this article"
        self.set_focus(self.article_list)
        self.open_library()

    # -- workers ----------------------------------------------------------------------------
    def _deliver(self, callback: Callable[..., None], *args: Any) -> None:
        """Hand a worker's result to the UI thread unless the worker was superseded."""
        if get_current_worker().is_cancelled:
            return
        self.app.call_from_thread(callback, *args)

    @work(thread=True, exit_on_error=False, group="library", exclusive=True,
          name="open the index")
    def open_library(self) -> None:
        library = self.rubrique.make_library()
        count, languages = library.count(), library.languages()
        summaries = library.articles(self.listing.order)
        self._deliver(self._library_opened, library, count, languages, summaries)

    def _library_opened(
        self, library: Library, count: int, languages: dict[str, int], summaries: list[Summary]
    ) -> None:
        self.library = library
        state = self.rubrique.attach(library)
        self._show_header(count, languages)
        self.article_list.set_marks(state.read, set(state.bookmarks))
        self.article_list.show(self.listing, summaries, keep=state.last_article)
        known = self.article_list.index_of(state.last_article) is not None
        first = state.last_article if known else self.article_list.highlighted_id
        if first is not None:
            self.open_article(first)
        self.start_scan()

    def _show_header(self, count: int, languages: dict[str, int]) -> None:
        self.query_one(CorpusHeader).show(self.rubrique.corpus_name, count, languages)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """One place for worker failures: say what went wrong, keep the app running."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if event.worker.group == "scan":
            self._scan_finished()
        if event.worker.group == "listing":
            self._list_loading = False
            self._start_list_request()
        if event.worker.group == "library":
            self.query_one(CorpusHeader).show(
                self.rubrique.corpus_name, 0, {}, f"could not open the index: {error}"
            )
        message = f"{type(error).__name__}: {error}" if error else "unknown error"
        self.notify(message, title=f"Could not {event.worker.name or 'finish'}",
                    severity="error", markup=False)

    # -- scanning --------------------------------------------------------------------------
    def start_scan(self, rebuild: bool = False) -> None:
        if self.library is None or self.scanning:
            return
        self.scanning = True
        self.query_one(ScanStatus).start()
        self.scan(rebuild)

    @work(exit_on_error=False, group="scan", exclusive=True, name="update the index")
    async def scan(self, rebuild: bool) -> None:
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
        outcome: asyncio.Future[tuple[ScanReport, int, dict[str, int]] | None] = (
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
            result: tuple[ScanReport, int, dict[str, int]] | None = None
            error: BaseException | None = None
            try:
                report = library.scan(progress, rebuild=rebuild, cancelled=stop.is_set)
                result = (report, library.count(), library.languages())
            except IndexBusy:
                result = None
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
        if result is None:
            self._scan_busy()
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
                # Refilling a list of thousands takes a moment of the UI thread: do it less
                # often as the list grows, so the reader can keep reading during a scan.
                delay = REFRESH_DELAY + len(self.article_list.summaries) / 300
                self.set_timer(delay, self._refresh_after_changes)

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
            document = self.library.get(self.current_id)
            if document is not None:
                self._deliver(self._refresh_document, document)

    def _refresh_listing(self) -> None:
        """Reload the list in place; the reader's cursor stays where it was. Only when the
        reader is not on the way to another list (a search typed during the scan wins)."""
        if self.wanted == self.listing and self.listing.kind in ("all", "bookmarks"):
            self.show_listing(self.listing, keep=self.article_list.highlighted_id, record=False)

    def _refresh_document(self, document: Document) -> None:
        if document.id == self.current_id:
            self.document = document
            self.article_view.show(document, terms=self._terms(), keep_scroll=True)

    def _scan_done(self, report: ScanReport, count: int, languages: dict[str, int]) -> None:
        self.scan_report = report
        self._scan_finished()
        self._show_header(count, languages)
        if report.indexed or report.updated or report.removed:
            self.reload_after_scan(set(self._pending_changes) | {self.current_id or ""})
            self.notify(
                f"{report.indexed} new, {report.updated} updated, {report.removed} removed "
                f"in {report.seconds:.1f} s",
                title="Index up to date", markup=False,
            )
        if report.skipped:
            self.notify(
                f"{len(report.skipped)} files skipped, e.g. {report.skipped[0].path}: "
                f"{report.skipped[0].reason}",
                severity="warning", markup=False,
            )
        if report.rebuilt_because:
            self.notify(f"Index rebuilt: {report.rebuilt_because}", markup=False)

    def _scan_busy(self) -> None:
        self._scan_finished()
        self.notify("Another process is indexing this corpus; showing the index as it is.",
                    severity="warning", markup=False)

    def _scan_finished(self) -> None:
        self.scanning = False
        self.query_one(ScanStatus).finish()

    # -- the list ----------------------------------------------------------------------
    def show_listing(
        self, listing: Listing, keep: str | None = None, record: bool = True
    ) -> None:
        """Fill the list for `listing` (in a worker); `keep` stays highlighted if present,
        else the article on screen, except in search results where the best hit comes first."""
        if self.library is None:
            return
        if keep is None and listing.kind != "search":
            keep = self.current_id
        self.wanted = listing
        self._list_request = (listing, keep, record)
        if not self._list_loading:
            self._start_list_request()

    def _start_list_request(self) -> None:
        if self._list_request is None:
            return
        listing, keep, record = self._list_request
        self._list_request = None
        self._list_loading = True
        self.load_listing(listing, keep, record)

    @work(thread=True, exit_on_error=False, group="listing", exclusive=True, name="load the list")
    def load_listing(self, listing: Listing, keep: str | None, record: bool) -> None:
        assert self.library is not None
        library = self.library
        result: SearchResult | None = None
        if listing.kind == "search":
            result = library.search(listing.query, limit=SEARCH_LIMIT)
            summaries = [hit.summary for hit in result.hits]
        elif listing.kind == "topic" and listing.topic is not None:
            summaries = library.articles_with(listing.topic)
        elif listing.kind == "bookmarks":
            by_id = {summary.id: summary for summary in library.articles()}
            bookmarks = self.rubrique.state.bookmarks
            summaries = [by_id[key] for key in bookmarks if key in by_id]
        else:
            summaries = library.articles(listing.order)
        self._deliver(self._listing_loaded, listing, summaries, result, keep, record)

    def _listing_loaded(
        self,
        listing: Listing,
        summaries: list[Summary],
        result: SearchResult | None,
        keep: str | None,
        record: bool,
    ) -> None:
        self._list_loading = False
        self._start_list_request()
        if listing != self.wanted:  # the reader has asked for something else since
            return
        self.listing = listing
        hits: Sequence[Hit] = result.hits if result is not None else ()
        total = result.total if result is not None else None
        self.article_list.show(listing, summaries, hits=hits, total=total, keep=keep)
        if result is not None:
            self._show_search_status(result)
        if record:
            self.rubrique.state.history.visit(Location(self.current_id, listing))
            self.rubrique.save_state()
        if self.document is None and summaries:
            self.open_article(summaries[0].id)
        elif self.document is not None and result is not None:
            self.article_view.show(self.document, terms=self._terms(), keep_scroll=True)

    def _show_search_status(self, result: SearchResult) -> None:
        box = self.search_box
        if result.error:
            box.set_status(result.error, error=True, suggestion=result.suggestion)
        elif not result.hits:
            box.set_status("No matches.", suggestion=result.suggestion)
        elif result.suggestion:
            box.set_status("", suggestion=result.suggestion)
        else:
            box.set_status("")

    def _terms(self) -> tuple[str, ...]:
        return query_terms(self.listing.query) if self.listing.kind == "search" else ()

    # -- the article ---------------------------------------------------------------------
    def open_article(self, article_id: str, record: bool = True) -> None:
        if self.library is None:
            return
        self.article_list.highlight_id(article_id)
        self.load_article(article_id, record)

    @work(
        thread=True, exit_on_error=False, group="article", exclusive=True, name="open the article"
    )
    def load_article(self, article_id: str, record: bool) -> None:
        assert self.library is not None
        library = self.library
        document = library.get(article_id)
        self._deliver(self._show_document, article_id, document, record)
        if document is None:
            return
        topics = library.topics_of(document.id)
        related = library.related(document.id)
        self._deliver(self._show_about, document.id, topics, related)

    def _show_document(self, article_id: str, document: Document | None, record: bool) -> None:
        if document is None:
            self.notify(f"{article_id} is no longer in the index.", severity="warning",
                        markup=False)
            return
        if self.finding and document.id != self.current_id:
            self._end_find()
        self.document = document
        self.article_view.show(document, terms=self._terms())
        self.sidebar.border_subtitle = "updating…"
        state = self.rubrique.state
        state.read.add(document.id)
        state.last_article = document.id
        if record:
            state.history.visit(Location(document.id, self.listing))
        self.rubrique.save_state()
        self._refresh_marks()

    def _show_about(self, article_id: str, topics: list[Topic], related: list[Related]) -> None:
        if article_id != self.current_id:
            return
        self.topics, self.related = topics, related
        self.sidebar.show(topics, related)
        self.sidebar.border_subtitle = None

    def _refresh_marks(self) -> None:
        state = self.rubrique.state
        self.article_list.set_marks(state.read, set(state.bookmarks))

    # -- messages from the widgets --------------------------------------------------------
    @on(OpenArticle)
    def _open_article(self, message: OpenArticle) -> None:
        self.trail = None
        self.open_article(message.article_id)

    @on(OpenTopic)
    def _open_topic(self, message: OpenTopic) -> None:
        self.open_topic(message.topic)

    @on(RunSearch)
    def _run_search(self, message: RunSearch) -> None:
        self.action_search(message.query)
        if message.query.strip():
            self.show_listing(Listing("search", query=message.query.strip()), record=True)

    def open_topic(self, topic: Topic) -> None:
        self._close_search_box()
        self.show_listing(Listing("topic", topic=topic), record=True)
        self.set_focus(self.article_list)

    @on(SearchBox.Changed)
    def _search_changed(self, event: SearchBox.Changed) -> None:
        if event.query.strip():
            self.show_listing(Listing("search", query=event.query.strip()), record=False)
        else:
            self.search_box.set_status("")
            self.show_listing(self.before_search, record=False)

    @on(SearchBox.Submitted)
    def _search_submitted(self, event: SearchBox.Submitted) -> None:
        """Enter opens the highlighted result; the list keeps the results."""
        self.set_focus(self.article_list)
        if self.listing.kind == "search":
            self.rubrique.state.history.visit(Location(self.current_id, self.listing))
        target = self.article_list.highlighted_id
        if target is not None:
            self.open_article(target)

    @on(SearchBox.Left)
    def _search_left(self) -> None:
        self._leave_search()

    @on(SearchBox.ToResults)
    def _search_to_results(self) -> None:
        self.set_focus(self.article_list)

    def _close_search_box(self) -> None:
        box = self.search_box
        if box.display:
            box.display = False
            box.set_status("")

    def _leave_search(self) -> None:
        self._close_search_box()
        if self.listing.kind == "search":
            self.show_listing(self.before_search, record=True)
        self.set_focus(self.article_list)

    # -- actions ----------------------------------------------------------------------------
    def action_search(self, query: str | None = None) -> None:
        """Open the search field (keeping the current query)."""
        focused = self.focused
        if query is None and isinstance(focused, Input):
            focused.insert_text_at_cursor("/")  # "/" is a priority key: give it back
            return
        if self.listing.kind != "search":
            self.before_search = self.listing
        self.query_one("#left").display = True
        self.search_box.open(query if query is not None else
                             self.listing.query if self.listing.kind == "search" else None)

    def action_leave(self) -> None:
        """Escape: end an in-article find, else leave the search, else go back from a topic
        or bookmarks to all articles."""
        if self.finding:
            self._end_find()
        elif self.listing.kind == "search" or self.search_box.display:
            self._leave_search()
        elif self.listing.kind != "all":
            self.show_listing(Listing("all", order=self.listing.order), record=True)

    def action_step(self, step: int) -> None:
        """Step through the in-article find matches while a find is active; otherwise open
        the next (or previous) article of the current list."""
        if self.finding:
            self._find_step(step)
            return
        target = self.article_list.neighbour(self.current_id, step)
        if target is None:
            self.notify("That was the last one." if step > 0 else "That was the first one.",
                        timeout=2)
            return
        self.trail = None
        self.open_article(target)

    def action_related(self, step: int) -> None:
        """Walk the related articles of the article the walk started from."""
        current = self.current_id
        if current is None:
            return
        trail = self.trail
        on_trail = trail is not None and (
            current == trail.origin
            or (0 <= trail.position < len(trail.items) and trail.items[trail.position] == current)
        )
        if trail is None or not on_trail:
            if not self.related:
                self.notify("No related articles.", timeout=2)
                return
            trail = self.trail = RelatedTrail(current, [r.summary.id for r in self.related])
        position = trail.position + step
        if position >= len(trail.items):
            self.notify("No more related articles.", timeout=2)
            return
        trail.position = max(position, -1)
        target = trail.origin if trail.position < 0 else trail.items[trail.position]
        if target != current:
            self.open_article(target)

    # -- finding in the article ---------------------------------------------------------
    @property
    def finding(self) -> bool:
        return bool(self.article_view.find_text) or self.query_one(FindBar).display

    def action_find(self) -> None:
        if self.document is None:
            return
        self.query_one(FindBar).open()

    @on(FindBar.Changed)
    def _find_changed(self, event: FindBar.Changed) -> None:
        count = self.article_view.find(event.text)
        self.query_one(FindBar).set_status(self.article_view.find_position, count, event.text)

    @on(FindBar.Submitted)
    def _find_submitted(self) -> None:
        if not self.article_view.find_text:
            self._end_find()
            return
        self.set_focus(self.article_view)

    @on(FindBar.Left)
    def _find_left(self) -> None:
        self._end_find()

    def _find_step(self, step: int) -> None:
        view = self.article_view
        position = view.find_step(step)
        self.query_one(FindBar).set_status(position, len(view.find_hits), view.find_text)

    def _end_find(self) -> None:
        bar = self.query_one(FindBar)
        refocus = self.focused is bar.input
        bar.display = False
        bar.input.value = ""
        self.article_view.end_find()
        if refocus:
            self.set_focus(self.article_view)

    def action_topics(self) -> None:
        from reader.screens.topic_picker import TopicPicker

        if not self.topics:
            self.notify("This article has no topics yet.", timeout=2)
            return

        def chosen(topic: Topic | None) -> None:
            if topic is not None:
                self.open_topic(topic)

        self.app.push_screen(TopicPicker(self.topics), chosen)

    def _go(self, location: Location | None) -> None:
        if location is None:
            self.notify("Nothing further in the history.", timeout=2)
            return
        self.trail = None
        if location.listing != self.listing:
            if location.listing.kind == "search":
                self.search_box.display = True
                self.search_box.open(location.listing.query)
                self.set_focus(self.article_list)
            else:
                self._close_search_box()
            self.show_listing(location.listing, keep=location.article_id, record=False)
        if location.article_id is not None and location.article_id != self.current_id:
            self.open_article(location.article_id, record=False)
        self.rubrique.save_state()

    def action_back(self) -> None:
        self._go(self.rubrique.state.history.back())

    def action_forward(self) -> None:
        self._go(self.rubrique.state.history.forward())

    def action_page_down(self) -> None:
        self.article_view.scroll_page_down()

    def _target_id(self) -> str | None:
        """The article a mark applies to: the list's highlighted entry when the list has
        focus, else the article on screen."""
        if self.focused is self.article_list and self.article_list.highlighted_id:
            return self.article_list.highlighted_id
        return self.current_id

    def action_toggle_read(self) -> None:
        target = self._target_id()
        if target is None:
            return
        now_read = self.rubrique.state.toggle_read(target)
        self.rubrique.save_state()
        self._refresh_marks()
        self.notify("Marked read." if now_read else "Marked unread.", timeout=2)

    def action_toggle_bookmark(self) -> None:
        target = self._target_id()
        if target is None:
            return
        added = self.rubrique.state.toggle_bookmark(target)
        self.rubrique.save_state()
        self._refresh_marks()
        self.notify("Bookmarked." if added else "Bookmark removed.", timeout=2)

    def action_bookmarks(self) -> None:
        self._close_search_box()
        self.show_listing(Listing("bookmarks"), record=True)

    def action_all_articles(self) -> None:
        self._close_search_box()
        order = self.listing.order if self.listing.kind == "all" else "date"
        self.show_listing(Listing("all", order=order), record=True)

    def action_sort(self) -> None:
        order = "title" if self.listing.kind == "all" and self.listing.order == "date" else "date"
        self._close_search_box()
        self.show_listing(Listing("all", order=order), record=True)

    def action_toggle_entities(self) -> None:
        self.show_entities = not self.show_entities
        self.article_view.set_entities(self.show_entities)

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

    def action_open_source(self) -> None:
        if self.document is None:
            return
        self.rubrique.open_source(self.document.article)
