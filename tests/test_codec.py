"""Short posting lists kept in the term dictionary answer exactly as Whoosh's own codec does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from whoosh import index
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import FileStorage
from whoosh.qparser import QueryParser
from whoosh.writing import SegmentWriter

from index.codec import InliningCodec

TEXTS = [
    "The grain board raised wheat export quotas for the season",
    "Coffee prices fell as Brazil harvested a record crop",
    *(f"Markets report number {n}: wheat and coffee prices moved again" for n in range(12)),
]
QUERIES = [
    "wheat",  # in most documents: a postings block
    "brazil",  # in one: kept in the term entry
    '"grain board"',
    '"coffee prices"',
    "coffee prices brazil",
    "harvest*",
    "record OR quotas",
]


def answers(folder: Path, codec: W3Codec) -> list[list[tuple[str, float, list[int]]]]:
    schema = Schema(id=ID(stored=True), body=TEXT(chars=True))
    ix = index.create_in(str(folder), schema)
    writer = SegmentWriter(ix, codec=codec)
    for n, text in enumerate(TEXTS):
        writer.add_document(id=str(n), body=text)
    writer.commit()
    found = []
    with ix.searcher() as searcher:
        parser = QueryParser("body", schema)
        for text in QUERIES:
            hits = searcher.search(parser.parse(text), limit=None, terms=True)
            found.append([
                (hit["id"], round(hit.score, 9), sorted(hit.matched_terms()))  # type: ignore[misc]
                for hit in hits
            ])
        matcher = searcher.postings("body", "brazil")
        found.append([("chars", 0.0, list(matcher.value_as("characters")[0]))])
    return found


def test_inlined_postings_give_the_same_hits_scores_and_positions(tmp_path: Path) -> None:
    (tmp_path / "stock").mkdir()
    (tmp_path / "inline").mkdir()
    stock = answers(tmp_path / "stock", W3Codec())
    inline = answers(tmp_path / "inline", InliningCodec())
    assert inline == stock
    assert any(len(hits) == 1 for hits in stock)  # some terms were short enough to inline


def test_short_postings_are_inlined_and_read_back(tmp_path: Path) -> None:
    answers(tmp_path, InliningCodec())
    ix = index.open_dir(str(tmp_path))
    with ix.reader() as reader:
        assert reader.term_info("body", "brazil").is_inlined()
        assert not reader.term_info("body", "wheat").is_inlined()


def test_segments_with_inlined_postings_and_deletions_merge(tmp_path: Path) -> None:
    """A merge of a segment with deleted documents re-reads every posting through the
    matcher (a killed scan followed by a rescan does this): a term with no stored values,
    as an ID field has, must give the writer no value, as the stock block matcher does."""
    schema = Schema(id=ID(stored=True, unique=True), tag=ID, body=TEXT(chars=True))
    ix = index.create_in(str(tmp_path), schema)
    for batch in range(3):
        writer = SegmentWriter(ix, codec=InliningCodec())
        for n in range(5):
            writer.add_document(id=f"{batch}-{n}", tag=f"t{n}", body=TEXTS[n % len(TEXTS)])
        writer.commit(merge=False)
    writer = SegmentWriter(ix, codec=InliningCodec())
    writer.delete_by_term("id", "0-1")
    writer.update_document(id="1-2", tag="t9", body="A new body about wheat")
    writer.commit(optimize=True)
    with ix.searcher() as searcher:
        assert len(ix._segments()) == 1
        assert searcher.doc_count() == 14
        assert searcher.document(id="1-2") == {"id": "1-2"}
        found = sorted(hit["id"] for hit in searcher.search(QueryParser("tag", schema).parse("t1")))
        assert found == ["1-1", "2-1"]


class _StockFieldsCodec(InliningCodec):
    """The inlining codec with Whoosh's own field writer (one object call per posting)."""

    def field_writer(self, storage: Any, segment: Any) -> Any:
        return W3FieldWriter(self, storage, segment)


def segment_files(folder: Path, codec: W3Codec) -> dict[str, bytes]:
    """The bytes of each file of one segment, by its name after the segment's (which is
    random): "trm", "pst", "_stored.col", "_body_len.col"... (keyed by the extension alone,
    the three column files overwrote one another in an order set by that random name)."""
    schema = Schema(id=ID(stored=True), tag=ID, body=TEXT(chars=True), plain=TEXT(phrase=False))
    storage = FileStorage(str(folder))
    ix = index.create_in(str(folder), schema)
    writer = SegmentWriter(ix, codec=codec)
    for n in range(60):  # "wheat" and the "t" tags in many documents, most words in one
        text = TEXTS[n % len(TEXTS)] + f" item{n} weight{n % 9}" * (1 + n % 3)
        writer.add_document(id=str(n), tag=f"t{n % 4}", body=text, plain=text)
    writer.commit(merge=False)
    files = {}
    for name in storage.list():
        if name.startswith("MAIN_") and name.endswith(".seg"):
            compound = CompoundStorage(storage.open_file(name), use_mmap=False)
            files.update({part.partition(".")[2]: compound.open_file(part).read()
                          for part in compound.list()})
    return files


def test_the_fast_term_writer_writes_the_stock_writers_bytes(tmp_path: Path) -> None:
    (tmp_path / "stock").mkdir()
    (tmp_path / "fast").mkdir()
    stock = segment_files(tmp_path / "stock", _StockFieldsCodec())
    fast = segment_files(tmp_path / "fast", InliningCodec())
    assert {"trm", "pst"} <= set(stock)
    assert fast == stock
