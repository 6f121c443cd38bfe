"""The catalog: every article's summary and topics, and each topic's count, in a SQLite file
beside the Whoosh index.

The list, the topic views and related articles need a few fields of every article. Held as
Python objects (the old in-memory catalog) they cost 880 MB and 1.6 s to read at 10,000
articles; here they stay on disk, indexed, and each question reads only its answer.

Keeping in step with Whoosh: a Whoosh segment never changes once written except for the
documents it marks deleted, and its id is unique. Each catalog row remembers the segment
and the number within it of its document, and the catalog records the index state it
matches (`index_state`). `sync` compares the segments it last saw with the searcher's: the
rows of a segment that is gone are dropped, so are the documents a remaining segment has
since marked deleted, and the live documents of a segment not seen before are read from
their stored fields and added. The one step serves every case: after each commit of a scan,
after a crash between a Whoosh commit and the catalog's, for an index built before the
catalog existed, and from nothing when the file was deleted.

SQLite runs in WAL mode with one connection per thread, so readers never wait for a sync.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import hashlib
import json
import math
import sqlite3
import tempfile
import threading
from array import array
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from index.models import Summary, Topic, TopicKind
from index.topics import TOPIC_ORDER, stored_topics

if TYPE_CHECKING:  # Whoosh loads only when the index is opened, not with the catalog
    import numpy as np
    import numpy.typing as npt
    from whoosh.searching import Searcher

CATALOG_FILE = "catalog.sqlite"
FORMAT = "1"
"""Bumped when the tables change: a catalog of another format is emptied and rebuilt."""
PAGE = 200
"""Rows fetched at once for a listing: a few screens' worth."""
PAGES_HELD = 8
BATCH = 5_000
"""Articles read and written at once when a new segment is added."""
BUSY_SECONDS = 120.0
"""How long a sync waits for another process's sync (a whole rebuild, at worst)."""

IndexState = tuple[int, tuple[str, ...]]
"""An index's generation and the ids of its segments: the generation alone is not enough
(a rebuild starts counting again), the random segment ids are unique to one content."""

_KIND_RANK: dict[str, int] = {kind: place for place, kind in enumerate(TOPIC_ORDER)}

_TABLES = """
CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS segments(sid INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS articles(
    n INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    segment INTEGER NOT NULL,
    docnum INTEGER NOT NULL,
    path TEXT NOT NULL,
    title TEXT NOT NULL,
    title_key TEXT NOT NULL,
    day INTEGER NOT NULL,
    language TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_place ON articles(segment, docnum);
CREATE INDEX IF NOT EXISTS articles_by_date ON articles(day DESC, title_key, id);
CREATE INDEX IF NOT EXISTS articles_by_title ON articles(title_key, id);
CREATE TABLE IF NOT EXISTS topics(
    tid INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    kind_rank INTEGER NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    label_key TEXT NOT NULL DEFAULT '',
    count INTEGER NOT NULL DEFAULT 0,
    UNIQUE(kind, key)
);
CREATE INDEX IF NOT EXISTS topics_by_count ON topics(count DESC, kind_rank, label_key, key);
CREATE TABLE IF NOT EXISTS forms(
    fid INTEGER PRIMARY KEY,
    tid INTEGER NOT NULL,
    label TEXT NOT NULL,
    count INTEGER NOT NULL DEFAULT 0,
    UNIQUE(tid, label)
);
CREATE TABLE IF NOT EXISTS article_topics(
    tid INTEGER NOT NULL,
    article INTEGER NOT NULL,
    form INTEGER NOT NULL,
    place INTEGER NOT NULL,
    PRIMARY KEY(tid, article)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_topics_by_article ON article_topics(article, place);
CREATE TABLE IF NOT EXISTS stamps(article INTEGER PRIMARY KEY, stamp INTEGER NOT NULL);
"""
"""`day` is the date's ordinal, 0 for none (so undated articles come last, newest first).
A topic's `label` is its most used written form (`forms` counts each), `count` the articles
that have it; `place` keeps an article's topics in the order analysis gave them. `stamps`
fingerprints each article's stored fields, so that an article a merge merely moved to a new
segment is re-pointed rather than removed and added again (a catalog from before it has no
stamps, and its articles are re-added once, as they used to be)."""

_WORK_TABLES = """
CREATE TABLE IF NOT EXISTS stamps(article INTEGER PRIMARY KEY, stamp INTEGER NOT NULL);
CREATE TEMP TABLE IF NOT EXISTS gone(article INTEGER PRIMARY KEY);
CREATE TEMP TABLE IF NOT EXISTS touched(tid INTEGER PRIMARY KEY);
CREATE TEMP TABLE IF NOT EXISTS incoming(id TEXT PRIMARY KEY);
CREATE TEMP TABLE IF NOT EXISTS wanted(kind TEXT, key TEXT);
CREATE TEMP TABLE IF NOT EXISTS batch_topics(tid INTEGER PRIMARY KEY);
DELETE FROM gone;
DELETE FROM touched;
"""

