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

import os
import pickle
import struct
import zlib
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.filedb.compound import SubFile
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound

from index.block_skim import headers

Ids = npt.NDArray[np.int64]
Weights = npt.NDArray[np.float64]
Read = Callable[[int, int], bytes]
Block = tuple[int, int, Any, bytes, int]
"""A postings block undecoded: its first id, its last (from its header), its other gaps as
pickled (bytes) or all its delta-coded ids (a tuple), its weights as pickled floats, its
number of postings."""
Hashes = dict[tuple[Callable[[bytes], int], bytes], int]
"""(hash function, key) → hash, shared by the segments a term is looked up in."""

_POINTER = struct.Struct("!Iq")
"""A hash slot: the key's hash and the position of its entry (whoosh.filedb.filetables)."""
_LENGTHS = struct.Struct("!ii")
"""An entry's key and value lengths."""
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
        self._prefix = self._key(fieldname, b"")
        """What the segment puts before a term's bytes in its keys (the field's number,
        which may differ between segments)."""
        fields = getattr(terms, "_fieldmap", None)
        self._absent = isinstance(fields, dict) and fieldname not in fields
        """No document of the segment has the field (a small segment of articles in
        other languages): every term is known absent without reading the table."""

    def info(self, term: str, hashes: Hashes | None = None) -> W3TermInfo | None:
        """The term's statistics and where its postings are; None when the segment has
        no such term. `hashes`: keys already hashed for other segments (a segment's key
        hash is an md5, and segments usually number their fields alike)."""
        if not self._fast:
            try:
                found: W3TermInfo = self.leaf.term_info(self.fieldname, term)
            except TermNotFound:
                return None
            return found
        if self._absent:
            return None
        key = self._prefix + self._to_bytes(term)
        if hashes is None:
            value = self._lookup(key, self._hash(key))
        else:
            keyhash = hashes.get((self._hash, key))
            if keyhash is None:
                keyhash = hashes[self._hash, key] = self._hash(key)
            value = self._lookup(key, keyhash)
        return None if value is None else W3TermInfo.from_bytes(value)

    def _lookup(self, key: bytes, keyhash: int) -> bytes | None:
        """The value stored under a key in the segment's term hash table (the layout of
        whoosh.filedb.filetables.HashReader: 256 open-addressing tables of (hash, position)
        slots, chosen by the hash's low byte)."""
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
        found = self.blocks(info, term)
        decoded = decode([(0, found)]) if found is not None else None
        return decoded if decoded is not None else self._matched(term)

    def blocks(self, info: W3TermInfo, term: str) -> list[Block] | None:
        """The term's postings blocks, undecoded, for `decode` (which can take the blocks
        of many terms and segments at once); None when the segment cannot be read so, or
        the postings are inlined in the term info: ask `postings`."""
        if info.is_inlined() or not self._fast:
            return None
        offset, length = info.extent()
        if isinstance(length, tuple):  # W3TermInfo.from_bytes leaves it in its tuple
            length = length[0]
        data = self._read_postings(offset, length)
        if data[:4] != WHOOSH3_HEADER_MAGIC:
            raise ValueError(f"not a W3 postings list: {self.fieldname}:{term}")
        found: list[Block] = []
        for header in headers(data):
            first, ids, weights = _block(data[header.data], header.compressed, header.count)
            found.append((first, header.last, ids, weights, header.count))
        return found

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


def decode(runs: Sequence[tuple[int, Sequence[Block]]]) -> tuple[Ids, Weights] | None:
    """Ids and weights of the blocks of each run, one run after the other, each run's ids
    shifted by its base (a run: one term's blocks in one segment); None if they do not
    read as Whoosh writes them (the caller then asks Whoosh).

    Each block's ids and weights are gathered as the bytes they are pickled as, and numpy
    reads all of them at once: one pass for a whole query's postings, whatever the number
    of terms and segments, where a pass per term and segment cost more in numpy's
    overhead than in decoding.
    """
    gaps: list[bytes] = []
    """Per posting, an int opcode and a byte: the gaps under 256 as they are pickled."""
    weights: list[bytes] = []
    """Per posting, a float opcode and a big-endian double, as they are pickled."""
    others: list[tuple[int, tuple[int, ...]]] = []
    """(first posting, delta-coded ids) of the blocks with larger gaps."""
    firsts: list[int] = []
    lasts: list[int] = []
    starts: list[int] = []
    total = 0
    for base, blocks in runs:
        for first, last, ids, block_weights, count in blocks:
            if isinstance(ids, bytes):
                gaps.append(b"K\x00")  # the first id's place: set below
                gaps.append(ids)
            else:
                others.append((total, ids))
                gaps.append(b"K\x00" * count)
            weights.append(block_weights)
            firsts.append(first + base)
            lasts.append(last + base)
            starts.append(total)
            total += count
    if not total:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    deltas = np.frombuffer(b"".join(gaps), dtype=np.uint8)[1::2].astype(np.int64)
    pickled = np.frombuffer(b"".join(weights), dtype=_PICKLED_DOUBLE)
    if deltas.size != total:
        return None
    if pickled.size != total or (pickled["opcode"] != _FLOAT).any():
        return None
    for start, block_ids in others:
        deltas[start : start + len(block_ids)] = block_ids
    # Each block codes its first id from zero: chain it to the last id of the block before
    # (of this run or the one before: the difference may be negative).
    at = np.array(starts, dtype=np.int64)
    ends = np.array(lasts, dtype=np.int64)
    deltas[at] = np.array(firsts, dtype=np.int64) - np.concatenate(([0], ends[:-1]))
    ids = np.cumsum(deltas)
    if not np.array_equal(ids[np.append(at[1:], total) - 1], ends):
        return None  # a block that does not end where its header says
    return ids, pickled["value"].astype(np.float64)


