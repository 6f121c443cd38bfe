"""A Whoosh W3 postings block's ids and weights, read without unpickling its positions.

Each block's data is one zlib-compressed pickle of (ids, weights, values), and for a body
field the values are every posting's positions and characters: bytes objects that a protocol
2 pickle rebuilds with one function call each. Unpickling a block of 128 postings took about
0.2 ms (plus 0.1 ms of zlib), nearly all of it for values a ranking never reads. Here only
the front of the stream is inflated, and the ids and weights are read from their opcodes
(gaps under 256 are one byte each after a BININT1 opcode: one slice; weights are big-endian
doubles: one struct). Any other shape falls back to Whoosh's own decoding, so the result is
always exactly Whoosh's.
"""

from __future__ import annotations

import contextlib
import io
import pickle
import re
import struct
import zlib
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC

Ids = npt.NDArray[np.int64]
Weights = npt.NDArray[np.float64]

_INT = struct.Struct("!i")  # a block's length, as Whoosh writes it
_PROTO = b"\x80\x02"
_MARK, _TUPLE, _NONE, _FLOAT = 0x28, 0x74, 0x4E, 0x47
_IDS_END = b"tq\x00"
"""TUPLE, then BINPUT 0: the end of a block's ids."""
_DOUBLE = struct.Struct(">d")
_ONE = b"G" + _DOUBLE.pack(1.0)
_MEMO_SIZES = {0x71: 2, 0x72: 5}  # BINPUT, LONG_BINPUT after a tuple


class _Shape(Exception):
    """A block pickle this walk does not know: Whoosh decodes it."""


def _skip_memo(head: bytes, pos: int) -> int:
    return pos + _MEMO_SIZES.get(head[pos], 0)


@lru_cache(maxsize=8)
def _doubles(count: int) -> struct.Struct:
    """`count` pickled floats in a row: an opcode byte, then a big-endian double."""
    return struct.Struct(">" + "xd" * count)


def _parts(head: bytes, count: int) -> tuple[bytes | tuple[int, ...], bytes | float | None]:
    """(gaps, weights) as they lie at the front of a block pickle of `count` postings: the
    gaps as one byte each when all are under 256 (else the tuple of them, unpickled), the
    weights as their pickled bytes (an opcode and a big-endian double each), one shared
    float, or None."""
    if count <= 3 or not head.startswith(_PROTO) or head[2] != _MARK:
        raise _Shape("short block or another protocol")
    pos = 3
    deltas: Any = None
    small = head[pos:pos + 2 * count:2]
    if small == b"K" * count:  # every gap under 256, the common case: read in one slice
        deltas = head[pos + 1:pos + 2 * count:2]
        pos += 2 * count
    else:
        # Gaps of several sizes: the ids tuple is the pickle's first memoized object, so
        # it ends with TUPLE and BINPUT 0, bytes no id argument holds below 7 million
        # documents (a wrong guess fails to unpickle as `count` ints below).
        pos = head.find(_IDS_END, pos)
        if pos < 0:
            raise _Shape("no end of the ids")
    if head[pos] != _TUPLE:
        raise _Shape("ids do not end where expected")
    ids_end = pos = _skip_memo(head, pos + 1)
    op = head[pos]
    weights: bytes | float | None
    if op == _NONE:
        weights = None
    elif op == _FLOAT:
        weights = struct.unpack_from(">d", head, pos + 1)[0]
    elif op == _MARK:
        end = pos + 1 + 9 * count
        if head[pos + 1] != _FLOAT or head[end - 9] != _FLOAT or head[end] != _TUPLE:
            raise _Shape("weights that are not all floats")
        weights = head[pos + 1:end]
    else:
        raise _Shape("unknown weights")
    if deltas is None:  # ids of several sizes: let pickle read them
        deltas = pickle.loads(head[:ids_end] + b".")
        if not isinstance(deltas, tuple) or len(deltas) != count:
            raise _Shape("ids that are not a tuple of the count")
    return deltas, weights


def _decoded(head: bytes, count: int) -> tuple[list[int], Sequence[float] | float | None]:
    """(ids, weights as pickled) from the front of a block pickle of `count` postings."""
    deltas, pickled = _parts(head, count)
    weights: Sequence[float] | float | None = pickled
    if isinstance(pickled, bytes):
        weights = _doubles(count).unpack(pickled)
    return list(accumulate(deltas)), weights


def _float32(value: float) -> float:
    return array("f", [value])[0]


def _weights(weights: Any, count: int) -> Sequence[float]:
    """Weights as Whoosh's `_read_weights` gives them: all 1.0 when none were written,
    a float32 when the block shares one."""
    if weights is None:
        return [1.0] * count
    if isinstance(weights, float):
        return [_float32(weights)] * count
    return weights  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Header:
    """What a block says of itself before its data: enough to skip it or bound it."""

    last: int
    """Its last (largest) document number."""
    count: int
    maxweight: float
    minlength: int
    """The length byte of its shortest field (`whoosh.util.numeric.length_to_byte`)."""
    data: slice
    """Where its data lies in the term's postings bytes."""
    compressed: bool