_SUMMARY_COLUMNS = "id, path, title, day, language"
_ORDERS = {
    "date": "day DESC, title_key, id",
    "title": "title_key, id",
}


def recorded_state(connection: sqlite3.Connection, name: str) -> IndexState | None:
    """An index state kept in the meta table under `name`; None if absent or unreadable."""
    row = connection.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
    if row is None:
        return None
    try:
        generation, segments = json.loads(row[0])
        return int(generation), tuple(str(segment) for segment in segments)
    except (ValueError, TypeError):
        return None


def record_state(connection: sqlite3.Connection, name: str, state: IndexState) -> None:
    """Keep an index state in the meta table under `name` (`recorded_state` reads it)."""
    connection.execute(
        "INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, json.dumps(list(state)))
    )


def index_state(searcher: Searcher) -> IndexState:
    """The state of the index a searcher reads (an index created but not yet committed to
    has one empty reader and no segment)."""
    reader = searcher.reader()
    segments = (leaf.segment() for leaf, _ in reader.leaf_readers())
    return (
        reader.generation(),
        tuple(segment.segment_id() for segment in segments if segment is not None),
    )


def _summary(row: Sequence[Any]) -> Summary:
    article_id, path, title, day, language = row
    date = dt.date.fromordinal(day) if day else None
    return Summary(id=article_id, path=path, title=title, date=date, language=language)


