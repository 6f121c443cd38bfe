"""The library's articles in order, read from the catalog page by page, with nothing held.

`Catalog.listing` reads the whole order first (one row number per article: a tenth of a
second of CPU at 100,000 articles, on the thread that competes with the app's first frame).
The reader's first screen needs far less: how many articles there are, the rows in view and
where last time's article stands. `Glance` asks SQLite for exactly that, each from the
order's covering index (`articles_by_date`, `articles_by_title`): a count, a page by
LIMIT/OFFSET, a position by counting the rows before it. It serves while the index opens;
the listing that follows replaces it.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from typing import Any

from index.catalog import _ORDERS, _SUMMARY_COLUMNS, PAGE, Catalog, Pages, _summary
from index.models import Summary

PAGES_KEPT = 4
"""Pages held at once: the screen in view and where the reader has just been."""

_BEFORE = {
    # Rows that come before (day, title_key, id) in each order, as the indexes sort them.
    "date": "SELECT (SELECT count(*) FROM articles WHERE day > ?1) + (SELECT count(*) "
            "FROM articles WHERE day = ?1 AND (title_key, id) < (?2, ?3))",
    "title": "SELECT count(*) FROM articles WHERE (title_key, id) < (?2, ?3)",
}
"""Counted as two ranges for the date order: SQLite walks an OR of them more slowly."""


class Glance:
    """Every article of the catalog in `order` ("date" or "title"), as the article list
    reads rows (`reader.rows.Rows`): a length, a row by position, an article's position.

    A failing catalog (missing, damaged) reads as no articles: the index opening next
    says what is wrong.
    """

    def __init__(self, catalog: Catalog | None, order: str = "date") -> None:
        """`catalog` None: no catalog yet, no articles."""
        if order not in _ORDERS:
            raise ValueError(f"unknown order {order!r}: use 'date' or 'title'")
        self._catalog = catalog
        self._order = order
        self._pages = Pages(self._page, PAGES_KEPT, PAGE)
        self._positions: dict[str, int | None] = {}
        self._lock = threading.Lock()
        self._length = 0
        if catalog is not None:
            with contextlib.suppress(sqlite3.Error):
                self._length = int(self._one("SELECT count(*) FROM articles")[0])

    def _connection(self) -> sqlite3.Connection:
        assert self._catalog is not None  # only asked for rows it counted
        return self._catalog.connection()

    def _one(self, sql: str, parameters: tuple[Any, ...] = ()) -> Any:
        return self._connection().execute(sql, parameters).fetchone()

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index: int) -> Summary:
        return self._pages.row(index, self._length)

    def _page(self, page: int) -> list[Summary]:
        return [
            _summary(row)
            for row in self._connection().execute(
                f"SELECT {_SUMMARY_COLUMNS} FROM articles ORDER BY {_ORDERS[self._order]} "
                "LIMIT ? OFFSET ?",
                (PAGE, page * PAGE),
            )
        ]

    def prepare(self, article_id: str | None) -> None:
        """Find `article_id` and read the page holding it (else the first page) now, in the
        calling worker: the article list then asks for them on the UI thread for free."""
        position = self.index_of(article_id) if article_id is not None else None
        if self._length:
            with contextlib.suppress(sqlite3.Error):
                self[position or 0]

    def index_of(self, article_id: str) -> int | None:
        with self._lock:
            if article_id in self._positions:
                return self._positions[article_id]
        position = self._position(article_id)
        with self._lock:
            if len(self._positions) >= PAGE:
                self._positions.clear()
            self._positions[article_id] = position
        return position

    def _position(self, article_id: str) -> int | None:
        if not self._length:
            return None
        try:
            row = self._one("SELECT day, title_key, id FROM articles WHERE id = ?",
                            (article_id,))
            if row is None:
                return None
            day, title_key, key = row
            before = self._one(_BEFORE[self._order], (day, title_key, key))[0]
        except sqlite3.Error:
            return None
        return int(before) if before < self._length else None
