"""Bringing an index up to date with the article files.

A file is re-read only when it is new, or when its size or modification time changed and its
bytes hash differently; a file whose bytes did not change only has its remembered state
refreshed (no reading, no analysis). What the index holds of each file comes from the
catalog's file-state table (`index.file_states`), so that a rescan touches the index only for
files that are new, gone or changed; a walk compares that table's rows only for the folders
whose digest of names, sizes and mtimes moved (`index.folder_states`). Reading and analysis
run in a process pool for larger batches; the index is written by this process only, and
committed in batches so a reader sees the first articles long before a large first scan ends.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import hashlib
import itertools
import logging
import os
import pickle
import stat as stat_module
import threading
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.index import Index
from whoosh.searching import Searcher

from index import folder_states
from index.catalog import follow as follow_catalog
from index.file_states import FileRecord, FileTable
from index.lock import IndexUnwritable, Owner, unwritable_message
from index.models import Analysis, Article, Document, ScanProgress, ScanReport, Skipped
from index.names import printable, stored_as_is, stored_name
from index.pool import new_pool
from index.store import (
    FileState,
    PreparedDocument,
    Store,
    Writer,
    document_fields,
    prepare_document,
    stored_document,
)

POOL_MIN_FILES = 24
"""Below this many files to read, a process pool costs more to start than it saves."""
FIRST_BATCH = 50
"""Commit early once, so the first articles show while a large scan goes on."""
BATCH_GROWTH = 4
"""Each later batch may hold this many times more articles than the one before (50, 200,
800, ...): every commit writes a segment, and each segment costs every later lookup a
setup of its own (a 3,000-file scan in batches of 400 left 13 of them). Merging them
afterwards would cost far more than writing fewer in the first place."""
BATCH_MAX = 20_000
IN_FLIGHT_PER_WORKER = 16
"""Files handed to each pool worker ahead of time: enough to keep it busy while this process
commits a batch (seconds, in which it takes no result), few enough to hold in memory. A
cancelled scan still stops at once: the executor passes workers only one file beyond those
they are reading, and cancels the rest."""
AHEAD_PER_COMMITTED = 0.25
"""Files handed to the pool just before a commit, per article the commit writes: a commit
takes the writing process seconds (about 7 ms of CPU per article), in which the workers
would otherwise run dry after their IN_FLIGHT_PER_WORKER files and leave a core idle.
With one core for the commit, the other reads about one file per 25 ms: 0.25 per article
keeps it busy. Their results wait, pickled (about 15 KB an article), until it is done."""
AHEAD_MAX = 4_000
"""At most this many files handed ahead of a commit: about 60 MB of pickled results, and
work for about 100 s of one core (a 20,000-article commit takes about 140 s)."""
BATCH_SECONDS = 5.0
"""A batch older than this is committed anyway, so a slow scan still shows its progress;
this too grows with each batch (5, 20, 80, 320 s), up to BATCH_SECONDS_MAX. A low cap (it
was 15 s) cut a long build into many segments of similar size, which Whoosh's merge policy
then rewrote again and again: merges were 29 % of the writing process's time in a
10,000-article build on a loaded machine (py-spy), for segments that growing batches never
make (their sizes never fit its merge rule)."""
BATCH_SECONDS_MAX = 320.0
WRITE_ERRORS = frozenset(
    (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EACCES, errno.EPERM)
)
"""Errors that mean the index folder cannot take what the scan writes."""
LOCK_WAIT_SECONDS = 2.0
"""How long a scan waits for another writer to finish before saying the index is busy."""
PRIOR_MIN_ARTICLES = 3
"""A folder's majority language is the prior for detecting the language of its articles
(`analyze(prior=...)`) once it holds at least this many of them, more than half of its
articles whose language is known: a title-only feed entry is then read in its feed's
language unless its words say otherwise."""

_log = logging.getLogger(__name__)


@dataclass
class FileOutcome:
    """What reading and analysing one file gave: documents, or why it was skipped."""

    path: str
    state: FileState
    documents: list[Document] = field(default_factory=list)
    prepared: list[PreparedDocument] = field(default_factory=list)
    """The documents analysed for the index, in place of `documents` when asked for."""
    reason: str | None = None
    retry: bool = False
    """The reader failed, not the file: try it again on the next scan."""
    gone: bool = False
    """Deleted, or replaced by a folder, since the scan listed it."""


@dataclass
class Indexed:
    """What the index holds of one file; documents are read only when needed."""

    path: str
    state: FileState
    ids: list[str]
    searcher: Searcher
    languages: list[str] = field(default_factory=list)

    @property
    def documents(self) -> list[Document]:
        docnums = sorted(self.searcher.document_numbers(path=self.path))
        return [stored_document(self.searcher, docnum) for docnum in docnums]


def corpus_root(corpus: Path) -> Path:
    """The folder article paths are relative to (a one-file corpus: its folder)."""
    return corpus if corpus.is_dir() else corpus.parent


def walk(
    corpus: Path, unreadable: list[tuple[str, str]] | None = None
) -> Iterator[tuple[str, str]]:
    """(relative path, absolute path as a str) of every article file, hidden files and folders
    excepted, in a stable order. Links to folders are not followed (no loops, nothing from
    outside the corpus); folders that cannot be listed go to `unreadable` as (relative path,
    reason)."""
    for relative, folder, name, _ in walk_stat(corpus, unreadable, stat=False):
        yield relative, os.path.join(folder, name)


Stat = os.stat_result | OSError | None


@dataclass
class Listed:
    """The article files directly in one folder of the corpus, as `walk_folders` found them."""

    prefix: str
    """What their corpus-relative names start with: "" at the top, else "a/b/"."""
    folder: str
    names: list[str]
    stats: list[Stat]
    """One per name: its stat, the error it raised, or None when not asked for."""
    clean: bool
    """Every name has a stat (no error, none missing): the files can be taken as a whole."""


def walk_stat(
    corpus: Path, unreadable: list[tuple[str, str]] | None = None, stat: bool = True
) -> Iterator[tuple[str, str, str, Stat]]:
    """`walk` as (relative path, folder, file name, the file's stat or the error it raised;
    None without `stat`), in `walk`'s order."""
    for listed in walk_folders(corpus, unreadable, stat):
        for name, found in zip(listed.names, listed.stats, strict=True):
            relative = listed.prefix + name
            if not relative.isascii() or "\\" in relative:
                relative = stored_name(relative)
            yield relative, listed.folder, name, found


