"""Building and updating the index: incremental scans, rebuilds, locking, where it lives."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from store_corpus import ARTICLES, write_corpus

import index.readers.build
import index.scan
from index.library import IndexBusy, Library
from index.location import INDEX_ENV, corpus_slug, default_index_dir
from index.models import Article, ScanProgress
from index.schema import SCHEMA_VERSION
from index.store import META_FILE, SCAN_LOCK, Store

pytest_plugins = ["store_helpers"]

EXTRA = """---
title: "Nvidia paie le prix des restrictions"
date: 2025-04-16
lang: fr
tags: [Nvidia]
---
Nvidia annonce une charge de 5,5 milliards de dollars liée aux puces H20.
"""


def titles(lib: Library) -> set[str]:
    return {summary.title for summary in lib.articles()}


def touch_later(path: Path) -> None:
    """Move the mtime forward so a change is seen even within the clock's resolution."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))


def test_first_scan_indexes_every_article_and_nothing_else(corpus: Path, tmp_path: Path) -> None:
    (corpus / "gold.json").write_text("{}", encoding="utf-8")
    (corpus / ".hidden.txt").write_text("Hidden\n\nNot an article.", encoding="utf-8")
    (corpus / ".drafts").mkdir()
    (corpus / ".drafts" / "draft.txt").write_text("Draft\n\nNot yet.", encoding="utf-8")
    lib = Library(corpus, tmp_path / "index")
    report = lib.scan()
    assert (report.indexed, report.updated, report.removed) == (len(ARTICLES), 0, 0)
    assert report.skipped == ()
    assert report.rebuilt_because is None
    assert lib.count() == len(ARTICLES)
    assert "Draft" not in titles(lib) and "Hidden" not in titles(lib)


def test_corpus_folder_is_never_written(corpus: Path, tmp_path: Path) -> None:
    before = sorted(p.relative_to(corpus) for p in corpus.rglob("*"))
    Library(corpus, tmp_path / "index").scan()
    assert sorted(p.relative_to(corpus) for p in corpus.rglob("*")) == before


def test_rescan_without_changes_reads_nothing(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object) -> None:
        raise AssertionError("an unchanged file was read again")

    monkeypatch.setattr(index.scan, "read_and_analyse", fail)
    report = library.scan()
    assert (report.indexed, report.updated, report.removed, report.skipped) == (0, 0, 0, ())


def test_added_changed_deleted_files(library: Library, corpus: Path) -> None:
    (corpus / "tech" / "nvidia.fr.md").write_text(EXTRA, encoding="utf-8")
    changed = corpus / "sport" / "football.en.txt"
    changed.write_text(ARTICLES["sport/football.en.txt"].replace("Inter", "Internazionale"))
    touch_later(changed)
    (corpus / "cine" / "cannes.es.md").unlink()

    report = library.scan()

    assert (report.indexed, report.updated, report.removed) == (1, 1, 1)
    assert "Nvidia paie le prix des restrictions" in titles(library)
    assert "Paris Saint-Germain crush Internazionale in the Munich final" in titles(library)
    assert not any("Panahi" in title for title in titles(library))
    assert library.search("panahi").total == 0
    assert library.count() == len(ARTICLES)


