"""`rubrique entity NAME`: the JSON shape (a contract) and the page a person reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader import cli


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_entity_json_shape(
    sample_corpus: Path, sample_index: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "entity", "Vereinigte Staaten", "--index", str(sample_index),
                          "--corpus", str(sample_corpus), "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert set(data) == {"kind", "key", "label", "count", "aliases", "spellings", "languages",
                         "months", "weeks", "undated", "co_mentions", "articles", "may_be",
                         "other_matches"}
    assert data["kind"] == "place"
    assert {"United States", "États-Unis"} <= {alias["label"] for alias in data["aliases"]}
    assert set(data["aliases"][0]) == {"kind", "key", "label", "articles", "confidence",
                                       "reason"}
    assert {"en", "fr"} <= set(data["languages"])
    assert sum(month["articles"] for month in data["months"]) + data["undated"] == data["count"]
    assert len(data["articles"]) == data["count"]
    assert set(data["articles"][0]) == {"id", "path", "title", "date", "language"}
    assert set(data["co_mentions"][0]) == {"kind", "key", "label", "shared", "articles",
                                           "score"}


def test_entity_page_in_the_terminal(
    sample_corpus: Path, sample_index: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "entity", "musk", "--index", str(sample_index),
                        "--corpus", str(sample_corpus), "--limit", "2")
    assert code == 0
    assert out.startswith("Elon Musk  person")
    assert "By month" in out and "2025-01" in out and "█" in out
    assert "Mentioned with" in out and "OpenAI" in out
    assert "more (--limit N)" in out


def test_an_unknown_name_is_one_line_on_stderr(
    sample_corpus: Path, sample_index: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "entity", "Nobody Anywhere", "--index", str(sample_index),
                          "--corpus", str(sample_corpus), "--json")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "Nobody Anywhere" in err