def walk_folders(
    corpus: Path,
    unreadable: list[tuple[str, str]] | None = None,
    stat: bool = True,
) -> Iterator[Listed]:
    """The corpus folder by folder (`walk`'s rules), depth first, a folder's files before
    its subfolders. A rescan of an unchanged library is mostly this: at 100,000 files any
    Python step per file (a Path, a join, a sort key, a generator's yield) weighs next to the
    file's stat, so each folder is listed once (`os.scandir`), its files are stat-ed by name
    relative to it in one comprehension, and a caller can take them as a whole. Files and
    subfolders are in name order."""
    from index.readers import ARTICLE_SUFFIXES, is_article_file

    if corpus.is_file():
        if is_article_file(corpus):
            found: Stat = None
            if stat:
                try:
                    found = os.stat(corpus)
                except OSError as error:
                    found = error
            yield Listed("", str(corpus.parent), [corpus.name], [found],
                         clean=not isinstance(found, OSError) and stat)
        return
    stack: list[tuple[str, str]] = [(str(corpus), "")]
    while stack:
        folder, prefix = stack.pop()
        names: list[str] = []
        subfolders: list[str] = []
        try:
            with os.scandir(folder) as listing:
                for entry in listing:
                    name = entry.name
                    if name[0] == ".":
                        continue
                    try:
                        is_folder = entry.is_dir()
                    except OSError:
                        is_folder = False
                    if is_folder:
                        if not entry.is_symlink():
                            subfolders.append(name)
                        continue
                    dot = name.rfind(".")
                    if dot > 0 and name[dot:].lower() in ARTICLE_SUFFIXES:
                        names.append(name)
        except OSError as error:
            if unreadable is not None:
                relative = prefix[:-1] or "."
                unreadable.append((stored_name(relative), printable(error.strerror or str(error))))
            continue
        names.sort()
        if stat:
            stats, clean = _stat_all(folder, names)
        else:
            stats, clean = [None] * len(names), False
        yield Listed(prefix, folder, names, stats, clean)
        subfolders.sort(reverse=True)
        stack.extend((os.path.join(folder, name), prefix + name + "/") for name in subfolders)


