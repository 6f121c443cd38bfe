"""What the index holds of each article file, kept in a table of the catalog file.

A rescan must tell which files changed since the index read them. The index itself knows (each
document stores its file's size, modification time and hash), but asking it means reading every
stored document: 6.7 s at 100,000 articles, for a rescan that usually finds nothing to do. The
`file_states` table holds the same facts per file (size, mtime, hash, document ids, languages),
so a rescan reads three columns of one table and compares them with the folder walk.

The index stays the truth. The table records the index state (Whoosh generation and segment ids)
it describes; a scan that finds any other state (a crash between a Whoosh commit and the table's,
a catalog from before the table, a rebuilt index, a catalog deleted or emptied) fills the table
again from the stored fields, in one transaction, and trusts it from then on. A scan changes the
table only in the transaction that moves its stamp from the state before a commit to the state
after it; a failure leaves the old stamp, which no longer matches, so the next scan rebuilds.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh.index import Index
from whoosh.searching import Searcher

from index import folder_states
from index.catalog import Catalog, IndexState, record_state, recorded_state, writing
from index.store import FileState, iter_stored

STAMP = "file_states"
"""The `meta` row holding the index state the table describes."""

_TABLE = """CREATE TABLE IF NOT EXISTS file_states(
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    ids TEXT NOT NULL,
    languages TEXT NOT NULL
) WITHOUT ROWID"""
"""`ids` and `languages` are JSON lists, one entry per document of the file (a feed has
several); feed entry ids can hold any character, so no separator is safe."""

_CHUNK = 500

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FileRecord:
    """One file as the index holds it."""

    state: FileState
    ids: tuple[str, ...]
    languages: tuple[str, ...]


Changes = Mapping[str, FileRecord | None]
"""What a commit did, per file path: its new record, or None when its documents left."""


def toc_state(ix: Index) -> IndexState:
    """The state of the index on disk now: its generation and segment ids, from the table of
    contents alone (no segment is opened)."""
    toc = ix._read_toc()  # FileIndex's own reader of the latest TOC
    return int(toc.generation), tuple(segment.segment_id() for segment in toc.segments)


def ensure_table(connection: sqlite3.Connection) -> None:
    connection.execute(_TABLE)


def stamp(connection: sqlite3.Connection) -> IndexState | None:
    return recorded_state(connection, STAMP)


def rebuild(
    connection: sqlite3.Connection, searcher: Searcher, state: IndexState
) -> dict[str, bytes]:
    """Fill the table from the index's stored fields (what `searcher` reads, at `state`) and
    return what `digests` would: folder → digest of its files."""
    records = from_stored(searcher)
    ensure_table(connection)
    with writing(connection):
        connection.execute("DELETE FROM file_states")
        connection.executemany(
            "INSERT INTO file_states VALUES (?, ?, ?, ?, ?, ?)",
            (_row(path, record) for path, record in records.items()),
        )
        record_state(connection, STAMP, state)
        return folder_states.fill(
            connection,
            ((path, r.state.size, r.state.mtime_ns) for path, r in records.items()),
            state,
        )


def from_stored(searcher: Searcher) -> dict[str, FileRecord]:
    """Every file's record, read from the stored fields of every live document."""
    ids: dict[str, list[str]] = {}
    languages: dict[str, list[str]] = {}
    states: dict[str, FileState] = {}
    for _, stored in iter_stored(searcher):
        path = stored["path"]
        if path not in states:
            states[path] = FileState(
                stored["file_size"], stored["file_mtime"], stored["file_hash"]
            )
            ids[path], languages[path] = [], []
        ids[path].append(stored["id"])
        languages[path].append(stored.get("lang", ""))
    return {
        path: FileRecord(state, tuple(ids[path]), tuple(languages[path]))
        for path, state in states.items()
    }


def records(connection: sqlite3.Connection, paths: Iterable[str]) -> dict[str, FileRecord]:
    """The records of these files (those the table holds)."""
    found: dict[str, FileRecord] = {}
    for chunk in _chunks(list(paths)):
        marks = ",".join("?" * len(chunk))
        for path, size, mtime_ns, sha256, ids, languages in connection.execute(
            "SELECT path, size, mtime_ns, sha256, ids, languages FROM file_states "
            f"WHERE path IN ({marks})",
            chunk,
        ):
            found[path] = FileRecord(
                FileState(size, mtime_ns, sha256), tuple(json.loads(ids)),
                tuple(json.loads(languages)),
            )
    return found


