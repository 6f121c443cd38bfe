"""Search ranks as Whoosh would, reads only what it needs, and still shows where words are."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from store_corpus import write_corpus
from whoosh import index as whoosh_index
from whoosh.searching import Searcher

from index.library import Library
from index.schema import build_schema
from index.scoring import ranked, scored_matches
from index.search import parse
from index.store import INDEX_NAME

pytest_plugins = ["store_helpers"]

WORD_QUERIES = [
    "stargate",
    "musk altman",
    "openai OR nvidia",
    "stargate NOT musk",
    "stargate -musk",
    '"data centres"',
    '"intelligence artificielle"',
    "musk^3 stargate",
    "title:stargate",
    "lang:fr openai",
]


@pytest.fixture
def searcher(sample_index: Path) -> Iterator[Searcher]:
    with whoosh_index.open_dir(str(sample_index), indexname=INDEX_NAME).searcher() as opened:
        yield opened


@pytest.mark.parametrize("text", WORD_QUERIES)
def test_word_queries_rank_as_whoosh_does(searcher: Searcher, text: str) -> None:
    q, error = parse(text, build_schema())
    assert q is not None and error is None
    matches = scored_matches(searcher, q)
    assert matches is not None, "a word query should not need Whoosh's matchers"
    ours = ranked(matches, len(matches) + 1)
    whoosh = [(hit.docnum, hit.score) for hit in searcher.search(q, limit=None)]
    assert [docnum for docnum, _ in ours] == [docnum for docnum, _ in whoosh]
    assert [score for _, score in ours] == pytest.approx([score for _, score in whoosh],
                                                         rel=1e-12)


def test_limit_keeps_the_best_and_breaks_ties_by_index_order(searcher: Searcher) -> None:
    q, _ = parse("stargate", build_schema())
    assert q is not None
    matches = scored_matches(searcher, q)
    assert matches is not None
    tied = dict.fromkeys(matches, 1.0)
    assert ranked(tied, 3) == [(docnum, 1.0) for docnum in sorted(tied)[:3]]
    assert ranked(matches, 2) == ranked(matches, len(matches))[:2]


def test_removed_article_is_neither_a_hit_nor_counted(library: Library, corpus: Path) -> None:
    assert library.search("stargate").total == 2
    (corpus / "tech" / "stargate.en.md").unlink()
    library.scan()  # the index keeps the document, marked deleted, until segments merge
    result = library.search("stargate")
    assert result.total == 1
    assert [hit.summary.path for hit in result.hits] == ["tech/stargate.fr.md"]
    assert library.search('"stargate" openai').total <= 1


def test_word_deep_in_a_long_article_is_shown_highlighted(tmp_path: Path) -> None:
    filler = "The committee met again and the minutes were read aloud to everyone. " * 400
    corpus = write_corpus(tmp_path / "articles", {
        "long.en.txt": "A long report\n\n" + filler + "Then a zeppelin flew over the hall. "
        + filler,
    })
    library = Library(corpus, tmp_path / "index")
    library.scan()
    (hit,) = library.search("zeppelin").hits
    assert hit.highlights
    assert {hit.snippet[start:end].lower() for start, end in hit.highlights} == {"zeppelin"}
    assert len(hit.snippet) < 600
    (phrase_hit,) = library.search('"zeppelin flew"').hits
    marked = {phrase_hit.snippet[start:end].lower() for start, end in phrase_hit.highlights}
    assert marked == {"zeppelin", "flew"}
