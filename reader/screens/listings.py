"""What the article list shows: all articles, a search as you type, a topic, the bookmarks.

One list load runs at a time and only the newest request waits behind it, so typing a query
searches for the latest text, not once per keystroke.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on, work
from textual.widgets import Input

from index.models import Hit, SearchResult, Topic
from reader.history import Listing, Location
from reader.rows import Rows, SummaryRows
from reader.screens.articles import Articles
from reader.screens.topic_picker import TopicPicker
from reader.widgets.search_box import SearchBox

SEARCH_LIMIT = 100
"""Hits listed per query: the best ones; the caption says how many matched in all."""


class Listings(Articles):
    def __init__(self) -> None:
        super().__init__()
        self.before_search: Listing = Listing()
        self._list_loading = False
        self._list_request: tuple[Listing, str | None, bool] | None = None
        """The newest list request not yet started."""

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

    def _list_failed(self) -> None:
        """A list load failed: let the next request run."""
        self._list_loading = False
        self._start_list_request()

    @work(thread=True, exit_on_error=False, group="listing", exclusive=True, name="load the list")
    def load_listing(self, listing: Listing, keep: str | None, record: bool) -> None:
        assert self.library is not None
        library = self.library
        result: SearchResult | None = None
        rows: Rows
        # Search hits and bookmarks are few and held; the whole library and a topic are read
        # from the catalog a page at a time as the list shows them.
        if listing.kind == "search":
            result = library.search(listing.query, limit=SEARCH_LIMIT)
            rows = SummaryRows(hit.summary for hit in result.hits)
        elif listing.kind == "topic" and listing.topic is not None:
            rows = library.listing("date", listing.topic)
        elif listing.kind == "bookmarks":
            rows = SummaryRows(library.summaries(list(self.rubrique.state.bookmarks)))
        else:
            rows = library.listing(listing.order)
        self._deliver(self._listing_loaded, listing, rows, result, keep, record)

    def _listing_loaded(
        self,
        listing: Listing,
        rows: Rows,
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
        self.article_list.show(listing, rows, hits=hits, total=total, keep=keep,
                               total_exact=result is None or result.total_exact)
        if result is not None:
            self._show_search_status(result)
        if record:
            self.rubrique.state.history.visit(Location(self.current_id, listing))
            self.rubrique.save_state()
        if self.document is None:
            self._open_first()
        elif result is not None:
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

    # -- the search box -------------------------------------------------------------------
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

    # -- other listings -------------------------------------------------------------------
    def open_topic(self, topic: Topic) -> None:
        self._close_search_box()
        self.show_listing(Listing("topic", topic=topic), record=True)
        self.set_focus(self.article_list)

    def action_topics(self) -> None:
        if not self.topics:
            self.notify("This article has no topics yet.", timeout=2)
            return

        def chosen(topic: Topic | None) -> None:
            if topic is not None:
                self.open_topic(topic)

        self.app.push_screen(TopicPicker(self.topics), chosen)

    def action_leave(self) -> None:
        """Escape: end an in-article find, else leave the search, else go back from a topic
        or bookmarks to all articles."""
        if self.finding:
            self._end_find()
        elif self.listing.kind == "search" or self.search_box.display:
            self._leave_search()
        elif self.listing.kind != "all":
            self.show_listing(Listing("all", order=self.listing.order), record=True)

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
