"""Fixtures for the index tests (loaded with `pytest_plugins = ["store_helpers"]`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_corpus import fake_mentions, write_corpus

import index.analysis
from index.library import Library
from index.models import Analysis


@pytest.fixture
def known_entities(monkeypatch: pytest.MonkeyPatch) -> None:
    """Analysis as usual, but with exactly the mentions of `NAMES` (in-process scans only)."""
    real = index.analysis.analyze

    def analyze(text: str, language: str | None = None, prior: str | None = None) -> Analysis:
        found = real(text, language, prior)
        return Analysis(found.language, found.keywords, fake_mentions(text))

    monkeypatch.setattr(index.analysis, "analyze", analyze)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "articles")


@pytest.fixture
def library(corpus: Path, tmp_path: Path, known_entities: None) -> Library:
    lib = Library(corpus, tmp_path / "index")
    lib.scan()
    return lib
