"""One digest per folder of what the file-state table holds of its files, for rescans.

A walking rescan must stat every file (an edited file does not change its folder's mtime),
but it need not compare each of them with a row of the file-state table: at 100,000 files,
reading those rows and comparing them cost a third of a rescan that found nothing to do
(bench/RESCAN_PROFILE.md). `folder_states` keeps, per folder, a digest of the (name, size,
mtime) of the files directly in it, as the table holds them; the walk makes the same digest
from its listing, and only a folder whose digest differs is compared row by row.

The digests follow the file-state table: written in the transactions that write it, under a
stamp of their own (`STAMP`) that names the index state they describe. A catalog from
before this table, or digests that fell behind, are filled again from the table's rows.
"""

from __future__ import annotations

import hashlib
import sqlite3
from array import array
from collections.abc import Iterable, Sequence

from index.catalog import IndexState, record_state, recorded_state

STAMP = "folder_states"

_TABLE = """CREATE TABLE IF NOT EXISTS folder_states(
    folder TEXT PRIMARY KEY,
    digest BLOB NOT NULL
) WITHOUT ROWID"""

Rows = Iterable[tuple[str, int, int]]
"""(path, size, mtime_ns) of files, as the file-state table holds them."""


def folder_of(path: str) -> str:
    """The folder of a corpus-relative path: "" at the top, else "a/b"."""
    return path.rpartition("/")[0]


def digest(names: Sequence[str], sizes: Sequence[int], mtimes: Sequence[int]) -> bytes:
    """What a folder's files are, in 16 bytes: their names (sorted, as the index keeps them),
    sizes and modification times, in that order."""
    made = hashlib.blake2b(digest_size=16)
    made.update("\0".join(names).encode("utf-8", "surrogatepass"))
    made.update(array("q", sizes).tobytes())
    made.update(array("q", mtimes).tobytes())
    return made.digest()


def digests_of(rows: Rows) -> dict[str, bytes]:
    """The digest of every folder that holds some of these files."""
    folders: dict[str, list[tuple[str, int, int]]] = {}
    for path, size, mtime_ns in rows:
        folder, _, name = path.rpartition("/")
        folders.setdefault(folder, []).append((name, size, mtime_ns))
    found: dict[str, bytes] = {}
    for folder, files in folders.items():
        files.sort()
        found[folder] = digest([f[0] for f in files], [f[1] for f in files],
                               [f[2] for f in files])
    return found


def ensure_table(connection: sqlite3.Connection) -> None:
    """Create the table if this catalog is from before it."""
    connection.execute(_TABLE)


def load(connection: sqlite3.Connection, state: IndexState) -> dict[str, bytes] | None:
    """folder → digest, or None when the digests do not describe `state` (call inside the
    transaction that read the file-state table at `state`)."""
    ensure_table(connection)
    if recorded_state(connection, STAMP) != state:
        return None
    return dict(connection.execute("SELECT folder, digest FROM folder_states"))


def fill(connection: sqlite3.Connection, rows: Rows, state: IndexState) -> dict[str, bytes]:
    """Write the digests of every folder of `rows` (the whole table at `state`); inside a
    write transaction."""
    ensure_table(connection)
    found = digests_of(rows)
    connection.execute("DELETE FROM folder_states")
    connection.executemany("INSERT INTO folder_states VALUES (?, ?)", found.items())
    record_state(connection, STAMP, state)
    return found


def update(
    connection: sqlite3.Connection, paths: Iterable[str], before: IndexState, after: IndexState
) -> None:
    """After the file-state rows of `paths` changed (inside that write transaction): the
    digests of their folders again, from the table, stamped `after`; nothing when the digests
    did not describe `before` (they are filled again on the next read)."""
    ensure_table(connection)
    if recorded_state(connection, STAMP) != before:
        return
    for folder in {folder_of(path) for path in paths}:
        rows = rows_in(connection, folder)
        if rows:
            connection.execute(
                "INSERT OR REPLACE INTO folder_states VALUES (?, ?)",
                (folder, digests_of(rows)[folder]),
            )
        else:
            connection.execute("DELETE FROM folder_states WHERE folder = ?", (folder,))
    record_state(connection, STAMP, after)


def rows_in(connection: sqlite3.Connection, folder: str) -> list[tuple[str, int, int]]:
    """(path, size, mtime_ns) of the files the table holds directly in `folder`."""
    if not folder:
        return list(connection.execute(
            "SELECT path, size, mtime_ns FROM file_states WHERE instr(path, '/') = 0"
        ))
    prefix = folder + "/"
    # The range of the primary key that starts with "folder/" ('0' follows '/').
    rows = connection.execute(
        "SELECT path, size, mtime_ns FROM file_states WHERE path > ? AND path < ?",
        (prefix, folder + "0"),
    )
    return [row for row in rows if "/" not in row[0][len(prefix):]]
