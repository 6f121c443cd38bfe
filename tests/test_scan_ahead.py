"""Work handed to the pool ahead of a commit (so the workers stay busy while the writing
process commits) changes nothing in what a scan indexes, nor in how it stops."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_corpus import ARTICLES

import index.scan
from index.library import Library
from index.models import ScanProgress

pytest_plugins = ["store_helpers"]


@pytest.fixture
def ahead_of_every_commit(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pooled scan that commits every two articles, handing every remaining file ahead."""
    monkeypatch.setattr(index.scan, "POOL_MIN_FILES", 1)
    monkeypatch.setattr(index.scan, "IN_FLIGHT_PER_WORKER", 1)
    monkeypatch.setattr(index.scan, "FIRST_BATCH", 2)
    monkeypatch.setattr(index.scan, "BATCH_GROWTH", 1)
    monkeypatch.setattr(index.scan, "AHEAD_PER_COMMITTED", 10.0)


def test_every_article_is_indexed_once_with_its_own_content(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ahead_of_every_commit: None
) -> None:
    pooled = Library(corpus, tmp_path / "pooled")
    commits: list[tuple[str, ...]] = []
    report = pooled.scan(progress=lambda p: commits.append(p.changed) if p.changed else None)
    assert report.indexed == pooled.count() == len(ARTICLES)
    assert len(commits) > 2
    committed = [article_id for batch in commits for article_id in batch]
    assert len(committed) == len(set(committed)) == len(ARTICLES)
    monkeypatch.setattr(index.scan, "POOL_MIN_FILES", 10_000)
    in_process = Library(corpus, tmp_path / "in-process")
    in_process.scan()
    for summary in in_process.articles():
        assert pooled.get(summary.id) == in_process.get(summary.id)


def test_a_cancelled_scan_with_work_ahead_keeps_what_it_did(
    corpus: Path, tmp_path: Path, ahead_of_every_commit: None
) -> None:
    lib = Library(corpus, tmp_path / "index")
    seen: list[ScanProgress] = []
    lib.scan(progress=seen.append, cancelled=lambda: len(seen) >= 4)
    kept = lib.count()
    assert 0 < kept < len(ARTICLES)
    assert lib.scan().indexed == len(ARTICLES) - kept
    assert lib.count() == len(ARTICLES)
