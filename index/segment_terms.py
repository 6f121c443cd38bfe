"""A term's document frequency and postings (document numbers and term frequencies), read
straight from a Whoosh W3 segment as numpy arrays, for scoring many postings at once.

Why not through Whoosh: the library reads segments through their file (no mmap, see
`Library._open`), and Whoosh's readers make many small Python-level reads for each
term-dictionary lookup (a hash slot, lengths, key, then the value) and for each postings
block (its length, a pickled header read a few bytes at a time, then the data), and then
delta-decode the ids one Python call per posting. That was most of the time `related`
spent on 10,000 articles. Here one lookup is two `os.pread` calls, a term's whole postings
one more, and the blocks are decoded from those bytes in memory, ids through numpy.

Anything that is not a W3 segment read through a real file (a segment in memory, another
codec) goes through Whoosh's public calls, with the same results.
"""

from __future__ import annotations

import io
import os
import pickle
import struct
import zlib
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.filedb.compound import SubFile
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound

Ids = npt.NDArray[np.int64]
Weights = npt.NDArray[np.float64]
Read = Callable[[int, int], bytes]

_POINTER = struct.Struct("!Iq")
"""A hash slot: the key's hash and the position of its entry (whoosh.filedb.filetables)."""
_LENGTHS = struct.Struct("!ii")
"""An entry's key and value lengths."""
_BLOCK_LENGTH = struct.Struct("!i")
_ENTRY_READ = 256
"""Bytes read at an entry at once: lengths, key and term info fit in most."""


def _file_reader(structfile: Any) -> Read | None:
    """(position, length) → bytes of a part of a compound segment file, by `os.pread` on
    the real file (thread-safe: no shared file position); None when it is no such part."""
    part = getattr(structfile, "file", None)
    if not isinstance(part, SubFile):
        return None
    try:
        descriptor = part._file.fileno()
    except (AttributeError, OSError, ValueError):
        return None
    base = part._offset

    def read(position: int, length: int) -> bytes:
        return os.pread(descriptor, length, base + position)

    return read


class SegmentTerms:
    """One segment's terms of one field: document frequencies and postings."""

    def __init__(self, leaf: Any, fieldname: str) -> None:
        self.leaf = leaf
        self.fieldname = fieldname
        self._fast = False
        terms = getattr(leaf, "_terms", None)
        table = getattr(terms, "_tindex", None)
        if table is None or not hasattr(table, "tables") or not hasattr(table, "hashfn"):
            return
        read_table = _file_reader(getattr(table, "dbfile", None))
        read_postings = _file_reader(getattr(terms, "_postfile", None))
        keycoder = getattr(terms, "_keycoder", None)
        if read_table is None or read_postings is None or keycoder is None:
            return
        self._fast = True
        self._read_table = read_table
        self._read_postings = read_postings
        self._key: Callable[[str, bytes], bytes] = keycoder
        self._slots: list[tuple[int, int]] = table.tables
        self._hash: Callable[[bytes], int] = table.hashfn
        self._to_bytes: Callable[[str], bytes] = leaf.schema[fieldname].to_bytes

    def info(self, term: str) -> W3TermInfo | None:
        """The term's statistics and where its postings are; None when the segment has
        no such term."""
        if not self._fast:
            try:
                found: W3TermInfo = self.leaf.term_info(self.fieldname, term)
            except TermNotFound:
                return None
            return found
        value = self._lookup(self._key(self.fieldname, self._to_bytes(term)))
        return None if value is None else W3TermInfo.from_bytes(value)

    def _lookup(self, key: bytes) -> bytes | None:
        """The value stored under a key in the segment's term hash table (the layout of
        whoosh.filedb.filetables.HashReader: 256 open-addressing tables of (hash, position)
        slots, chosen by the hash's low byte)."""
        keyhash = self._hash(key)
        start, count = self._slots[keyhash & 255]
        if not count:
            return None
        read = self._read_table
        size = _POINTER.size
        end = start + count * size
        slot = start + ((keyhash >> 8) % count) * size
        for _ in range(count):
            slothash, position = _POINTER.unpack(read(slot, size))
            if not position:
                return None
            if slothash == keyhash:
                entry = read(position, _ENTRY_READ)
                keylength, valuelength = _LENGTHS.unpack_from(entry)
                at = _LENGTHS.size
                if keylength == len(key) and entry[at : at + keylength] == key:
                    at += keylength
                    if at + valuelength > len(entry):
                        return read(position + at, valuelength)
                    return entry[at : at + valuelength]
            slot += size
            if slot == end:
                slot = start
        return None

    def postings(self, info: W3TermInfo, term: str) -> tuple[Ids, Weights]:
        """Document numbers in the segment holding the term (deleted ones included) and
        the term's frequency in each."""
        if info.is_inlined():
            ids, weights, _ = info.inlined_postings()
            return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64)
        if not self._fast:
            return self._matched(term)
        offset, length = info.extent()
        if isinstance(length, tuple):  # W3TermInfo.from_bytes leaves it in its tuple
            length = length[0]
        return _decode_blocks(self._read_postings(offset, length))

    def _matched(self, term: str) -> tuple[Ids, Weights]:
        try:
            matcher = self.leaf.postings(self.fieldname, term)
        except TermNotFound:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        if isinstance(matcher, FilterMatcher):  # keep deleted documents, as the fast way
            matcher = matcher.child
        ids: list[int] = []
        weights: list[float] = []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64)


