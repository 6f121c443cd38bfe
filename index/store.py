"""The Whoosh index on disk: opening, creating, rebuilding, locking, and writing documents.

Beside Whoosh's files sits `rubrique.json` (schema version, corpus path): an index written
with another schema, for another corpus, or that cannot be opened is rebuilt, never patched.
Only files this module knows (Whoosh's MAIN* files and our own) are ever deleted, so pointing
`--index` at a folder that holds other things does not lose them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import json
import os
import pickle
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, Index, LockError
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length
from whoosh.writing import IndexWriter, PostingPool, SegmentWriter

from index.codec import InliningCodec
from index.field_terms import index_terms
from index.keyword_topics import candidate_keys, keyword_key
from index.lock import IndexBusy as IndexBusy
from index.lock import IndexUnwritable as IndexUnwritable
from index.lock import (
    ScanLock,
    forget_held,
    remember_held,
    scan_lock,
    unwritable_message,
)
from index.models import Document
from index.payload import dump_document, load_document
from index.schema import (
    CANDIDATE_FIELD,
    ENTITY_FIELDS,
    LANGUAGES,
    OTHER_BODY,
    SCHEMA_VERSION,
    body_field,
    build_schema,
    fold,
    key_field,
    title_field,
)
from index.segment_merge import merge_small_segments

SNIPPET_CHARS = 220

META_FILE = "rubrique.json"
SKIPPED_FILE = "skipped.json"
INDEX_NAME = "MAIN"
SCAN_LOCK = "RUBRIQUE_SCAN"
POSTINGS_POOL_MB = 128
"""Whoosh's estimate of the postings a writer holds in memory before sorting them into a
run file (its default; about twice that in real Python objects). 32 kept a 10,000-article
build's peak PSS at 713 MB but cost more CPU (38.4 ms per article against 32.5 with 128, at
728 MB; `bench.build_stages build`, loads 3-5 and 2-3)."""


@dataclass(frozen=True)
class FileState:
    """What a scan remembers of one article file, to tell whether it changed."""

    size: int
    mtime_ns: int
    sha256: str


def body_text(document: Document) -> str:
    """What the per-language body field holds (and what its snippets are cut from)."""
    article = document.article
    parts = [*article.kickers, article.lede, article.body]
    return "\n\n".join(part for part in parts if part)


def content_field(language: str) -> str:
    """The body field an article of this language is indexed (and highlighted) in."""
    return body_field(language) if language in LANGUAGES else OTHER_BODY


def plain_snippet(text: str) -> str:
    """The start of a text, whitespace collapsed, cut at a word within SNIPPET_CHARS."""
    flat = " ".join(text.split())
    if len(flat) <= SNIPPET_CHARS:
        return flat
    cut = flat.rfind(" ", 0, SNIPPET_CHARS)
    return flat[: cut if cut > 0 else SNIPPET_CHARS] + " …"


def document_topics(document: Document) -> tuple[tuple[str, str, str], ...]:
    """(kind, key, label) of every tag, entity and keyword of one article, without repeats;
    keys as the keyword fields index them."""
    seen: set[tuple[str, str]] = set()
    found: list[tuple[str, str, str]] = []

    def add(kind: str, value: str, label: str) -> None:
        key = fold(value).replace(",", " ")
        if key and (kind, key) not in seen:
            seen.add((kind, key))
            found.append((kind, key, label))

    for tag in document.article.tags:
        add("tag", tag, tag)
    for entity in document.analysis.entities:
        add(entity.kind, entity.key, entity.text)
    candidates = document.analysis.candidates
    for keyword in document.analysis.keywords:
        # Keyed by its candidate key, as the library-ranked keywords are (`keyword_topics`).
        add("keyword", keyword_key(candidates, keyword), keyword)
    return tuple(found)


def document_fields(document: Document, state: FileState) -> dict[str, Any]:
    """The Whoosh fields of one document."""
    article, analysis = document.article, document.analysis
    language = analysis.language
    content = body_text(document)
    topics = document_topics(document)
    fields: dict[str, Any] = {
        "id": article.id,
        "path": article.path,
        "title": article.title,
        "lang": language,
        "text": article.text,
        "topics": topics,
        "blurb": plain_snippet(article.lede or article.body or article.title),
        "payload": dump_document(document).encode("utf-8"),
        "content": content.encode("utf-8"),
        "file_size": state.size,
        "file_mtime": state.mtime_ns,
        "file_hash": state.sha256,
    }
    if article.author:
        fields["author"] = article.author
    if article.date:
        fields["date"] = dt.datetime.combine(article.date, dt.time())
    keys: dict[str, list[str]] = {}
    for kind, key, _ in topics:
        keys.setdefault(kind, []).append(key)
    if "tag" in keys:
        fields["tag"] = ",".join(keys["tag"])
    if "keyword" in keys:
        # The written forms too (keys fold plurals): keyword: finds what the article says.
        written = [fold(keyword).replace(",", " ") for keyword in analysis.keywords]
        fields["keyword"] = ",".join(dict.fromkeys([*keys["keyword"], *written]))
    # Its own keywords among them, so a keyword topic always lists the article it came from.
    candidates = candidate_keys(analysis.candidates, keys.get("keyword", ()))
    if candidates:
        fields[CANDIDATE_FIELD] = candidates
    names: dict[str, list[str]] = {kind: [] for kind in ENTITY_FIELDS}
    for entity in analysis.entities:
        names[entity.kind].append(entity.text)
    for kind, field in ENTITY_FIELDS.items():
        if names[kind]:
            # Mentions too, so person:musk finds an article that only says "Elon Musk".
            fields[field] = " ; ".join(names[kind])
        if kind in keys:
            fields[key_field(kind)] = ",".join(keys[kind])
    if language in LANGUAGES:
        fields[title_field(language)] = article.title
    fields[content_field(language)] = content
    return fields


def column_reader(searcher: Searcher, name: str) -> Any:
    """The searcher's reader of a column (`payload`, `content`), opened once: column readers
    load their offset table when opened, so one is kept per searcher and column."""
    held: dict[str, Any] = searcher.__dict__.setdefault("_rubrique_columns", {})
    reader = held.get(name)
    if reader is None:
        reader = held[name] = searcher.reader().column_reader(name)
    return reader


def column_text(searcher: Searcher, name: str, docnum: int) -> str:
    """One document's value of a text column (`payload`, `content`)."""
    value: bytes = column_reader(searcher, name)[docnum]
    return value.decode("utf-8")


