"""Commits of a few articles fold earlier small segments by tiers: rarely, a few at a time,
and never leaving more than a handful of small segments for searches to visit."""

from __future__ import annotations

import os
import random
from pathlib import Path

from store_corpus import ARTICLES
from whoosh.index import open_dir

from index.library import Library
from index.segment_merge import FACTOR, MERGE_DOCS, live_folds, tier
from index.store import INDEX_NAME

pytest_plugins = ["store_helpers"]


def after_commits(commits: list[int], counts: list[int]) -> tuple[list[int], list[int]]:
    """The live article counts of the segments after these commits (articles each writes),
    and how many articles each commit copied from earlier segments."""
    copied = []
    for written in commits:
        folded = set(live_folds(written, counts))
        copied.append(sum(counts[i] for i in folded))
        merged = written + copied[-1]
        counts = [count for i, count in enumerate(counts) if i not in folded]
        if merged:
            counts.append(merged)
    return counts, copied


def test_tiers() -> None:
    assert [tier(n) for n in (1, 3, 4, 15, 16, 63, 64)] == [0, 0, 1, 1, 2, 2, 3]


def test_one_file_commits_copy_little_and_keep_few_small_segments() -> None:
    big = [40_000, 30_000, 29_000]
    counts, copied = after_commits([1] * 64, list(big))
    # Three in four commits copy nothing; the others copy three singles, or those and three
    # segments of four.
    assert copied[:16] == [0, 0, 0, 3, 0, 0, 0, 3, 0, 0, 0, 3, 0, 0, 0, 15]
    assert sum(copied) / len(copied) <= 1.5 and max(copied) < MERGE_DOCS
    # Segments of 16 and more are left to Whoosh's policy (not simulated here).
    assert sorted(counts) == sorted([16, 16, 16, 16, *big])


def test_at_most_factor_minus_one_segments_wait_in_each_small_tier() -> None:
    chance = random.Random(2026)
    counts: list[int] = [50_000]
    for _ in range(500):
        counts, _ = after_commits([chance.choice([0, 1, 1, 1, 2, 5, 16])], counts)
        small = [count for count in counts if count < MERGE_DOCS]
        for level in (0, 1):
            assert sum(1 for count in small if tier(count) == level) < FACTOR


def test_segments_without_live_articles_are_always_folded() -> None:
    assert live_folds(1, [50_000, 0, 1]) == [1]


def test_small_segments_left_by_the_earlier_policy_are_folded_once_a_tier_is_full() -> None:
    assert sorted(live_folds(1, [50_000, 1, 1, 1, 1, 1])) == [1, 2, 3, 4, 5]
    assert sorted(live_folds(1, [50_000, 17, 5, 5, 5, 5])) == [2, 3, 4, 5]


def test_one_file_rescans_keep_the_library_whole_and_its_segments_few(
    library: Library, corpus: Path, tmp_path: Path
) -> None:
    library.scan()
    football = corpus / "sport" / "football.en.txt"
    for round in range(9):
        with football.open("a", encoding="utf-8") as file:
            file.write(f"\n\nExtra paragraph number{round} about the final.\n")
        stat = football.stat()
        os.utime(football, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000 * (round + 1)))
        report = library.scan()
        assert (report.indexed, report.updated, report.removed) == (0, 1, 0)
    assert library.count() == len(ARTICLES)
    assert library.search("number8").total == 1
    assert library.search("number0").total == 1
    segments = open_dir(str(tmp_path / "index"), indexname=INDEX_NAME)._segments()
    assert sum(segment.doc_count() > 0 for segment in segments) <= 1 + 2 * (FACTOR - 1)
    assert sum(segment.doc_count() for segment in segments) == len(ARTICLES)
