"""A document analysed in a pool worker (`prepare_document`) is written exactly as Whoosh's own
`add_document` writes it: the same terms, postings, stored fields and columns."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest
from store_corpus import write_corpus

from index.scan import read_and_analyse, walk
from index.store import Store, document_fields, prepare_document


def everything(folder: Path) -> dict[str, Any]:
    """Every term's postings, every stored field and column of an index folder."""
    ix = Store(folder, folder).open_for_writing()
    found: dict[str, Any] = {}
    with ix.reader() as reader:
        for fieldname, term in reader.all_terms():
            postings = reader.postings(fieldname, term)
            rows = []
            while postings.is_active():
                rows.append((postings.id(), postings.weight(), postings.value()))
                postings.next()
            found[f"{fieldname}:{term!r}"] = rows
        found["stored"] = list(reader.iter_docs())
        for column in ("payload", "content", "date"):
            found[column] = list(reader.column_reader(column, translate=False))
        for fieldname in ("text", "body_en", "body_fr", "title", "keyword"):
            found[f"length {fieldname}"] = [
                reader.doc_field_length(n, fieldname) for n in range(reader.doc_count_all())
            ]
    return found


@pytest.mark.parametrize("pool_bytes", [None, 3000], ids=["in memory", "spilled runs"])
def test_prepared_documents_write_what_add_document_writes(
    tmp_path: Path, pool_bytes: int | None
) -> None:
    """Also when the writer's postings pool spills sorted runs to disk every few documents
    (as a large batch does), its runs then cut at other places than `add_document`'s."""
    corpus = write_corpus(tmp_path / "articles")
    outcomes = [read_and_analyse(str(path), str(corpus), {}) for _, path in walk(corpus)]
    whole, prepared = Store(tmp_path / "whole", corpus), Store(tmp_path / "prepared", corpus)
    for store in (whole, prepared):
        ix = store.create()
        writer = store.writer(ix)
        if pool_bytes is not None:
            writer.pool.limit = pool_bytes
        for outcome in outcomes:
            for document in outcome.documents:
                if store is whole:
                    writer.add_document(**document_fields(document, outcome.state))
                else:  # as it comes back from a pool worker
                    sent = pickle.dumps(prepare_document(document, outcome.state))
                    writer.add_prepared(pickle.loads(sent))
        store.commit(writer)
    expected = everything(whole.dir)
    assert len(expected) > 100
    assert everything(prepared.dir) == expected


def test_the_pool_gives_back_its_postings_sorted_from_chunked_runs(tmp_path: Path) -> None:
    """Spilled runs, merged a few at a time when there are more than it may open at once."""
    from whoosh.filedb.filestore import FileStorage

    from index.store import _ChunkedRunPool

    storage = FileStorage(str(tmp_path)).create()
    pool = _ChunkedRunPool(storage, None, limitmb=1)
    pool.limit = 20_000
    postings = [
        ("body_en", f"word{n % 97}".encode(), n, 1.0 + n % 3, bytes([n % 7]) * (n % 3))
        for n in range(3_000)
    ]
    for posting in postings:
        pool.add(posting)
    assert len(pool.runs) > 4
    assert list(pool.items(maxfiles=3)) == sorted(postings)
    assert not list(tmp_path.glob("*.run"))