def headers(postings: bytes) -> list[Header]:
    """Every block header of one term's postings (the bytes at its term info's extent),
    read from memory: Whoosh reads each through the file, a few bytes at a time."""
    if not postings.startswith(WHOOSH3_HEADER_MAGIC):
        raise ValueError("not W3 postings")
    found = []
    stream = io.BytesIO(postings)
    pos = len(WHOOSH3_HEADER_MAGIC)
    while pos < len(postings):
        (length,) = _INT.unpack_from(postings, pos)
        stream.seek(pos + _INT.size)
        count, last, maxweight, compression, minlength, _ = pickle.load(stream)
        end = pos + _INT.size + abs(length)
        found.append(Header(last, count, maxweight, minlength, slice(stream.tell(), end),
                            bool(compression)))
        pos = end
        if length < 0:  # the last block says so
            break
    return found


def ids_and_weights(data: bytes, count: int, compressed: bool
                    ) -> tuple[list[int], Sequence[float]]:
    """A block's document numbers and weights, as Whoosh's `_read_ids` and
    `_read_weights` give them, without unpickling the values when the block has a shape
    this module knows."""
    try:
        # Ids take at most 5 bytes each, weights 9: only that much is inflated.
        head = zlib.decompressobj().decompress(data, 14 * count + 64) if compressed else data
        ids, weights = _decoded(head, count)
        return ids, _weights(weights, count)
    except (_Shape, IndexError, ValueError, TypeError, struct.error, zlib.error,
            pickle.UnpicklingError):
        ids, weights, _ = block_postings(data, count, compressed, None)
        return ids, weights


def block_postings(data: bytes, count: int, compressed: bool, fixed_size: int | None
                   ) -> tuple[list[int], Sequence[float], Sequence[Any]]:
    """A block's ids, weights and raw values, decoded whole as Whoosh's
    `W3LeafMatcher` does (`fixed_size`: the format's `fixed_value_size()`)."""
    deltas, weights, values = pickle.loads(zlib.decompress(data) if compressed else data)
    if fixed_size is None or fixed_size < 0:
        raws = values
    elif fixed_size == 0:
        raws = (None,) * count
    else:
        raws = tuple(values[i:i + fixed_size] for i in range(0, len(values), fixed_size))
    return list(accumulate(deltas)), _weights(weights, count), raws


def some_values(data: bytes, count: int, compressed: bool, wanted: Sequence[int]
                ) -> list[bytes]:
    """The raw values (positions, characters) of the postings at the indexes `wanted` of a
    block of a field whose values vary in size, as Whoosh would give them.

    Unpickling a block rebuilds all its values, each through a call of `_codecs.encode`
    (protocol 2's way with bytes): about 4 us a posting, 0.3 to 0.6 ms a block, most of a
    phrase check's and a snippet's time, when one or two postings of the block are
    wanted. Here the values' places are found by one regular expression and only the
    wanted ones are cut out; a block of any other shape is unpickled."""
    return Cut(data, count, compressed).values(wanted)


class Cut:
    """One block inflated once and its values' places found once, for any number of
    `values` calls: a phrase's candidates, the sample counting its total and the snippets
    of the hits shown often want values of the same blocks ("stock split" at 100,000: 114
    cuts of 67 blocks, each inflated and scanned again)."""

    def __init__(self, data: bytes, count: int, compressed: bool) -> None:
        self.whole = zlib.decompress(data) if compressed else data
        self.places: Places | None = None
        self._unpickled: Sequence[Any] | None = None
        with contextlib.suppress(_Shape, IndexError, ValueError, struct.error):
            self.places = value_places(self.whole, count)

    def values(self, wanted: Sequence[int]) -> list[bytes]:
        """The raw values at the indexes `wanted`, as Whoosh would give them."""
        if self.places is not None:
            try:
                return values_at(self.whole, self.places, wanted)
            except (_Shape, IndexError, ValueError, struct.error):
                self.places = None
        if self._unpickled is None:
            self._unpickled = pickle.loads(self.whole)[2]
        return [self._unpickled[i] for i in wanted]


_ENCODE = b"c_codecs\nencode\nq"
"""How protocol 2 pickles the first bytes object: the global `_codecs.encode`, memoized
(BINPUT); every later one gets it back from the memo (BINGET)."""
_LENGTH = struct.Struct("<I")


@lru_cache(maxsize=4)
def _value_starts(memo: int) -> re.Pattern[bytes]:
    """Where each pickled bytes object after the first starts: BINGET of the
    `_codecs.encode` global, then BINUNICODE (its length and text follow). A literal
    pattern: `re` scans for it at memchr speed."""
    return re.compile(re.escape(b"h" + bytes([memo]) + b"X"))


