"""The list of articles on the left: the whole corpus, search results, a topic or bookmarks.

Drawn line by line (Textual's Line API): the list keeps the rows (reader/rows.py) and a cursor,
never a widget or a rendered entry per article, and `render_line` draws only the rows in view.
Every row has the same height, so the row under any line is one division away and moving,
paging or jumping to the end costs the same in a list of ten articles or of 100,000.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.visual import Padding, Visual

from index.models import Hit, Summary
from reader import labels
from reader.history import Listing
from reader.messages import OpenArticle
from reader.rows import Rows, SummaryRows
from reader.widgets.list_keys import ListKeys
from reader.widgets.text import plain, with_spans

UNREAD_MARK = "●"
BOOKMARK_MARK = "★"
TITLE_LINES = 2
"""A longer title ends in "…": the article pane shows it whole."""
SNIPPET_LINES = 3
"""Enough of a search hit's context to judge it; the article pane has the rest."""
ROW_STYLE = "article-list--row"


def describe(listing: Listing, count: int, total: int | None = None, exact: bool = True) -> str:
    """The caption that says what the list shows, e.g. "Topic: Elon Musk · 4 articles"; a
    search's total may be an estimate ("20 of about 9600 hits")."""
    if listing.kind == "search":
        about = "" if exact else "about "
        shown = f"{count} of {about}{total}" if total is not None and total > count else f"{count}"
        return f"Search “{listing.query}” · {shown} {labels.noun(count, 'hit')}"
    if listing.kind == "topic" and listing.topic is not None:
        kind = listing.topic.kind
        return f"Topic ({kind}): {listing.topic.label} · {labels.articles(count)}"
    if listing.kind == "bookmarks":
        return f"Bookmarks · {labels.articles(count)}"
    order = "by title" if listing.order == "title" else "newest first"
    return f"All {labels.articles(count)} · {order}"


