"""The list of articles on the left: the whole corpus, search results, a topic or bookmarks."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from index.models import Hit, Summary
from reader.history import Listing
from reader.messages import OpenArticle
from reader.widgets.text import plain, with_spans

UNREAD_MARK = "●"
BOOKMARK_MARK = "★"
SNIPPET_LINES = 3


def describe(listing: Listing, count: int, total: int | None = None) -> str:
    """The caption that says what the list shows, e.g. "Topic: Elon Musk · 4 articles"."""
    noun = "article" if count == 1 else "articles"
    if listing.kind == "search":
        shown = f"{count} of {total}" if total is not None and total > count else f"{count}"
        return f"Search “{listing.query}” · {shown} {'hit' if count == 1 else 'hits'}"
    if listing.kind == "topic" and listing.topic is not None:
        kind = listing.topic.kind
        return f"Topic ({kind}): {listing.topic.label} · {count} {noun}"
    if listing.kind == "bookmarks":
        return f"Bookmarks · {count} {noun}"
    order = "by title" if listing.order == "title" else "newest first"
    return f"All {count} {noun} · {order}"


class ArticleList(OptionList):
    """Articles as two-line entries (three with a search snippet); Enter or a click opens one."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "Top", show=False),
        Binding("G", "last", "Bottom", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.listing = Listing()
        self.summaries: list[Summary] = []
        self.hits: dict[str, Hit] = {}
        self.read: set[str] = set()
        self.bookmarks: set[str] = set()
        self.caption = ""
        self._prompts: dict[tuple[Summary, bool, bool, Hit | None, int], Content] = {}
        """Built prompts, so refilling a long list during a scan rebuilds only new entries."""

    # -- filling ------------------------------------------------------------------------
    def show(
        self,
        listing: Listing,
        summaries: Sequence[Summary],
        *,
        hits: Sequence[Hit] = (),
        total: int | None = None,
        keep: str | None = None,
    ) -> None:
        """Replace the entries; highlight `keep` if it is among them, else the first."""
        self.listing = listing
        self.summaries = list(summaries)
        self.hits = {hit.summary.id: hit for hit in hits}
        self.caption = describe(listing, len(self.summaries), total)
        self.border_title = Content(self.caption)
        self.set_options(Option(self._prompt(summary), id=summary.id) for summary in summaries)
        if self.summaries:
            index = self.index_of(keep)
            self.highlighted = index if index is not None else 0

    def set_marks(self, read: set[str], bookmarks: set[str]) -> None:
        """Take the reader's marks; redraw only the entries whose marks changed."""
        changed = (read ^ self.read) | (bookmarks ^ self.bookmarks)
        self.read, self.bookmarks = set(read), set(bookmarks)
        for summary in self.summaries:
            if summary.id in changed:
                self.replace_option_prompt(summary.id, self._prompt(summary))

    def _prompt(self, summary: Summary) -> Content:
        key = (
            summary, summary.id not in self.read, summary.id in self.bookmarks,
            self.hits.get(summary.id), self.size.width,
        )
        prompt = self._prompts.get(key)
        if prompt is None:
            if len(self._prompts) > 20_000:
                self._prompts.clear()
            prompt = self._prompts[key] = self._build_prompt(summary)
        return prompt

    def _build_prompt(self, summary: Summary) -> Content:
        unread = summary.id not in self.read
        mark = Content.styled(UNREAD_MARK if unread else " ", "$accent")
        title = plain(summary.title or summary.path, "bold" if unread else "")
        meta_parts = [
            summary.date.isoformat() if summary.date else "no date",
            summary.language or "und",
        ]
        meta = Content("  ") + plain(" · ".join(meta_parts), "dim")
        if summary.id in self.bookmarks:
            meta += Content.styled(f"  {BOOKMARK_MARK}", "$warning")
        # Wrap the title ourselves so that its continuation lines hang under its first word.
        width = max(self.size.width - 6, 10)  # less gutter, option padding and the mark
        title_lines = title.wrap(width) if title.cell_length > width else [title]
        lines = [mark + Content(" ") + title_lines[0]]
        lines.extend(Content("  ") + line for line in title_lines[1:])
        lines.append(meta)
        hit = self.hits.get(summary.id)
        if hit is not None and hit.snippet:
            snippet = with_spans(
                " ".join(hit.snippet.split("\n")), hit.highlights, "bold reverse"
            )
            snippet_lines = snippet.stylize("italic").wrap(width)
            if len(snippet_lines) > SNIPPET_LINES:  # enough to judge a hit; the pane has more
                snippet_lines = snippet_lines[:SNIPPET_LINES]
                snippet_lines[-1] = snippet_lines[-1].rstrip().truncate(width - 1) + Content("…")
            lines.extend(Content("  ") + line for line in snippet_lines)
        return Content("\n").join(lines)

    # -- moving -------------------------------------------------------------------------
    def index_of(self, article_id: str | None) -> int | None:
        if article_id is None:
            return None
        for index, summary in enumerate(self.summaries):
            if summary.id == article_id:
                return index
        return None

    def highlight_id(self, article_id: str | None) -> None:
        index = self.index_of(article_id)
        if index is not None:
            self.highlighted = index

    def neighbour(self, article_id: str | None, step: int) -> str | None:
        """The id `step` places from `article_id`; when that article is not in the list,
        the highlighted entry (or the first / last one)."""
        if not self.summaries:
            return None
        index = self.index_of(article_id)
        if index is None:
            if self.highlighted is not None:
                return self.summaries[self.highlighted].id
            return self.summaries[0 if step > 0 else -1].id
        target = index + step
        if 0 <= target < len(self.summaries):
            return self.summaries[target].id
        return None

    @property
    def highlighted_id(self) -> str | None:
        if self.highlighted is None or not 0 <= self.highlighted < len(self.summaries):
            return None
        return self.summaries[self.highlighted].id

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(OpenArticle(event.option.id))