def _stat_all(folder: str, names: list[str]) -> tuple[list[Stat], bool]:
    """The stat of each file of `folder` (by name relative to the open folder: cheaper than
    by full path), or the error it raised; and whether none raised."""
    try:
        descriptor: int | None = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        descriptor = None
    try:
        if descriptor is not None:
            with contextlib.suppress(OSError):
                return [os.stat(name, dir_fd=descriptor) for name in names], True
        found: list[Stat] = []
        clean = True
        for name in names:
            try:
                found.append(
                    os.stat(name, dir_fd=descriptor)
                    if descriptor is not None
                    else os.stat(os.path.join(folder, name))
                )
            except OSError as error:
                found.append(error)
                clean = False
        return found, clean
    finally:
        if descriptor is not None:
            os.close(descriptor)


def limited_to(corpus: Path, paths: Collection[str]) -> list[tuple[str, str]] | None:
    """(corpus-relative name as the index keeps it, absolute path) of each changed path a
    watcher reported, hidden ones left out as the walk leaves them; None (walk everything)
    when one of them is not strictly inside the corpus folder (the folder itself moved or
    went) or the corpus is a single file."""
    if not corpus.is_dir():
        return None
    root = os.path.abspath(corpus)
    found: dict[str, str] = {}
    for path in paths:
        if "\0" in path:
            continue  # no file can have that name
        absolute = os.path.abspath(os.path.join(root, path))
        relative = os.path.relpath(absolute, root)
        if relative == "." or relative == ".." or relative.startswith("../"):
            return None
        if any(part.startswith(".") for part in relative.split("/")):
            continue
        found.setdefault(stored_name(relative), absolute)
    return sorted(found.items())


def _within(path: str, folder: str) -> bool:
    """Whether `path` is `folder` or lies under it."""
    return path == folder or path.startswith(folder + "/")


def _walk_order(relative: str) -> tuple[tuple[int, str], ...]:
    """The place of a file in `walk_stat`'s order: a folder's files, by name, before its
    subfolders, by name."""
    *folders, name = relative.split("/")
    return (*((1, folder) for folder in folders), (0, name))


def _look_at(
    relative: str, absolute: str, unreadable: list[tuple[str, str]]
) -> Iterator[tuple[str, str, os.stat_result | OSError]]:
    """What the walk would find at one changed path: (relative name, absolute path, stat or
    the error it raised) of the article file there, or of every article file of the folder
    there; nothing when it is gone, hidden or not an article. Folders that cannot be listed
    go to `unreadable` as (relative name, reason)."""
    from index.readers import ARTICLE_SUFFIXES

    try:
        stat = os.stat(absolute)
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as error:
        stat_error: OSError | None = error
    else:
        stat_error = None
    name = relative.rpartition("/")[2]
    dot = name.rfind(".")
    article = dot > 0 and name[dot:].lower() in ARTICLE_SUFFIXES
    if stat_error is not None and not article:
        # Perhaps a folder behind one that cannot be searched: what it held stays.
        unreadable.append((relative, printable(stat_error.strerror or str(stat_error))))
        return
    if stat_error is None and stat_module.S_ISDIR(stat.st_mode):
        if os.path.islink(absolute):
            return  # the walk does not follow links to folders
        folder_errors: list[tuple[str, str]] = []
        for name, folder, file_name, found in walk_stat(Path(absolute), folder_errors):
            assert found is not None
            yield f"{relative}/{name}", os.path.join(folder, file_name), found
        for name, reason in folder_errors:
            unreadable.append((relative if name == "." else f"{relative}/{name}", reason))
        return
    if not article:
        return
    yield relative, absolute, stat_error if stat_error is not None else stat


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_and_analyse(
    path: str,
    root: str,
    reuse: dict[str, Analysis],
    prepare: bool = False,
    prior: str | None = None,
) -> FileOutcome:
    """Runs in a pool worker: read one file, analyse each of its articles.

    `reuse` maps content hashes to analyses already computed (a renamed file keeps its own);
    `prior` is the majority language of the file's folder, if known (`FolderLanguages`).
    With `prepare`, the documents come back with their index fields analysed too
    (`FileOutcome.prepared`), which is all a scan needs of them.
    """
    from index.analysis import analyze
    from index.readers import ReadError, read_file

    file = Path(path)
    try:
        stat = file.stat()
        if stat_module.S_ISDIR(stat.st_mode):
            return FileOutcome(path, FileState(0, 0, ""), gone=True)  # now a folder
        state = FileState(stat.st_size, stat.st_mtime_ns, file_hash(file))
    except (FileNotFoundError, IsADirectoryError):  # deleted or replaced since the walk
        return FileOutcome(path, FileState(0, 0, ""), gone=True)
    except OSError as error:  # no permission, I/O error: the file may do better next time
        reason = f"cannot read file: {error.strerror or error}"
        return FileOutcome(path, FileState(0, 0, ""), reason=printable(reason), retry=True)
    try:
        articles = read_file(file, Path(root))
    except ReadError as error:
        reason = printable(str(error) or "unreadable")
        return FileOutcome(path, state, reason=reason, retry=error.retry)
    documents = []
    for article in map(_with_stored_name, articles):
        analysis = reuse.get(article.content_hash) or (
            analyze(article.text, article.language, prior=prior)
            if prior
            else analyze(article.text, article.language)
        )
        documents.append(Document(article=article, analysis=analysis))
    if not documents:
        return FileOutcome(path, state, reason="no article found in the file")
    if prepare:
        prepared = [prepare_document(document, state) for document in documents]
        return FileOutcome(path, state, prepared=prepared)
    return FileOutcome(path, state, documents=documents)


