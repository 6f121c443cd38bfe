"""The `rubrique` command line: JSON shapes (a contract), human output, errors, app launch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from store_corpus import ARTICLES

import reader.app
from index.location import INDEX_ENV
from reader import cli

pytest_plugins = ["store_helpers"]

BINARY = b"Title\n\nNot text at all: \x00\x01\x02.\n"
"""No reader takes a file with NUL bytes: it is skipped, with its reason."""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    data = json.loads(out) if "--json" in argv and code == 0 else out
    return code, data, err


@pytest.fixture
def indexed(
    corpus: Path, tmp_path: Path, known_entities: None, capsys: pytest.CaptureFixture[str]
) -> list[str]:
    """Common options pointing at an index built from the test corpus."""
    options = ["--index", str(tmp_path / "index")]
    code, _, _ = run(capsys, "index", str(corpus), *options, "--json")
    assert code == 0
    return options


def test_index_json_shape(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], known_entities: None
) -> None:
    (corpus / "broken.md").write_bytes(BINARY)
    code, data, err = run(capsys, "index", str(corpus), "--index", str(tmp_path / "i"), "--json")
    assert code == 0 and err == ""
    assert set(data) == {"indexed", "updated", "removed", "skipped", "seconds", "warnings"}
    assert data["warnings"] == []
    assert (data["indexed"], data["updated"], data["removed"]) == (len(ARTICLES), 0, 0)
    assert [item["path"] for item in data["skipped"]] == ["broken.md"]
    assert set(data["skipped"][0]) == {"path", "reason"} and data["skipped"][0]["reason"]
    assert isinstance(data["seconds"], float)
    code, again, _ = run(capsys, "index", str(corpus), "--index", str(tmp_path / "i"), "--json")
    assert (again["indexed"], again["updated"], again["removed"]) == (0, 0, 0)


def test_index_human_summary_lists_skips(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], known_entities: None
) -> None:
    (corpus / "broken.md").write_bytes(BINARY)
    code, out, _ = run(capsys, "index", str(corpus), "--index", str(tmp_path / "i"))
    assert code == 0
    assert f"{len(ARTICLES)} added" in out and "1 skipped" in out
    assert "skipped broken.md:" in out


def test_search_json_shape(indexed: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, data, _ = run(capsys, "search", "texas", *indexed, "--json")
    assert code == 0
    assert set(data) == {"query", "total", "total_exact", "suggestion", "hits"}
    assert (data["query"], data["total"], data["suggestion"]) == ("texas", 2, None)
    assert data["total_exact"] is True
    for hit in data["hits"]:
        assert set(hit) == {"id", "path", "title", "score", "snippet", "language", "date",
                            "copies"}
        assert hit["path"] in ("tech/stargate.en.md", "tech/stargate.fr.md")
        assert hit["date"] in ("2025-01-22", "2025-01-23")
        assert "Texas" in hit["snippet"] and hit["score"] > 0


def test_search_limit_and_suggestion(
    indexed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _, data, _ = run(capsys, "search", "paris", "--limit", "1", *indexed, "--json")
    assert len(data["hits"]) == 1 and data["total"] > 1
    _, data, _ = run(capsys, "search", "stargaet", *indexed, "--json")
    assert (data["total"], data["hits"], data["suggestion"]) == (0, [], "stargate")
    code, out, _ = run(capsys, "search", "stargaet", *indexed)
    assert code == 0 and "Did you mean: stargate" in out


def test_search_human_output(indexed: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "cannes", *indexed)
    assert code == 0
    assert "Cannes premia a Jafar Panahi con la Palma de Oro" in out
    assert "cine/cannes.es.md" in out


def test_malformed_query_is_one_line_on_stderr(
    indexed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "search", '"data centres', *indexed, "--json")
    assert code == 1 and out == ""
    assert err.startswith("rubrique: ") and err.count("\n") == 1 and "quote" in err


def test_show_json_shape_by_path_and_id(
    indexed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, data, _ = run(capsys, "show", "tech/stargate.en.md", *indexed, "--json")
    assert code == 0
    assert set(data) == {
        "id", "path", "title", "author", "date", "language", "tags", "keywords", "entities",
        "lede", "body",
    }
    assert data["title"] == "Trump unveils Stargate, a giant bet on data centres"
    assert (data["author"], data["date"], data["language"]) == (
        "Helen Achterberg", "2025-01-22", "en",
    )
    assert data["tags"] == ["Stargate", "OpenAI"]
    assert {"text": "Elon Musk", "kind": "person", "count": 1} in data["entities"]
    assert "Sam Altman said the data centres" in data["lede"] + data["body"]
    _, by_id, _ = run(capsys, "show", data["id"], *indexed, "--json")
    assert by_id == data


def test_show_human_output(indexed: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "sport/finale.de.md", *indexed)
    assert code == 0
    assert out.startswith("Finale in München") and "Jonas Weber" in out


def test_unknown_article_exits_non_zero(
    indexed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    for command in ("show", "related"):
        code, out, err = run(capsys, command, "no/such.md", *indexed, "--json")
        assert code == 1 and out == ""
        assert err.count("\n") == 1 and "no article 'no/such.md'" in err


def test_related_json_shape(indexed: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, data, _ = run(capsys, "related", "tech/stargate.fr.md", *indexed, "--json")
    assert code == 0
    assert set(data) == {"article", "related"}
    assert data["article"]["path"] == "tech/stargate.fr.md"
    assert set(data["article"]) == {"id", "path", "title"}
    first = data["related"][0]
    assert set(first) == {"id", "path", "title", "score", "reasons"}
    assert first["path"] == "tech/stargate.en.md"
    assert any(reason.startswith("shares ") for reason in first["reasons"])
    assert all(item["path"] != "tech/stargate.fr.md" for item in data["related"])


def test_topics_json(indexed: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, data, _ = run(capsys, "topics", *indexed, "--json")
    assert code == 0
    topics = {(t["kind"], t["key"]): t for t in data["topics"]}
    assert topics[("tag", "stargate")]["count"] == 2
    assert topics[("person", "elon musk")] == {
        "kind": "person", "key": "elon musk", "label": "Elon Musk", "count": 3,
    }


def test_commands_build_the_index_when_there_is_none(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], known_entities: None
) -> None:
    options = ["--corpus", str(corpus), "--index", str(tmp_path / "fresh")]
    code, data, _ = run(capsys, "search", "stargate", *options, "--json")
    assert code == 0 and data["total"] == 2
    # Later, the index folder alone is enough: it remembers its corpus.
    code, data, _ = run(capsys, "topics", "--index", str(tmp_path / "fresh"), "--json")
    assert code == 0 and data["topics"]


def test_missing_corpus_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "index", str(tmp_path / "nowhere"), "--index", str(tmp_path / "i"))
    assert code == 1 and err.count("\n") == 1 and "no such file or folder" in err


def test_busy_index_is_one_line(
    indexed: list[str], corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from whoosh.filedb.filestore import FileStorage

    from index.store import SCAN_LOCK

    lock = FileStorage(indexed[1]).lock(SCAN_LOCK)
    assert lock.acquire(blocking=False)
    try:
        code, _, err = run(capsys, "index", str(corpus), *indexed)
    finally:
        lock.release()
    assert code == 1 and err.count("\n") == 1 and "another process" in err


class FakeApp:
    opened: list[tuple[Path, Path | None]] = []

    def __init__(self, corpus: Path, index_dir: Path | None = None) -> None:
        self.args = (corpus, index_dir)

    def run(self) -> None:
        FakeApp.opened.append(self.args)


def test_no_command_opens_the_app(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, corpus: Path
) -> None:
    FakeApp.opened = []
    monkeypatch.delenv(INDEX_ENV, raising=False)
    monkeypatch.setattr(reader.app, "RubriqueApp", FakeApp)
    assert cli.main([]) == 0
    assert cli.main([str(corpus), "--index", str(tmp_path / "i")]) == 0
    assert FakeApp.opened == [(cli.DEFAULT_CORPUS, None), (corpus, tmp_path / "i")]


def test_app_on_an_index_folder_opens_its_corpus(
    indexed: list[str], corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    FakeApp.opened = []
    monkeypatch.setattr(reader.app, "RubriqueApp", FakeApp)
    assert cli.main(indexed) == 0
    assert FakeApp.opened == [(corpus, Path(indexed[1]))]
    monkeypatch.setenv(INDEX_ENV, indexed[1])
    assert cli.main([]) == 0
    assert FakeApp.opened[-1] == (corpus, None)
    assert Path(reader.__file__).resolve().parent.parent / "sample_articles" == cli.DEFAULT_CORPUS


def test_app_on_a_missing_folder_is_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(reader.app, "RubriqueApp", FakeApp)
    code, _, err = run(capsys, str(tmp_path / "nowhere"))
    assert code == 1 and "no such file or folder" in err


def test_python_dash_m_reader() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reader", "search", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0 and "--limit" in result.stdout


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    with pytest.raises(SystemExit) as exited:
        cli.main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"rubrique {version('rubrique')}\n"
    assert version("rubrique") == "0.1.0"


OUTSIDE = "Une dépêche à part\n\nLe maire de Lyon inaugure un pont sur le Rhône.\n"


def test_show_an_article_file_no_index_holds(
    indexed: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere" / "pont.fr.txt"
    elsewhere.parent.mkdir()
    elsewhere.write_text(OUTSIDE, encoding="utf-8")
    code, data, err = run(capsys, "show", str(elsewhere), *indexed, "--json")
    assert code == 0, err
    assert data["title"] == "Une dépêche à part" and data["language"] == "fr"
    assert "Rhône" in data["body"] + data["lede"]
    code, out, _ = run(capsys, "show", str(elsewhere), *indexed)
    assert code == 0 and "Une dépêche à part" in out and "read and analysed" in out
    code, out, err = run(capsys, "related", str(elsewhere), *indexed)
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "is not in an index" in err and f"rubrique index {elsewhere.parent}" in err


def test_show_a_file_the_index_does_not_hold_yet(
    indexed: list[str], corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = corpus / "tech" / "pont.fr.txt"
    new.write_text(OUTSIDE, encoding="utf-8")
    code, data, _ = run(capsys, "show", str(new), *indexed, "--json")
    assert code == 0 and data["title"] == "Une dépêche à part"
    code, _, err = run(capsys, "related", str(new), *indexed)
    assert code == 1 and f"rubrique index {corpus}" in err


def test_an_unreadable_file_to_show_is_one_line(
    indexed: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = tmp_path / "binary.txt"
    binary.write_bytes(BINARY)
    code, out, err = run(capsys, "show", str(binary), *indexed, "--json")
    assert code == 1 and out == "" and err.count("\n") == 1 and "NUL" in err


SHOWN = "caf\N{REPLACEMENT CHARACTER}.txt"
"""How b"caf\\xe9.txt" (Latin-1) is shown."""


def test_a_file_name_that_is_not_utf8_goes_through_every_command(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], known_entities: None
) -> None:
    import os

    odd = os.fsdecode(bytes(corpus) + b"/caf\xe9.txt")
    Path(odd).write_text(OUTSIDE, encoding="utf-8")
    options = ["--index", str(tmp_path / "index")]
    code, data, err = run(capsys, "index", str(corpus), *options, "--json")
    assert code == 0, err
    assert data["indexed"] == len(ARTICLES) + 1 and data["skipped"] == []
    code, data, _ = run(capsys, "search", "Rhône", *options, "--json")
    assert code == 0 and [hit["path"] for hit in data["hits"]] == [SHOWN]
    code, data, _ = run(capsys, "show", odd, *options, "--json")
    assert code == 0 and data["path"] == SHOWN
    code, out, _ = run(capsys, "show", odd, *options)
    assert code == 0 and SHOWN in out
    code, data, _ = run(capsys, "related", odd, *options, "--json")
    assert code == 0 and data["article"]["title"] == "Une dépêche à part"