def test_touched_but_unchanged_file_is_not_reread(
    library: Library, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    touch_later(corpus / "tech" / "stargate.en.md")
    monkeypatch.setattr(index.scan, "read_and_analyse", None)  # calling it would fail
    report = library.scan()
    assert (report.indexed, report.updated, report.removed) == (0, 0, 0)
    assert library.search("stargate").total == 2
    # The new mtime is remembered: the next scan does not even hash the file.
    monkeypatch.setattr(index.scan, "file_hash", None)
    assert library.scan().updated == 0


def test_rename_is_a_delete_and_an_add_without_new_analysis(
    library: Library, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = library.get("tech/stargate.en.md")
    assert old is not None
    (corpus / "tech" / "stargate.en.md").rename(corpus / "tech" / "stargate-2025.en.md")

    def no_analysis(text: str, language: str | None = None) -> None:
        raise AssertionError("a renamed file was analysed again")

    monkeypatch.setattr(index.analysis, "analyze", no_analysis)
    report = library.scan()
    assert (report.indexed, report.removed) == (1, 1)
    assert library.get("tech/stargate.en.md") is None
    new = library.get("tech/stargate-2025.en.md")
    assert new is not None and new.id != old.id
    assert new.analysis == old.analysis


def test_unreadable_article_file_is_skipped_with_its_reason(
    corpus: Path, tmp_path: Path
) -> None:
    (corpus / "broken.md").write_bytes(b"Title\n\nNot text at all: \x00\x01.\n")
    lib = Library(corpus, tmp_path / "index")
    report = lib.scan()
    assert [s.path for s in report.skipped] == ["broken.md"]
    assert report.skipped[0].reason
    assert lib.count() == len(ARTICLES)
    # Still reported (without being read again) while the file stays as it is.
    again = lib.scan()
    assert [s.path for s in again.skipped] == ["broken.md"]
    (corpus / "broken.md").write_text(EXTRA, encoding="utf-8")
    touch_later(corpus / "broken.md")
    fixed = lib.scan()
    assert fixed.skipped == () and fixed.indexed == 1


def test_progress_reports_every_file_and_the_committed_ids(
    corpus: Path, tmp_path: Path
) -> None:
    seen: list[ScanProgress] = []
    lib = Library(corpus, tmp_path / "index")
    lib.scan(progress=seen.append)
    done = [p.done for p in seen if p.path]
    assert done == list(range(1, len(ARTICLES) + 1))
    assert all(p.total == len(ARTICLES) for p in seen)
    changed = {article_id for p in seen for article_id in p.changed}
    assert changed == {s.id for s in lib.articles()}


def test_a_file_a_reader_failed_on_is_read_again_next_scan(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A missing module or a reader bug is not the file's fault: once mended, the file comes in
    at the next scan although it has not changed."""
    (corpus / "extra.md").write_text(EXTRA, encoding="utf-8")
    real = index.readers.build.build_articles

    def broken(fmt: str, data: bytes, path: Path, root: Path) -> list[Article]:
        if path.name == "extra.md":
            raise ImportError("lxml.html.clean module is now a separate project")
        return real(fmt, data, path, root)

    monkeypatch.setattr(index.readers.build, "build_articles", broken)
    lib = Library(corpus, tmp_path / "index")
    first = lib.scan()
    assert [s.path for s in first.skipped] == ["extra.md"]
    assert "ImportError" in first.skipped[0].reason
    monkeypatch.setattr(index.readers.build, "build_articles", real)
    mended = lib.scan()
    assert mended.skipped == () and mended.indexed == 1
    assert lib.count() == len(ARTICLES) + 1


def test_cancelled_scan_keeps_what_it_did(corpus: Path, tmp_path: Path) -> None:
    lib = Library(corpus, tmp_path / "index")
    seen: list[ScanProgress] = []
    lib.scan(progress=seen.append, cancelled=lambda: len(seen) >= 3)
    assert 0 < lib.count() < len(ARTICLES)
    report = lib.scan()
    assert report.indexed == len(ARTICLES) - 2
    assert lib.count() == len(ARTICLES)


def test_cancelled_pool_scan_keeps_what_it_did(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The process-pool path stops too, and the next scan picks up exactly the rest."""
    monkeypatch.setattr(index.scan, "POOL_MIN_FILES", 1)
    monkeypatch.setattr(index.scan, "IN_FLIGHT_PER_WORKER", 1)
    lib = Library(corpus, tmp_path / "index")
    seen: list[ScanProgress] = []
    lib.scan(progress=seen.append, cancelled=lambda: len(seen) >= 3)
    kept = lib.count()
    assert 0 < kept < len(ARTICLES)
    assert lib.scan().indexed == len(ARTICLES) - kept
    assert lib.count() == len(ARTICLES)


def test_articles_are_visible_before_a_large_scan_ends(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index.scan, "FIRST_BATCH", 2)
    lib = Library(corpus, tmp_path / "index")
    reader = Library(corpus, tmp_path / "index")
    counts: list[int] = []
    lib.scan(progress=lambda p: counts.append(reader.count()) if p.done else None)
    assert any(0 < count < len(ARTICLES) for count in counts)


def test_schema_version_change_rebuilds_and_says_so(library: Library) -> None:
    meta_path = library.index_dir / META_FILE
    meta = json.loads(meta_path.read_text())
    assert meta == {"schema_version": SCHEMA_VERSION, "corpus": str(library.corpus)}
    meta["schema_version"] = SCHEMA_VERSION - 1
    meta_path.write_text(json.dumps(meta))
    report = library.scan()
    assert report.rebuilt_because is not None and "schema" in report.rebuilt_because
    assert report.indexed == len(ARTICLES)
    assert library.count() == len(ARTICLES)


def test_corrupt_index_is_rebuilt(library: Library) -> None:
    for toc in library.index_dir.glob("_MAIN_*.toc"):
        toc.write_bytes(b"not a table of contents")
    fresh = Library(library.corpus, library.index_dir)
    assert fresh.count() == 0 and fresh.search("stargate").total == 0
    report = fresh.scan()
    assert report.rebuilt_because is not None and "opened" in report.rebuilt_because
    assert fresh.count() == len(ARTICLES)


def test_requested_rebuild(library: Library) -> None:
    report = library.scan(rebuild=True)
    assert report.rebuilt_because == "a rebuild was requested"
    assert report.indexed == len(ARTICLES)


def test_second_writer_gets_index_busy(library: Library) -> None:
    from whoosh.filedb.filestore import FileStorage

    lock = FileStorage(str(library.index_dir)).lock(SCAN_LOCK)
    assert lock.acquire(blocking=False)
    try:
        with pytest.raises(IndexBusy, match="another process"):
            library.scan()
        assert library.search("stargate").total == 2  # reading still works
    finally:
        lock.release()
    assert library.scan().indexed == 0


def test_index_folder_inside_the_corpus_is_refused(corpus: Path) -> None:
    with pytest.raises(ValueError, match="inside the article folder"):
        Library(corpus, corpus / ".index")


def test_rebuild_leaves_foreign_files_in_the_index_folder(corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "shared-folder"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    lib = Library(corpus, folder)
    lib.scan()
    lib.scan(rebuild=True)
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_default_location_is_per_corpus_and_overridable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(INDEX_ENV, raising=False)
    first = default_index_dir(tmp_path / "a" / "news")
    second = default_index_dir(tmp_path / "b" / "news")
    assert first != second
    assert first.name.startswith("news-") and first.name == corpus_slug(tmp_path / "a" / "news")
    monkeypatch.setenv(INDEX_ENV, str(tmp_path / "elsewhere"))
    assert default_index_dir(tmp_path / "a" / "news") == tmp_path / "elsewhere"
    assert Library(tmp_path / "a" / "news").index_dir == (tmp_path / "elsewhere").resolve()


def test_index_of_another_corpus_is_rebuilt(corpus: Path, tmp_path: Path) -> None:
    other = write_corpus(tmp_path / "other", {"one.txt": "One title\n\nOne paragraph.\n"})
    Library(other, tmp_path / "index").scan()
    report = Library(corpus, tmp_path / "index").scan()
    assert report.rebuilt_because is not None and "another corpus" in report.rebuilt_because
    assert Library(corpus, tmp_path / "index").count() == len(ARTICLES)


def test_single_file_corpus(corpus: Path, tmp_path: Path) -> None:
    lib = Library(corpus / "tech" / "stargate.en.md", tmp_path / "index")
    assert lib.scan().indexed == 1
    document = lib.get("stargate.en.md")
    assert document is not None and document.article.title.startswith("Trump unveils")


def test_process_pool_gives_the_same_documents(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_process = Library(corpus, tmp_path / "a")
    in_process.scan()
    monkeypatch.setattr(index.scan, "POOL_MIN_FILES", 1)
    pooled = Library(corpus, tmp_path / "b")
    assert pooled.scan().indexed == len(ARTICLES)
    for summary in in_process.articles():
        assert pooled.get(summary.id) == in_process.get(summary.id)


def test_store_reads_missing_index_as_absent(tmp_path: Path) -> None:
    store = Store(tmp_path / "nothing", tmp_path)
    assert store.open_for_reading() is None
    assert Library(tmp_path, tmp_path.parent / "none").articles() == []


def _dying_worker() -> None:
    os._exit(3)


def test_broken_pool_finishes_in_process(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    monkeypatch.setattr(index.scan, "POOL_MIN_FILES", 1)
    monkeypatch.setattr(
        index.scan,
        "_pool",
        lambda: ProcessPoolExecutor(
            1, mp_context=multiprocessing.get_context("fork"), initializer=_dying_worker
        ),
    )
    lib = Library(corpus, tmp_path / "index")
    assert lib.scan().indexed == len(ARTICLES)
    assert lib.count() == len(ARTICLES)


def test_pool_scan_from_a_thread(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app scans from a worker thread: the pool must not fork a threaded process."""
    import threading

    monkeypatch.setattr(index.scan, "POOL_MIN_FILES", 1)
    lib = Library(corpus, tmp_path / "index")
    reports = []
    worker = threading.Thread(target=lambda: reports.append(lib.scan()))
    worker.start()
    worker.join(timeout=120)
    assert reports and reports[0].indexed == len(ARTICLES)
