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

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC

_INT = struct.Struct("!i")  # a block's length, as Whoosh writes it
_PROTO = b"\x80\x02"
_MARK, _TUPLE, _NONE, _FLOAT = 0x28, 0x74, 0x4E, 0x47
_INTS = re.compile(rb"(?:K.|M..|J....)*", re.DOTALL)
"""A run of BININT1, BININT2 and BININT opcodes with their arguments."""
_MEMO_SIZES = {0x71: 2, 0x72: 5}  # BINPUT, LONG_BINPUT after a tuple


class _Shape(Exception):
    """A block pickle this walk does not know: Whoosh decodes it."""


def _skip_memo(head: bytes, pos: int) -> int:
    return pos + _MEMO_SIZES.get(head[pos], 0)


@lru_cache(maxsize=8)
def _doubles(count: int) -> struct.Struct:
    """`count` pickled floats in a row: an opcode byte, then a big-endian double."""
    return struct.Struct(">" + "xd" * count)


def _decoded(head: bytes, count: int) -> tuple[list[int], Sequence[float] | float | None]:
    """(ids, weights as pickled) from the front of a block pickle of `count` postings."""
    if count <= 3 or not head.startswith(_PROTO) or head[2] != _MARK:
        raise _Shape("short block or another protocol")
    pos = 3
    deltas: Any = None
    small = head[pos:pos + 2 * count:2]
    if small == b"K" * count:  # every gap under 256, the common case: read in one slice
        deltas = head[pos + 1:pos + 2 * count:2]
        pos += 2 * count
    else:  # gaps of several sizes: find where they end in one regular expression
        found = _INTS.match(head, pos)
        assert found is not None  # it matches the empty string
        pos = found.end()
    if head[pos] != _TUPLE:
        raise _Shape("ids do not end where expected")
    ids_end = pos = _skip_memo(head, pos + 1)
    op = head[pos]
    weights: Any
    if op == _NONE:
        weights, pos = None, pos + 1
    elif op == _FLOAT:
        weights, pos = struct.unpack_from(">d", head, pos + 1)[0], pos + 9
    elif op == _MARK:
        end = pos + 1 + 9 * count
        if head[pos + 1] != _FLOAT or head[end - 9] != _FLOAT or head[end] != _TUPLE:
            raise _Shape("weights that are not all floats")
        weights = _doubles(count).unpack_from(head, pos + 1)
        pos = end + 1
    else:
        raise _Shape("unknown weights")
    if deltas is None:  # ids of several sizes: let pickle read them
        deltas = pickle.loads(head[:ids_end] + b".")
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