def iter_stored(searcher: Searcher) -> Iterator[tuple[int, dict[str, Any]]]:
    """(docnum, stored fields) of every live document, segment by segment."""
    for leaf, offset in searcher.reader().leaf_readers():
        for docnum, stored in leaf.iter_docs():
            yield docnum + offset, stored


def stored_document(searcher: Searcher, docnum: int) -> Document:
    """The whole document (article and analysis) as indexed."""
    return load_document(column_text(searcher, "payload", docnum))


class _FieldLengths:
    """A field's length in a document, as Whoosh's posting writer asks for it once per
    posting (for the length bounds of each posting block): the stock per-document reader
    finds the column and unpacks one byte on every call, a third of a commit's time; here
    each field's lengths are decoded once. Same answers: `default` without the column,
    None for a zero byte."""

    def __init__(self, per_document: Any) -> None:
        self._per_document = per_document
        self._tables: dict[str, list[int | None] | None] = {}

    def _table(self, fieldname: str) -> list[int | None] | None:
        column = self._per_document._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
        if column is None:
            return None
        return [byte_to_length(b) if b else None for b in column.load()]

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        try:
            table = self._tables[fieldname]
        except KeyError:
            table = self._tables[fieldname] = self._table(fieldname)
        return default if table is None else table[docnum]


