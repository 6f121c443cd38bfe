"""Rescans judge what changed from the catalog's file-state table, and stay right when that
table is missing, stale or gone."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from store_corpus import ARTICLES, NEW_ARTICLE

import index.file_states
from index.catalog import CATALOG_FILE
from index.library import Library

pytest_plugins = ["store_helpers"]


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))


def titles(library: Library) -> list[str]:
    return sorted(summary.title for summary in library.articles())


def no_stored_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(searcher: object) -> None:
        raise AssertionError("the scan read every stored document")

    monkeypatch.setattr(index.file_states, "iter_stored", fail)


def catalog(index_dir: Path) -> sqlite3.Connection:
    return sqlite3.connect(index_dir / CATALOG_FILE, isolation_level=None)


def test_rescans_after_the_first_read_no_stored_document(
    library: Library, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_stored_fields(monkeypatch)
    assert library.scan().updated == 0
    edit(corpus / "sport" / "football.en.txt", "Inter", "Internazionale")
    (corpus / "cine" / "cannes.es.md").unlink()
    report = library.scan()
    assert (report.indexed, report.updated, report.removed) == (0, 1, 1)
    assert "Paris Saint-Germain crush Internazionale in the Munich final" in titles(library)
    assert library.search("panahi").total == 0


def test_a_catalog_from_before_the_table_still_rescans_right(
    library: Library, corpus: Path, tmp_path: Path
) -> None:
    with catalog(tmp_path / "index") as connection:
        connection.execute("DROP TABLE file_states")
        connection.execute("DELETE FROM meta WHERE name = 'file_states'")
    edit(corpus / "sport" / "football.en.txt", "Inter", "Internazionale")
    (corpus / "cine" / "cannes.es.md").unlink()
    (corpus / "science.fr.md").write_text(NEW_ARTICLE, encoding="utf-8")

    report = library.scan()

    assert (report.indexed, report.updated, report.removed) == (1, 1, 1)
    assert library.count() == len(ARTICLES)
    assert "Une sonde atteint Vénus" in titles(library)
    with catalog(tmp_path / "index") as connection:
        paths = {path for (path,) in connection.execute("SELECT path FROM file_states")}
    assert "science.fr.md" in paths and "cine/cannes.es.md" not in paths


def test_a_table_left_behind_by_a_crash_is_not_believed(
    library: Library, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The index takes a new file, then the process dies before the table hears of it.
    (corpus / "science.fr.md").write_text(NEW_ARTICLE, encoding="utf-8")
    with monkeypatch.context() as crash:
        crash.setattr(index.file_states, "record", lambda *args: False)
        assert library.scan().indexed == 1
    before = titles(library)

    report = library.scan()

    # A table believed as it is would call the file new and add it a second time.
    assert (report.indexed, report.updated, report.removed) == (0, 0, 0)
    assert titles(library) == before
    assert before.count("Une sonde atteint Vénus") == 1


def test_a_deleted_catalog_is_rebuilt_and_the_rescan_is_right(
    library: Library, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in os.listdir(tmp_path / "index"):
        if name.startswith(CATALOG_FILE):
            os.unlink(tmp_path / "index" / name)
    (corpus / "cine" / "cannes.es.md").unlink()
    report = library.scan()
    assert (report.indexed, report.updated, report.removed) == (0, 0, 1)
    no_stored_fields(monkeypatch)  # filled once: the next scan reads the table
    assert library.scan().removed == 0
    assert library.count() == len(ARTICLES) - 1