class Catalog:
    """The catalog file of one index folder, opened lazily, one connection per thread.

    When the index folder cannot be written (a read-only disk), the catalog lives in the
    temporary folder instead: reading that library still works, at the price of a build.
    """

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self.path = index_dir / CATALOG_FILE
        self._local = threading.local()
        self._lock = threading.RLock()
        self._generation = 0
        """Bumped when connections must be reopened (the file was moved to a temp folder)."""
        self.synced: IndexState | None = None
        """The last index state this process saw the catalog match."""

    # -- connections ----------------------------------------------------------------------
    def connection(self) -> sqlite3.Connection:
        held: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if held is not None and getattr(self._local, "generation", -1) == self._generation:
            return held
        try:
            connection = self._connect(self.path)
        except sqlite3.Error:
            with self._lock:
                fallback = _fallback_path(self.index_dir)
                if self.path != fallback:
                    self.path = fallback
                    self._generation += 1
            connection = self._connect(self.path)
        self._local.connection, self._local.generation = connection, self._generation
        return connection

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(
            path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False
        )
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.create_function("casefold", 1, str.casefold, deterministic=True)
            found = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'"
            ).fetchone()
            version = (
                connection.execute("SELECT value FROM meta WHERE name='format'").fetchone()
                if found else None
            )
            if version is None or version[0] != FORMAT:
                _create(connection)
        except BaseException:
            connection.close()
            raise
        return connection

    def close(self) -> None:
        """Close this thread's connection (others close with their threads)."""
        held: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if held is not None:
            held.close()
            self._local.connection = None

    # -- keeping in step ------------------------------------------------------------------
    def recorded(self) -> IndexState | None:
        """The index state the catalog matches, as recorded with its last sync."""
        return recorded_state(self.connection(), "state")

    def sync(self, searcher: Searcher, latest_generation: int | None = None) -> bool:
        """Bring the catalog to the state the searcher reads; True when it changed.

        A catalog already at a newer state (a scan committed since this searcher opened) is
        left alone, unless `latest_generation` says the index is older than that record
        (it was replaced from scratch).
        """
        state = index_state(searcher)
        if self.synced == state:
            return False
        with self._lock:
            connection = self.connection()
            if self.recorded() == state:
                self.synced = state
                return False
            connection.execute("BEGIN IMMEDIATE")
            try:
                recorded = self.recorded()
                ahead = (
                    recorded is not None
                    and recorded[0] > state[0]
                    and (latest_generation is None or latest_generation >= recorded[0])
                )
                if recorded == state or ahead:
                    connection.execute("ROLLBACK")
                    return False
                bulk = connection.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is None
                if bulk:  # a whole index to read: build the indexes once, at the end
                    for (name,) in connection.execute(
                        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                    ).fetchall():
                        connection.execute(f'DROP INDEX "{name}"')
                _apply(connection, searcher)
                if bulk:
                    _script(connection, _TABLES)
                record_state(connection, "state", state)
                connection.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    connection.execute("ROLLBACK")
                raise
            if bulk:  # fold the whole build's log into the file (it doubled the size on disk)
                with contextlib.suppress(sqlite3.Error):
                    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.synced = state
            return True

    # -- reading --------------------------------------------------------------------------
    def count(self) -> int:
        row = self.connection().execute("SELECT count(*) FROM articles").fetchone()
        return int(row[0])

    def languages(self) -> dict[str, int]:
        """Article count per language code, most first."""
        rows = self.connection().execute(
            "SELECT language, count(*) FROM articles GROUP BY language ORDER BY 2 DESC, 1"
        )
        return {language: count for language, count in rows}

    def articles(self, order: str = "date") -> list[Summary]:
        """Every article, for the command line (the app pages through a `Listing`)."""
        rows = self.connection().execute(
            f"SELECT {_SUMMARY_COLUMNS} FROM articles ORDER BY {_order(order)}"
        )
        return [_summary(row) for row in rows]

    def summaries(self, article_ids: Iterable[str]) -> list[Summary]:
        """The summaries of these articles, in the order asked; unknown ids left out."""
        wanted = list(dict.fromkeys(article_ids))
        found: dict[str, Summary] = {}
        connection = self.connection()
        for chunk in _chunks(wanted):
            marks = ",".join("?" * len(chunk))
            rows = connection.execute(
                f"SELECT {_SUMMARY_COLUMNS} FROM articles WHERE id IN ({marks})", chunk
            )
            found.update((row[0], _summary(row)) for row in rows)
        return [found[key] for key in wanted if key in found]

    def listing(self, order: str = "date", topic: Topic | None = None) -> Listing:
        """Every article, or those with one topic, in `order`, read a page at a time."""
        connection = self.connection()
        if topic is None:
            cursor = connection.execute(f"SELECT n FROM articles ORDER BY {_order(order)}")
        else:
            cursor = connection.execute(
                "SELECT a.n FROM topics t JOIN article_topics x ON x.tid = t.tid "
                "JOIN articles a ON a.n = x.article WHERE t.kind = ? AND t.key = ? "
                f"ORDER BY {_order(order, 'a.')}",
                (topic.kind, topic.key),
            )
        return Listing(self, array("q", (n for (n,) in cursor)))

    def ordered(self, rows: Iterable[int], order: str = "date") -> Listing:
        """A listing of the given catalog rows (`n`), in `order`."""
        wanted = list(rows)
        connection = self.connection()
        found: list[tuple[Any, ...]] = []
        for chunk in _chunks(wanted):
            marks = ",".join("?" * len(chunk))
            found.extend(
                connection.execute(
                    f"SELECT n, day, title_key, id FROM articles WHERE n IN ({marks})", chunk
                )
            )
        if order == "title":
            found.sort(key=lambda row: (row[2], row[3]))
        else:
            found.sort(key=lambda row: (-row[1], row[2], row[3]))
        return Listing(self, array("q", (row[0] for row in found)))

    def rows_at(self, places: Iterable[tuple[str, int]]) -> list[int]:
        """Catalog rows of the documents at these (segment id, number in segment) places."""
        by_segment: dict[str, list[int]] = {}
        for segment, docnum in places:
            by_segment.setdefault(segment, []).append(docnum)
        connection = self.connection()
        found: list[int] = []
        for segment, docnums in by_segment.items():
            sid = connection.execute(
                "SELECT sid FROM segments WHERE name = ?", (segment,)
            ).fetchone()
            if sid is None:
                continue
            for chunk in _chunks(docnums):
                marks = ",".join("?" * len(chunk))
                found.extend(
                    n for (n,) in connection.execute(
                        f"SELECT n FROM articles WHERE segment = ? AND docnum IN ({marks})",
                        (sid[0], *chunk),
                    )
                )
        return found

    def topics(self, limit: int | None = None, offset: int = 0) -> list[Topic]:
        """Topics, most articles first; on ties tags, people, organisations, places, other
        names, keywords, then by label."""
        rows = self.connection().execute(
            "SELECT kind, key, label, count FROM topics WHERE count > 0 "
            "ORDER BY count DESC, kind_rank, label_key, key LIMIT ? OFFSET ?",
            (-1 if limit is None else limit, offset),
        )
        return [Topic(kind=kind, key=key, label=label, count=count)
                for kind, key, label, count in rows]

    def titles_containing(self, letters: str, limit: int) -> list[Summary]:
        """Articles whose title holds `letters` in order, gaps allowed (what a fuzzy
        matcher accepts), newest first: a filter on disk for the command palette, so it
        never holds every title. Compared casefolded; at most `limit`."""
        rows = self.connection().execute(
            f"SELECT {_SUMMARY_COLUMNS} FROM articles WHERE title_key LIKE ? ESCAPE '\\' "
            f"ORDER BY {_order('date')} LIMIT ?",
            (_in_order(letters), limit),
        )
        return [_summary(row) for row in rows]

    def topics_containing(
        self, letters: str, limit: int, kinds: Iterable[str] | None = None
    ) -> list[Topic]:
        """Topics (of these kinds, or any) whose label holds `letters` in order, gaps
        allowed, most articles first (as `titles_containing`)."""
        wanted = tuple(kinds) if kinds is not None else tuple(TOPIC_ORDER)
        marks = ",".join("?" * len(wanted))
        # "+kind" keeps SQLite from choosing the (kind, key) index and sorting every match:
        # walking topics_by_count stops at the `limit`-th match (10k library: 15-20 ms for
        # a rare word, 2-6 ms for a common one, against 160-240 ms before).
        rows = self.connection().execute(
            "SELECT kind, key, label, count FROM topics WHERE count > 0 "
            f"AND +kind IN ({marks}) AND label_key LIKE ? ESCAPE '\\' "
            "ORDER BY count DESC, kind_rank, label_key, key LIMIT ?",
            (*wanted, _in_order(letters), limit),
        )
        return [Topic(kind=kind, key=key, label=label, count=count)
                for kind, key, label, count in rows]

    def topic_count(self) -> int:
        row = self.connection().execute("SELECT count(*) FROM topics WHERE count > 0").fetchone()
        return int(row[0])

    def topic(self, kind: str, key: str) -> Topic | None:
        row = self.connection().execute(
            "SELECT kind, key, label, count FROM topics WHERE kind = ? AND key = ?", (kind, key)
        ).fetchone()
        if row is None or row[3] <= 0:
            return None
        return Topic(kind=row[0], key=row[1], label=row[2], count=row[3])

    def topics_of(self, article_id: str) -> list[Topic]:
        """One article's topics with their library counts, kinds in `TOPIC_ORDER`, each kind
        in the order analysis gave."""
        rows = self.connection().execute(
            "SELECT t.kind, t.key, t.label, t.count FROM articles a "
            "JOIN article_topics x ON x.article = a.n JOIN topics t ON t.tid = x.tid "
            "WHERE a.id = ? ORDER BY t.kind_rank, x.place",
            (article_id,),
        )
        return [Topic(kind=kind, key=key, label=label, count=count)
                for kind, key, label, count in rows]

    def size(self) -> int:
        """Bytes on disk (the file and its write-ahead log)."""
        total = 0
        for suffix in ("", "-wal"):
            with contextlib.suppress(OSError):
                total += Path(str(self.path) + suffix).stat().st_size
        return total


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff"))
"""Zero-width space, word joiner, byte-order mark: no width on screen, none in the order."""


