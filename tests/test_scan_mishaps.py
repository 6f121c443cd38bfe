"""What the file system can do to a scan: odd names, files that change or vanish under it,
files and folders it may not read, link loops, a full disk, a read-only index folder. The scan
goes on (or stops with one clear line), and the index never loses what it held."""

from __future__ import annotations

import collections
import contextlib
import os
import pathlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from scan_processes import REPO, documents_per_path, write_articles

from index.library import IndexUnwritable, Library
from index.models import ScanProgress

LATIN1_NAME = b"caf\xe9.txt"
LATIN1_TEXT = "Le café du port\n\nLe café du port de Marseille rouvre ses portes.\n"


def paths(library: Library) -> collections.Counter[str]:
    return collections.Counter(summary.path for summary in library.articles())


def test_a_file_name_that_is_not_utf8_is_indexed_shown_and_opened(tmp_path: Path) -> None:
    corpus = tmp_path / "news"
    names = write_articles(corpus, 4)
    odd = os.fsdecode(bytes(corpus) + b"/" + LATIN1_NAME)
    Path(odd).write_text(LATIN1_TEXT, encoding="utf-8")
    library = Library(corpus, tmp_path / "index")
    report = library.scan()
    assert report.skipped == () and report.indexed == 5
    hits = library.search("marseille").hits
    assert len(hits) == 1
    stored = hits[0].summary.path
    stored.encode("utf-8")  # plain text, fit for JSON, Whoosh and terminals
    assert set(paths(library)) == {*names, stored}
    document = library.get(odd)  # the real name, as a shell would pass it
    assert document is not None and document.article.title == "Le café du port"
    assert library.source_path(document.article) == Path(odd)
    assert library.source_path(document.article).read_text(encoding="utf-8") == LATIN1_TEXT
    assert library.scan().indexed == 0  # recognised as unchanged: no duplicate


def test_files_that_change_vanish_or_become_folders_during_a_scan(tmp_path: Path) -> None:
    corpus = tmp_path / "news"
    names = write_articles(corpus, 8)
    changed, deleted, foldered = (corpus / name for name in names[5:8])
    library = Library(corpus, tmp_path / "index")

    def meddle(progress: ScanProgress) -> None:
        if progress.done == 1:
            changed.write_text("Titre réécrit\n\nLe texte a changé pendant le scan.\n")
            deleted.unlink()
            foldered.unlink()
            foldered.mkdir()
            (foldered / "inside.txt").write_text("Dans le dossier\n\nUn texte rangé.\n")

    report = library.scan(progress=meddle)
    assert report.skipped == ()
    assert any(s.title == "Titre réécrit" for s in library.articles())
    library.scan()
    inside = foldered.relative_to(corpus).as_posix() + "/inside.txt"
    assert paths(library) == collections.Counter([*names[:6], inside])


def test_a_file_it_may_not_read_is_skipped_then_read_once_it_may(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests run as root, whom chmod does not stop: the refusal comes from `open` itself."""
    corpus = tmp_path / "news"
    names = write_articles(corpus, 4)
    secret = corpus / names[2]
    real_open = pathlib.Path.open

    def refusing_open(self: Path, *args: object, **kwargs: object) -> object:
        if self == secret:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pathlib.Path, "open", refusing_open)
    library = Library(corpus, tmp_path / "index")
    report = library.scan()
    assert [(s.path, s.reason) for s in report.skipped] == [
        (names[2], "cannot read file: Permission denied")
    ]
    assert library.count() == 3
    monkeypatch.setattr(pathlib.Path, "open", real_open)  # permission granted: same file
    assert library.scan().indexed == 1 and library.count() == 4


def test_a_folder_it_may_not_list_keeps_its_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "news"
    names = write_articles(corpus, 8)
    library = Library(corpus, tmp_path / "index")
    library.scan()
    locked = corpus / "part1"
    real_scandir = os.scandir

    def refusing_scandir(path: object = ".") -> object:
        if Path(os.fsdecode(path)) == locked:  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", refusing_scandir)
    report = library.scan()
    assert report.removed == 0
    assert ("part1", "cannot read folder: Permission denied") in [
        (s.path, s.reason) for s in report.skipped
    ]
    assert paths(library) == collections.Counter(names)


def test_link_loops_end_and_are_reported(tmp_path: Path) -> None:
    corpus = tmp_path / "news"
    names = write_articles(corpus, 4)
    (corpus / "part0" / "up").symlink_to(corpus, target_is_directory=True)
    (corpus / "loop.txt").symlink_to(corpus / "loop.txt")
    library = Library(corpus, tmp_path / "index")
    report = library.scan()
    assert [s.path for s in report.skipped] == ["loop.txt"]
    assert "symbolic links" in report.skipped[0].reason
    assert paths(library) == collections.Counter(names)


FULL_DISK = """
import resource, sys
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))  # SIGXFSZ: Python ignores it
from reader.cli import main
sys.exit(main(sys.argv[2:]))
"""


def test_a_full_disk_stops_with_one_line_and_keeps_the_index(tmp_path: Path) -> None:
    corpus, index_dir = tmp_path / "news", tmp_path / "index"
    names = write_articles(corpus, 6)
    library = Library(corpus, index_dir)
    library.scan()
    # Enough text that the next segment (about 0.7 MB) cannot be written.
    body = " ".join(f"mot{i} Lyon" for i in range(1500))
    (corpus / "long.txt").write_text(f"Long texte\n\n{body}\n", encoding="utf-8")
    largest = max(p.stat().st_size for p in index_dir.iterdir())
    result = subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(largest + 4096), "index", str(corpus),
         "--index", str(index_dir)],
        capture_output=True, text=True, cwd=REPO, timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"rubrique: cannot write the index at {index_dir}")
    reader = Library(corpus, index_dir)
    assert paths(reader) == collections.Counter(names)
    assert reader.search("Lyon").total == len(names)
    assert reader.scan().indexed == 1  # with room again, the rest comes in
    assert documents_per_path(corpus, index_dir).total() == len(names) + 1


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """The folder made read-only: by its mode, or for root (whom modes do not stop) by a
    read-only bind mount."""
    if os.geteuid() != 0:
        mode = folder.stat().st_mode
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(mode)
        return
    mounted = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("root without mount: cannot make a folder read-only")
    try:
        remounted = subprocess.run(
            ["mount", "-o", "remount,ro,bind", str(folder)], capture_output=True
        )
        if remounted.returncode != 0:
            pytest.skip("cannot remount read-only")
        yield
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], capture_output=True)


def test_a_read_only_index_folder_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader import cli

    corpus, index_dir = tmp_path / "news", tmp_path / "index"
    names = write_articles(corpus, 4)
    Library(corpus, index_dir).scan()
    write_articles(corpus, 5)
    with read_only(index_dir):
        with pytest.raises(IndexUnwritable, match="cannot write the index"):
            Library(corpus, index_dir).scan()
        code = cli.main(["index", str(corpus), "--index", str(index_dir)])
        _, err = capsys.readouterr()
        assert code == 1 and err.count("\n") == 1
        assert err.startswith(f"rubrique: cannot write the index at {index_dir}")
        reader = Library(corpus, index_dir)
        assert paths(reader) == collections.Counter(names)
        assert reader.search("Lyon").total == len(names)
    assert Library(corpus, index_dir).scan().indexed == 1
