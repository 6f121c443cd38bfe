"""The counts files (index/term_counts.py) that related articles read instead of Whoosh's
blocks: every word must give exactly the document frequency and postings read from the
segment before (index/segment_terms.py, itself checked against Whoosh), or the related
articles would silently change; and a file that does not belong to its segment must be
ignored, not believed."""

from __future__ import annotations

import random
import shutil
import time
from pathlib import Path

import numpy as np
import pytest
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import SegmentWriter

from index import term_counts
from index.codec import InliningCodec
from index.library import Library
from index.models import Related
from index.segment_terms import SegmentTerms
from index.term_counts import counts_path, field_counts, term_hash, write_for

WORDS = [f"w{n}" for n in range(40)]


def _text(rng: random.Random, number: int) -> str:
    words = ["every"] * rng.randint(1, 3)  # in every document: many blocks
    if number < 8 or number in (300, 600):
        words.append("sparse")  # gaps over 255 between postings
    if number in (3, 4, 5):
        words.append("rare")  # kept inside the term dictionary
    if number == 10:
        words += ["flood"] * 300  # a count over a byte: left to Whoosh
    if number == 11:
        words.append("flood")
    words += rng.choices(WORDS, k=rng.randint(0, 12))
    return " ".join(words)


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("counts")
    analyzer = SpaceSeparatedTokenizer()
    schema = Schema(id=ID(stored=True, unique=True),
                    body_en=TEXT(analyzer=analyzer, chars=True),
                    body_fr=TEXT(analyzer=analyzer))
    storage = FileStorage(str(folder))
    storage.supports_mmap = False  # as the library opens it
    ix = storage.create_index(schema)
    rng = random.Random(3)
    for start in (0, 700):  # two segments
        writer = SegmentWriter(ix, codec=InliningCodec())
        for number in range(start, start + 700):
            field = "body_fr" if number % 9 == 0 else "body_en"
            writer.add_document(id=str(number), **{field: _text(rng, number)})
        writer.commit(merge=False)
    writer = SegmentWriter(ix, codec=InliningCodec())
    writer.delete_by_term("id", "14")  # deleted documents stay in the postings
    writer.commit(merge=False)
    with ix.searcher() as searcher:
        for leaf, _ in searcher.reader().leaf_readers():
            assert write_for(leaf, folder) is not None
    return folder


def test_every_word_reads_as_from_the_segment(index_dir: Path) -> None:
    storage = FileStorage(str(index_dir))
    storage.supports_mmap = False
    with storage.open_index().searcher() as searcher:
        leaves = [leaf for leaf, _ in searcher.reader().leaf_readers()]
        assert len(leaves) == 2
        for leaf in leaves:
            for field in ("body_en", "body_fr"):
                counts = field_counts(leaf, field)
                assert counts is not None
                words = [word for word in leaf.lexicon(field)]
                assert counts.hashes.size == len(words)
                places = counts.find(np.array([term_hash(w.decode()) for w in words],
                                              dtype=np.uint64))
                assert (places >= 0).all()
                for word, place in zip(words, places.tolist(), strict=True):
                    info = leaf.term_info(field, word)
                    ids, weights = SegmentTerms(leaf, field).postings(info, word.decode())
                    assert counts.frequencies[place] == info.doc_frequency() == ids.size
                    found = counts.postings(place)
                    if weights.max() > 255:  # left to Whoosh, with its frequency
                        assert found is None
                        continue
                    assert found is not None
                    assert found[0].tolist() == ids.tolist()
                    assert found[1].tolist() == weights.tolist()
                absent = counts.find(np.array([term_hash("nowhere")], dtype=np.uint64))
                assert absent.tolist() == [-1]


def test_each_document_lists_its_words_with_their_counts(index_dir: Path) -> None:
    storage = FileStorage(str(index_dir))
    storage.supports_mmap = False
    seen: list[dict[str, int]] = []
    with storage.open_index().searcher() as searcher:
        for leaf, _ in searcher.reader().leaf_readers():
            for field in ("body_en", "body_fr"):
                expected: dict[int, dict[str, int]] = {}
                for word in leaf.lexicon(field):
                    info = leaf.term_info(field, word)
                    ids, weights = SegmentTerms(leaf, field).postings(info, word.decode())
                    for docnum, weight in zip(ids.tolist(), weights.tolist(), strict=True):
                        expected.setdefault(docnum, {})[word.decode()] = int(weight)
                counts = field_counts(leaf, field)
                assert counts is not None
                found = {docnum: counts.words(docnum) for docnum in range(leaf.doc_count_all())}
                assert {docnum: words for docnum, words in found.items() if words} == expected
                seen.extend(words for words in found.values() if words)
    assert any(words.get("flood") == 300 for words in seen)  # a count over a byte too


def test_a_file_of_another_segment_is_ignored(index_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    with FileStorage(str(copy)).open_index().searcher() as searcher:
        first, second = [leaf for leaf, _ in searcher.reader().leaf_readers()]
        stranger = counts_path(copy, second.segment().segment_id())
        shutil.copy(stranger, counts_path(copy, first.segment().segment_id()))
        term_counts._OPENED.clear()
        assert field_counts(first, "body_en") is None  # read from Whoosh instead
        counts_path(copy, second.segment().segment_id()).write_bytes(b"RBCOUNT1")  # cut short
        term_counts._OPENED.clear()
        assert field_counts(second, "body_en") is None


def test_a_merge_drops_the_files_of_the_merged_segments(index_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    ix = FileStorage(str(copy)).open_index()
    before = sorted(path.name for path in copy.glob("*.counts"))
    assert len(before) == 2
    writer = ix.writer()
    writer.commit(optimize=True)
    assert sorted(path.name for path in copy.glob("*.counts")) == []


def _shown(found: list[Related]) -> list[tuple[str, float, tuple[str, ...]]]:
    return [(r.summary.id, r.score, r.reasons) for r in found]


def test_related_articles_are_the_same_without_the_files(
    sample_corpus: Path, app_index: Path
) -> None:
    assert not list(app_index.glob("*.counts")), "a scan of a few articles writes none"
    term_counts.after_scan(app_index, term_counts.AFTER_SCAN - 1)
    assert not list(app_index.glob("*.counts"))
    term_counts.after_scan(app_index, term_counts.AFTER_SCAN)
    assert list(app_index.glob("*.counts"))
    library = Library(sample_corpus, app_index)
    ids = [summary.id for summary in library.articles()]
    with_files = {article: _shown(library.related(article)) for article in ids}
    library.close()
    for path in app_index.glob("*.counts"):
        path.unlink()
    term_counts._OPENED.clear()
    without = Library(sample_corpus, app_index)
    assert {article: _shown(without.related(article)) for article in ids} == with_files
    without.close()


def test_an_index_written_before_them_gains_them_in_the_background(
    index_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    for path in copy.glob("*.counts"):
        path.unlink()
    monkeypatch.setattr(term_counts, "BACKGROUND_DOCUMENTS", 1)
    storage = FileStorage(str(copy))
    storage.supports_mmap = False
    with storage.open_index().searcher() as searcher:
        assert term_counts.write_later(searcher)
        assert not term_counts.write_later(searcher)  # once per index and process
        deadline = time.monotonic() + 60
        while len(list(copy.glob("*.counts"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        term_counts._OPENED.clear()
        for leaf, _ in searcher.reader().leaf_readers():
            assert field_counts(leaf, "body_en") is not None