def title_key(title: str) -> str:
    """What titles sort and are found by: casefolded, without invisible characters (a French
    feed's titles start with runs of zero-width spaces, which sorted them after every
    other title)."""
    return title.translate(_INVISIBLE).casefold()


class Pages:
    """Rows of a listing read a page at a time, the last `kept` pages held (least recently
    read goes first); safe to ask from several threads. A row past the end of its page (the
    catalog shrank since the listing was counted) reads as removed."""

    def __init__(self, fetch: Callable[[int], list[Summary]], kept: int, size: int) -> None:
        """`fetch(page)`: the rows of page number `page`, of `size` rows each."""
        self._fetch = fetch
        self._kept = kept
        self._size = size
        self._held: OrderedDict[int, list[Summary]] = OrderedDict()
        self._lock = threading.Lock()

    def row(self, index: int, length: int) -> Summary:
        if index < 0:
            index += length
        if not 0 <= index < length:
            raise IndexError(index)
        page, at = divmod(index, self._size)
        with self._lock:
            held = self._held.get(page)
            if held is not None:
                self._held.move_to_end(page)
        if held is None:
            held = self._fetch(page)
            with self._lock:
                self._held[page] = held
                while len(self._held) > self._kept:
                    self._held.popitem(last=False)
        return held[at] if at < len(held) else _REMOVED


