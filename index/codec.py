"""Whoosh's W3 codec with short posting lists kept inside the term dictionary.

Most terms of a news library occur in one or two articles (names, candidate phrases, rare
words). The stock codec writes every term's postings as a block of their own in the postings
file: two pickles and a zlib stream (whose set-up dominates for a few bytes) per term, which
made half of a commit's time. Whoosh reads postings kept in the term's entry ("inlined") with
a `ListMatcher`, but its writer calls a method that does not exist when asked to inline, so
the option is unusable as shipped; this module writes them itself and gives the matcher a
`copy()` that keeps what scoring needs. Search results are unchanged: the same ids, weights
and values, read from another place.
"""

from __future__ import annotations

import struct
from array import array
from collections.abc import Iterable, Iterator
from hashlib import md5
from itertools import groupby, repeat
from operator import itemgetter
from pickle import dumps
from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3PostingsWriter, W3TermInfo
from whoosh.matching import ListMatcher
from whoosh.system import emptybytes
from whoosh.util.numeric import length_to_byte

INLINE_LIMIT = 8
"""Terms with fewer postings than this keep them in their term entry."""


class _InliningPostingsWriter(W3PostingsWriter):  # type: ignore[misc]
    def finish_postings(self) -> W3TermInfo:
        terminfo: W3TermInfo = self._terminfo  # type: ignore[has-type]
        if self.written() or len(self) >= self._inlinelimit:
            return super().finish_postings()
        terminfo.add_block(self)
        terminfo.set_inlined(self._ids, self._weights, self._values)
        self._terminfo = None
        return terminfo


class _InlineMatcher(ListMatcher):  # type: ignore[misc]
    """The stock list matcher forgets its term and term info when copied (as span and
    phrase queries do), and then cannot give the length bounds scoring asks for; and for a
    field that stores no values it gives the str "" where the block matcher gives None,
    which the writer refuses when a merge re-reads the postings of a segment with deletions."""

    def value(self) -> Any:
        return super().value() if self._values else None

    def all_items(self) -> Iterator[tuple[int, Any]]:
        return zip(self._ids, self._values or repeat(None), strict=False)

    def copy(self) -> _InlineMatcher:
        return _InlineMatcher(
            self._ids, self._weights, self._values, self._format, self._scorer, self._i,
            self._all_weights, term=self._term, terminfo=self._terminfo,
        )


_TERM_INFO = struct.Struct("!BfIBBfII")
"""W3TermInfo's fixed part: flags, total weight, doc frequency, min and max length
(as bytes), max weight, first and last id."""
_ENTRY_LENGTHS = struct.Struct("!ii")
"""The key and value lengths before each entry of Whoosh's hash file."""
_term_of = itemgetter(0, 1)


class _FastFieldWriter(W3FieldWriter):  # type: ignore[misc]
    """The W3 field writer, filing the short posting lists (most terms) without the
    per-posting and per-term objects of the stock path: a commit spent most of its time
    there, a few dozen Python calls per term. It writes the very bytes the stock writer
    writes (`tests/test_codec.py` compares the files); longer lists take the stock path."""

    def add_postings(self, schema: Any, lengths: Any, items: Iterable[Any]) -> None:
        limit = self._codec._inlinelimit
        tindex = self._tindex
        dbfile = tindex.dbfile
        buckets = tindex.buckets
        positions = tindex.index
        dfl = lengths.doc_field_length if lengths else (lambda docnum, fieldname: 0)
        lastfn: str | None = None
        fieldid = b""
        for (fieldname, btext), group in groupby(items, _term_of):
            postings = list(group)
            if fieldname != lastfn:
                if lastfn is not None:
                    self.finish_field()
                self.start_field(fieldname, schema[fieldname])
                fieldid = struct.pack("!H", self._fieldid)
                lastfn = fieldname
            if postings[0][2] == -1 or postings[-1][2] == -1:  # spelling words, never ours
                postings = [posting for posting in postings if posting[2] != -1]
                if not postings:
                    continue
            if len(postings) >= limit:
                self.start_term(btext)
                add = self.add
                for _, _, docnum, weight, value in postings:
                    add(docnum, weight, emptybytes if value is None else value,
                        dfl(docnum, fieldname))
                self.finish_term()
                continue
            ids = tuple([posting[2] for posting in postings])
            raw_weights = [posting[3] for posting in postings]
            weights = tuple(array("f", raw_weights))
            values = tuple([posting[4] for posting in postings if posting[4]])
            sizes = [size for size in (dfl(docnum, fieldname) for docnum in ids) if size]
            value_bytes = _TERM_INFO.pack(
                True,
                sum(weights),
                len(ids),
                length_to_byte(min(sizes)) if sizes else 0,
                length_to_byte(max(sizes)) if sizes else 0,
                max(0, *raw_weights),
                ids[0],
                ids[-1],
            ) + dumps((ids, weights, values), 2)
            key = fieldid + btext
            if key <= tindex.lastkey:
                raise ValueError(f"Keys must increase: {tindex.lastkey!r}..{key!r}")
            position = dbfile.tell()
            positions.append(position)
            dbfile.write(_ENTRY_LENGTHS.pack(len(key), len(value_bytes)) + key + value_bytes)
            digest = int.from_bytes(md5(key, usedforsecurity=False).digest()[12:], "big")
            buckets[digest & 255].append((digest, position))
            tindex.lastkey = key
        if lastfn is not None:
            self.finish_field()


class InliningCodec(W3Codec):  # type: ignore[misc]
    """The W3 codec, writing posting lists shorter than `INLINE_LIMIT` into the term info.
    Segments written with it record it, so they are read back through it."""

    def __init__(
        self, blocklimit: int = 128, compression: int = 3, inlinelimit: int = INLINE_LIMIT
    ) -> None:
        super().__init__(blocklimit, compression, inlinelimit)

    def field_writer(self, storage: Any, segment: Any) -> W3FieldWriter:
        return _FastFieldWriter(self, storage, segment)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> W3PostingsWriter:
        return _InliningPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def postings_reader(
        self,
        dbfile: Any,
        terminfo: W3TermInfo,
        format_: Any,
        term: Any = None,
        scorer: Any = None,
    ) -> Any:
        if not terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term, scorer)
        ids, weights, values = terminfo.inlined_postings()
        return _InlineMatcher(
            ids, weights, values, format_, scorer=scorer, term=term, terminfo=terminfo
        )