def records_under(connection: sqlite3.Connection, folder: str) -> dict[str, FileRecord]:
    """The records of every file under `folder` (a relative path, no trailing slash), at any
    depth: what a folder that moved or went away held."""
    # The range of the primary key that starts with "folder/" ('0' follows '/').
    rows = connection.execute(
        "SELECT path FROM file_states WHERE path > ? AND path < ?", (folder + "/", folder + "0")
    )
    return records(connection, [path for (path,) in rows])


def describes(connection: sqlite3.Connection, state: IndexState) -> bool:
    """Whether the table describes `state`, asked without reading its rows."""
    ensure_table(connection)
    return stamp(connection) == state


def folder_languages(
    connection: sqlite3.Connection, folders: Iterable[str]
) -> dict[str, Counter[str]]:
    """Per folder ("" for the top), how many of the documents of the files directly in it
    have each language: the seed of the scan's folder priors."""
    counts: dict[str, Counter[str]] = {}
    for folder in set(folders):
        found: Counter[str] = Counter()
        if folder:
            # The range of the primary key that starts with "folder/" ('0' follows '/').
            prefix = folder + "/"
            rows = connection.execute(
                "SELECT path, languages FROM file_states WHERE path > ? AND path < ?",
                (prefix, folder + "0"),
            )
            direct: Iterator[str] = (
                languages for path, languages in rows if "/" not in path[len(prefix):]
            )
        else:
            direct = (
                languages for (languages,) in connection.execute(
                    "SELECT languages FROM file_states WHERE instr(path, '/') = 0"
                )
            )
        for languages in direct:
            found.update(json.loads(languages))
        counts[folder] = found
    return counts


def record(
    connection: sqlite3.Connection, changes: Changes, before: IndexState, after: IndexState
) -> bool:
    """Write what a commit changed and move the stamp from `before` to `after`; False (and
    nothing written) when the table did not describe `before`: it is rebuilt next time."""
    ensure_table(connection)
    with writing(connection):
        if stamp(connection) != before:
            return False  # nothing written: the transaction ends empty
        connection.executemany(
            "DELETE FROM file_states WHERE path = ?",
            ((path,) for path, change in changes.items() if change is None),
        )
        connection.executemany(
            "INSERT OR REPLACE INTO file_states VALUES (?, ?, ?, ?, ?, ?)",
            (_row(path, change) for path, change in changes.items() if change is not None),
        )
        folder_states.update(connection, changes.keys(), before, after)
        record_state(connection, STAMP, after)
    return True


def digests(connection: sqlite3.Connection, state: IndexState) -> dict[str, bytes] | None:
    """folder → digest of its files (`index.folder_states`), or None when the table does not
    describe `state`. Digests missing or behind are made again from the table's rows."""
    ensure_table(connection)
    folder_states.ensure_table(connection)
    # Read first (a rescan that finds them current writes nothing), in one transaction so
    # a concurrent change cannot split the stamps from the rows.
    connection.execute("BEGIN")
    try:
        if stamp(connection) != state:
            return None
        found = folder_states.load(connection, state)
    finally:
        connection.execute("COMMIT")
    if found is not None:
        return found
    with writing(connection):
        if stamp(connection) != state:
            return None
        rows = connection.execute("SELECT path, size, mtime_ns FROM file_states")
        return folder_states.fill(connection, rows.fetchall(), state)


def forget(connection: sqlite3.Connection) -> None:
    """Drop the stamp, so the next scan rebuilds the table (best effort)."""
    with contextlib.suppress(sqlite3.Error):
        connection.execute("DELETE FROM meta WHERE name = ?", (STAMP,))


def _row(path: str, record: FileRecord) -> tuple[Any, ...]:
    state = record.state
    return (
        path, state.size, state.mtime_ns, state.sha256,
        json.dumps(list(record.ids)), json.dumps(list(record.languages)),
    )


