"""Rescans judge what changed from the catalog's file-state table, and stay right when that
table is missing, stale or gone."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from store_corpus import ARTICLES, NEW_ARTICLE

import index.file_states
import index.folder_states
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


def test_unchanged_folders_are_not_compared_file_by_file(
    library: Library, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library.scan()
    asked: list[str] = []
    rows_in = index.file_states.FileTable.rows_in

    def counted(table: index.file_states.FileTable, folder: str) -> dict[str, tuple[int, int]]:
        asked.append(folder)
        return rows_in(table, folder)

    monkeypatch.setattr(index.file_states.FileTable, "rows_in", counted)
    assert library.scan().updated == 0
    assert asked == []
    # An edit keeps its folder's mtime: only that folder's files are compared.
    edit(corpus / "sport" / "football.en.txt", "Inter", "Internazionale")
    report = library.scan()
    assert (report.indexed, report.updated, report.removed) == (0, 1, 0)
    assert asked == ["sport"]


def test_a_catalog_from_before_the_folder_digests_still_rescans_right(
    library: Library, corpus: Path, tmp_path: Path
) -> None:
    with catalog(tmp_path / "index") as connection:
        connection.execute("DROP TABLE folder_states")
        connection.execute("DELETE FROM meta WHERE name = 'folder_states'")
    edit(corpus / "sport" / "football.en.txt", "Inter", "Internazionale")
    (corpus / "cine" / "cannes.es.md").unlink()
    report = library.scan()
    assert (report.indexed, report.updated, report.removed) == (0, 1, 1)
    with catalog(tmp_path / "index") as connection:
        folders = {folder for (folder,) in connection.execute("SELECT folder FROM folder_states")}
    assert "sport" in folders and folders
    assert library.scan().updated == 0


def digests_agree_with_the_table(index_dir: Path) -> None:
    """The folder digests are those of the file-state table's rows, under the same stamp."""
    with catalog(index_dir) as connection:
        rows = connection.execute("SELECT path, size, mtime_ns FROM file_states").fetchall()
        held = dict(connection.execute("SELECT folder, digest FROM folder_states"))
        stamps = dict(connection.execute(
            "SELECT name, value FROM meta WHERE name IN ('file_states', 'folder_states')"
        ))
    assert held == index.folder_states.digests_of(rows)
    assert stamps["folder_states"] == stamps["file_states"]


def test_folders_renamed_deleted_or_added_are_seen(
    library: Library, corpus: Path, tmp_path: Path
) -> None:
    (corpus / "sport").rename(corpus / "sports")
    (corpus / "cine" / "cannes.es.md").unlink()
    (corpus / "cine").rmdir()
    (corpus / "tech" / "more").mkdir()
    (corpus / "tech" / "more" / "science.fr.md").write_text(NEW_ARTICLE, encoding="utf-8")
    library.scan()
    assert sorted(summary.path for summary in library.articles()) == sorted(
        [path.replace("sport/", "sports/") for path in ARTICLES if not path.startswith("cine/")]
        + ["tech/more/science.fr.md"]
    )
    digests_agree_with_the_table(tmp_path / "index")
    report = library.scan()
    assert (report.indexed, report.updated, report.removed) == (0, 0, 0)


def test_a_folder_whose_name_is_not_utf8_is_rescanned_right(
    library: Library, corpus: Path, tmp_path: Path
) -> None:
    odd = Path(os.fsdecode(bytes(corpus) + b"/caf\xe9"))
    odd.mkdir()
    (odd / "science.fr.md").write_text(NEW_ARTICLE, encoding="utf-8")
    assert library.scan().indexed == 1
    digests_agree_with_the_table(tmp_path / "index")
    report = library.scan()
    assert (report.indexed, report.updated, report.removed) == (0, 0, 0)
    edit(odd / "science.fr.md", "Vénus", "Venus")
    report = library.scan()
    assert (report.indexed, report.updated, report.removed) == (0, 1, 0)
    digests_agree_with_the_table(tmp_path / "index")


def test_a_file_that_cannot_be_stat_ed_keeps_what_the_index_holds(
    library: Library, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_stat = os.stat

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if str(path).endswith("football.en.txt"):
            raise PermissionError(13, "Permission denied")
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    with monkeypatch.context() as denied:
        denied.setattr(os, "stat", stat)
        report = library.scan()
    assert (report.indexed, report.updated, report.removed) == (0, 0, 0)
    assert [skip.path for skip in report.skipped] == ["sport/football.en.txt"]
    assert library.count() == len(ARTICLES)
    report = library.scan()
    assert (report.indexed, report.updated, report.removed, report.skipped) == (0, 0, 0, ())


def test_digests_stamped_for_another_state_are_made_again(
    library: Library, corpus: Path, tmp_path: Path
) -> None:
    with catalog(tmp_path / "index") as connection:
        connection.execute("UPDATE meta SET value = '[0, []]' WHERE name = 'folder_states'")
        connection.execute("DELETE FROM folder_states WHERE folder = 'sport'")
    edit(corpus / "sport" / "football.en.txt", "Inter", "Internazionale")
    report = library.scan()
    assert (report.indexed, report.updated, report.removed) == (0, 1, 0)
    digests_agree_with_the_table(tmp_path / "index")


def test_scans_limited_to_paths_keep_the_digests_right(
    library: Library, corpus: Path, tmp_path: Path
) -> None:
    library.scan()
    edit(corpus / "sport" / "football.en.txt", "Inter", "Internazionale")
    (corpus / "science.fr.md").write_text(NEW_ARTICLE, encoding="utf-8")
    report = library.scan(paths=[str(corpus / "sport" / "football.en.txt"),
                                 str(corpus / "science.fr.md")])
    assert (report.indexed, report.updated, report.removed) == (1, 1, 0)
    digests_agree_with_the_table(tmp_path / "index")
    report = library.scan()
    assert (report.indexed, report.updated, report.removed) == (0, 0, 0)