def _values_at(whole: bytes, count: int, wanted: Sequence[int]) -> list[bytes]:
    """Values pickled as `_codecs.encode(text, "latin1")`: the text's UTF-8 is cut at its
    stated length and turned back into the bytes. Raises `_Shape` unless exactly `count`
    values are found and each wanted one ends before the next begins as a whole pickle
    (the values' own pickles, of small ints and tuples, cannot hold what is looked for)."""
    return values_at(whole, value_places(whole, count), wanted)


Places = tuple[int, int, list[int]]
"""Where a block's values lie in its inflated pickle: the start of the pieces, the length
of the marker between them, and each piece's offset (`value_places`)."""


def value_places(whole: bytes, count: int) -> Places:
    """Where each of a block's `count` values lies in its inflated pickle `whole`, found
    once for any number of `values_at` calls. Raises `_Shape` as `_values_at` says."""
    at = whole.find(_ENCODE)
    if at < 0:
        raise _Shape("no bytes values")
    first = at + len(_ENCODE) + 1
    if whole[first] != ord("X"):
        raise _Shape("no text after the global")
    # The pieces between the values' starts, measured by C-level loops only.
    marker = _value_starts(whole[first - 1])
    pieces = marker.split(whole[first + 1:])
    if len(pieces) != count:
        raise _Shape("not one value per posting")
    return first + 1, len(marker.pattern), list(accumulate(map(len, pieces), initial=0))


def values_at(whole: bytes, places: Places, wanted: Sequence[int]) -> list[bytes]:
    """The values at the indexes `wanted`, cut from `whole` at `places`."""
    base, step, before = places
    values = []
    for i in wanted:
        start = base + before[i] + i * step
        (length,) = _LENGTH.unpack_from(whole, start)
        end = start + 4 + length
        if end > base + before[i + 1] + i * step:  # past the next marker
            raise _Shape("a value start inside a value")
        value = whole[start + 4:end].decode("utf-8").encode("latin-1")
        if not value.endswith(b"."):
            raise _Shape("a value that is not a pickle")
        values.append(value)
    return values


_PICKLED_DOUBLE = np.dtype([("opcode", "u1"), ("value", ">f8")])
"""A pickled float as it lies in a block: its opcode, then a big-endian double."""


def block_arrays(chosen: Sequence[tuple[bytes, int, bool, int]]) -> tuple[Ids, Weights]:
    """Document numbers and weights of several blocks of one term, in order, as numpy
    arrays (the values Whoosh gives, deleted documents included). `chosen` holds each
    block's (data, count, compressed, last id), in the order of the postings.

    Each block's ids and weights are gathered as the bytes they are pickled as and read
    by numpy at once: per block, one partial inflate and a few slices."""
    if not chosen:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    gaps = bytearray()
    weights: list[bytes] = []
    patched: list[tuple[int, Sequence[int]]] = []
    firsts: list[int] = []
    previous: list[int] = []
    before = 0
    total = 0
    for data, count, compressed, last in chosen:
        try:
            head = zlib.decompressobj().decompress(data, 14 * count + 64) if compressed else data
            deltas, pickled = _parts(head, count)
        except (_Shape, IndexError, ValueError, TypeError, struct.error, zlib.error,
                pickle.UnpicklingError):
            ids, listed, _ = block_postings(data, count, compressed, 0)
            deltas = (ids[0], *(b - a for a, b in zip(ids, ids[1:], strict=False)))
            pickled = b"".join(b"G" + _DOUBLE.pack(weight) for weight in listed)
        if isinstance(deltas, bytes):
            gaps += deltas
            first = deltas[0]
        else:
            patched.append((total, deltas))
            gaps += bytes(count)
            first = deltas[0]
        if pickled is None:
            pickled = _ONE * count
        elif isinstance(pickled, float):
            pickled = (b"G" + _DOUBLE.pack(_float32(pickled))) * count
        weights.append(pickled)
        firsts.append(first)
        previous.append(before)
        before = last
        total += count
    deltas_all = np.frombuffer(bytes(gaps), dtype=np.uint8).astype(np.int64)
    for start, block_deltas in patched:
        deltas_all[start:start + len(block_deltas)] = block_deltas
    parsed = np.frombuffer(b"".join(weights), dtype=_PICKLED_DOUBLE)
    if deltas_all.size != total or parsed.size != total or (parsed["opcode"] != _FLOAT).any():
        raise ValueError("blocks that do not read as Whoosh writes them")
    # Each block codes its first id from zero: chain it to the last id of the block
    # before it among those chosen.
    starts = np.cumsum([0, *(count for _, count, _, _ in chosen[:-1])])
    deltas_all[starts] = np.array(firsts, dtype=np.int64) - np.array(previous, dtype=np.int64)
    return np.cumsum(deltas_all), parsed["value"].astype(np.float64)
