"""The library's articles in order, read from the catalog page by page, with nothing held.

`Catalog.listing` reads the whole order first (one row number per article: a tenth of a
second of CPU at 100,000 articles, on the thread that competes with the app's first frame).
The reader's first screen needs far less: how many articles there are, the rows in view and
where last time's article stands. `Glance` asks SQLite for exactly that, each from the
order's covering index (`articles_by_date`, `articles_by_title`): a count, a page by
LIMIT/OFFSET, a position by counting the rows on its nearer side. It serves while the index
opens; the listing that follows replaces it.

Counting and skipping rows cost one index entry each, so nothing walks from the top to the
end of a long order: a position is counted from whichever end of the order its key lies
nearer (guessed from the keys of the first and last rows), a page in the second half is read
backwards from the end, and the page holding last time's article is read around it by key.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Sequence
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
_AFTER = {
    # Rows that come after it: its position, counted from the end.
    "date": "SELECT (SELECT count(*) FROM articles WHERE day < ?1) + (SELECT count(*) "
            "FROM articles WHERE day = ?1 AND (title_key, id) > (?2, ?3))",
    "title": "SELECT count(*) FROM articles WHERE (title_key, id) > (?2, ?3)",
}
_BACKWARDS = {"date": "day ASC, title_key DESC, id DESC", "title": "title_key DESC, id DESC"}
"""Each order read from its end (the same covering index, walked the other way)."""
_FROM = {
    # Rows from an article's key on, in order, as (range, order) pairs read one after the
    # other: its own day first, then the days after it (the date order is newest first).
    "date": (("day = ?1 AND (title_key, id) >= (?2, ?3)", "title_key, id"),
             ("day < ?1", "day DESC, title_key, id")),
    "title": (("(title_key, id) >= (?2, ?3)", "title_key, id"),),
}
_UNTIL = {
    # Rows before an article's key, nearest first.
    "date": (("day = ?1 AND (title_key, id) < (?2, ?3)", "title_key DESC, id DESC"),
             ("day > ?1", "day ASC, title_key DESC, id DESC")),
    "title": (("(title_key, id) < (?2, ?3)", "title_key DESC, id DESC"),),
}

Key = tuple[int, str, str]
"""An article's place in the orders: (day, title_key, id)."""


def _key(row: Sequence[Any]) -> Key:
    """An article's key from its (day, title_key, id) columns."""
    return int(row[0]), str(row[1]), str(row[2])


def _title_spot(title_key: str) -> float:
    """A number that grows with the title order, from a key's first letters."""
    return float(sum(ord(char) / 0x110000 ** (place + 1)
                     for place, char in enumerate(title_key[:4])))


def _share(order: str, key: Key, first: Key, last: Key) -> float:
    """How far into `order` `key` lies, guessed from the keys of its first and last rows:
    by day in the date order (by title among the days alike, as in a library without
    dates), by the first letters of the title otherwise."""
    if order == "date" and first[0] != last[0]:
        return (first[0] - key[0]) / (first[0] - last[0])
    low, high = _title_spot(first[1]), _title_spot(last[1])
    return (_title_spot(key[1]) - low) / (high - low) if high > low else 0.0


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
        self._anchor: tuple[int, Key] | None = None
        """Last time's article, found: its page is read around its key."""
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
        start = page * PAGE
        anchor = self._anchor
        if anchor is not None and start <= anchor[0] < start + PAGE:
            position, key = anchor
            before = self._read(_UNTIL[self._order], key, position - start)
            if len(before) == position - start:  # else the catalog moved: count as below
                after = self._read(_FROM[self._order], key, PAGE - len(before))
                return [_summary(row) for row in (*reversed(before), *after)]
        end = min(start + PAGE, self._length)
        if start > self._length // 2 and end > start:
            # From the end: skipping the rows after the page is the shorter walk.
            rows = self._connection().execute(
                f"SELECT {_SUMMARY_COLUMNS} FROM articles ORDER BY {_BACKWARDS[self._order]} "
                "LIMIT ? OFFSET ?",
                (end - start, self._length - end),
            ).fetchall()
            return [_summary(row) for row in reversed(rows)]
        return [
            _summary(row)
            for row in self._connection().execute(
                f"SELECT {_SUMMARY_COLUMNS} FROM articles ORDER BY {_ORDERS[self._order]} "
                "LIMIT ? OFFSET ?",
                (PAGE, start),
            )
        ]

    def _read(self, ranges: tuple[tuple[str, str], ...], key: Key, count: int) -> list[Any]:
        """Up to `count` rows from `key` on (or before it, nearest first), range by range."""
        rows: list[Any] = []
        for where, order in ranges:
            if len(rows) >= count:
                break
            rows += self._connection().execute(
                f"SELECT {_SUMMARY_COLUMNS} FROM articles WHERE {where} ORDER BY {order} "
                "LIMIT ?4",
                (*key, count - len(rows)),
            ).fetchall()
        return rows

    def prepare(self, article_id: str | None) -> None:
        """Find `article_id` and read the page holding it (else the first page) now, in the
        calling worker: the article list then asks for them on the UI thread for free."""
        found = self._find(article_id) if article_id is not None else None
        if found is not None and self._anchor is None:
            self._anchor = found
        if self._length:
            with contextlib.suppress(sqlite3.Error):
                self[found[0] if found is not None else 0]

    def index_of(self, article_id: str) -> int | None:
        with self._lock:
            if article_id in self._positions:
                return self._positions[article_id]
        found = self._find(article_id)
        return None if found is None else found[0]

    def _find(self, article_id: str) -> tuple[int, Key] | None:
        """Where an article stands and its key; the position is kept for `index_of`."""
        key = self._key_of(article_id)
        position = None if key is None else self._position(key)
        with self._lock:
            if len(self._positions) >= PAGE:
                self._positions.clear()
            self._positions[article_id] = position
        return None if key is None or position is None else (position, key)

    def _key_of(self, article_id: str) -> Key | None:
        if not self._length:
            return None
        try:
            row = self._one("SELECT day, title_key, id FROM articles WHERE id = ?",
                            (article_id,))
        except sqlite3.Error:
            return None
        return None if row is None else _key(row)

    def _position(self, key: Key) -> int | None:
        try:
            if self._nearer_end(key):
                position = self._length - 1 - int(self._one(_AFTER[self._order], key)[0])
            else:
                position = int(self._one(_BEFORE[self._order], key)[0])
        except sqlite3.Error:
            return None
        return position if 0 <= position < self._length else None

    def _nearer_end(self, key: Key) -> bool:
        """Whether `key` lies in the second half of the order, judged from the keys of its
        first and last rows (a guess: either count is right, this one is shorter)."""
        ends = [
            self._one(f"SELECT day, title_key, id FROM articles ORDER BY {order} LIMIT 1")
            for order in (_ORDERS[self._order], _BACKWARDS[self._order])
        ]
        if ends[0] is None or ends[1] is None:
            return False
        return _share(self._order, key, _key(ends[0]), _key(ends[1])) > 0.5
