"""A bytes column's values (the article text) read by `os.pread`, one call a value.

A search reads the text of every match tied at one of the best scores, to tell copies of an
article apart (`index.search._Read`), and of every hit shown, for its snippet: about 150
values for 20 rows at 100,000 articles, 700 for 100. Whoosh's reader finds the segment,
then seeks and reads through two file objects and a translating wrapper: 5.8 µs a value.
Here the segment's offsets and lengths arrays (which Whoosh's reader has loaded) point
straight into the file (or the bytes Whoosh holds of a small segment's columns). Anything
read otherwise (another storage, another column type) goes through Whoosh's reader, with
the same values.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from typing import Any

from whoosh.columns import MultiColumnReader, TranslatingColumnReader, VarBytesColumn
from whoosh.filedb.structfile import BufferFile
from whoosh.searching import Searcher

from index.segment_terms import Read, _file_reader
from index.store import column_reader

Part = tuple[Read, int, array, array]  # type: ignore[type-arg]
"""A segment's column: its reader by position, where its values start, their lengths and
their offsets."""


class ColumnBytes:
    """Document number → the column's bytes value, as the Whoosh reader gives it."""

    def __init__(self, whooshs: Any) -> None:
        self._whooshs = whooshs
        self._bases: list[int] = []
        self._parts: list[Part] | None = _parts(whooshs, self._bases)

    def __getitem__(self, docnum: int) -> bytes:
        parts = self._parts
        if parts is None:
            found: bytes = self._whooshs[docnum]
            return found
        n = max(0, bisect_right(self._bases, docnum) - 1)
        read, start, lengths, offsets = parts[n]
        local = docnum - self._bases[n]
        length = lengths[local]
        return read(start + offsets[local], length) if length else b""


def column_bytes(searcher: Searcher, name: str) -> ColumnBytes:
    """The searcher's fast reader of a bytes column, made once per searcher."""
    held: dict[str, ColumnBytes] = searcher.__dict__.setdefault("_rubrique_column_bytes", {})
    found = held.get(name)
    if found is None:
        found = held[name] = ColumnBytes(column_reader(searcher, name))
    return found


def _parts(whooshs: Any, bases: list[int]) -> list[Part] | None:
    """Each segment's column as a `Part` (and its first document number in `bases`); None
    when one of them is not a variable-bytes column in a real file, or is translated."""
    if isinstance(whooshs, MultiColumnReader):
        readers, starts = list(whooshs._readers), list(whooshs._doc_offsets)
    else:
        readers, starts = [whooshs], [0]
    parts: list[Part] = []
    for reader in readers:
        raw = reader
        if isinstance(reader, TranslatingColumnReader):
            try:
                same = reader._translate(b"\xc3\xa9t\xc3\xa9") == b"\xc3\xa9t\xc3\xa9"
            except Exception:  # a translation that does not take bytes
                same = False
            if not same:
                return None
            raw = reader._reader
        if type(raw) is not VarBytesColumn.Reader:
            return None
        read = _file_reader(raw._dbfile) or _memory_reader(raw._dbfile)
        if read is None:
            return None
        parts.append((read, raw._basepos, raw._lengths, raw._offsets))
    bases.extend(starts)
    return parts


def _memory_reader(structfile: Any) -> Read | None:
    """(position, length) → bytes of a column Whoosh holds in memory (a small segment's
    columns are read whole into a `BufferFile`)."""
    if not isinstance(structfile, BufferFile):
        return None
    held = structfile.file.getvalue()
    return lambda position, length: held[position:position + length]