@dataclass(frozen=True)
class PreparedDocument:
    """One document with its fields already analysed (`prepare_document`): a pool worker
    does the tokenising and stemming, and the scanning process, the only one Whoosh lets
    write, just files the postings (`Writer.add_prepared`). Analysing every field there
    made that process the bottleneck of a build however many workers read and analysed."""

    id: str
    warnings: tuple[str, ...]
    fields: tuple[tuple[str, Any, int, Any], ...]
    """(field, stored value or None, length for scoring, column value or None), by name."""
    postings: tuple[tuple[str, bytes, float, bytes], ...]
    """(field, term, weight, encoded value) of every term of the document."""
    language: str = ""
    """The article's language as analysed (the scan's folder priors count it)."""
    pool_size: int = 0
    """Whoosh's estimate of the memory its postings take in the writer's pool (what
    `PostingPool.add` adds up, posting by posting, to decide when to spill a sorted run)."""


def _pool_size(postings: list[tuple[str, bytes, float, bytes]]) -> int:
    """`whoosh.writing.PostingPool.add`'s size estimate, summed over a document's postings:
    a tuple of five, a str field name, the term, an int, a float, the value."""
    return sum(
        150 + len(name) + 2 * len(term) + len(value or "") for name, term, _, value in postings
    )


@cache
def _schema() -> Schema:
    schema = build_schema()
    for name, field in schema.items():
        if field.separate_spelling() or field.vector:  # add_prepared writes neither
            raise NotImplementedError(f"prepare_document cannot write field {name!r}")
    return schema


def prepare_document(document: Document, state: FileState) -> PreparedDocument:
    """What `IndexWriter.add_document(**document_fields(...))` would compute, as data."""
    schema = _schema()
    values = document_fields(document, state)
    fields: list[tuple[str, Any, int, Any]] = []
    postings: list[tuple[str, bytes, float, bytes]] = []
    for name in sorted(values):
        value = values[name]
        field = schema[name]
        length = 0
        if field.indexed:
            scorable = field.scorable
            for term, frequency, weight, encoded in index_terms(field, value):
                if scorable:
                    length += frequency
                postings.append((name, term, weight, encoded))
        column = field.to_column_value(value) if field.column_type else None
        fields.append((name, value if field.stored else None, length, column))
    return PreparedDocument(
        id=document.id,
        warnings=document.article.warnings,
        fields=tuple(fields),
        postings=tuple(postings),
        language=document.analysis.language,
        pool_size=_pool_size(postings),
    )


RUN_CHUNK = 4096
"""Postings pickled together in a spilled run of the writer's pool."""


class _ChunkedRunPool(PostingPool):  # type: ignore[misc]
    """Whoosh's postings pool, its sorted runs written and read back as pickled lists of
    RUN_CHUNK postings instead of one `pickle.dump`/`load` call per posting: those calls were
    a fifth of the writing process's CPU once a batch outgrew the pool (5,744 articles, one
    spill: 2.6 million calls). The runs are temporary files of this pool alone; the postings
    come back the same, in the same order."""

    def _write_run(self, f: Any, items: Iterable[Any]) -> None:
        if isinstance(items, list):
            for start in range(0, len(items), RUN_CHUNK):
                pickle.dump(items[start : start + RUN_CHUNK], f, pickle.HIGHEST_PROTOCOL)
        else:  # a merge of runs (`reduce_to`)
            iterator = iter(items)
            while chunk := list(itertools.islice(iterator, RUN_CHUNK)):
                pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
        f.close()

    def _read_run(self, path: str) -> Iterator[Any]:
        f = self._open_run(path)
        try:
            while True:
                try:
                    chunk = pickle.load(f)
                except EOFError:
                    return
                yield from chunk
        finally:
            f.close()
            self._remove_run(path)