def _decode_blocks(data: bytes) -> tuple[Ids, Weights]:
    """Ids and weights of every block of one term's postings (whoosh.codec.whoosh3: a
    magic tag, then per block its signed length, negative for the last, a pickled header
    (count, last id, max weight, compression, min and max length) and the pickled, maybe
    compressed, (delta-coded ids, weights, values))."""
    if data[:4] != WHOOSH3_HEADER_MAGIC:
        raise ValueError("not a W3 postings list")
    stream = io.BytesIO(data)
    deltas: list[int] = []
    weights: list[float] = []
    starts: list[int] = []
    previous_last: list[int] = []
    last_id = 0
    position = 4
    while True:
        (length,) = _BLOCK_LENGTH.unpack_from(data, position)
        following = position + _BLOCK_LENGTH.size + abs(length)
        stream.seek(position + _BLOCK_LENGTH.size)
        count, block_last, _, compression, _, _ = pickle.load(stream)
        ids, block_weights = _block(data[stream.tell() : following], compression, count)
        # Each block codes its first id from zero: remember where, to chain the blocks.
        starts.append(len(deltas))
        previous_last.append(last_id)
        deltas.extend(ids)
        if block_weights is None:
            weights.extend([1.0] * count)
        elif isinstance(block_weights, float):
            weights.extend([block_weights] * count)
        else:
            weights.extend(block_weights)
        last_id = block_last
        if length < 0 or following >= len(data):
            break
        position = following
    chained = np.array(deltas, dtype=np.int64)
    chained[starts] -= np.array(previous_last, dtype=np.int64)
    return np.cumsum(chained), np.array(weights, dtype=np.float64)


# Pickle opcodes of a block's data as Whoosh writes it (protocol 2): MARK, the ids as ints,
# TUPLE and a memo PUT; the weights as NONE, one FLOAT or MARK, floats, TUPLE; then the
# values, which scoring never needs.
_MARK, _TUPLE, _NONE, _FLOAT = 0x28, 0x74, 0x4E, 0x47
_INT_SIZES = {0x4B: 1, 0x4D: 2, 0x4A: 4}
"""BININT1, BININT2, BININT: argument bytes (little-endian; only BININT is signed)."""
_PUT_SIZES = {0x71: 1, 0x72: 4}
"""BINPUT, LONG_BINPUT: argument bytes."""
_HEAD_BYTES = 14
"""Most bytes one posting takes in the ids and weights (5 + 9): inflating that much of a
block gives them without its values."""
_SMALL_GAP = 0x4B
_IDS_END = bytes([_TUPLE, 0x71, 0])


class _Shape(Exception):
    """A block whose data is not laid out as `_head` expects: it is unpickled whole."""


def _block(payload: bytes, compression: int, count: int) -> tuple[Any, Any]:
    """A block's delta-coded ids and its weights (None, one float or one per posting).

    Unpickling a block's data rebuilds every posting's positions and characters, a bytes
    object each (through a function call each in protocol 2): about 2 µs a posting, most
    of the time of a related call. The ids and weights come first in the pickle, so only
    the start of it is inflated and read; any other layout is unpickled whole.
    """
    try:
        head = (
            zlib.decompressobj().decompress(payload, _HEAD_BYTES * count + 64)
            if compression else payload
        )
        return _head(head, count)
    except (_Shape, IndexError, struct.error, zlib.error):
        data = zlib.decompress(payload) if compression else payload
        ids, weights, _ = pickle.loads(data)
        return ids, weights


def _head(head: bytes, count: int) -> tuple[Any, Any]:
    if count < 4 or head[:3] != b"\x80\x02(":  # 1 to 3 items pickle without a MARK
        raise _Shape
    at = 3
    ids: Any
    # Gaps under 256 are two bytes each (opcode, value): after the first id (a document
    # number, often larger) they usually all are, and read as one slice.
    first_size = _INT_SIZES.get(head[at])
    if first_size is None:
        raise _Shape
    rest = at + 1 + first_size
    if head[rest : rest + 2 * (count - 1) : 2] == bytes([_SMALL_GAP]) * (count - 1):
        first = int.from_bytes(head[at + 1 : rest], "little", signed=first_size == 4)
        ids = [first]
        ids.extend(head[rest + 1 : rest + 2 * (count - 1) : 2])
        at = rest + 2 * (count - 1)
    else:
        # Some gaps are larger: the ids tuple ends at the first TUPLE, memo PUT 0 (no
        # argument of an id can hold those three bytes below 7 million documents), and
        # pickle reads it; a wrong guess fails to unpickle or counts wrong.
        end = head.find(_IDS_END, at)
        if end < 0:
            raise _Shape
        try:
            ids = pickle.loads(head[: end + 1] + b".")
        except (pickle.UnpicklingError, ValueError, TypeError, EOFError) as error:
            raise _Shape from error
        if not isinstance(ids, tuple) or len(ids) != count:
            raise _Shape
        at = end
    if head[at] != _TUPLE:
        raise _Shape
    at += 1
    at += 1 + _PUT_SIZES[head[at]] if head[at] in _PUT_SIZES else 0
    weights: Any
    if head[at] == _NONE:
        weights = None
    elif head[at] == _FLOAT:
        weights = _DOUBLE.unpack_from(head, at + 1)[0]
    elif head[at] == _MARK:
        end = at + 1 + 9 * count
        if head[at + 1 : end : 9] != bytes([_FLOAT]) * count or head[end] != _TUPLE:
            raise _Shape
        weights = _doubles(count).unpack_from(head, at + 1)
    else:
        raise _Shape
    return ids, weights


_DOUBLE = struct.Struct(">d")
_DOUBLES: dict[int, struct.Struct] = {}


def _doubles(count: int) -> struct.Struct:
    """`count` pickled floats: each an opcode byte (skipped) and a big-endian double."""
    found = _DOUBLES.get(count)
    if found is None:
        found = _DOUBLES[count] = struct.Struct(">" + "xd" * count)
    return found
