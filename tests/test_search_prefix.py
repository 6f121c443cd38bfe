"""Prefix and fuzzy words are expanded to the words Whoosh would give, read faster."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import RamStorage

from index.library import Library
from index.prefix_terms import expand_prefix
from index.schema import body_field, build_schema
from index.store import INDEX_NAME


@pytest.mark.parametrize("field", ["text", "title", body_field("en"), body_field("fr")])
@pytest.mark.parametrize("prefix", ["", "a", "data", "stargat", "zzz", "é"])
def test_a_prefix_expands_to_whooshs_words(sample_index: Path, field: str, prefix: str
                                           ) -> None:
    with whoosh_index.open_dir(str(sample_index), indexname=INDEX_NAME).searcher() as opened:
        reader = opened.reader()
        assert expand_prefix(reader, field, prefix) == sorted(
            set(reader.expand_prefix(field, prefix)))


def test_an_index_in_memory_expands_through_whoosh() -> None:
    ix = RamStorage().create_index(build_schema())
    with ix.writer() as writer:
        writer.add_document(id="1", title="dividends paid", lang="en")
        writer.add_document(id="2", title="dividend cut", lang="en")
    with ix.searcher() as opened:
        assert expand_prefix(opened.reader(), "title", "divid") == [b"dividend", b"dividends"]
        assert expand_prefix(opened.reader(), "no such field", "divid") == []


def test_a_prefix_query_finds_every_word_it_stands_for(sample_library: Library) -> None:
    whole = {hit.summary.id for hit in sample_library.search("stargate", 50).hits}
    assert whole
    assert whole <= {hit.summary.id for hit in sample_library.search("stargat*", 50).hits}
