"""Each body word's articles and its count in each, and each article's words, per
segment, in a file of their own.

Why: `related` scores an article against the whole library with its 50 strongest words.
At 100,000 articles the first time a word was asked for cost reading 50,000 to 80,000
postings from Whoosh's blocks, where each posting also carries its positions and character
offsets (about 24 bytes, zlib-compressed and pickled): about 0.5 us a posting, most of a
call. Here the same postings lie as plain arrays, a document number (4 bytes) and a count
(1 byte) each, so a word's postings in a segment are two `os.pread` calls and no decoding.
Each word's document frequency is in a table held in memory (a sorted array of 64-bit
hashes of the words), so looking up an article's 250 words takes one numpy search per
segment instead of two reads per word and segment in Whoosh's term table. And each
document's words with their counts are listed too, so the article need not be analysed
again (a long French article cost 10 to 20 ms in the stemmer).

The file sits beside its segment and is named after it (`MAIN_<id>.counts`): Whoosh's own
clean-up deletes it with the segment after a merge, and `Store.clear` with the index. It
is written once per segment, from the segment itself (`write_for`): after a scan of many
articles (`after_scan`), and for an index written before these files existed, in a
process of its own once related articles are first asked for (`write_later`), or by hand
(`python -m index.term_counts INDEX_DIR`). A segment without one is read from Whoosh as
before; so is a word whose counts do not fit a byte (over 255 in one article), which the
file lists with its document frequency but no postings.

Layout (little-endian): the magic and where the JSON header starts (8 bytes); per field
the words' hashes (u8, sorted), document frequencies (u4), first posting (u8, one more at
the end), spellings (UTF-8, one after the other) and where each ends (u4), then where each
document's words start (u8, one more at the end), those words (u4, their place in the
hashes) and their counts (u2); then all postings' document numbers (u4, within the
segment) and counts (u1); then the header (the segment's id and document count, and where
each array starts).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from hashlib import blake2b
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from index.segment_terms import Block, SegmentTerms, decode

MAGIC = b"RBCOUNT2"
SUFFIX = ".counts"
BODY_PREFIX = "body"
"""The fields written: the body field of each language (`index.store.content_field`)."""
_BATCH = 4096
"""Words decoded in one pass while writing (one numpy pass for many words, in bounded
memory)."""

Hashes = npt.NDArray[np.uint64]
Numbers = npt.NDArray[np.int64]
Counts = npt.NDArray[np.uint8]


def term_hash(term: str) -> int:
    """A word's 64-bit key (stable across processes, unlike `hash`)."""
    return int.from_bytes(blake2b(term.encode("utf-8"), digest_size=8).digest(), "little")


def counts_path(folder: Path, segment_id: str) -> Path:
    return folder / f"{segment_id}{SUFFIX}"


@dataclass(frozen=True)
class FieldCounts:
    """One field's words in one segment: hashes (sorted), document frequencies, where
    each word's postings start in the file's arrays (`starts[i]` to `starts[i + 1]`; an
    empty range for a word with a document frequency: its counts did not fit a byte),
    the words themselves, and where each document's words start in the file."""

    hashes: Hashes
    frequencies: npt.NDArray[np.uint32]
    starts: npt.NDArray[np.uint64]
    spellings: bytes
    """The words in UTF-8, one after the other in the order of the hashes."""
    ends: npt.NDArray[np.uint32]
    """Where each word ends in `spellings`."""
    documents: npt.NDArray[np.uint64] | None
    """Where each document's words start (one more at the end) in the field's lists of
    words by document; None when the field's counts are not whole numbers below 65,536."""
    at: dict[str, int]
    """Where the field's arrays on disk start."""
    file: SegmentCounts

    def find(self, keys: Hashes) -> npt.NDArray[np.int64]:
        """Each key's word index in this field, -1 where the segment has no such word."""
        if not self.hashes.size:
            return np.full(keys.size, -1, dtype=np.int64)
        at = np.searchsorted(self.hashes, keys)
        at[at >= self.hashes.size] = 0
        found: npt.NDArray[np.int64] = np.where(self.hashes[at] == keys, at, -1)
        return found

    def postings(self, index: int) -> tuple[npt.NDArray[np.uint32], Counts] | None:
        """Document numbers (within the segment) and counts of one word; None when the
        file does not hold them (the caller reads Whoosh's postings)."""
        start, end = int(self.starts[index]), int(self.starts[index + 1])
        if start == end:
            return None
        return self.file.read(start, end)

    def words(self, docnum: int) -> dict[str, int] | None:
        """A document's words in this field and the count of each (what analysing its
        text gives), by its number within the segment; None when the file cannot say."""
        if self.documents is None or not 0 <= docnum < self.documents.size - 1:
            return None
        start, end = int(self.documents[docnum]), int(self.documents[docnum + 1])
        if start == end:
            return {}
        file = self.file
        words = np.frombuffer(
            file.pread((end - start) * 4, self.at["forward_words"] + start * 4), "<u4"
        ).tolist()
        counts = np.frombuffer(
            file.pread((end - start) * 2, self.at["forward_counts"] + start * 2), "<u2"
        ).tolist()
        spellings, ends = self.spellings, self.ends
        found: dict[str, int] = {}
        for word, count in zip(words, counts, strict=True):
            found[spellings[ends[word - 1] if word else 0 : ends[word]].decode("utf-8")] = count
        return found