class ArticleList(ScrollView, ListKeys, can_focus=True):
    """Articles as fixed-height entries: title, date and language, and a snippet for a search
    hit; Enter or a click opens one."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        ROW_STYLE,
        "article-list--cursor",
        "article-list--hover",
    }
    DEFAULT_CSS = """
    ArticleList {
        color: $foreground;
        background: $surface;
        overflow-x: hidden;
        & > .article-list--row {
            padding: 0 1;
        }
        & > .article-list--cursor {
            color: $foreground;
            background: $block-cursor-blurred-background;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .article-list--cursor {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
        & > .article-list--hover {
            background: $block-hover-background;
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "select", "Open", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.listing = Listing()
        self.rows: Rows = SummaryRows()
        self.hits: dict[str, Hit] = {}
        self.read: Collection[str] = frozenset()
        self.bookmarks: Collection[str] = frozenset()
        self.caption = ""
        self.highlighted: int | None = None
        """The row under the cursor (None only when the list is empty)."""
        self._hover: int | None = None
        self._entries: LRUCache[tuple[Summary, bool, bool, Hit | None, int], Content] = (
            LRUCache(1024)
        )
        """Built entries by what they show: cheap to keep, costly to wrap again."""
        self._strips: LRUCache[tuple[int, Content, Style, int], list[Strip]] = LRUCache(256)

    # -- filling ------------------------------------------------------------------------
    def show(
        self,
        listing: Listing,
        rows: Rows | Sequence[Summary],
        *,
        hits: Sequence[Hit] = (),
        total: int | None = None,
        keep: str | None = None,
        total_exact: bool = True,
    ) -> None:
        """Show new rows; the cursor goes to `keep` if the rows hold it, else to the first."""
        if listing != self.listing:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.listing = listing
        self.rows = rows if isinstance(rows, Rows) else SummaryRows(rows)
        self.hits = {hit.summary.id: hit for hit in hits}
        self.caption = describe(listing, len(self.rows), total, total_exact)
        self.border_title = Content(self.caption)
        self._strips.clear()
        self._hover = None
        self._update_virtual_size()
        index = self.index_of(keep)
        self.highlighted = None
        self.move_to(index if index is not None else 0)
        self.refresh()

    def set_marks(self, read: Collection[str], bookmarks: Collection[str]) -> None:
        """Take the reader's marks; entries are drawn with them when next in view."""
        self.read, self.bookmarks = read, bookmarks
        self.refresh()

    @property
    def row_height(self) -> int:
        """Lines per entry: the title, the date line, and a snippet in search results."""
        return TITLE_LINES + 1 + (SNIPPET_LINES if self.hits else 0)

    def _update_virtual_size(self) -> None:
        size = Size(self.scrollable_content_region.width, len(self.rows) * self.row_height)
        if size != self.virtual_size:
            self.virtual_size = size
            # ScrollView recomputes its scrollbars only when the layout hands it a new
            # virtual size; ours changes with the rows, so ask as OptionList does.
            self._scroll_update(size)

    def on_resize(self, event: events.Resize) -> None:
        self._strips.clear()
        self._update_virtual_size()
        self.scroll_to_cursor()

    # -- drawing ------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        row, line = divmod(self.scroll_offset.y + y, self.row_height)
        width = self.scrollable_content_region.width
        if not 0 <= row < len(self.rows):
            return Strip.blank(width, self.get_visual_style(ROW_STYLE).rich_style)
        return self._row_strips(row, width)[line]

    def _row_strips(self, row: int, width: int) -> list[Strip]:
        if row == self.highlighted:
            style = self.get_visual_style(ROW_STYLE, "article-list--cursor")
        elif row == self._hover:
            style = self.get_visual_style(ROW_STYLE, "article-list--hover")
        else:
            style = self.get_visual_style(ROW_STYLE)
        entry = self.entry(self.rows[row], width)
        key = (row, entry, style, width)
        strips = self._strips.get(key)
        if strips is None:
            padding = self.get_component_styles(ROW_STYLE).padding
            visual: Visual = Padding(entry, padding) if padding else entry
            rendered = Visual.to_strips(self, visual, width, None, style)
            blank = Strip.blank(width, style.rich_style)
            rendered.extend([blank] * (self.row_height - len(rendered)))
            strips = [
                strip.extend_cell_length(width, style.rich_style).apply_meta({"row": row})
                for strip in rendered[: self.row_height]
            ]
            self._strips[key] = strips
        return strips

    def entry(self, summary: Summary, width: int | None = None) -> Content:
        """What one row shows: unread mark and title, date and language (and bookmark),
        and a search hit's snippet with the matched words lit."""
        width = self.scrollable_content_region.width if width is None else width
        unread = summary.id not in self.read
        key = (summary, unread, summary.id in self.bookmarks, self.hits.get(summary.id), width)
        built = self._entries.get(key)
        if built is None:
            built = self._entries[key] = self._build_entry(summary, width)
        return built

    def _build_entry(self, summary: Summary, width: int) -> Content:
        unread = summary.id not in self.read
        padding = self.get_component_styles(ROW_STYLE).padding.width
        room = max(width - padding - 2, 10)  # less the mark and its space
        mark = Content.styled(UNREAD_MARK if unread else " ", "$accent")
        title = plain(summary.title or summary.path, "bold" if unread else "")
        title_lines = _clipped(title.wrap(room) if title.cell_length > room else [title],
                               TITLE_LINES, room)
        lines = [mark + Content(" ") + title_lines[0]]
        lines.extend(Content("  ") + line for line in title_lines[1:])
        date = summary.date.isoformat() if summary.date else "no date"
        meta = Content("  ") + plain(f"{date} · {summary.language or 'und'}", "dim")
        hit = self.hits.get(summary.id)
        if hit is not None and hit.copies > 1:
            meta += plain(f" · {hit.copies} copies", "dim")
        if summary.id in self.bookmarks:
            meta += Content.styled(f"  {BOOKMARK_MARK}", "$warning")
        lines.append(meta)
        if hit is not None and hit.snippet:
            snippet = with_spans(
                " ".join(hit.snippet.split("\n")), hit.highlights, "bold reverse"
            )
            snippet_lines = _clipped(snippet.stylize("italic").wrap(room), SNIPPET_LINES, room)
            lines.extend(Content("  ") + line for line in snippet_lines)
        return Content("\n").join(lines)

    def row_text(self, index: int) -> str:
        """A row's words as one line, as a reader would read them off the screen."""
        return " ".join(self.entry(self.rows[index]).plain.split())

    # -- moving -------------------------------------------------------------------------
    def move_to(self, index: int) -> None:
        """Put the cursor on row `index` (clamped to the list) and bring it into view."""
        if not len(self.rows):
            self.highlighted = None
            return
        index = max(0, min(index, len(self.rows) - 1))
        previous, self.highlighted = self.highlighted, index
        for row in (previous, index):
            if row is not None:
                self.refresh_lines(row * self.row_height, self.row_height)
        self.scroll_to_cursor()

    def scroll_to_cursor(self) -> None:
        if self.highlighted is None or not self.is_mounted:
            return
        height = self.row_height
        self.scroll_to_region(
            Region(0, self.highlighted * height, self.scrollable_content_region.width, height),
            animate=False, force=True, immediate=True,
        )

    @property
    def page_rows(self) -> int:
        """Whole rows in view: how far PgDn moves."""
        return max(self.scrollable_content_region.height // self.row_height, 1)

    def _step(self, rows: int) -> None:
        self.move_to(rows if self.highlighted is None else self.highlighted + rows)

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_page_down(self) -> None:
        self._step(self.page_rows)

    def action_page_up(self) -> None:
        self._step(-self.page_rows)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self.rows) - 1)

    def action_select(self) -> None:
        article_id = self.highlighted_id
        if article_id is not None:
            self.post_message(OpenArticle(article_id))

    def index_of(self, article_id: str | None) -> int | None:
        return None if article_id is None else self.rows.index_of(article_id)

    def highlight_id(self, article_id: str | None) -> None:
        index = self.index_of(article_id)
        if index is not None and index != self.highlighted:
            self.move_to(index)

    def neighbour(self, article_id: str | None, step: int) -> str | None:
        """The id `step` places from `article_id`; when that article is not in the list,
        the highlighted entry (or the first / last one)."""
        count = len(self.rows)
        if not count:
            return None
        index = self.highlighted if self.highlighted_id == article_id else None
        if index is None:
            index = self.index_of(article_id)
        if index is None:
            if self.highlighted is not None:
                return self.rows[self.highlighted].id
            return self.rows[0 if step > 0 else count - 1].id
        target = index + step
        return self.rows[target].id if 0 <= target < count else None

    @property
    def highlighted_id(self) -> str | None:
        if self.highlighted is None or not 0 <= self.highlighted < len(self.rows):
            return None
        return self.rows[self.highlighted].id

    # -- the mouse ----------------------------------------------------------------------
    def on_click(self, event: events.Click) -> None:
        row = event.style.meta.get("row")
        if isinstance(row, int):
            self.move_to(row)
            self.action_select()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        row = event.style.meta.get("row")
        hover = row if isinstance(row, int) else None
        if hover != self._hover:
            self._hover = hover
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()


def _clipped(lines: list[Content], most: int, width: int) -> list[Content]:
    """At most `most` lines, the last ending in "…" when some were left out."""
    if len(lines) <= most:
        return lines
    kept = lines[:most]
    kept[-1] = kept[-1].rstrip().truncate(width - 1) + Content("…")
    return kept
