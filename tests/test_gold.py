"""Quality regression on the gold annotations of sample_articles/.

The floors sit just under what the analysis measured when they were set (see
`python -m index.evaluate sample`): a real drop fails, noise does not. The scores are printed
at the end of the test run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from index.evaluate.sample import (
    SampleScores,
    load_gold,
    measure,
    read_corpus,
    score_keywords,
)
from index.library import Library
from index.readers import is_article_file


@pytest.fixture(scope="module")
def scores(sample_corpus: Path, sample_index: Path, gold_report: list[str]) -> SampleScores:
    measured = measure(sample_corpus, sample_index)
    gold_report.extend(measured.lines())
    return measured


def test_gold_covers_every_article(sample_corpus: Path, scores: SampleScores) -> None:
    files = [p for p in sample_corpus.iterdir() if p.is_file() and is_article_file(p)]
    gold_files = {key.split("#")[0] for key in load_gold(sample_corpus)}
    assert scores.missing == []
    assert gold_files == {p.name for p in files}


def test_corpus_meets_the_brief(sample_corpus: Path) -> None:
    gold = load_gold(sample_corpus)
    languages = [str(entry["language"]) for entry in gold.values()]
    assert len(gold) >= 36
    assert (languages.count("fr"), languages.count("en")) >= (14, 12)
    assert languages.count("es") >= 5 and languages.count("de") >= 5


def test_entities_precision_and_recall(scores: SampleScores) -> None:
    assert scores.entities.precision >= FLOORS["entity_precision"]
    assert scores.entities.recall >= FLOORS["entity_recall"]
    assert scores.typed_entities.f1 >= FLOORS["typed_f1"]


def test_keywords_find_the_editors_choices(scores: SampleScores) -> None:
    assert scores.keyword_recall >= FLOORS["keyword_recall"]


def test_library_keywords_find_the_editors_choices(
    sample_corpus: Path, sample_library: Library, gold_report: list[str]
) -> None:
    """What the sidebar shows: keywords ranked within the library of all the samples."""
    found = SampleScores()
    articles = read_corpus(sample_corpus)
    for key, entry in load_gold(sample_corpus).items():
        document = sample_library.get(articles[key].id)
        assert document is not None
        score_keywords(found, document.analysis, entry["keywords"], str(entry["language"]))  # type: ignore[arg-type]
    gold_report.append(
        f"library    {found.keyword_hits}/{found.gold_keywords} gold keywords among library-"
        f"ranked keywords + entities ({found.keyword_recall:.3f})"
    )
    assert found.keyword_recall >= FLOORS["library_keyword_recall"]


def test_language_is_detected(scores: SampleScores) -> None:
    assert scores.language_accuracy >= FLOORS["language"]


def test_related_articles_share_a_topic(scores: SampleScores) -> None:
    assert scores.related.precision >= FLOORS["related_precision"]


FLOORS = {
    "entity_precision": 0.82,
    "entity_recall": 0.87,
    "typed_f1": 0.72,
    "keyword_recall": 0.53,
    "library_keyword_recall": 0.57,
    "language": 1.0,
    "related_precision": 0.77,
}