class Writer(SegmentWriter):  # type: ignore[misc]
    """Whoosh's segment writer, taking documents analysed elsewhere, and reading field
    lengths once per field at commit, with a pool that spills its runs in chunks."""

    def __init__(self, ix: Index, limitmb: int = 128, **kwargs: Any) -> None:
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = _ChunkedRunPool(self._tempstorage, self.newsegment, limitmb=limitmb)

    def add_prepared(self, document: PreparedDocument) -> None:
        """Add a document `prepare_document` analysed: the same postings, stored values,
        lengths and columns as `add_document` with its fields would write."""
        self._check_state()
        docnum = self.docnum
        schema = self.schema
        per_document = self.perdocwriter
        per_document.start_doc(docnum)
        try:
            for name, stored, length, column in document.fields:
                field = schema[name]
                per_document.add_field(name, field, stored, length)
                if column is not None:
                    per_document.add_column_value(name, field.column_type, column)
        except Exception:
            per_document.cancel_doc()
            raise
        # What `pool.add` does per posting, once per document: the postings are sorted
        # when the pool spills or commits, so where a run ends does not change the segment.
        pool = self.pool
        postings = document.postings
        pool.fieldnames.update({posting[0] for posting in postings})
        pool.current.extend(
            [(name, term, docnum, weight, encoded) for name, term, weight, encoded in postings]
        )
        pool.currentsize += document.pool_size
        if pool.currentsize > pool.limit:
            pool.save()
        per_document.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        per_document = self.per_document_reader() if self.codec.length_stats else None
        lengths = _FieldLengths(per_document) if per_document is not None else None
        self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        self.fieldwriter.close()
        if per_document is not None:
            per_document.close()


