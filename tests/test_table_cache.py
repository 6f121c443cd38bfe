"""Tables built from packages are kept on disk and read back, never stale, never required."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.analysis.table_cache import stored


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("RUBRIQUE_CACHE", str(folder))
    return folder


class Builder:
    """Counts its builds; builds a table from a source file's words."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self.builds = 0

    def __call__(self) -> dict[str, int]:
        self.builds += 1
        return {word: len(word) for word in self.source.read_text().split()}


def test_a_table_is_built_once_then_read_back(folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "words.txt"
    source.write_text("Paris Berlin Madrid")
    build = Builder(source)
    first = stored("words", build, packages=("textual",), files=(source,))
    again = stored("words", build, packages=("textual",), files=(source,))
    assert first == again == {"Paris": 5, "Berlin": 6, "Madrid": 6}
    assert build.builds == 1
    assert len(list(folder.glob("words-*.marshal"))) == 1


def test_a_changed_source_rebuilds_and_replaces_the_old_table(
    folder: Path, tmp_path: Path
) -> None:
    source = tmp_path / "words.txt"
    source.write_text("Paris")
    build = Builder(source)
    stored("words", build, files=(source,))
    source.write_text("Paris Lyon")
    assert stored("words", build, files=(source,)) == {"Paris": 5, "Lyon": 4}
    assert build.builds == 2
    assert len(list(folder.glob("words-*.marshal"))) == 1


def test_a_damaged_table_is_rebuilt(folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "words.txt"
    source.write_text("Paris")
    build = Builder(source)
    stored("words", build, files=(source,))
    (kept,) = folder.glob("words-*.marshal")
    kept.write_bytes(b"\x00not a table")
    assert stored("words", build, files=(source,)) == {"Paris": 5}
    assert build.builds == 2


def test_no_writable_cache_still_gives_the_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("RUBRIQUE_CACHE", str(blocker / "cache"))
    source = tmp_path / "words.txt"
    source.write_text("Paris")
    build = Builder(source)
    assert stored("words", build, files=(source,)) == {"Paris": 5}
    assert stored("words", build, files=(source,)) == {"Paris": 5}
    assert build.builds == 2
