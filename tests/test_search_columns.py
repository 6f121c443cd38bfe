"""The article text read straight from the column file is the text Whoosh's reader gives."""

from __future__ import annotations

from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import RamStorage

from index.column_values import column_bytes
from index.schema import build_schema
from index.store import INDEX_NAME, column_reader


def test_every_article_s_text_is_whooshs(sample_index: Path) -> None:
    with whoosh_index.open_dir(str(sample_index), indexname=INDEX_NAME).searcher() as opened:
        fast = column_bytes(opened, "content")
        assert fast._parts is not None  # read directly, not through Whoosh's reader
        whooshs = column_reader(opened, "content")
        texts = [fast[docnum] for docnum in range(opened.doc_count_all())]
        assert texts == [whooshs[docnum] for docnum in range(opened.doc_count_all())]
        assert any(texts) and all(isinstance(text, bytes) for text in texts)


def test_an_index_in_memory_reads_the_same_text() -> None:
    ix = RamStorage().create_index(build_schema())
    with ix.writer() as writer:
        writer.add_document(id="1", title="a", content="Grève à la SNCF".encode())
        writer.add_document(id="2", title="b")
    with ix.searcher() as opened:
        fast = column_bytes(opened, "content")
        assert [fast[0], fast[1]] == [column_reader(opened, "content")[n] for n in (0, 1)]
        assert fast[0].decode("utf-8") == "Grève à la SNCF"