# Pickle opcodes of a block's data as Whoosh writes it (protocol 2): MARK, the ids as ints,
# TUPLE and a memo PUT; the weights as NONE, one FLOAT or MARK, floats, TUPLE; then the
# values, which scoring never needs.
_MARK, _TUPLE, _NONE, _FLOAT = 0x28, 0x74, 0x4E, 0x47
_INT_SIZES = {0x4B: 1, 0x4D: 2, 0x4A: 4}
"""BININT1, BININT2, BININT: argument bytes (little-endian; only BININT is signed)."""
_PUT_SIZES = {0x71: 1, 0x72: 4}
"""BINPUT, LONG_BINPUT: argument bytes."""
_SMALL_GAP = 0x4B
_IDS_END = bytes([_TUPLE, 0x71, 0])
_HEAD_BYTES = 14
"""Most bytes one posting takes in the ids and weights (5 + 9): inflating that much of a
block gives them without its values."""
_SHORT_HEAD_BYTES = 11
"""Bytes one posting takes in the ids and weights when its gap is under 256 (2 + 9), as
in most blocks: inflating is tried to there first (inflating costs by the byte)."""
_DOUBLE = struct.Struct(">d")
_ONE_WEIGHT = b"G" + _DOUBLE.pack(1.0)
_PICKLED_DOUBLE = np.dtype([("opcode", "u1"), ("value", ">f8")])
"""A pickled float as it lies in the bytes: its opcode, then a big-endian double."""


class _Shape(Exception):
    """A block whose data is not laid out as `_head` expects: it is unpickled whole."""


def _block(payload: bytes, compression: bool, count: int) -> tuple[int, Any, bytes]:
    """A block's first id; its other gaps as pickled (bytes) or all its delta-coded ids
    (a tuple); its weights as pickled floats.

    Unpickling a block's data rebuilds every posting's positions and characters, a bytes
    object each (through a function call each in protocol 2): about 2 us a posting, most
    of the time of a related call. The ids and weights come first in the pickle, so only
    the start of it is inflated and read; any other layout is unpickled whole.
    """
    try:
        if not compression:
            return _head(payload, count)
        inflate = zlib.decompressobj()
        head = inflate.decompress(payload, _SHORT_HEAD_BYTES * count + 24)
        try:
            return _head(head, count)
        except (_Shape, IndexError, struct.error):  # larger gaps: inflate the rest of them
            head += inflate.decompress(
                inflate.unconsumed_tail, (_HEAD_BYTES - _SHORT_HEAD_BYTES) * count + 40
            )
            return _head(head, count)
    except (_Shape, IndexError, struct.error, zlib.error):
        pass
    whole = zlib.decompress(payload) if compression else payload
    ids, weights, _ = pickle.loads(whole)
    if weights is None:
        pickled = _ONE_WEIGHT * count
    elif isinstance(weights, float):
        pickled = (b"G" + _DOUBLE.pack(weights)) * count
    else:
        pickled = b"".join(b"G" + _DOUBLE.pack(weight) for weight in weights)
    return ids[0], tuple(ids), pickled


def _head(head: bytes, count: int) -> tuple[int, Any, bytes]:
    if count < 4 or head[:3] != b"\x80\x02(":  # 1 to 3 items pickle without a MARK
        raise _Shape
    first_size = _INT_SIZES.get(head[3])
    if first_size is None:
        raise _Shape
    rest = 4 + first_size
    first = int.from_bytes(head[4:rest], "little", signed=first_size == 4)
    at = rest + 2 * (count - 1)
    ids: Any
    if head[rest:at:2] == bytes([_SMALL_GAP]) * (count - 1):
        ids = head[rest:at]  # the usual case: every gap after the first id under 256
    else:
        # Some gaps are larger: the ids tuple ends at the first TUPLE, memo PUT 0 (no
        # argument of an id can hold those three bytes below 7 million documents), and
        # pickle reads it; a wrong guess fails to unpickle or counts wrong.
        at = head.find(_IDS_END, rest)
        if at < 0:
            raise _Shape
        try:
            ids = pickle.loads(head[: at + 1] + b".")
        except (pickle.UnpicklingError, ValueError, TypeError, EOFError) as error:
            raise _Shape from error
        if not isinstance(ids, tuple) or len(ids) != count:
            raise _Shape
    if head[at] != _TUPLE:
        raise _Shape
    at += 1
    at += 1 + _PUT_SIZES[head[at]] if head[at] in _PUT_SIZES else 0
    if head[at] == _MARK:
        end = at + 1 + 9 * count
        if head[end] != _TUPLE:
            raise _Shape
        return first, ids, head[at + 1 : end]  # opcodes checked with all the blocks
    if head[at] == _NONE:
        return first, ids, _ONE_WEIGHT * count
    if head[at] == _FLOAT:
        return first, ids, head[at : at + 9] * count
    raise _Shape
