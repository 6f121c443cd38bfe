"""Which segments a commit folds together: the smallest ones, as many as it can afford.

Every commit writes a new segment. Whoosh's own policy (`whoosh.writing.MERGE_SMALL`, as
Whoosh-Reloaded 2.7.5 writes it) only merges once five or more segments are small next to
their running total, so a library rescanned one changed file at a time keeps a segment of
one article per rescan: the 100,000-article bench index held 8 segments, 4 of them of one
article each, and every query word is looked up in every segment holding its field (a
search looked each word up about 36 times). Merging is not cheap, though: Whoosh copies a
segment term by term, about 25 ms of CPU per article (155 articles: 4.4 s, 100k bench
index), so a one-file rescan (target: under a second) can only afford a few. Here, at every
commit, the smallest segments are merged into the segment being written as long as their
articles add up to at most `MERGE_DOCS` plus the number of articles the commit writes
anyway: a rescan folds the single-article segments of earlier rescans together (a few
hundred ms), and a large batch of a build may fold proportionally larger ones, the merge
never costing much more than the writing itself. Larger segments are left to Whoosh's policy.
"""

from __future__ import annotations

from typing import Any

from whoosh.reading import SegmentReader
from whoosh.writing import MERGE_SMALL

MERGE_DOCS = 16
"""Articles of earlier small segments a commit may merge beyond those it writes: about
0.4 s of CPU at most, and after a day of one-file rescans one segment instead of dozens."""


def merge_small_segments(writer: Any, segments: list[Any]) -> list[Any]:
    """A Whoosh merge policy (`writer.commit(mergetype=...)`): the smallest segments'
    live articles are added to the segment being written, within the budget; the rest
    go through Whoosh's policy. Returns the segments kept as they are."""
    written = int(getattr(writer, "docnum", 0) or 0)
    # An eighth of the batch, not all of it: a cold build's growing batches (50, 200, 800,
    # ...) each folded the whole previous segment, copying every article again (+66 % commit
    # CPU on a 1,000-article build) and, at 100,000, into segments of 37,000-40,000 articles.
    budget = MERGE_DOCS + written // 8
    chosen: list[Any] = []
    total = 0
    for segment in sorted(segments, key=lambda seg: seg.doc_count_all()):
        count = segment.doc_count_all()
        if total + count > budget:
            break
        chosen.append(segment)
        total += count
    # One small segment alone is worth merging only into articles being written anyway.
    if len(chosen) < 2 and not (chosen and written):
        kept: list[Any] = MERGE_SMALL(writer, segments)
        return kept
    for segment in chosen:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        try:
            writer.add_reader(reader)
        finally:
            reader.close()
    merged = {id(segment) for segment in chosen}
    kept = MERGE_SMALL(writer, [seg for seg in segments if id(seg) not in merged])
    return kept
