"""Which segments a commit folds together: small ones, as few at a time as keeps them few.

Every commit writes a new segment. Whoosh's own policy (`whoosh.writing.MERGE_SMALL`, as
Whoosh-Reloaded 2.7.5 writes it) only merges once five or more segments are small next to
their running total, so a library rescanned one changed file at a time keeps a segment of
one article per rescan: the 100,000-article bench index held 8 segments, 4 of them of one
article each, and every query word is looked up in every segment holding its field (a
search looked each word up about 36 times). Merging is not cheap, though: Whoosh copies a
segment term by term, about 25 ms of CPU per article (155 articles: 4.4 s, 100k bench
index), so a one-file rescan (target: under a second) can only afford a few.

A commit of many articles (a build's batch, a rescan after many changes) folds in the
smallest segments as long as their articles add up to at most `MERGE_DOCS` plus an eighth
of those it writes: the merge never costs much more than the writing itself.

A commit of a few articles (a live change, a rescan after one edit) folds by tiers, as a
log-structured merge does: segments of under `MERGE_DOCS` articles are grouped by size
(1-3, 4-15 articles: powers of `FACTOR`), and a tier is folded into the segment being
written only once it holds `FACTOR` segments, the new one counted. Folding every earlier
small segment at every commit, as this module did before, copied the same growing segment
of up to 16 articles again at each one-file rescan (0.46 s of a 0.62 s commit profiled at
100k, bench/RESCAN_PROFILE.md); by tiers, three commits in four copy nothing, the fourth
copies three articles, the sixteenth fifteen: 1.5 articles a commit on average, never more
than the old policy's steady 16. At most `FACTOR - 1` segments wait in each of the two
tiers, so a search meets at most six small segments besides the larger ones, which go
through Whoosh's policy as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from whoosh.reading import SegmentReader
from whoosh.writing import MERGE_SMALL

MERGE_DOCS = 16
"""Articles of earlier small segments a large commit may merge beyond an eighth of those
it writes (about 0.4 s of CPU); also the size under which segments are folded by tiers."""

FACTOR = 4
"""Segments of one tier folded together (and the ratio of one tier's sizes to the next)."""


def tier(count: int) -> int:
    """The tier of a segment of `count` live articles: 0 for 1-3, 1 for 4-15, ..."""
    found = 0
    while count >= FACTOR:
        count //= FACTOR
        found += 1
    return found


def live_folds(written: int, counts: Sequence[int]) -> list[int]:
    """Which segments (positions in `counts`, their live articles) a commit writing
    `written` articles (at most `MERGE_DOCS`) folds in: those without live articles, then
    tier by tier from the smallest, a tier holding `FACTOR` segments with the one being
    written (whose size grows with each tier folded into it), or `FACTOR` without it (a
    library written by another policy)."""
    chosen = [i for i, count in enumerate(counts) if count == 0]
    size = written
    for level in range(tier(MERGE_DOCS - 1) + 1):
        members = [i for i, count in enumerate(counts)
                   if 0 < count < MERGE_DOCS and tier(count) == level]
        joins = size > 0 and tier(size) == level
        if len(members) + joins >= FACTOR:
            chosen.extend(members)
            size += sum(counts[i] for i in members)
    return chosen


def merge_small_segments(writer: Any, segments: list[Any]) -> list[Any]:
    """A Whoosh merge policy (`writer.commit(mergetype=...)`): some small segments' live
    articles are added to the segment being written (by tiers for a commit of at most
    `MERGE_DOCS` articles, within a budget for a larger one); the larger segments go
    through Whoosh's policy. Returns the segments kept as they are."""
    written = int(getattr(writer, "docnum", 0) or 0)
    if written <= MERGE_DOCS:
        counts = [segment.doc_count() for segment in segments]
        folded = set(live_folds(written, counts))
        chosen = [segment for i, segment in enumerate(segments) if i in folded]
        waiting = [segment for i, segment in enumerate(segments)
                   if i not in folded and 0 < counts[i] < MERGE_DOCS]
        larger = [segment for i, segment in enumerate(segments)
                  if i not in folded and counts[i] >= MERGE_DOCS]
        _fold(writer, chosen)
        kept: list[Any] = waiting + MERGE_SMALL(writer, larger)
        return kept
    # An eighth of the batch, not all of it: a cold build's growing batches (50, 200, 800,
    # ...) each folded the whole previous segment, copying every article again (+66 % commit
    # CPU on a 1,000-article build) and, at 100,000, into segments of 37,000-40,000 articles.
    budget = MERGE_DOCS + written // 8
    chosen = []
    total = 0
    for segment in sorted(segments, key=lambda seg: seg.doc_count_all()):
        count = segment.doc_count_all()
        if total + count > budget:
            break
        chosen.append(segment)
        total += count
    _fold(writer, chosen)
    merged = {id(segment) for segment in chosen}
    kept = MERGE_SMALL(writer, [seg for seg in segments if id(seg) not in merged])
    return kept


def _fold(writer: Any, segments: list[Any]) -> None:
    """Add these segments' live articles to the segment being written."""
    for segment in segments:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        try:
            writer.add_reader(reader)
        finally:
            reader.close()
