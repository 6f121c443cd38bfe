"""Postings read in bulk give exactly what Whoosh's own decoding gives: the ids and weights
of chosen blocks as arrays, a few postings' positions cut from a block, and the check that
a phrase's words follow each other."""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from whoosh import index as whoosh_index
from whoosh.query.spans import Span, SpanNear2
from whoosh.searching import Searcher

from index.block_skim import (
    Header,
    _parts,
    _values_at,
    block_arrays,
    block_postings,
    some_values,
)
from index.schema import build_schema
from index.scoring import Blocks, _follow
from index.store import INDEX_NAME

WORDS = ["zeppelin", "flew", "over", "the", "hall", "while", "minutes", "were", "read",
         "aloud", "to", "everyone"]


@pytest.fixture(scope="module")
def term_blocks(tmp_path_factory: pytest.TempPathFactory
                ) -> Iterator[list[tuple[bytes, list[Header], int | None]]]:
    """(postings, headers, the format's fixed value size) of the terms of 700 short
    documents (in the schema's body, title and word-count fields): blocks of 128 postings,
    gaps large and small."""
    folder = tmp_path_factory.mktemp("blocks")
    ix = whoosh_index.create_in(str(folder), build_schema(), indexname=INDEX_NAME)
    writer = ix.writer()
    for n in range(700):
        words = [WORDS[(n * 7 + k * k) % len(WORDS)] for k in range(3 + n % 17)]
        if n in (0, 1, 2, 300, 301, 302, 650, 651):
            words.append("zanzibar")  # rare: some of its gaps do not fit a byte
        text = " ".join(words)
        writer.add_document(title=text[:20], body_en=text, text=text)
    writer.commit()
    with ix.searcher() as opened:
        yield list(_several_blocks(opened))


def _several_blocks(searcher: Searcher) -> Iterator[tuple[bytes, list[Header], int | None]]:
    for leaf, _ in searcher.reader().leaf_readers():
        for fieldname in ("body_en", "title", "text"):
            fixed = leaf.schema[fieldname].format.fixed_value_size()
            for btext in leaf.lexicon(fieldname):
                blocks = Blocks.of(leaf, fieldname, btext)
                if blocks is not None and (len(blocks.lasts) > 1 or btext == b"zanzibar"):
                    yield blocks._postings, [blocks.header(n) for n in
                                             range(len(blocks.lasts))], fixed


def _whole(postings: bytes, header: Header) -> tuple[list[int], list[float], list[bytes]]:
    data = postings[header.data]
    deltas, weights, values = pickle.loads(zlib.decompress(data) if header.compressed else data)
    ids, total = [], 0
    for delta in deltas:
        total += delta
        ids.append(total)
    ids_, weights_, _ = block_postings(data, header.count, header.compressed, None)
    assert ids_ == ids
    return ids, list(weights_), list(values)


def test_some_blocks_read_as_arrays_are_whooshs(term_blocks: list) -> None:
    assert len(term_blocks) >= 3
    for postings, headers, _ in term_blocks:
        for chosen in (headers, headers[1::2], headers[-1:]):
            ids, weights = block_arrays([(postings[h.data], h.count, h.compressed, h.last)
                                         for h in chosen])
            expected = [_whole(postings, h) for h in chosen]
            for h in chosen:  # read from the pickle's bytes, not unpickled
                if h.count > 3:
                    head = zlib.decompress(postings[h.data]) if h.compressed else postings[h.data]
                    _parts(head, h.count)
            assert ids.tolist() == [docnum for block in expected for docnum in block[0]]
            assert weights.tolist() == [weight for block in expected for weight in block[1]]


def test_a_few_positions_cut_from_a_block_are_whooshs(term_blocks: list) -> None:
    checked = 0
    for postings, headers, fixed in term_blocks:
        if fixed is not None and fixed >= 0:
            continue
        for header in headers:
            values = _whole(postings, header)[2]
            data = postings[header.data]
            whole = zlib.decompress(data) if header.compressed else data
            for wanted in ([0], [header.count - 1], list(range(0, header.count, 3))):
                expected = [values[i] for i in wanted]
                assert some_values(data, header.count, header.compressed, wanted) == expected
                if header.count > 3:  # the values cut out, not unpickled
                    assert _values_at(whole, header.count, wanted) == expected
                    checked += 1
    assert checked >= 6


def _whoosh_follows(positions: list[list[int]], slop: int) -> bool:
    spans = [[Span(pos) for pos in sorted(found)] for found in positions]
    matchers = [SimpleNamespace(spans=lambda found=found: found) for found in spans]
    check = SimpleNamespace(slop=slop, mindist=1, ordered=True, ms=matchers)
    return bool(SpanNear2.SpanNear2Matcher._get_spans(check))


@given(
    st.lists(st.lists(st.integers(0, 12), min_size=1, max_size=6, unique=True),
             min_size=1, max_size=4),
    st.integers(1, 3),
)
def test_phrase_check_agrees_with_whooshs_span_check(positions: list[list[int]],
                                                     slop: int) -> None:
    positions = [sorted(found) for found in positions]
    assert _follow(positions, slop) == _whoosh_follows(positions, slop)


def test_phrase_check_needs_the_words_in_order() -> None:
    assert _follow([[3], [4]], 1)
    assert not _follow([[4], [3]], 1)
    assert not _follow([[3], [5]], 1)
    assert _follow([[3], [5]], 2)
