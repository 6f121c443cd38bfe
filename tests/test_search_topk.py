"""Faster ranking keeps Whoosh's hits: postings read without their positions, a phrase's
positions checked for its best candidates only, and a total that says when it is estimated."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as whoosh_index
from whoosh.searching import Searcher

import index.topk as topk
from index.block_skim import headers, ids_and_weights
from index.library import Library
from index.models import SearchResult
from index.schema import build_schema
from index.scoring import Scores, ranked, scored_matches
from index.search import parse
from index.store import INDEX_NAME
from reader import cli
from reader.history import Listing
from reader.widgets.article_list import describe

PHRASE = '"data centres"'
"""In eight sample articles' words, seven of them as a phrase."""


@pytest.fixture
def searcher(sample_index: Path) -> Iterator[Searcher]:
    with whoosh_index.open_dir(str(sample_index), indexname=INDEX_NAME).searcher() as opened:
        yield opened


@pytest.fixture
def few_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """One candidate scored at a time and two checked for the total: the sample library
    is small, and these are the paths a large one takes."""
    monkeypatch.setattr(topk, "BATCH", 1)
    monkeypatch.setattr(topk, "CHECKED_PHRASES", 2)
    monkeypatch.setattr(topk, "SAMPLE_RUNS", 2)


def test_blocks_read_without_positions_are_whooshs(searcher: Searcher) -> None:
    seen = 0
    for reader, _ in searcher.reader().leaf_readers():
        terms = reader._terms
        for fieldname in ("body_en", "body_fr", "text", "title"):
            for btext in reader.lexicon(fieldname):
                matcher = reader.postings(fieldname, btext)
                if not hasattr(matcher, "_read_ids"):  # kept in the term info: no blocks
                    continue
                offset, length = terms.term_info(fieldname, btext).extent()
                if isinstance(length, tuple):
                    (length,) = length
                postings = terms._postfile.get(offset, length)
                for header in headers(postings):
                    matcher._read_ids()
                    matcher._read_weights()
                    assert (header.last, header.count) == (matcher._maxid,
                                                           matcher._blocklength)
                    ids, weights = ids_and_weights(postings[header.data], header.count,
                                                   header.compressed)
                    assert list(ids) == list(matcher._ids)
                    assert list(weights) == list(matcher._weights)
                    seen += 1
                    if matcher._lastblock:
                        break
                    matcher._next_block()
    assert seen >= 5


def _every_match(searcher: Searcher, text: str) -> tuple[Any, Scores]:
    """The parsed query and every match's score, scored one by one (the reference)."""
    q, _ = parse(text, build_schema())
    assert q is not None
    every = scored_matches(searcher, q)
    assert every is not None
    return q, every


@pytest.mark.parametrize("limit", [1, 2, 5])
@pytest.mark.parametrize(
    "text", ["stargate", "musk altman", "stargate -musk", PHRASE, '"open ai"', "title:stargate"]
)
def test_the_best_hits_are_those_of_scoring_every_match(
    searcher: Searcher, few_checks: None, text: str, limit: int
) -> None:
    q, every = _every_match(searcher, text)
    ranking = topk.top_matches(searcher, q, limit)
    assert ranking is not None
    assert ranking.best == ranked(every, limit)
    if ranking.exact:
        assert ranking.total == len(every)


@pytest.mark.parametrize("limit", [1, 3])
@pytest.mark.parametrize("text", ["stargate", "musk altman", PHRASE, "stargate OR altman"])
def test_with_ties_every_match_of_the_best_scores_comes_back(
    searcher: Searcher, few_checks: None, text: str, limit: int
) -> None:
    q, every = _every_match(searcher, text)
    shown = sorted({round(score, 4) for score in every.values()}, reverse=True)[:limit]
    expected = sorted(((docnum, score) for docnum, score in every.items()
                       if round(score, 4) in shown), key=lambda item: (-item[1], item[0]))
    ranking = topk.top_matches(searcher, q, limit, ties=True)
    assert ranking is not None
    assert ranking.best == expected


def test_a_phrase_total_is_exact_when_its_candidates_are_few(searcher: Searcher) -> None:
    q, _ = parse(PHRASE, build_schema())
    ranking = topk.top_matches(searcher, q, 1)
    assert ranking is not None and ranking.exact and ranking.total == 7


def test_a_phrase_total_is_estimated_when_its_candidates_are_many(
    searcher: Searcher, few_checks: None
) -> None:
    q, _ = parse(PHRASE, build_schema())
    ranking = topk.top_matches(searcher, q, 1)
    assert ranking is not None and not ranking.exact
    assert 1 <= ranking.total <= 8  # no more than the articles holding both words


def test_an_estimated_total_reads_about_in_the_app_caption() -> None:
    search = Listing(kind="search", query="impôts")
    assert describe(search, 20, 9600, exact=False) == "Search “impôts” · 20 of about 9600 hits"
    assert describe(search, 20, 959) == "Search “impôts” · 20 of 959 hits"
    result = SearchResult(query="x", total=9600, hits=(), total_exact=False)
    assert result.total_label == "about 9600"
    assert SearchResult(query="x", total=959, hits=()).total_label == "959"


def test_an_estimated_total_reads_about_on_the_command_line(
    app_index: Path, sample_corpus: Path, few_checks: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert Library(sample_corpus, app_index).search(PHRASE, 1).total_exact is False
    options = ["--corpus", str(sample_corpus), "--index", str(app_index), "--limit", "1"]
    assert cli.main(["search", PHRASE, *options]) == 0
    assert "about " in capsys.readouterr().out.splitlines()[0]
    assert cli.main(["search", PHRASE, *options, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total_exact"] is False
    assert cli.main(["search", "stargate", *options, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total_exact"] is True


def test_a_bound_shared_by_two_articles_copies_keeps_only_the_phrase_s() -> None:
    """Two articles with the same words and lengths share every bound; their copies too.
    Only the one holding the phrase comes back, with each of its copies."""
    from whoosh.filedb.filestore import RamStorage

    from index.schema import body_field

    texts = ["data centres open today", "centres data open today"] * 2  # A B A B
    ix = RamStorage().create_index(build_schema())
    with ix.writer() as writer:
        for n, text in enumerate(texts):
            writer.add_document(id=str(n), title="news", lang="en",
                                **{body_field("en"): text})
    with ix.searcher() as opened:
        q, every = _every_match(opened, PHRASE)
        ranking = topk.top_matches(opened, q, 3, ties=True,
                                   same=lambda a, b: texts[a] == texts[b])
        assert ranking is not None
        assert [docnum for docnum, _ in ranking.best] == [0, 2]
        assert ranking.best == sorted(every.items())
        assert ranking.total == 2
