"""The article list on a long listing: 20,000 rows from a source that makes them on demand.

No index is needed: the rows are synthetic, and the source counts what the list asks of it,
so the tests can tell that the list draws only what is in view.
"""

from __future__ import annotations

import datetime as dt

from textual.app import App, ComposeResult
from textual.widgets import OptionList

from index.models import Summary
from reader.history import Listing
from reader.messages import OpenArticle
from reader.widgets.article_list import ArticleList

ROWS = 20_000


class MadeRows:
    """Summaries made when asked for, as a source paging from the index would return them."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.asked: set[int] = set()

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index: int) -> Summary:
        if not 0 <= index < self.count:
            raise IndexError(index)
        self.asked.add(index)
        day = dt.date(2026, 1, 1) - dt.timedelta(days=index % 3000)
        return Summary(f"id-{index}", f"a/{index}.md", f"Article number {index}", day, "en")

    def index_of(self, article_id: str) -> int | None:
        number = int(article_id.removeprefix("id-"))
        return number if 0 <= number < self.count else None


class ListApp(App[None]):
    def __init__(self, rows: MadeRows) -> None:
        super().__init__()
        self.rows = rows
        self.opened: list[str] = []

    def compose(self) -> ComposeResult:
        yield ArticleList(id="articles")

    def on_mount(self) -> None:
        self.query_one(ArticleList).show(Listing(), self.rows)

    def on_open_article(self, message: OpenArticle) -> None:
        self.opened.append(message.article_id)


def on_screen(article_list: ArticleList) -> str:
    """The list's lines as drawn now, one text."""
    height = article_list.scrollable_content_region.height
    return "\n".join(
        "".join(segment.text for segment in article_list.render_line(y)) for y in range(height)
    )


async def test_g_and_G_jump_to_either_end_and_show_it() -> None:
    app = ListApp(MadeRows(ROWS))
    async with app.run_test(size=(60, 30)) as pilot:
        article_list = app.query_one(ArticleList)
        assert "Article number 0" in on_screen(article_list)
        await pilot.press("G")
        assert article_list.highlighted == ROWS - 1
        assert article_list.highlighted_id == f"id-{ROWS - 1}"
        assert f"Article number {ROWS - 1}" in on_screen(article_list)
        assert "Article number 0 " not in on_screen(article_list)
        await pilot.press("g")
        assert article_list.highlighted == 0
        assert "Article number 0" in on_screen(article_list)


async def test_j_k_move_one_row_and_page_down_a_page() -> None:
    app = ListApp(MadeRows(ROWS))
    async with app.run_test(size=(60, 30)) as pilot:
        article_list = app.query_one(ArticleList)
        await pilot.press("j", "j", "j")
        assert article_list.highlighted == 3
        await pilot.press("k")
        assert article_list.highlighted == 2
        page = article_list.page_rows
        assert 1 < page < 30
        await pilot.press("pagedown")
        assert article_list.highlighted == 2 + page
        assert f"Article number {2 + page}" in on_screen(article_list)
        await pilot.press("pageup")
        assert article_list.highlighted == 2
        await pilot.press("k", "k", "k")
        assert article_list.highlighted == 0  # stops at the top
        await pilot.press("enter")
        assert app.opened == ["id-0"]


async def test_the_list_holds_no_widget_per_row_and_reads_only_rows_in_view() -> None:
    rows = MadeRows(ROWS)
    app = ListApp(rows)
    async with app.run_test(size=(60, 30)) as pilot:
        article_list = app.query_one(ArticleList)
        await pilot.press("G", "k", "pageup", "g", "j")
        await pilot.pause()
        assert len(list(article_list.children)) == 0
        assert not app.query(OptionList)
        # Each jump draws a screenful of rows; none walks the 20,000.
        assert len(rows.asked) < 100


async def test_a_click_opens_the_row_under_the_mouse() -> None:
    app = ListApp(MadeRows(ROWS))
    async with app.run_test(size=(60, 30)) as pilot:
        article_list = app.query_one(ArticleList)
        await pilot.click(ArticleList, offset=(5, article_list.row_height * 2 + 1))
        assert article_list.highlighted == 2
        assert app.opened == ["id-2"]
