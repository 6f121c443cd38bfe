"""A field's words that start with a prefix, read from each segment's sorted term index.

A prefix query ("dividend*") and a fuzzy term stand for the words they expand to, looked up
in every segment. Whoosh finds the first one by a binary search of the segment's sorted
term index, each step a seek and two small reads through its file objects, then walks the
terms from there three reads a term, and merges the segments' lists through generators:
4 ms of the 20 a "dividend*" search took at 100,000 articles (8 segments, 2 fields). Here
each step is one `os.pread`, the walk reads the terms a few kilobytes at a time, and the
segments' words are merged as a set. The words are Whoosh's, in the same sorted order.

A segment that is not a W3 segment read through a real file goes through Whoosh's own
`expand_prefix`.
"""

from __future__ import annotations

import struct
from typing import Any

from whoosh.reading import IndexReader

from index.segment_terms import Read, _file_reader

_LENGTHS = struct.Struct("!ii")
"""An entry's key and value lengths (`whoosh.filedb.filetables`)."""
_PROBE = 64
"""Bytes read at an entry during the binary search: its lengths and most keys."""
_CHUNK = 4096
"""Bytes read at a time while walking the terms after the first."""


def expand_prefix(reader: IndexReader, fieldname: str, prefix: str) -> list[bytes]:
    """Every term of `fieldname` starting with `prefix` in any segment, sorted, each once
    (as `reader.expand_prefix` gives them, deleted documents' terms included)."""
    if fieldname not in reader.schema:
        return []
    start = reader.schema[fieldname].to_bytes(prefix)
    found: set[bytes] = set()
    for leaf, _ in reader.leaf_readers():
        words = _segment_words(leaf, fieldname, start)
        if words is None:
            words = list(leaf.expand_prefix(fieldname, prefix))
        found.update(words)
    return sorted(found)


def _segment_words(leaf: Any, fieldname: str, start: bytes) -> list[bytes] | None:
    """The segment's terms of a field starting with `start`; None when the segment is not
    read the way this module knows."""
    terms: Any = getattr(leaf, "_terms", None)
    table: Any = getattr(terms, "_tindex", None)
    fields = getattr(terms, "_fieldmap", None)
    extras = getattr(table, "extras", None)
    if not isinstance(fields, dict) or not isinstance(extras, dict):
        return None
    if fieldname not in fields:
        return []
    try:
        base, count = int(table.indexbase), int(table.indexlen)
        slot = struct.Struct("!" + extras["indextype"])
        end = int(table.endofdata)
        read = _file_reader(table.dbfile)
        field_key = terms._keycoder(fieldname, b"")
    except (AttributeError, KeyError, TypeError, struct.error):
        return None
    if read is None:
        return None
    sought = field_key + start
    position = _first_at_least(read, base, count, slot, sought)
    if position is None:
        return []
    return _walk(read, position, end, sought, len(field_key))


def _key_at(read: Read, position: int) -> bytes:
    entry = read(position, _PROBE)
    keylength, _ = _LENGTHS.unpack_from(entry)
    if _LENGTHS.size + keylength > len(entry):
        entry = read(position, _LENGTHS.size + keylength)
    return entry[_LENGTHS.size:_LENGTHS.size + keylength]


def _first_at_least(read: Read, base: int, count: int, slot: struct.Struct, key: bytes
                    ) -> int | None:
    """The position of the first entry whose key is `key` or after it (the index array
    lists the entries' positions in key order)."""
    low, high = 0, count
    while low < high:
        middle = (low + high) // 2
        (position,) = slot.unpack(read(base + middle * slot.size, slot.size))
        if _key_at(read, position) < key:
            low = middle + 1
        else:
            high = middle
    if low == count:
        return None
    (position,) = slot.unpack(read(base + low * slot.size, slot.size))
    return int(position)


def _walk(read: Read, position: int, end: int, sought: bytes, field_key_size: int
          ) -> list[bytes]:
    """The terms of the entries from `position` on while their keys start with `sought`
    (entries lie one after the other in key order: lengths, key, value)."""
    words: list[bytes] = []
    chunk, at = b"", 0  # the bytes read from `position - at` on
    while position < end:
        if at + _LENGTHS.size > len(chunk):
            chunk, at = read(position, _CHUNK), 0
        keylength, valuelength = _LENGTHS.unpack_from(chunk, at)
        key_end = at + _LENGTHS.size + keylength
        if key_end > len(chunk):
            chunk, at = read(position, max(_CHUNK, _LENGTHS.size + keylength)), 0
            key_end = _LENGTHS.size + keylength
        key = chunk[at + _LENGTHS.size:key_end]
        if not key.startswith(sought):
            break
        words.append(key[field_key_size:])
        step = _LENGTHS.size + keylength + valuelength
        position += step
        at += step
    return words
