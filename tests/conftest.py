"""Shared fixtures: one index of sample_articles/ per test session, copied per app test.

Building the index analyses every sample article, so it happens once; each app test gets its
own copy so that the reader's state file (kept beside the index) never leaks between tests.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.library import Library
from tests.feed_server import FeedServer, serve

REPO = Path(__file__).resolve().parent.parent
SAMPLE_ARTICLES = REPO / "sample_articles"


@pytest.fixture(autouse=True)
def english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dates follow the user's locale (LC_ALL, LC_TIME, LANG); tests and snapshots see the
    English fallback whatever the machine running them is set to."""
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_TIME", raising=False)


@pytest.fixture(scope="session")
def sample_corpus() -> Path:
    return SAMPLE_ARTICLES


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory: pytest.TempPathFactory, sample_corpus: Path) -> Path:
    """An up-to-date index of sample_articles/, built once per session."""
    index_dir = tmp_path_factory.mktemp("sample-index") / "index"
    Library(sample_corpus, index_dir).scan()
    return index_dir


@pytest.fixture
def app_index(sample_index: Path, tmp_path: Path) -> Path:
    """A private copy of the sample index, so state written beside it stays in this test."""
    copy = tmp_path / "index"
    shutil.copytree(sample_index, copy)
    return copy


@pytest.fixture
def sample_library(sample_corpus: Path, sample_index: Path) -> Library:
    """The session index opened read-only, for computing what the app should show."""
    return Library(sample_corpus, sample_index)


@pytest.fixture
def feeds_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config folder of the test's own, so subscriptions never touch the user's."""
    folder = tmp_path / "config"
    monkeypatch.setenv("RUBRIQUE_CONFIG", str(folder))
    return folder


@pytest.fixture
def server() -> Iterator[FeedServer]:
    """Feeds and pages served on 127.0.0.1 for the test."""
    with serve() as running:
        yield running


_GOLD_REPORT: list[str] = []


@pytest.fixture(scope="session")
def gold_report() -> list[str]:
    """Lines the gold tests want shown at the end of the run, so a quality drop is visible."""
    return _GOLD_REPORT


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _GOLD_REPORT:
        terminalreporter.section("analysis quality on sample_articles/gold.json")
        for line in _GOLD_REPORT:
            terminalreporter.write_line(line)