WARM_UP_TEXT = "Rubrique\n\nRubrique."
"""Analysed once to load the analysis (its modules and word tables) ahead of a scan."""


def warm_analysis(language: str | None) -> None:
    """Load the analysis in this process, the rules of `language` too (a library's main
    language): what the first changed file of a live library would otherwise wait for
    (about a second of CPU). Costs the memory that scan would take, no more. A short text:
    one of the library's articles loaded more than a changed file needed (3.4 s of CPU
    against 0.7 s, at 100,000 articles), and the scan waited for it."""
    from index.analysis import analyze

    with _warming:
        analyze(WARM_UP_TEXT, None, prior=language)


_warming = threading.Lock()
"""Held while `warm_analysis` loads: a scan waits for it rather than load the same tables
at the same time in a second thread (twice the work, on a machine already busy)."""


def read_and_analyse_pickled(
    path: str, root: str, reuse: dict[str, Analysis], prior: str | None
) -> bytes:
    """`read_and_analyse` for the pool, its outcome pickled: the executor unpickles a result
    as soon as it arrives, and the hundreds that wait while the writing process commits
    take about three times less memory as bytes than as the tuples of their postings."""
    return pickle.dumps(read_and_analyse(path, root, reuse, True, prior), protocol=5)


def _with_stored_name(article: Article) -> Article:
    """The article with its path as the index keeps it (see index.names), and a title made
    from a file name that is not UTF-8 printable."""
    path = stored_name(article.path)
    if path == article.path:
        return article
    return dataclasses.replace(article, path=path, title=printable(article.title))


def indexed_files(table: FileTable, ix: Index, searcher: Searcher) -> dict[str, bytes]:
    """What the index holds: per folder, a digest of its files' names, sizes and mtimes
    (`index.folder_states`), from the catalog (filled from the stored fields when it does not
    describe this index); `table.rows_in(folder)` gives a folder's files one by one."""
    return table.digests(ix, searcher)


class FolderLanguages:
    """How many articles of each language every folder holds, as far as the scan knows: the
    index's articles (`seed`), then those read so far."""

    def __init__(self) -> None:
        self._counts: dict[str, Counter[str]] = {}

    @staticmethod
    def folder(relative: str) -> str:
        return relative.rpartition("/")[0]

    def seed(self, counts: dict[str, Counter[str]]) -> None:
        """Languages of the documents the index holds, per folder (`FileTable`), counted
        before anything is read: only the folders of the files to read are asked for."""
        for folder, languages in counts.items():
            known = {k: n for k, n in languages.items() if k and k != "und"}
            if known:
                self._counts.setdefault(folder, Counter()).update(known)

    def add(self, relative: str, languages: list[str]) -> None:
        known = [language for language in languages if language and language != "und"]
        if known:
            self._counts.setdefault(self.folder(relative), Counter()).update(known)

    def prior(self, relative: str) -> str | None:
        """The majority language of the file's folder, or None without a clear one."""
        counts = self._counts.get(self.folder(relative))
        if not counts:
            return None
        language, count = counts.most_common(1)[0]
        if count < PRIOR_MIN_ARTICLES or 2 * count <= sum(counts.values()):
            return None
        return language