class Listing:
    """A listing as the article list reads it: its length, a row by position (fetched with
    the rows around it, a page at a time, a few pages kept) and the position of an article.

    The order is fixed when the listing is made (the catalog rows, 8 bytes each), so moving
    or jumping anywhere costs one page of indexed lookups, whatever the listing's length.
    An article removed since reads as a blank row until the list is reloaded.
    """

    def __init__(self, catalog: Catalog, numbers: array[int]) -> None:
        self._catalog = catalog
        self._numbers = numbers
        self._pages = Pages(self._fetch, PAGES_HELD, PAGE)
        self._where: npt.NDArray[np.int32] | None = None
        """Position of each catalog row number (-1: not listed), made at the first
        `index_of` (0.5 ms at 100,000 rows): 4 bytes a row, so finding an article is one
        lookup, not a scan of the listing (1.3 ms at 100,000)."""

    def __len__(self) -> int:
        return len(self._numbers)

    def __eq__(self, other: object) -> bool:
        """The same articles in the same order from the same catalog: a listing read again
        after a sync that changed nothing equals the one read before it."""
        if not isinstance(other, Listing):
            return NotImplemented
        return self._catalog is other._catalog and self._numbers == other._numbers

    def __getitem__(self, index: int) -> Summary:
        return self._pages.row(index, len(self._numbers))

    def _fetch(self, page: int) -> list[Summary]:
        numbers = self._numbers[page * PAGE : (page + 1) * PAGE].tolist()
        marks = ",".join("?" * len(numbers))
        rows = self._catalog.connection().execute(
            f"SELECT n, {_SUMMARY_COLUMNS} FROM articles WHERE n IN ({marks})", numbers
        )
        found = {row[0]: _summary(row[1:]) for row in rows}
        return [found.get(n) or _REMOVED for n in numbers]

    def index_of(self, article_id: str) -> int | None:
        row = self._catalog.connection().execute(
            "SELECT n FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            return None
        number = int(row[0])
        if self._where is None:
            import numpy as np  # the app has it loaded for related articles by then

            listed = np.frombuffer(self._numbers, dtype=np.int64)
            top = int(listed.max()) if listed.size else -1
            where = np.full(0, -1, dtype=np.int32)  # row numbers far apart: scan instead
            if top <= 8 * listed.size + 4096:
                where = np.full(top + 1, -1, dtype=np.int32)
                where[listed] = np.arange(listed.size, dtype=np.int32)
            self._where = where
        if not self._where.size:
            try:
                return self._numbers.index(number)
            except ValueError:
                return None
        position = int(self._where[number]) if 0 <= number < self._where.size else -1
        return position if position >= 0 else None

    def ids(self) -> Iterator[str]:
        """Every article id in order (reads every page: for tests and small listings)."""
        for index in range(len(self)):
            yield self[index].id


_REMOVED = Summary(id="", path="", title="(no longer in the library)", date=None,
                   language="und")


class HeldTopic(NamedTuple):
    """One topic of an article as `index.related` weighs it: its catalog row (`tid`), its
    library-wide label and how many articles have it."""

    tid: int
    kind: TopicKind
    key: str
    label: str
    articles: int


class RelatedView:
    """What `index.related` asks of the catalog, by Whoosh document number, for one call
    of `related` on one searcher: summaries, an article's topics with their counts and
    labels, and the articles of a few topics, each in one query.
    """

    def __init__(
        self, catalog: Catalog, searcher: Searcher, languages: dict[str, int] | None = None
    ) -> None:
        """`languages`: the catalog's article count per language, if the caller holds it
        (counting them reads every article)."""
        self._catalog = catalog
        connection = self._connection = catalog.connection()
        names = dict(connection.execute("SELECT name, sid FROM segments"))
        self._base_of: dict[int, int] = {}
        self._starts: list[int] = []
        self._sids: list[int | None] = []
        for leaf, base in searcher.reader().leaf_readers():
            segment = leaf.segment()
            sid = names.get(segment.segment_id()) if segment is not None else None
            if sid is not None:
                self._base_of[sid] = base
            self._starts.append(base)
            self._sids.append(sid)
        self.languages = catalog.languages() if languages is None else languages
        self.documents = sum(self.languages.values())
        self._summaries: dict[int, tuple[int, Summary] | None] = {}

    def _place(self, docnum: int) -> tuple[int, int] | None:
        at = bisect.bisect_right(self._starts, docnum) - 1
        sid = self._sids[at] if at >= 0 else None
        return None if sid is None else (sid, docnum - self._starts[at])

    def prefetch(self, docnums: Iterable[int]) -> None:
        """Read the summaries of these documents, a query per segment and 500 documents."""
        by_sid: dict[int, list[int]] = {}
        for docnum in docnums:
            if docnum in self._summaries:
                continue
            place = self._place(docnum)
            self._summaries[docnum] = None
            if place is not None:
                by_sid.setdefault(place[0], []).append(place[1])
        for sid, locals_ in by_sid.items():
            base = self._base_of[sid]
            for chunk in _chunks(locals_):
                marks = ",".join("?" * len(chunk))
                for row in self._connection.execute(
                    f"SELECT n, docnum, {_SUMMARY_COLUMNS} FROM articles "
                    f"WHERE segment = ? AND docnum IN ({marks})", (sid, *chunk)
                ):
                    self._summaries[base + row[1]] = (row[0], _summary(row[2:]))

    def summary(self, docnum: int) -> Summary | None:
        if docnum not in self._summaries:
            self.prefetch((docnum,))
        held = self._summaries.get(docnum)
        return held[1] if held is not None else None

    def topics(self, docnum: int) -> list[HeldTopic]:
        """The document's topics, in the order it was indexed with them."""
        if docnum not in self._summaries:
            self.prefetch((docnum,))
        held = self._summaries.get(docnum)
        if held is None:
            return []
        rows = self._connection.execute(
            "SELECT t.tid, t.kind, t.key, t.label, t.count FROM article_topics x "
            "JOIN topics t ON t.tid = x.tid WHERE x.article = ? ORDER BY x.place",
            (held[0],),
        )
        return [HeldTopic(*row) for row in rows]

    def version(self) -> tuple[int, int]:
        """Changes whether any connection has written to the catalog since the last call
        (SQLite's data_version counts other connections' commits, total_changes ours)."""
        (data_version,) = self._connection.execute("PRAGMA data_version").fetchone()
        return int(data_version), self._connection.total_changes

    def places(self) -> tuple[array[int], array[int]]:
        """(catalog rows, their document numbers) of every article in a segment the
        searcher reads: for looking up `members` rows, which come without them."""
        rows: array[int] = array("q")
        docnums: array[int] = array("q")
        for sid, base in self._base_of.items():
            numbers, places = self._connection.execute(
                "SELECT group_concat(n), group_concat(docnum) FROM articles WHERE segment = ?",
                (sid,),
            ).fetchone()
            if numbers:
                rows.extend(map(int, numbers.split(",")))
                docnums.extend(base + int(place) for place in places.split(","))
        return rows, docnums

    def members(self, tids: Sequence[int]) -> dict[int, array[int]]:
        """Topic row → the catalog rows of its articles, for all the given topics in one
        query (over the primary key alone: at 100,000 articles a topic can have thousands
        of articles, and a join per article to find its document number cost milliseconds;
        `places` maps them)."""
        found: dict[int, array[int]] = {tid: array("q") for tid in tids}
        if not tids:
            return found
        marks = ",".join("?" * len(tids))
        rows = self._connection.execute(
            "SELECT tid, group_concat(article) FROM article_topics "
            f"WHERE tid IN ({marks}) GROUP BY tid",
            tuple(tids),
        )
        for tid, numbers in rows:
            if numbers:
                found[tid] = array("q", map(int, numbers.split(",")))
        return found

    def idf(self, count: int) -> float:
        """How rare a topic that `count` articles have is, for weighting shared topics."""
        return math.log((1 + self.documents) / (1 + max(count, 1))) + 0.05


# -- building ------------------------------------------------------------------------------
@contextlib.contextmanager
def writing(connection: sqlite3.Connection) -> Iterator[None]:
    """One write transaction (BEGIN IMMEDIATE: a writer waits for the others here, not half
    way through): committed when the block ends, rolled back if it raises."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _create(connection: sqlite3.Connection) -> None:
    """Empty tables of this format (a catalog of another format is dropped: it rebuilds)."""
    with writing(connection):
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall():
            connection.execute(f'DROP TABLE IF EXISTS "{name}"')
        _script(connection, _TABLES)
        connection.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (FORMAT,))


def _apply(connection: sqlite3.Connection, searcher: Searcher) -> None:
    """Drop the rows of segments and documents the index no longer has, add those of
    segments not seen before (inside the caller's transaction)."""
    _script(connection, _WORK_TABLES)
    current: dict[str, Any] = {}
    for leaf, _ in searcher.reader().leaf_readers():
        segment = leaf.segment()
        if segment is not None:
            current[segment.segment_id()] = leaf
    known: dict[str, int] = dict(connection.execute("SELECT name, sid FROM segments"))
    for name, sid in known.items():
        leaf = current.get(name)
        if leaf is None:
            connection.execute(
                "INSERT OR IGNORE INTO gone SELECT n FROM articles WHERE segment = ?", (sid,)
            )
            connection.execute("DELETE FROM segments WHERE sid = ?", (sid,))
        elif leaf.has_deletions():
            connection.executemany(
                "INSERT OR IGNORE INTO gone SELECT n FROM articles "
                "WHERE segment = ? AND docnum = ?",
                ((sid, docnum) for docnum in leaf.segment().deleted_docs()),
            )
    fresh: list[tuple[Any, int, set[int] | None]] = []
    for name, leaf in current.items():
        if name not in known:
            added = connection.execute("INSERT INTO segments(name) VALUES (?)", (name,))
            number = added.lastrowid
            assert number is not None
            fresh.append((leaf, number, _repoint(connection, leaf, number)))
    _drop_gone(connection)
    for leaf, number, wanted in fresh:
        for batch in _read(leaf, number, wanted):
            _add(connection, batch)
    _recount(connection)


def _stamp(stored: dict[str, Any]) -> int:
    """A fingerprint of a document's stored fields (equal for a copy a merge made)."""
    text = repr(sorted(stored.items())).encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big", signed=True)


def _repoint(connection: sqlite3.Connection, leaf: Any, sid: int) -> set[int] | None:
    """Re-point the articles of a new segment that are unchanged copies of ones whose old
    place is gone (what a merge does) and return the document numbers still to add, or
    None for all of them. A merge of most of a library then costs a read of its stored
    fields, not the removal and re-insertion of every topic link."""
    if connection.execute("SELECT 1 FROM gone LIMIT 1").fetchone() is None:
        return None
    wanted: set[int] = set()
    moved: list[tuple[int, int, int]] = []
    for docnum, stored in leaf.iter_docs():
        row = connection.execute(
            "SELECT a.n, s.stamp FROM articles a JOIN gone g ON g.article = a.n "
            "JOIN stamps s ON s.article = a.n WHERE a.id = ?",
            (stored.get("id"),),
        ).fetchone()
        if row is not None and row[1] == _stamp(stored):
            moved.append((sid, docnum, row[0]))
        else:
            wanted.add(docnum)
    connection.executemany("UPDATE articles SET segment = ?, docnum = ? WHERE n = ?", moved)
    connection.executemany("DELETE FROM gone WHERE article = ?", ((n,) for _, _, n in moved))
    return wanted


class _Batch:
    """Articles read from a new segment: their rows and (kind, key, label, place) topics."""

    def __init__(self) -> None:
        self.articles: dict[str, tuple[object, ...]] = {}
        self.topics: dict[str, list[tuple[str, str, str, int]]] = {}
        self.stamps: dict[str, int] = {}


def _read(leaf: Any, sid: int | None, wanted: set[int] | None = None) -> Iterator[_Batch]:
    """The live documents of one new segment (or those of `wanted`), `BATCH` at a time
    (memory stays flat when a whole index is read)."""
    batch = _Batch()
    documents = (
        leaf.iter_docs() if wanted is None
        else ((docnum, leaf.stored_fields(docnum)) for docnum in sorted(wanted))
    )
    for docnum, stored in documents:
        summary = Summary.from_stored(stored)
        day = summary.date.toordinal() if summary.date else 0
        # A duplicate id (a damaged index) keeps its last copy.
        batch.articles[summary.id] = (sid, docnum, summary.path, summary.title,
                                      title_key(summary.title), day, summary.language)
        batch.stamps[summary.id] = _stamp(stored)
        seen: set[tuple[str, str]] = set()
        mine = batch.topics[summary.id] = []
        for place, (kind, key, label) in enumerate(stored_topics(stored)):
            if (kind, key) not in seen:
                seen.add((kind, key))
                mine.append((kind, key, label, place))
        if len(batch.articles) >= BATCH:
            yield batch
            batch = _Batch()
    if batch.articles:
        yield batch


def _drop_gone(connection: sqlite3.Connection) -> None:
    """Remove the articles listed in `gone` (their topics' forms counted down, the topics
    marked for `_recount`), and empty `gone`."""
    # CROSS JOIN keeps `gone` the outer loop: with no statistics on the temporary table the
    # planner scanned every topic link instead (2 million at 100,000 articles, 16 s of a
    # one-file rescan).
    connection.execute(
        "INSERT OR IGNORE INTO touched SELECT DISTINCT x.tid FROM gone g "
        "CROSS JOIN article_topics x ON x.article = g.article"
    )
    connection.execute(
        "UPDATE forms SET count = forms.count - d.c FROM ("
        " SELECT x.form AS fid, count(*) AS c FROM gone g"
        " CROSS JOIN article_topics x ON x.article = g.article GROUP BY x.form"
        ") AS d WHERE forms.fid = d.fid"
    )
    connection.execute(
        "DELETE FROM article_topics WHERE article IN (SELECT article FROM gone)"
    )
    connection.execute("DELETE FROM articles WHERE n IN (SELECT article FROM gone)")
    connection.execute("DELETE FROM stamps WHERE article IN (SELECT article FROM gone)")
    connection.execute("DELETE FROM gone")


def _next(connection: sqlite3.Connection, column: str, table: str) -> int:
    row = connection.execute(f"SELECT ifnull(max({column}), 0) + 1 FROM {table}").fetchone()
    return int(row[0])


def _add(connection: sqlite3.Connection, batch: _Batch) -> None:
    """Insert a batch of articles and their topics; an article already held (changed, or
    moved by a merge) replaces its old row. Counting is done here, in dictionaries, and
    written in a few bulk statements: joins of every topic mention cost seconds."""
    any_articles = connection.execute("SELECT 1 FROM articles LIMIT 1").fetchone()
    if any_articles:
        connection.execute("DELETE FROM incoming")
        connection.executemany(
            "INSERT INTO incoming(id) VALUES (?)", ((key,) for key in batch.articles)
        )
        connection.execute(
            "INSERT OR IGNORE INTO gone SELECT a.n FROM incoming i CROSS JOIN articles a "
            "ON a.id = i.id"
        )
        _drop_gone(connection)
    number = _next(connection, "n", "articles")
    numbers: dict[str, int] = {}
    rows = []
    for article_id, row in batch.articles.items():
        numbers[article_id] = number
        rows.append((number, article_id, *row))
        number += 1
    connection.executemany("INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?)", rows)
    connection.executemany(
        "INSERT INTO stamps VALUES (?, ?)",
        ((numbers[key], stamp) for key, stamp in batch.stamps.items()),
    )

    wanted = {(kind, key) for mine in batch.topics.values() for kind, key, _, _ in mine}
    tids: dict[tuple[str, str], int] = {}
    if connection.execute("SELECT 1 FROM topics LIMIT 1").fetchone():
        connection.execute("DELETE FROM wanted")
        connection.executemany("INSERT INTO wanted VALUES (?, ?)", wanted)
        tids = {
            (kind, key): tid for kind, key, tid in connection.execute(
                "SELECT w.kind, w.key, t.tid FROM wanted w "
                "JOIN topics t ON t.kind = w.kind AND t.key = w.key"
            )
        }
    held = set(tids.values())
    tid = _next(connection, "tid", "topics")
    fresh = []
    for kind, key in wanted - tids.keys():
        tids[(kind, key)] = tid
        fresh.append((tid, kind, key, _KIND_RANK[kind]))
        tid += 1
    connection.executemany(
        "INSERT INTO topics(tid, kind, key, kind_rank) VALUES (?,?,?,?)", fresh
    )
    connection.executemany(
        "INSERT OR IGNORE INTO touched VALUES (?)", ((tid,) for tid in tids.values())
    )

    counts: Counter[tuple[int, str]] = Counter()
    links: list[tuple[int, int, tuple[int, str], int]] = []
    for article_id, mine in batch.topics.items():
        article = numbers[article_id]
        for kind, key, label, place in mine:
            form = (tids[(kind, key)], label)
            counts[form] += 1
            links.append((form[0], article, form, place))
    # The forms of this batch's topics that were there before it (a new topic has none):
    # never every touched topic's, which grows with each batch of a whole build.
    fids: dict[tuple[int, str], int] = {}
    if held:
        connection.execute("DELETE FROM batch_topics")
        connection.executemany("INSERT INTO batch_topics VALUES (?)", ((t,) for t in held))
        fids = {
            (tid, label): fid for tid, label, fid in connection.execute(
                "SELECT f.tid, f.label, f.fid FROM batch_topics b "
                "CROSS JOIN forms f ON f.tid = b.tid"
            )
        }
    connection.executemany(
        "UPDATE forms SET count = count + ? WHERE fid = ?",
        ((count, fids[form]) for form, count in counts.items() if form in fids),
    )
    fid = _next(connection, "fid", "forms")
    fresh_forms = []
    for form, count in counts.items():
        if form not in fids:
            fids[form] = fid
            fresh_forms.append((fid, form[0], form[1], count))
            fid += 1
    connection.executemany("INSERT INTO forms VALUES (?,?,?,?)", fresh_forms)
    links.sort(key=lambda link: (link[0], link[1]))  # in key order: appends, not page splits
    connection.executemany(
        "INSERT OR IGNORE INTO article_topics VALUES (?,?,?,?)",
        ((tid, article, fids[form], place) for tid, article, form, place in links),
    )


def _recount(connection: sqlite3.Connection) -> None:
    """Count and label again the topics whose articles changed; drop those left with none.
    The label is the most used form; on ties the longest, then the last in code point order."""
    best: dict[int, tuple[int, int, str]] = {}
    totals: Counter[int] = Counter()
    for tid, label, count in connection.execute(
        "SELECT f.tid, f.label, f.count FROM touched t CROSS JOIN forms f ON f.tid = t.tid"
    ):
        if count <= 0:
            continue
        totals[tid] += count
        rank = (count, len(label), label)
        if tid not in best or rank > best[tid]:
            best[tid] = rank
    connection.executemany(
        "UPDATE topics SET count = ?, label = ?, label_key = ? WHERE tid = ?",
        ((totals[tid], rank[2], rank[2].casefold(), tid) for tid, rank in best.items()),
    )
    connection.execute(
        "DELETE FROM forms WHERE count <= 0 AND tid IN (SELECT tid FROM touched)"
    )
    connection.execute(
        "DELETE FROM topics WHERE tid IN (SELECT tid FROM touched) AND NOT EXISTS "
        "(SELECT 1 FROM forms f WHERE f.tid = topics.tid AND f.count > 0)"
    )
    connection.execute("DELETE FROM touched")


def _script(connection: sqlite3.Connection, script: str) -> None:
    """Statements one by one: `executescript` would commit the caller's transaction."""
    for statement in script.split(";"):
        if statement.strip():
            connection.execute(statement)


def _order(order: str, prefix: str = "") -> str:
    if order not in _ORDERS:
        raise ValueError(f"unknown order {order!r}: use 'date' or 'title'")
    return ", ".join(prefix + part for part in _ORDERS[order].split(", "))


def _in_order(letters: str) -> str:
    """A LIKE pattern matching any text that holds `letters` in order, gaps allowed."""
    escaped = (
        "\\" + letter if letter in "%_\\" else letter for letter in letters.casefold()
    )
    return "%" + "%".join(escaped) + "%"


def _chunks(values: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _fallback_path(index_dir: Path) -> Path:
    """Where the catalog of an index folder that cannot be written goes."""
    digest = hashlib.sha256(str(index_dir).encode("utf-8", "surrogateescape")).hexdigest()
    return Path(tempfile.gettempdir()) / "rubrique-catalogs" / f"{digest[:24]}.sqlite"


def follow(index_dir: Path, ix: Any) -> None:
    """After a commit (or a scan that found nothing to commit): bring the index folder's
    catalog to the index's state. A failure is left for the next reader to mend: the
    catalog is only ever a copy of what the index holds."""
    with contextlib.suppress(sqlite3.Error, OSError):
        catalog = Catalog(index_dir)
        try:
            with ix.searcher() as searcher:
                catalog.sync(searcher, ix.latest_generation())
        finally:
            catalog.close()
