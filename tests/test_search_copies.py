"""Copies of one article (the same file in two folders) are one search result."""

from __future__ import annotations

import shutil
from pathlib import Path

from index.library import Library

pytest_plugins = ["store_helpers"]


def _with_tech_copies(corpus: Path, tmp_path: Path, copies: int = 3) -> Library:
    """The corpus with its tech folder copied `copies` times, scanned."""
    for n in range(copies):
        shutil.copytree(corpus / "tech", corpus / f"tech-{n}")
    library = Library(corpus, tmp_path / "index")
    library.scan()
    return library


def test_two_copies_of_an_article_are_one_result(
    corpus: Path, tmp_path: Path, known_entities: None
) -> None:
    (corpus / "copies").mkdir()
    shutil.copy2(corpus / "tech" / "stargate.en.md", corpus / "copies" / "stargate.en.md")
    library = Library(corpus, tmp_path / "index")
    library.scan()

    result = library.search("stargate")

    assert sorted((hit.summary.language, hit.copies) for hit in result.hits) == [
        ("en", 2), ("fr", 1)]
    assert result.total == 3  # every matching article is counted
    english = next(hit for hit in result.hits if hit.summary.language == "en")
    assert english.summary.path in ("copies/stargate.en.md", "tech/stargate.en.md")
    assert "stargate" in english.snippet.lower()


def test_a_page_of_results_is_filled_past_the_copies(
    corpus: Path, tmp_path: Path, known_entities: None
) -> None:
    library = _with_tech_copies(corpus, tmp_path)

    result = library.search("stargate OR cannes", limit=3)

    assert sorted(hit.summary.path.split("/")[-1] for hit in result.hits) == [
        "cannes.es.md", "stargate.en.md", "stargate.fr.md"]
    assert sorted(hit.copies for hit in result.hits) == [1, 4, 4]
    assert result.total == 9


def test_a_phrase_in_copies_is_one_result_counting_each(
    corpus: Path, tmp_path: Path, known_entities: None
) -> None:
    library = _with_tech_copies(corpus, tmp_path)

    result = library.search('"data centres"')

    assert [(hit.summary.title, hit.copies) for hit in result.hits] == [
        ("Trump unveils Stargate, a giant bet on data centres", 4)]
    assert result.total == 4
    assert library.search('"centres data"').total == 0  # copies hold no phrase they lack