Analyse = Callable[[str, str, dict[str, Analysis], str | None], FileOutcome]
"""(path, root, reuse, prior) -> `read_and_analyse(path, root, reuse, True, prior)`."""


def _analyse_here(
    path: str, root: str, reuse: dict[str, Analysis], prior: str | None
) -> FileOutcome:
    return read_and_analyse(path, root, reuse, True, prior)


def _lock_notes(dead: Owner | None, folder: Path) -> list[str]:
    if dead is None:
        return []
    return [f"took over the lock of {folder} from process {dead.pid}, which died mid-scan"]


def _pool() -> ProcessPoolExecutor:
    return new_pool()


class Scan:
    """One scan of a corpus into a store; `run()` once."""

    def __init__(
        self,
        store: Store,
        corpus: Path,
        progress: Callable[[ScanProgress], None] | None,
        cancelled: Callable[[], bool] | None,
        rebuild: bool,
        paths: Collection[str] | None = None,
        analyse: Analyse | None = None,
    ) -> None:
        self.store = store
        self.analyse: Analyse = analyse or _analyse_here
        """Reads and analyses one file of a scan too small for the pool (`_read_here`):
        here, or in another process (`index.live_worker`)."""
        self.paths = None if paths is None else limited_to(corpus, paths)
        """The corpus-relative names a path-limited scan looks at (`limited_to`), or None
        for a walk of the whole corpus."""
        self.corpus = corpus
        self.root = corpus_root(corpus)
        self.progress = progress or (lambda _: None)
        self.cancelled = cancelled or (lambda: False)
        self.rebuild = rebuild
        self.indexed = self.updated = self.removed = 0
        self.skipped: dict[str, dict[str, object]] = {}
        self.warnings: list[tuple[str, str]] = []
        self.pending_ids: list[str] = []
        self.folders = FolderLanguages()
        self.table = FileTable(store.dir)
        self.changes: dict[str, FileRecord | None] = {}
        """What the batch being written does to each file, for the file-state table."""
        self._writer: Writer | None = None
        self._ahead: Callable[[int], None] = lambda _articles: None
        """Hands the pool work to do during a commit of that many articles (`_read_all`)."""
        self._in_batch = 0
        self._batches = 0
        self._batch_started = time.monotonic()
        self.done = self.total = 0

    def run(self) -> ScanReport:
        started = time.monotonic()
        with self.store.scan_lock(LOCK_WAIT_SECONDS) as lock:
            notes = _lock_notes(lock.took_over_from, self.store.dir)
            try:
                reason, committed = self._run_locked()
            except OSError as error:
                if error.errno not in WRITE_ERRORS:
                    raise
                # What was committed before stays; the batch that failed is read again later.
                raise IndexUnwritable(unwritable_message(self.store.dir, error)) from None
            finally:
                self.table.close()
            if committed:
                self.progress(
                    ScanProgress(done=self.done, total=self.total, changed=committed)
                )
        if self.store.broke_write_lock:
            notes.append(f"removed a Whoosh write lock left in {self.store.dir} by a killed scan")
        skipped = tuple(
            Skipped(path=path, reason=str(info["reason"]))
            for path, info in sorted(self.skipped.items())
        )
        return ScanReport(
            indexed=self.indexed,
            updated=self.updated,
            removed=self.removed,
            skipped=skipped,
            seconds=round(time.monotonic() - started, 3),
            rebuilt_because=reason,
            notes=tuple(notes),
            warnings=tuple(sorted(self.warnings, key=lambda warning: warning[0])),
        )

    def _run_locked(self) -> tuple[str | None, tuple[str, ...]]:
        """(why the index was rebuilt, ids of the last commit)."""
        reason = "a rebuild was requested" if self.rebuild else self.store.why_rebuild()
        if reason is not None or not self.store.exists():
            self.paths = None  # a new index holds nothing: every file is read
            ix = self.store.create()
        else:
            ix = self.store.open_for_writing()
        self.ix = ix
        try:
            self._update(ix)
        except BaseException:
            # Cancelled, interrupted, a bug: keep the work done, if the index can take it.
            with contextlib.suppress(Exception):
                self._commit()
                self.store.save_skipped(self.skipped)
            raise
        committed = self._commit()
        self.store.save_skipped(self.skipped)
        return reason, committed

    # -- planning -------------------------------------------------------------------------
    def _update(self, ix: Index) -> None:
        with ix.searcher() as searcher:
            if self.paths is not None and self.table.current(ix, searcher):
                self._update_paths(self.paths, searcher)
            else:
                self._update_from(indexed_files(self.table, ix, searcher), searcher)

    def _update_paths(self, paths: list[tuple[str, str]], searcher: Searcher) -> None:
        """What `_update_from` does, for these paths only (relative, absolute): each is a
        file, a folder (walked), or gone (with whatever the index held under it). The rest of
        the corpus is taken as the index holds it, so the 100,000 stats and rows of a full
        walk are not paid for the one file a watcher saw change."""
        remembered = self.store.load_skipped()
        # Skips of files outside these paths stand; those inside are looked at again.
        self.skipped = {
            path: info for path, info in remembered.items()
            if not any(_within(path, relative) for relative, _ in paths)
        }
        found: dict[str, tuple[str, os.stat_result]] = {}
        unreadable: list[tuple[str, str]] = []
        for relative, absolute in paths:
            for name, path, stat in _look_at(relative, absolute, unreadable):
                if isinstance(stat, OSError):
                    reason = printable(f"cannot read file: {stat.strerror or stat}")
                    self.skipped[name] = {"reason": reason}
                    found.pop(name, None)
                    unreadable.append((name, ""))  # seen: what the index holds stays
                else:
                    found[name] = (path, stat)
        held = self.table.records([relative for relative, _ in paths])
        for relative, _ in paths:
            held.update(self.table.records_under(relative))
        for folder, reason in unreadable:
            if reason:
                self.skipped[folder] = {"reason": f"cannot read folder: {reason}"}
        kept = tuple(folder for folder, _ in unreadable)
        gone = sorted(
            path for path in held
            if path not in found and not any(_within(path, folder) for folder in kept)
        )
        pending: list[tuple[str, str, tuple[int, int] | None]] = []
        for relative in sorted(found, key=_walk_order):
            path, stat = found[relative]
            now = (stat.st_size, stat.st_mtime_ns)
            record = held.get(relative)
            if record is not None:
                if (record.state.size, record.state.mtime_ns) != now:
                    pending.append((relative, path, now))
                continue
            known = remembered.get(relative)
            if known and (known.get("size"), known.get("mtime_ns")) == now:
                self.skipped[relative] = known
                continue
            pending.append((relative, path, None))
        self._carry_out(pending, gone, searcher, held_any=True)

    def _update_from(self, digests: dict[str, bytes], searcher: Searcher) -> None:
        """Compare the walk with what the index holds, folder by folder: a folder whose
        files' names, sizes and mtimes make the digest the index holds (`digests`, see
        `index.folder_states`) is as the index holds it; the files of any other are compared
        with the index's rows one by one. Only files that are new, gone, or whose size or
        mtime moved are looked at further."""
        remembered = self.store.load_skipped()
        # Walk order: (relative, absolute path, (size, mtime_ns) if held and moved, else None).
        pending: list[tuple[str, str, tuple[int, int] | None]] = []
        unseen: list[str] = []
        walked: set[str] = set()
        unreadable: list[tuple[str, str]] = []
        for listed in walk_folders(self.corpus, unreadable):
            prefix, names = listed.prefix, listed.names
            folder = stored_name(prefix[:-1])
            walked.add(folder)
            if listed.clean and stored_as_is("".join(names)):
                held_digest = digests.get(folder)
                if held_digest is None and not names:
                    continue
                stats = listed.stats
                made = folder_states.digest(
                    names,
                    [found.st_size for found in stats],  # type: ignore[union-attr]
                    [found.st_mtime_ns for found in stats],  # type: ignore[union-attr]
                )
                if made == held_digest:
                    continue  # every file as the index holds it
            states = self.table.rows_in(folder) if folder in digests else {}
            for name, stat in zip(names, listed.stats, strict=True):
                relative = prefix + name
                if not relative.isascii() or "\\" in relative:
                    relative = stored_name(relative)
                old = states.pop(relative, None)
                if isinstance(stat, OSError):
                    reason = printable(f"cannot read file: {stat.strerror or stat}")
                    self.skipped[relative] = {"reason": reason}
                    continue  # what the index holds of it stays
                assert stat is not None
                now = (stat.st_size, stat.st_mtime_ns)
                if old is not None:
                    if old != now:
                        pending.append((relative, os.path.join(listed.folder, name), now))
                    continue
                known = remembered.get(relative)
                if known and (known.get("size"), known.get("mtime_ns")) == now:
                    self.skipped[relative] = known
                    continue
                pending.append((relative, os.path.join(listed.folder, name), None))
            unseen.extend(states)  # held in this folder, not found there
        for folder in digests.keys() - walked:  # folders gone (or not listed: below)
            unseen.extend(self.table.rows_in(folder))
        for folder, reason in unreadable:
            self.skipped[folder] = {"reason": f"cannot read folder: {reason}"}
        # What a folder that could not be listed held stays in the index until it can be.
        hidden = tuple("" if folder == "." else folder + "/" for folder, _ in unreadable)
        gone = sorted(p for p in unseen if not p.startswith(hidden or ("\0",)))
        self._carry_out(pending, gone, searcher, held_any=bool(digests))

    def _carry_out(
        self,
        pending: list[tuple[str, str, tuple[int, int] | None]],
        gone: list[str],
        searcher: Searcher,
        held_any: bool,
    ) -> None:
        """Act on what a walk (or a path-limited look) found: `pending` files, in walk order,
        with their (size, mtime_ns) when the index holds them and they moved, else None;
        `gone` files the index holds that are no more."""
        held = {
            path: Indexed(path, record.state, list(record.ids), searcher, list(record.languages))
            for path, record in self.table.records(
                [relative for relative, _, moved in pending if moved is not None] + gone
            ).items()
        }
        # Absolute paths as strings: a Path object costs ~270 bytes more per file, held for
        # the whole scan (27 MB at 100,000 files, copied into forked workers' pages too).
        to_read: list[tuple[str, str]] = []
        refresh: list[tuple[str, FileState]] = []
        for relative, path, moved in pending:
            old_file = held.get(relative)
            if moved is not None and old_file is not None:
                try:
                    digest = file_hash(Path(path))
                except OSError:
                    digest = ""
                if digest == old_file.state.sha256:
                    refresh.append((relative, FileState(*moved, digest)))
                    continue
            to_read.append((relative, path))
        if to_read and held_any:
            self.folders.seed(
                self.table.folder_languages(
                    {FolderLanguages.folder(relative) for relative, _ in to_read}
                )
            )
        # A renamed file keeps its analysis: same bytes, only its path (and so its id) moved.
        reuse = {
            doc.article.content_hash: doc.analysis
            for gone_path in gone
            for doc in held[gone_path].documents
            if doc.article.content_hash
        }
        if to_read:
            with _warming:  # a warm-up under way finishes first
                pass
        for gone_path in gone:
            self._writer_now().delete_by_term("path", gone_path)
            self.removed += len(held[gone_path].ids)
            self.changes[gone_path] = None
            self._count()
        for relative, state in refresh:
            writer = self._writer_now()
            writer.delete_by_term("path", relative)
            old_file = held[relative]
            for doc in old_file.documents:
                writer.add_document(**document_fields(doc, state))
                self._count()
            self.changes[relative] = FileRecord(
                state, tuple(old_file.ids), tuple(old_file.languages)
            )
        self._read_all(to_read, held, reuse)

    # -- reading --------------------------------------------------------------------------
    def _read_all(
        self,
        to_read: list[tuple[str, str]],
        held: dict[str, Indexed],
        reuse: dict[str, Analysis],
    ) -> None:
        total = self.total = len(to_read)
        self.progress(ScanProgress(done=0, total=total))
        if not to_read:
            return
        root = str(self.root)
        if total < POOL_MIN_FILES or (os.cpu_count() or 1) < 2:
            self._read_here(to_read, root, held, reuse)
            return
        pool = _pool()
        pending = iter(to_read)
        # Each file handed to the pool until it is taken: what the scan holds per file stays
        # in proportion to the files in flight, not to the library.
        running: dict[Future[bytes], tuple[str, str]] = {}
        in_flight = IN_FLIGHT_PER_WORKER * (os.cpu_count() or 1)

        def refill(target: int = in_flight) -> None:
            # A bounded queue: a cancelled scan (or an interpreter exiting under it) then
            # waits for a few files, not for every file of a big first scan.
            for relative, path in itertools.islice(pending, max(0, target - len(running))):
                prior = self.folders.prior(relative)
                future = pool.submit(read_and_analyse_pickled, path, root, reuse, prior)
                running[future] = (relative, path)

        def ahead(articles: int) -> None:
            refill(in_flight + min(int(articles * AHEAD_PER_COMMITTED), AHEAD_MAX))

        self._ahead = ahead
        try:
            refill()
            while running:
                ready, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in ready:
                    if self.cancelled():
                        return
                    outcome: FileOutcome = pickle.loads(future.result())
                    relative, _ = running.pop(future)
                    self._take(relative, outcome, held)
                refill()
        except BrokenProcessPool:
            # A worker could not start or died (no usable __main__, out of memory): finish
            # here rather than lose the scan.
            _log.warning("process pool broke; reading the remaining files in-process")
            rest = [*running.values(), *pending]  # in the order of to_read
            self._read_here(rest, root, held, reuse)
        finally:
            self._ahead = lambda _articles: None
            pool.shutdown(wait=True, cancel_futures=True)

    def _read_here(
        self,
        files: list[tuple[str, str]],
        root: str,
        held: dict[str, Indexed],
        reuse: dict[str, Analysis],
    ) -> None:
        """Read and analyse in this process: a handful of files, or what a broken pool left."""
        for relative, path in files:
            if self.cancelled():
                return
            prior = self.folders.prior(relative)
            self._take(relative, self.analyse(path, root, reuse, prior), held)

    def _take(self, relative: str, outcome: FileOutcome, held: dict[str, Indexed]) -> None:
        self._apply(relative, outcome, held)
        self.done += 1
        self._report(relative)

    def _apply(self, relative: str, outcome: FileOutcome, held: dict[str, Indexed]) -> None:
        old = held.get(relative)
        old_ids = set(old.ids) if old else set()
        writer = self._writer_now()
        if old is not None:
            writer.delete_by_term("path", relative)
        self.changes[relative] = None  # the file-state table's view, unless documents follow
        if outcome.gone:
            self.removed += len(old_ids)
            return
        if outcome.reason is not None:
            # Without size and mtime the skip is not recognised next time, so it is retried.
            remembered = {} if outcome.retry else {
                "size": outcome.state.size,
                "mtime_ns": outcome.state.mtime_ns,
            }
            self.skipped[relative] = {**remembered, "reason": outcome.reason}
            self.removed += len(old_ids)
            return
        new_ids = set()
        # A feed's entries may share a complaint about the file: say it once.
        for message in dict.fromkeys(w for doc in outcome.prepared for w in doc.warnings):
            self.warnings.append((relative, message))
        for doc in outcome.prepared:
            writer.add_prepared(doc)
            new_ids.add(doc.id)
            self.pending_ids.append(doc.id)
            self._count()
        languages = tuple(doc.language for doc in outcome.prepared)
        self.changes[relative] = FileRecord(
            outcome.state, tuple(doc.id for doc in outcome.prepared), languages
        )
        if old is None:
            self.folders.add(relative, list(languages))
        self.updated += len(new_ids & old_ids)
        self.indexed += len(new_ids - old_ids)
        self.removed += len(old_ids - new_ids)

    # -- writing --------------------------------------------------------------------------
    def _writer_now(self) -> Writer:
        if self._writer is None:
            self._writer = self.store.writer(self.ix)
            self._batch_started = time.monotonic()
        return self._writer

    def _count(self) -> None:
        self._in_batch += 1

    def _report(self, relative: str) -> None:
        growth = BATCH_GROWTH**self._batches
        limit = min(FIRST_BATCH * growth, BATCH_MAX)
        seconds = min(BATCH_SECONDS * growth, BATCH_SECONDS_MAX)
        overdue = time.monotonic() - self._batch_started > seconds
        changed: tuple[str, ...] = ()
        if self._in_batch >= limit or (overdue and self._in_batch):
            self._ahead(self._in_batch)
            changed = self._commit()
        self.progress(
            ScanProgress(done=self.done, total=self.total, path=relative, changed=changed)
        )

    def _commit(self) -> tuple[str, ...]:
        """Commit the batch; the ids it made visible."""
        committed = tuple(self.pending_ids)
        if self._writer is not None:
            writer, self._writer = self._writer, None
            changes, self.changes = self.changes, {}
            try:
                self.store.commit(writer)
            except BaseException:
                with contextlib.suppress(Exception):
                    writer.cancel()  # drops its files and Whoosh's write lock
                raise
            self._batches += 1
            self.table.committed(self.ix, changes)
        follow_catalog(self.store.dir, self.ix)  # the catalog commits what Whoosh did
        self._in_batch = 0
        self.pending_ids = []
        return committed