def _chunks(values: Sequence[str], size: int = _CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


class FileTable:
    """The table as one scan uses it: read once, then moved along with each commit. Any
    failure of the catalog file (a read-only or damaged one) makes the scan read the stored
    fields instead and leave the table to be rebuilt next time."""

    def __init__(self, index_dir: Path) -> None:
        self._catalog = Catalog(index_dir)
        self._state: IndexState | None = None
        """The index state the table describes, while this scan keeps it up to date."""
        self._fallback: dict[str, FileRecord] | None = None
        self._searcher: Searcher | None = None

    def digests(self, ix: Index, searcher: Searcher) -> dict[str, bytes]:
        """folder → digest of the files the index holds directly in it
        (`index.folder_states`), for a walk that compares folder by folder; the table is
        filled from the stored fields when it does not describe `ix` as it is now."""
        self._searcher = searcher
        state = toc_state(ix)
        try:
            connection = self._catalog.connection()
            found = digests(connection, state)
            if found is None:
                _log.info("file states: filling the table from the index's stored fields")
                found = rebuild(connection, searcher, state)
        except (sqlite3.Error, OSError) as error:
            fallback = self._degrade(error)
            return folder_states.digests_of(
                (path, r.state.size, r.state.mtime_ns) for path, r in fallback.items()
            )
        self._state = state
        return found

    def rows_in(self, folder: str) -> dict[str, tuple[int, int]]:
        """path → (size, mtime_ns) of the files the index holds directly in `folder`."""
        if self._fallback is None:
            try:
                rows = folder_states.rows_in(self._catalog.connection(), folder)
                return {path: (size, mtime_ns) for path, size, mtime_ns in rows}
            except (sqlite3.Error, OSError) as error:
                self._degrade(error)
        return {
            path: (r.state.size, r.state.mtime_ns)
            for path, r in (self._fallback or {}).items()
            if folder_states.folder_of(path) == folder
        }

    def current(self, ix: Index, searcher: Searcher) -> bool:
        """Whether the table describes the index as it is now: then a scan limited to a few
        paths may trust it without reading its rows (`records`). False when it does not (the
        scan then walks, and `digests` fills it again) or the catalog cannot be read."""
        self._searcher = searcher
        state = toc_state(ix)
        try:
            if not describes(self._catalog.connection(), state):
                return False
        except (sqlite3.Error, OSError) as error:
            _log.warning("file states: catalog unusable (%s)", error)
            return False
        self._state = state
        return True

    def records_under(self, folder: str) -> dict[str, FileRecord]:
        if self._fallback is None:
            try:
                return records_under(self._catalog.connection(), folder)
            except (sqlite3.Error, OSError) as error:
                self._degrade(error)
        prefix = folder + "/"
        return {p: r for p, r in (self._fallback or {}).items() if p.startswith(prefix)}

    def records(self, paths: Iterable[str]) -> dict[str, FileRecord]:
        wanted = list(paths)
        if self._fallback is None:
            try:
                return records(self._catalog.connection(), wanted)
            except (sqlite3.Error, OSError) as error:
                self._degrade(error)
        held = self._fallback or {}
        return {path: held[path] for path in wanted if path in held}

    def folder_languages(self, folders: Iterable[str]) -> dict[str, Counter[str]]:
        wanted = set(folders)
        if self._fallback is None:
            try:
                return folder_languages(self._catalog.connection(), wanted)
            except (sqlite3.Error, OSError) as error:
                self._degrade(error)
        counts: dict[str, Counter[str]] = {folder: Counter() for folder in wanted}
        for path, found in (self._fallback or {}).items():
            folder = path.rpartition("/")[0]
            if folder in wanted:
                counts[folder].update(found.languages)
        return counts

    def _degrade(self, error: BaseException) -> dict[str, FileRecord]:
        """Answer from the stored fields for the rest of the scan, recording nothing."""
        _log.warning("file states: catalog unusable (%s); reading stored fields", error)
        self._state = None
        assert self._searcher is not None
        self._fallback = from_stored(self._searcher)
        return self._fallback

    def committed(self, ix: Index, changes: Changes) -> None:
        """After a Whoosh commit: write what it changed, stamped with the new state."""
        if self._state is None:
            return
        before, self._state = self._state, None
        try:
            after = toc_state(ix)
            connection = self._catalog.connection()
            if record(connection, changes, before, after):
                self._state = after
        except (sqlite3.Error, OSError) as error:
            _log.warning("file states: could not record a commit (%s)", error)
            with contextlib.suppress(sqlite3.Error, OSError):
                forget(self._catalog.connection())

    def close(self) -> None:
        self._catalog.close()
