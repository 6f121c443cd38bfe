"""Each body word's articles and its count in each, per segment, in a file of their own.

Why: `related` scores an article against the whole library with its 50 strongest words,
and at 100,000 articles the first time a word is asked for cost reading 50,000 to 80,000
postings from Whoosh's blocks, where each posting also carries its positions and character
offsets (about 24 bytes, zlib-compressed and pickled): about 0.5 us a posting, most of a
call. Here the same postings lie as plain arrays, a document number (4 bytes) and a count
(1 byte) each, so a word's postings in a segment are two `os.pread` calls and no decoding;
and each word's document frequency is in a table held in memory (a sorted array of 64-bit
hashes of the words), so that looking up an article's 250 words takes one numpy search per
segment instead of two reads per word and segment in Whoosh's term table.

The file sits beside its segment and is named after it (`MAIN_<id>.counts`): Whoosh's own
clean-up deletes it with the segment after a merge, and `Store.clear` with the index. It
is written once per segment, from the segment itself (`write_for`), so an index written
before it existed gains it too (`python -m index.term_counts INDEX_DIR`). A word whose
counts are not small whole numbers (over 255 in one article) is listed with its document
frequency but no postings: the caller reads it from Whoosh as before.

Layout (little-endian): the magic, a JSON header's length (4 bytes) and the header (the
segment's id and document count, and per field the number of words and where its arrays
start), then per field the words' hashes (u8, sorted), document frequencies (u4) and the
first posting of each word (u8, one more at the end); then all document numbers (u4,
within the segment), then all counts (u1).
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

MAGIC = b"RBCOUNT1"
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
    """One field's words in one segment: hashes (sorted), document frequencies and where
    each word's postings start in the file's arrays (`starts[i]` to `starts[i + 1]`; an
    empty range for a word with a document frequency: its counts did not fit)."""

    hashes: Hashes
    frequencies: npt.NDArray[np.uint32]
    starts: npt.NDArray[np.uint64]
    file: SegmentCounts

    def find(self, keys: Hashes) -> npt.NDArray[np.int64]:
        """Each key's word index in this field, -1 where the segment has no such word."""
        if not self.hashes.size:
            return np.full(keys.size, -1, dtype=np.int64)
        at = np.searchsorted(self.hashes, keys)
        at[at >= self.hashes.size] = 0
        found: npt.NDArray[np.int64] = np.where(self.hashes[at] == keys, at, -1)
        return found

    def postings(self, index: int) -> tuple[Numbers, Counts] | None:
        """Document numbers (within the segment) and counts of one word; None when the
        file does not hold them (the caller reads Whoosh's postings)."""
        start, end = int(self.starts[index]), int(self.starts[index + 1])
        if start == end:
            return None
        return self.file.read(start, end)


class SegmentCounts:
    """The counts file of one segment, opened: word tables in memory, postings read on
    demand through the file (thread-safe: `os.pread`)."""

    def __init__(self, path: Path, descriptor: int, header: dict[str, Any]) -> None:
        self.path = path
        self._descriptor = descriptor
        self._ids_at = int(header["ids"])
        self._counts_at = int(header["counts"])
        self.documents = int(header["documents"])
        self.fields: dict[str, FieldCounts] = {}
        for name, where in header["fields"].items():
            terms = int(where["terms"])
            self.fields[name] = FieldCounts(
                np.frombuffer(self._pread(terms * 8, where["hashes"]), dtype="<u8"),
                np.frombuffer(self._pread(terms * 4, where["frequencies"]), dtype="<u4"),
                np.frombuffer(self._pread((terms + 1) * 8, where["starts"]), dtype="<u8"),
                self,
            )

    def _pread(self, length: int, position: int) -> bytes:
        data = os.pread(self._descriptor, length, position)
        if len(data) != length:
            raise ValueError(f"{self.path} is cut short")
        return data

    def read(self, start: int, end: int) -> tuple[Numbers, Counts]:
        ids = np.frombuffer(self._pread((end - start) * 4, self._ids_at + start * 4), "<u4")
        counts = np.frombuffer(self._pread(end - start, self._counts_at + start), np.uint8)
        return ids.astype(np.int64), counts

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
        start = os.pread(descriptor, len(MAGIC) + 4, 0)
        if start[: len(MAGIC)] != MAGIC or len(start) != len(MAGIC) + 4:
            raise ValueError
        length = int.from_bytes(start[len(MAGIC) :], "little")
        header = json.loads(os.pread(descriptor, length, len(MAGIC) + 4))
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


