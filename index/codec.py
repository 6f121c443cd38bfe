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

from collections.abc import Iterator
from itertools import repeat
from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3PostingsWriter, W3TermInfo
from whoosh.matching import ListMatcher

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


class InliningCodec(W3Codec):  # type: ignore[misc]
    """The W3 codec, writing posting lists shorter than `INLINE_LIMIT` into the term info.
    Segments written with it record it, so they are read back through it."""

    def __init__(
        self, blocklimit: int = 128, compression: int = 3, inlinelimit: int = INLINE_LIMIT
    ) -> None:
        super().__init__(blocklimit, compression, inlinelimit)

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