class SegmentCounts:
    """The counts file of one segment, opened: word tables in memory, postings and each
    document's words read on demand through the file (thread-safe: `os.pread`)."""

    def __init__(self, path: Path, descriptor: int, header: dict[str, Any]) -> None:
        self.path = path
        self._descriptor = descriptor
        self._ids_at = int(header["ids"])
        self._counts_at = int(header["counts"])
        self.documents = int(header["documents"])
        self.fields: dict[str, FieldCounts] = {}
        for name, at in header["fields"].items():
            terms = int(at["terms"])
            forward = "forward_documents" in at
            self.fields[name] = FieldCounts(
                np.frombuffer(self.pread(terms * 8, at["hashes"]), dtype="<u8"),
                np.frombuffer(self.pread(terms * 4, at["frequencies"]), dtype="<u4"),
                np.frombuffer(self.pread((terms + 1) * 8, at["starts"]), dtype="<u8"),
                self.pread(int(at["spellings_size"]), at["spellings"]),
                np.frombuffer(self.pread(terms * 4, at["ends"]), dtype="<u4"),
                np.frombuffer(
                    self.pread((self.documents + 1) * 8, at["forward_documents"]), "<u8"
                ) if forward else None,
                at,
                self,
            )

    def pread(self, length: int, position: int) -> bytes:
        data = os.pread(self._descriptor, length, position)
        if len(data) != length:
            raise ValueError(f"{self.path} is cut short")
        return data

    def read(self, start: int, end: int) -> tuple[npt.NDArray[np.uint32], Counts]:
        ids = np.frombuffer(self.pread((end - start) * 4, self._ids_at + start * 4), "<u4")
        counts = np.frombuffer(self.pread(end - start, self._counts_at + start), np.uint8)
        return ids, counts

    def __del__(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self._descriptor)


def open_counts(folder: Path, segment_id: str, documents: int) -> SegmentCounts | None:
    """The segment's counts file if it is there and whole (written for this segment, with
    this many documents); None otherwise."""
    path = counts_path(folder, segment_id)
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        start = os.pread(descriptor, len(MAGIC) + 8, 0)
        if start[: len(MAGIC)] != MAGIC or len(start) != len(MAGIC) + 8:
            raise ValueError
        at = int.from_bytes(start[len(MAGIC) :], "little")
        header = json.loads(os.pread(descriptor, os.fstat(descriptor).st_size - at, at))
        if header.get("segment") != segment_id or header.get("documents") != documents:
            raise ValueError
        return SegmentCounts(path, descriptor, header)
    except (ValueError, KeyError, TypeError, OSError):
        os.close(descriptor)
        return None


_OPENED: dict[tuple[str, str], SegmentCounts] = {}
"""Counts files opened, by (folder, segment id): their word tables are read once, not
once per index state (a segment outlives many commits)."""
_MAX_OPENED = 64


def segment_folder(leaf: Any) -> Path | None:
    """The folder of a segment reader's index, None for one in memory."""
    storage = getattr(leaf, "_storage", None)
    storage = getattr(storage, "b", storage)  # a compound segment's overlay
    folder = getattr(storage, "folder", None)
    return Path(folder) if isinstance(folder, str) else None


def field_counts(leaf: Any, fieldname: str) -> FieldCounts | None:
    """The field's words in a segment from its counts file; None when there is no usable
    file (not written yet, or a segment in memory): the caller reads Whoosh's tables."""
    folder = segment_folder(leaf)
    if folder is None:
        return None
    segment_id = leaf.segment().segment_id()
    key = (str(folder), segment_id)
    opened = _OPENED.get(key)
    if opened is None:
        opened = open_counts(folder, segment_id, leaf.doc_count_all())
        if opened is None:
            return None
        if len(_OPENED) >= _MAX_OPENED:
            _OPENED.clear()
        _OPENED[key] = opened
    # A field added after the file was written is not in it: Whoosh's tables then.
    return opened.fields.get(fieldname)