class Store:
    """One index folder."""

    def __init__(self, index_dir: Path, corpus: Path) -> None:
        self.dir = index_dir
        self.corpus = corpus
        self.broke_write_lock = False

    # -- state ----------------------------------------------------------------------------
    def _meta(self) -> dict[str, Any] | None:
        try:
            data = json.loads((self.dir / META_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def corpus_on_record(self) -> str | None:
        """The corpus path the index says it describes (None: no readable index here)."""
        meta = self._meta()
        corpus = meta.get("corpus") if meta else None
        return corpus if isinstance(corpus, str) else None

    def exists(self) -> bool:
        return (self.dir / META_FILE).is_file() and whoosh_index.exists_in(
            str(self.dir), INDEX_NAME
        )

    def open_for_reading(self) -> Index | None:
        """The current index, or None when there is none (yet) or it cannot be read."""
        meta = self._meta()
        if meta is None or meta.get("schema_version") != SCHEMA_VERSION:
            return None
        try:
            return _open_dir(self.dir)
        except Exception:  # a damaged index reads as empty until the next scan rebuilds it
            return None

    def why_rebuild(self) -> str | None:
        """Why the existing index cannot be updated in place, or None when it can."""
        meta = self._meta()
        if meta is None:
            if whoosh_index.exists_in(str(self.dir), INDEX_NAME):
                return "the index had no readable rubrique.json"
            return None
        version = meta.get("schema_version")
        if version != SCHEMA_VERSION:
            return f"the index schema changed (version {version} → {SCHEMA_VERSION})"
        if meta.get("corpus") != str(self.corpus):
            return f"the index belonged to another corpus ({meta.get('corpus')})"
        try:
            ix = _open_dir(self.dir)
            with ix.searcher() as searcher:
                searcher.doc_count()
        except Exception as error:
            return f"the index could not be opened ({type(error).__name__}: {error})"
        return None

    # -- writing --------------------------------------------------------------------------
    @contextlib.contextmanager
    def scan_lock(self, wait: float = 0.0) -> Iterator[ScanLock]:
        """Held for a whole scan, across its batch commits: one writer at a time. A lock
        left by a dead scan is taken over (`took_over_from` says whose)."""
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise IndexUnwritable(unwritable_message(self.dir, error)) from None
        with scan_lock(self.dir / SCAN_LOCK, wait) as lock:
            yield lock

    def create(self) -> Index:
        """A new empty index (dropping any previous one) and its meta file."""
        self.dir.mkdir(parents=True, exist_ok=True)
        storage = FileStorage(str(self.dir))
        previous = TOC._latest_generation(storage, INDEX_NAME)
        self.clear()
        schema = build_schema()
        ix = whoosh_index.create_in(str(self.dir), schema, indexname=INDEX_NAME)
        if previous >= 0:
            # Carry on counting: a reader still open on generation N would take a new
            # index's own generation N for "nothing changed" and never see the rebuild.
            TOC(schema, [], previous + 1).write(storage, INDEX_NAME)
            for stale in self.dir.glob(f"_{INDEX_NAME}_*.toc"):
                if stale.name != f"_{INDEX_NAME}_{previous + 1}.toc":
                    stale.unlink()
            ix = whoosh_index.open_dir(str(self.dir), indexname=INDEX_NAME)
        ix.storage.supports_mmap = False
        meta = {"schema_version": SCHEMA_VERSION, "corpus": str(self.corpus)}
        write_json_atomically(self.dir / META_FILE, meta)
        return ix

    def open_for_writing(self) -> Index:
        return _open_dir(self.dir)

    def clear(self) -> None:
        for entry in self.dir.iterdir():
            name = entry.name
            ours = name in (META_FILE, SKIPPED_FILE) or name.startswith(
                (f"{INDEX_NAME}_", f"_{INDEX_NAME}_")
            )
            if ours and entry.is_file():
                entry.unlink()

    def writer(self, ix: Index) -> Writer:
        """Whoosh's writer. Called under the scan lock only, so a held Whoosh write lock
        can only be a leftover of a dead scan (a worker it forked, orphaned): the lock file
        is replaced, as the scan lock's is."""
        try:
            writer = Writer(ix, codec=InliningCodec(), limitmb=POSTINGS_POOL_MB)
        except LockError:
            self.broke_write_lock = True
            with contextlib.suppress(FileNotFoundError):
                (self.dir / f"{INDEX_NAME}_WRITELOCK").unlink()
            try:
                writer = Writer(ix, codec=InliningCodec(), limitmb=POSTINGS_POOL_MB)
            except LockError:
                raise IndexBusy(f"the index at {self.dir} is locked by Whoosh") from None
        remember_held(getattr(writer.writelock, "fd", None))
        return writer

    @staticmethod
    def commit(writer: IndexWriter) -> None:
        """Commit (which releases Whoosh's write lock, whose descriptor number may then be
        reused for anything)."""
        fd = getattr(writer.writelock, "fd", None)
        try:
            writer.commit(mergetype=merge_small_segments)  # a rescan's tiny segments
        finally:
            forget_held(fd)

    # -- skipped files --------------------------------------------------------------------
    def load_skipped(self) -> dict[str, dict[str, Any]]:
        """Files that could not be read last time: path → {size, mtime_ns, reason}."""
        try:
            data = json.loads((self.dir / SKIPPED_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def save_skipped(self, skipped: dict[str, dict[str, Any]]) -> None:
        write_json_atomically(self.dir / SKIPPED_FILE, skipped)


def write_json_atomically(path: Path, data: object) -> None:
    temporary = path.with_name(path.name + ".tmp")
    try:
        text = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    except UnicodeEncodeError:  # a corpus folder whose name is not UTF-8: \udcxx escapes
        text = json.dumps(data, indent=1).encode("ascii")
    temporary.write_bytes(text)
    os.replace(temporary, path)


def _open_dir(folder: Path) -> Index:
    """The index in `folder`, read through its files rather than mmap: Whoosh copies each
    part of an mmap-ed compound segment it opens into a BytesIO (whoosh.filedb.compound.
    BufferFile): the whole index ended up in memory (400 MB at 10,000 articles), and a
    scan reading every stored document of a 100,000-article index held the stored-fields
    part on top of the mapped pages (app RSS 1.45 GB at start-up)."""
    ix = whoosh_index.open_dir(str(folder), indexname=INDEX_NAME)
    ix.storage.supports_mmap = False
    return ix