def _field_arrays(
    leaf: Any, fieldname: str
) -> tuple[Hashes, npt.NDArray[np.uint32], list[int], list[Numbers], list[Counts]]:
    """A field's words' hashes (sorted), document frequencies, numbers of postings
    written (0 for a word whose counts do not fit a byte) and those postings, in the
    order of the hashes."""
    reader = SegmentTerms(leaf, fieldname)
    words: list[tuple[int, int, tuple[Numbers, Counts] | None]] = []
    """(hash, document frequency, postings that fit) of each word."""
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
            fits = bool(weights.size) and bool(
                (weights <= 255).all() and (weights == np.floor(weights)).all()
            )
            postings = (numbers.astype(np.int64), weights.astype(np.uint8)) if fits else None
            words.append((term_hash(word), int(info.doc_frequency()), postings))
        batch.clear()

    for word, info in _field_words(leaf, fieldname):
        batch.append((word, info, reader.blocks(info, word)))
        if len(batch) >= _BATCH:
            flush()
    flush()
    words.sort(key=lambda entry: entry[0])
    hashes = np.array([key for key, _, _ in words], dtype=np.uint64)
    if hashes.size > 1 and (np.diff(hashes) == 0).any():
        raise ValueError(f"two words of {fieldname} share a hash")  # not seen in practice
    kept = [postings for _, _, postings in words if postings is not None]
    return (
        hashes,
        np.array([df for _, df, _ in words], dtype=np.uint32),
        [postings[0].size if postings is not None else 0 for _, _, postings in words],
        [numbers for numbers, _ in kept],
        [counts for _, counts in kept],
    )


def write_for(leaf: Any, folder: Path) -> Path | None:
    """Write the counts file of one segment (a Whoosh segment reader), atomically; None
    for a segment in memory."""
    segment = leaf.segment()
    segment_id = segment.segment_id()
    documents = leaf.doc_count_all()
    names = [name for name in leaf.schema.names() if name.startswith(BODY_PREFIX)]
    fields: dict[str, dict[str, int]] = {}
    tables: list[bytes] = []
    all_ids: list[Numbers] = []
    all_counts: list[Counts] = []
    total = 0
    tables_size = 0
    if segment_folder(leaf) is None:
        return None
    for name in names:
        hashes, frequencies, lengths, ids, counts = _field_arrays(leaf, name)
        starts = np.cumsum([0] + lengths, dtype=np.uint64) + np.uint64(total)
        total += sum(lengths)
        where = {"terms": int(hashes.size)}
        for key, array in (
            ("hashes", hashes.astype("<u8")),
            ("frequencies", frequencies.astype("<u4")),
            ("starts", starts.astype("<u8")),
        ):
            where[key] = tables_size  # relative for now: made absolute below
            data = array.tobytes()
            tables.append(data)
            tables_size += len(data)
        fields[name] = where
        all_ids.extend(ids)
        all_counts.extend(counts)
    # The header's length depends on the positions it holds: lay it out with room to spare.
    header: dict[str, Any] = {"segment": segment_id, "documents": documents, "fields": fields}
    room = len(json.dumps(header)) + 64 + 24 * (3 * len(fields) + 2)
    base = len(MAGIC) + 4 + room
    for where in fields.values():
        for key in ("hashes", "frequencies", "starts"):
            where[key] += base
    header["ids"] = base + tables_size
    header["counts"] = base + tables_size + 4 * total
    text = json.dumps(header).encode("utf-8").ljust(room)
    path = counts_path(folder, segment_id)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")  # two writers at once
    with open(temporary, "wb") as out:
        out.write(MAGIC + len(text).to_bytes(4, "little") + text)
        for data in tables:
            out.write(data)
        for numbers in all_ids:
            out.write(numbers.astype("<u4").tobytes())
        for word_counts in all_counts:
            out.write(word_counts.tobytes())
    os.replace(temporary, path)
    return path


def missing(searcher: Any, folder: Path) -> list[Any]:
    """The segments (leaf readers) of a searcher whose counts file is not there yet."""
    return [
        leaf
        for leaf, _ in searcher.reader().leaf_readers()
        if not counts_path(folder, leaf.segment().segment_id()).exists()
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


def write_missing_quietly(folder: Path) -> None:
    """`write_missing` after a scan: an index that cannot be written to, or a segment
    that cannot be read so, is read without counts files (Whoosh's tables, as before)."""
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
    lacking = sum(
        leaf.doc_count_all()
        for leaf in leaves
        if not counts_path(folder, leaf.segment().segment_id()).exists()
    )
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
