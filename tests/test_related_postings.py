"""Related articles read term statistics and postings straight from the segment files
(index/segment_terms.py): they must be exactly what Whoosh itself reads, or the related
articles would silently change."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.matching.wrappers import FilterMatcher
from whoosh.writing import SegmentWriter

from index.codec import InliningCodec
from index.segment_terms import SegmentTerms, decode

WORDS = [f"w{n}" for n in range(40)]


def _text(rng: random.Random, number: int) -> str:
    words = ["every"] * rng.randint(1, 3)  # in all documents, tf varying: many blocks
    if number % 7 == 0:
        words += ["weekly"] * 2  # the same tf in every document
    if number % 5 == 0:
        words.append("once")  # tf 1 in every document
    if number < 8 or number in (300, 600):
        words.append("sparse")  # gaps over 255 between postings
    if number in (3, 4, 5):
        words.append("rare")  # few postings: kept in the term dictionary
    words += rng.choices(WORDS, k=rng.randint(0, 12))
    return " ".join(words)


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("postings")
    schema = Schema(id=ID(stored=True, unique=True),
                    body=TEXT(analyzer=SpaceSeparatedTokenizer(), chars=True))
    ix = FileStorage(str(folder)).create_index(schema)
    rng = random.Random(7)
    for start in (0, 700):  # two segments
        writer = SegmentWriter(ix, codec=InliningCodec())
        for number in range(start, start + 700):
            writer.add_document(id=str(number), body=_text(rng, number))
        writer.commit(merge=False)
    writer = SegmentWriter(ix, codec=InliningCodec())
    writer.delete_by_term("id", "14")  # deleted documents stay in the postings
    writer.commit(merge=False)
    return folder


def _whoosh(leaf: object, term: str) -> tuple[list[int], list[float]]:
    matcher = leaf.postings("body", term)  # type: ignore[attr-defined]
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return ids, weights


@pytest.mark.parametrize("mmap", [False, True])
def test_every_term_reads_as_whoosh_reads_it(index_dir: Path, mmap: bool) -> None:
    storage = FileStorage(str(index_dir))
    storage.supports_mmap = mmap  # as the library opens it (False), and Whoosh's default
    with storage.open_index().searcher() as searcher:
        leaves = [leaf for leaf, _ in searcher.reader().leaf_readers()]
        assert len(leaves) == 2
        for leaf in leaves:
            terms = SegmentTerms(leaf, "body")
            assert terms._fast is not mmap  # the file read through os.pread, else Whoosh
            for raw in leaf.lexicon("body"):
                term = raw.decode("utf-8")
                info = terms.info(term)
                assert info is not None
                assert info.doc_frequency() == leaf.doc_frequency("body", term)
                ids, weights = terms.postings(info, term)
                expected_ids, expected_weights = _whoosh(leaf, term)
                assert ids.tolist() == expected_ids, term
                assert np.array_equal(weights, np.array(expected_weights, dtype=np.float64))
            assert terms.info("absent") is None


def test_many_terms_and_segments_decode_at_once_as_each_alone(index_dir: Path) -> None:
    """`related` decodes a whole query's postings in one pass: the ids come out shifted
    by each segment's base, in the order asked, exactly as term by term."""
    storage = FileStorage(str(index_dir))
    storage.supports_mmap = False  # as the library opens it
    with storage.open_index().searcher() as searcher:
        runs, expected_ids, expected_weights = [], [], []
        for leaf, base in searcher.reader().leaf_readers():
            terms = SegmentTerms(leaf, "body")
            for term in ("every", "weekly", "once", "w3", "w17"):
                info = terms.info(term)
                assert info is not None
                blocks = terms.blocks(info, term)
                assert blocks is not None, term  # enough postings to be in blocks
                runs.append((base, blocks))
                ids, weights = terms.postings(info, term)
                expected_ids.append(ids + base)
                expected_weights.append(weights)
        found = decode(runs)
        assert found is not None
        assert found[0].tolist() == np.concatenate(expected_ids).tolist()
        assert np.array_equal(found[1], np.concatenate(expected_weights))


def test_a_segment_without_the_field_has_none_of_its_terms(tmp_path: Path) -> None:
    schema = Schema(id=ID(stored=True, unique=True),
                    body=TEXT(analyzer=SpaceSeparatedTokenizer()),
                    other=TEXT(analyzer=SpaceSeparatedTokenizer()))
    storage = FileStorage(str(tmp_path))
    ix = storage.create_index(schema)
    for number, fields in enumerate(({"body": "shared words"},
                                     {"body": "shared", "other": "words"})):
        writer = SegmentWriter(ix, codec=InliningCodec())
        writer.add_document(id=str(number), **fields)
        writer.commit(merge=False)
    storage.supports_mmap = False
    with storage.open_index().searcher() as searcher:
        (first, _), (second, _) = searcher.reader().leaf_readers()
        assert SegmentTerms(first, "other").info("words") is None
        info = SegmentTerms(second, "other").info("words")
        assert info is not None and info.doc_frequency() == 1
        assert SegmentTerms(first, "body").info("words") is not None
