"""What reading worked around (broken front matter) reaches whoever ran the scan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.library import Library
from reader import cli

BROKEN = '---\ntitle: Council votes budget\nauthor: "Jane Doe\n---\nThe city council voted.\n'
"""Front matter YAML cannot read (a quote never closed): the article is kept, with a warning."""
GOOD = "---\ntitle: Harbour reopens\n---\nThe harbour reopened on Monday.\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "good.md").write_text(GOOD, encoding="utf-8")
    (folder / "broken.md").write_text(BROKEN, encoding="utf-8")
    return folder


def test_a_scan_reports_the_warnings_of_the_files_it_read(corpus: Path, tmp_path: Path) -> None:
    library = Library(corpus, tmp_path / "index")
    report = library.scan()
    assert report.indexed == 2 and report.skipped == ()
    assert [path for path, _ in report.warnings] == ["broken.md"]
    message = report.warnings[0][1]
    assert "front matter" in message and "title" in message  # what was kept
    assert library.search("council").total == 1
    assert library.scan().warnings == ()  # unchanged: not read again, nothing new to say


def test_index_prints_warnings_on_stderr(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["index", str(corpus), "--index", str(tmp_path / "index")])
    out, err = capsys.readouterr()
    assert code == 0
    assert "2 added" in out and "0 skipped, 1 warning in" in out
    lines = err.splitlines()
    assert lines[0] == "rubrique: 1 warning:"
    assert lines[1].startswith("  broken.md: front matter")
    assert len(lines) == 2


def test_index_json_lists_warnings(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["index", str(corpus), "--index", str(tmp_path / "index"), "--json"])
    out, err = capsys.readouterr()
    assert code == 0
    data = json.loads(out)
    assert [item["path"] for item in data["warnings"]] == ["broken.md"]
    assert set(data["warnings"][0]) == {"path", "message"}
    assert data["warnings"][0]["message"].startswith("front matter")
    assert "broken.md: front matter" in err
