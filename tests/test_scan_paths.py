"""A scan limited to the paths a folder watcher reported leaves the library exactly as a walk
of the whole folder would: the same articles, file states and skipped files."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from store_corpus import NEW_ARTICLE, write_corpus

import index.scan
from index.catalog import CATALOG_FILE
from index.library import Library
from index.store import iter_stored

pytest_plugins = ["store_helpers"]

BAD_FEED = "<rss><channel><item><title>Cut off"


def later(path: Path) -> None:
    """Move the mtime forward so a change is seen even within the clock's resolution."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))


def held(library: Library) -> tuple[Any, ...]:
    """Everything a scan decides: stored documents, the file-state table, the skipped files."""
    ix = library._store.open_for_reading()
    assert ix is not None
    with ix.searcher() as searcher:
        documents = sorted(
            (stored["path"], stored["id"], sorted(stored.items()))
            for _, stored in iter_stored(searcher)
        )
    connection = sqlite3.connect(library.index_dir / CATALOG_FILE)
    try:
        rows = sorted(connection.execute("SELECT * FROM file_states"))
    finally:
        connection.close()
    return documents, rows, sorted(library._store.load_skipped().items())


Change = Callable[[Path], list[str]]
"""Changes the corpus; returns the paths (relative) a watcher would report."""


def edit(corpus: Path) -> list[str]:
    path = corpus / "sport" / "football.en.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("Inter", "Internazionale"))
    later(path)
    return ["sport/football.en.txt"]


def add(corpus: Path) -> list[str]:
    (corpus / "sport" / "venus.fr.md").write_text(NEW_ARTICLE, encoding="utf-8")
    (corpus / "science").mkdir()
    (corpus / "science" / "venus.fr.md").write_text(NEW_ARTICLE, encoding="utf-8")
    return ["sport/venus.fr.md", "science"]


def delete(corpus: Path) -> list[str]:
    (corpus / "cine" / "cannes.es.md").unlink()
    return ["cine/cannes.es.md"]


def rename(corpus: Path) -> list[str]:
    (corpus / "politique" / "elections.fr.md").rename(corpus / "politique" / "vote.fr.md")
    return ["politique/elections.fr.md", "politique/vote.fr.md"]


def touch(corpus: Path) -> list[str]:
    later(corpus / "tech" / "stargate.en.md")  # same bytes, newer mtime
    return ["tech/stargate.en.md"]


def move_folder(corpus: Path) -> list[str]:
    (corpus / "tech").rename(corpus / "technologie")
    return ["tech", "technologie"]


def hide_folder(corpus: Path) -> list[str]:
    (corpus / "science").rename(corpus / ".science")
    return ["science", ".science"]


def delete_folder(corpus: Path) -> list[str]:
    shutil.rmtree(corpus / "technologie")
    return ["technologie"]


def break_a_feed(corpus: Path) -> list[str]:
    (corpus / "flux.xml").write_text(BAD_FEED, encoding="utf-8")
    (corpus / "notes.tmp").write_text("not an article", encoding="utf-8")
    return ["flux.xml", "notes.tmp", "sport/gone-before-the-scan.md"]


def mend_the_feed(corpus: Path) -> list[str]:
    (corpus / "flux.xml").unlink()
    (corpus / "flux.md").write_text(NEW_ARTICLE.replace("Vénus", "Mars"), encoding="utf-8")
    return ["flux.xml", "flux.md"]


def odd_names(corpus: Path) -> list[str]:
    """A name that is not UTF-8 (Linux allows any bytes) and one with a backslash."""
    latin1 = os.fsdecode(b"caf\xe9.md")
    (corpus / "sport" / latin1).write_text(NEW_ARTICLE, encoding="utf-8")
    (corpus / "sport" / "a\\b.md").write_text(NEW_ARTICLE, encoding="utf-8")
    return [f"sport/{latin1}", "sport/a\\b.md"]


def drop_odd_names(corpus: Path) -> list[str]:
    latin1 = os.fsdecode(b"caf\xe9.md")
    (corpus / "sport" / latin1).unlink()
    return [f"sport/{latin1}"]


STEPS: list[list[Change]] = [
    [edit, add, delete], [rename, touch], [move_folder, hide_folder], [delete_folder],
    [break_a_feed], [mend_the_feed], [odd_names], [drop_odd_names],
]
"""One watcher batch each: a step's changes are reported together."""


def test_path_limited_scans_hold_what_a_full_walk_holds(
    corpus: Path, tmp_path: Path, known_entities: None
) -> None:
    watched = Library(corpus, tmp_path / "watched")
    walked = Library(corpus, tmp_path / "walked")
    watched.scan()
    walked.scan()
    for step in STEPS:
        reported = [str(corpus / path) for change in step for path in change(corpus)]
        watched.scan(paths=reported)
        walked.scan()
        assert held(watched) == held(walked), [change.__name__ for change in step]
    # And a walk of the whole folder after them finds nothing left to do.
    report = watched.scan()
    assert (report.indexed, report.updated, report.removed) == (0, 0, 0)
    titles = {summary.title for summary in watched.articles()}
    assert "Une sonde atteint Mars" in titles
    assert not any("Stargate" in title for title in titles)


def test_a_reported_change_is_picked_up_without_walking_the_corpus(
    library: Library, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_walk(*args: object, **kwargs: object) -> None:
        raise AssertionError("the scan walked the corpus")

    monkeypatch.setattr(index.scan, "walk_stat", no_walk)
    monkeypatch.setattr(index.scan, "walk_folders", no_walk)
    edit(corpus)
    report = library.scan(paths=[str(corpus / "sport" / "football.en.txt")])
    assert (report.indexed, report.updated, report.removed) == (0, 1, 0)
    assert library.search("Internazionale").total == 1


@pytest.mark.parametrize("reported", [".", "..", "/elsewhere/file.md"])
def test_a_path_outside_the_folder_makes_the_scan_walk_it_all(
    library: Library, corpus: Path, reported: str
) -> None:
    edit(corpus)
    report = library.scan(paths=[str(corpus / reported)])
    assert report.updated == 1


def test_a_fresh_index_ignores_the_paths_and_reads_everything(
    tmp_path: Path, known_entities: None
) -> None:
    corpus = write_corpus(tmp_path / "articles")
    library = Library(corpus, tmp_path / "index")
    report = library.scan(paths=[str(corpus / "sport" / "finale.de.md")])
    assert report.indexed == 6


def test_loading_the_analysis_ahead_of_a_change_works_with_or_without_an_index(
    tmp_path: Path,
) -> None:
    corpus = write_corpus(tmp_path / "articles")
    library = Library(corpus, tmp_path / "index")
    library.expect_changes()  # no index yet: no main language either
    library.scan()
    library.expect_changes()
    (corpus / "sport" / "venus.fr.md").write_text(NEW_ARTICLE, encoding="utf-8")
    report = library.scan(paths=[str(corpus / "sport" / "venus.fr.md")])
    assert report.indexed == 1


def test_a_path_no_file_can_have_is_ignored(library: Library, corpus: Path) -> None:
    edit(corpus)
    report = library.scan(paths=[str(corpus / "sport" / "a\0b.md"), str(corpus / "sport")])
    assert report.updated == 1
