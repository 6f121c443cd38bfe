"""Which segments a commit folds together: the small ones a rescan leaves, always.

Every commit writes a new segment. Whoosh's own policy (`whoosh.writing.MERGE_SMALL`, as
Whoosh-Reloaded 2.7.5 writes it) only merges once five or more segments are small next to
their running total, so a library rescanned one changed file at a time keeps a segment of
one article per rescan: the 100,000-article bench index held 8 segments, 4 of them of one
article each, and every query word is looked up in every segment holding its field (a
search looked each word up about 36 times). Here the segments of at most `SMALL_DOCS`
articles are merged into the segment being written at every commit, so at most one small
segment stays beside the big ones; merging them costs little (reading a few hundred
articles' postings), unlike rewriting a big segment, which is left to Whoosh's policy.
"""

from __future__ import annotations

from typing import Any

from whoosh.reading import SegmentReader
from whoosh.writing import MERGE_SMALL

SMALL_DOCS = 500
"""Segments holding at most this many articles (deleted ones included) are merged at every
commit: below a second of work even on a loaded machine, and enough that a day of rescans
(one segment each) folds into one."""


def merge_small_segments(writer: Any, segments: list[Any]) -> list[Any]:
    """A Whoosh merge policy (`writer.commit(mergetype=...)`): the small segments' live
    articles are added to the segment being written; the rest go through Whoosh's policy.
    Returns the segments kept as they are."""
    small = [seg for seg in segments if seg.doc_count_all() <= SMALL_DOCS]
    others = [seg for seg in segments if seg.doc_count_all() > SMALL_DOCS]
    # One small segment alone is worth merging only into articles being written anyway.
    if len(small) > 1 or (small and getattr(writer, "_added", False)):
        for seg in small:
            reader = SegmentReader(writer.storage, writer.schema, seg)
            try:
                writer.add_reader(reader)
            finally:
                reader.close()
    else:
        others = segments
    kept: list[Any] = MERGE_SMALL(writer, others)
    return kept