# -- writing ---------------------------------------------------------------------------


def _field_words(leaf: Any, fieldname: str) -> Iterator[tuple[str, Any]]:
    """(word, term info) of each word of the field in the segment with any document."""
    terms = leaf._terms
    if fieldname not in terms._fieldmap:
        return
    from_bytes = leaf.schema[fieldname].from_bytes
    for (name, btext), info in terms.items_from(fieldname, b""):
        if name != fieldname:
            break
        if info.doc_frequency():
            yield from_bytes(btext), info


@dataclass
class _Field:
    """A field's arrays as the file holds them (see the module's docstring)."""

    tables: dict[str, bytes]
    ids: list[npt.NDArray[np.uint32]]
    counts: list[Counts]
    postings: int


def _field_arrays(leaf: Any, fieldname: str, documents: int, first: int) -> _Field:
    """A field's words' hashes (sorted), document frequencies, where their postings start
    (counting from `first`), spellings, and postings (none for a word whose counts do not
    fit a byte); and each document's words with their counts, when all are whole numbers
    under 65,536."""
    reader = SegmentTerms(leaf, fieldname)
    words: list[tuple[int, bytes, int, npt.NDArray[np.uint32], Any]] = []
    """(hash, spelling, document frequency, document numbers, counts) of each word."""
    batch: list[tuple[str, Any, list[Block] | None]] = []

    def flush() -> None:
        runs = [(0, blocks) for _, _, blocks in batch if blocks is not None]
        decoded = decode(runs) if runs else None
        at = 0
        for word, info, blocks in batch:
            if blocks is not None and decoded is not None:
                size = sum(block[4] for block in blocks)
                numbers, weights = decoded[0][at : at + size], decoded[1][at : at + size]
                at += size
            else:
                numbers, weights = reader.postings(info, word)
            words.append((
                term_hash(word), word.encode("utf-8"), int(info.doc_frequency()),
                numbers.astype(np.uint32), weights.astype(np.float32),
            ))
        batch.clear()

    for word, info in _field_words(leaf, fieldname):
        batch.append((word, info, reader.blocks(info, word)))
        if len(batch) >= _BATCH:
            flush()
    flush()
    words.sort(key=lambda entry: entry[0])
    hashes = np.array([entry[0] for entry in words], dtype="<u8")
    if hashes.size > 1 and (np.diff(hashes) == 0).any():
        raise ValueError(f"two words of {fieldname} share a hash")  # not seen in practice
    ids: list[npt.NDArray[np.uint32]] = []
    counts: list[Counts] = []
    lengths: list[int] = []
    whole = True
    for _, _, _, numbers, weights in words:
        integral = bool((weights == np.floor(weights)).all())
        whole = whole and integral and bool((weights < 65536).all())
        if weights.size and integral and (weights <= 255).all():
            ids.append(numbers)
            counts.append(weights.astype(np.uint8))
            lengths.append(numbers.size)
        else:
            lengths.append(0)
    spellings = [entry[1] for entry in words]
    tables = {
        "hashes": hashes.tobytes(),
        "frequencies": np.array([entry[2] for entry in words], dtype="<u4").tobytes(),
        "starts": (np.cumsum([0, *lengths], dtype=np.uint64) + np.uint64(first))
        .astype("<u8").tobytes(),
        "spellings": b"".join(spellings),
        "ends": np.cumsum([len(spelling) for spelling in spellings], dtype=np.int64)
        .astype("<u4").tobytes(),
    }
    if whole:  # each document's words, by document then word
        sizes = [entry[3].size for entry in words]
        of_word = np.repeat(np.arange(len(words), dtype=np.uint32), sizes)
        held = [entry[3] for entry in words]
        numbers = np.concatenate(held) if held else np.zeros(0, dtype=np.uint32)
        order = np.lexsort((of_word, numbers))
        weights = np.concatenate([entry[4] for entry in words]) if words else np.zeros(0)
        tables["forward_documents"] = np.searchsorted(
            numbers[order], np.arange(documents + 1), side="left"
        ).astype("<u8").tobytes()
        tables["forward_words"] = of_word[order].astype("<u4").tobytes()
        tables["forward_counts"] = weights[order].astype("<u2").tobytes()
    return _Field(tables, ids, counts, sum(lengths))


def write_for(leaf: Any, folder: Path) -> Path | None:
    """Write the counts file of one segment (a Whoosh segment reader), atomically; None
    for a segment in memory."""
    if segment_folder(leaf) is None:
        return None
    segment_id = leaf.segment().segment_id()
    documents = leaf.doc_count_all()
    names = [name for name in leaf.schema.names() if name.startswith(BODY_PREFIX)]
    path = counts_path(folder, segment_id)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")  # two writers at once
    fields: dict[str, dict[str, int]] = {}
    header: dict[str, Any] = {"segment": segment_id, "documents": documents, "fields": fields}
    postings = 0
    written: list[_Field] = []
    with open(temporary, "wb") as out:
        out.write(MAGIC + bytes(8))  # the header's place, written last
        for name in names:
            field = _field_arrays(leaf, name, documents, postings)
            postings += field.postings
            at = fields[name] = {"terms": len(field.tables["hashes"]) // 8}
            for key, data in field.tables.items():
                at[key] = out.tell()
                out.write(data)
            at["spellings_size"] = len(field.tables["spellings"])
            field.tables.clear()
            written.append(field)
        header["ids"] = out.tell()
        for field in written:
            for numbers in field.ids:
                out.write(numbers.astype("<u4").tobytes())
        header["counts"] = out.tell()
        for field in written:
            for word_counts in field.counts:
                out.write(word_counts.tobytes())
        at_header = out.tell()
        out.write(json.dumps(header).encode("utf-8"))
        out.seek(len(MAGIC))
        out.write(at_header.to_bytes(8, "little"))
    os.replace(temporary, path)
    return path


def _current(folder: Path, segment_id: str) -> bool:
    """Whether the segment's counts file is there, in this module's layout."""
    try:
        with open(counts_path(folder, segment_id), "rb") as file:
            return file.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def missing(searcher: Any, folder: Path) -> list[Any]:
    """The segments (leaf readers) of a searcher whose counts file is not there yet."""
    return [
        leaf
        for leaf, _ in searcher.reader().leaf_readers()
        if not _current(folder, leaf.segment().segment_id())
    ]


def write_missing(folder: Path, segments: Sequence[Any] | None = None) -> list[Path]:
    """Write the counts file of each segment of the index in `folder` that lacks one."""
    from index.store import _open_dir

    written: list[Path] = []
    ix = _open_dir(folder)
    with ix.searcher() as searcher:
        for leaf in segments if segments is not None else missing(searcher, folder):
            path = write_for(leaf, folder)
            if path is not None:
                written.append(path)
    return written


AFTER_SCAN = 1_000
"""Articles added or changed by a scan from which it writes the missing counts files.
Fewer make small segments, which related articles read from Whoosh cheaply; a rescan of
a few files then pays nothing here (looking for missing files costs about 10 ms)."""


def after_scan(folder: Path, changed: int) -> None:
    """Write the missing counts files after a scan that added or changed `changed`
    articles, when that is `AFTER_SCAN` or more. An index that cannot be written to, or a
    segment that cannot be read so, is read without them (Whoosh's tables, as before)."""
    if changed >= AFTER_SCAN:
        with contextlib.suppress(OSError, ValueError):
            write_missing(folder)


BACKGROUND_DOCUMENTS = 5_000
"""Documents in segments without counts files from which an index opened for reading has
them written in the background (below, reading Whoosh's blocks costs little)."""
_STARTED: set[str] = set()
LOCK_FILE = "RUBRIQUE_COUNTS"


def write_later(searcher: Any) -> bool:
    """Have the missing counts files of an index written by a process of its own, at low
    priority, when its segments without one hold `BACKGROUND_DOCUMENTS` or more (an index
    written before they existed); once per index and process. Related articles read
    Whoosh's blocks until then, and each file as soon as it is there (at the next index
    state). True when a process was started."""
    leaves = [leaf for leaf, _ in searcher.reader().leaf_readers()]
    folder = segment_folder(leaves[0]) if leaves else None
    if folder is None or str(folder) in _STARTED:
        return False
    lacking = sum(leaf.doc_count_all() for leaf in missing(searcher, folder))
    if lacking < BACKGROUND_DOCUMENTS:
        return False
    _STARTED.add(str(folder))
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "index.term_counts", "--background", str(folder)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            close_fds=True, start_new_session=True,
        )
    except OSError:
        return False
    threading.Thread(target=process.wait, daemon=True).start()  # no zombie left
    return True


def main(argv: list[str] | None = None) -> int:
    """`python -m index.term_counts [--background] INDEX_DIR`: write the missing counts
    files (`--background`: at low priority, and not while another process writes them)."""
    args = sys.argv[1:] if argv is None else argv
    background = "--background" in args
    args = [arg for arg in args if arg != "--background"]
    if len(args) != 1:
        print("usage: python -m index.term_counts [--background] INDEX_DIR", file=sys.stderr)
        return 2
    folder = Path(args[0])
    if background:
        os.nice(10)
        try:
            lock = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return 0  # another process writes them, or the index is read-only
    for path in write_missing(folder):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
