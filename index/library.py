"""The one door into `index/`: a corpus folder and its Whoosh index.

The command line and the Textual app use only this class and the types of `index.models`.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import threading
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.catalog import Catalog, Listing, RelatedView, index_state
from index.lock import IndexBusy, IndexUnwritable
from index.models import (
    Article,
    Document,
    Related,
    ScanProgress,
    ScanReport,
    SearchResult,
    Summary,
    Topic,
)
from index.names import printable, real_name, stored_name
from index.names import shown_name as shown_path

if TYPE_CHECKING:
    from whoosh.index import Index
    from whoosh.searching import Searcher

    from index.entity_page import EntityPage, EntityRef
    from index.glance import Glance
    from index.live_worker import AnalysisProcess
    from index.store import Store
    from index.stories import Story
    from index.story_store import StoryAnswer

# Whoosh, the analysis and the scan are imported where they are first used, not here: the
# reader opens with what the catalog (SQLite) holds and paints its first article before
# any of them has loaded (`glance`).

__all__ = [
    "IndexBusy",
    "IndexUnwritable",
    "Library",
    "Listing",
    "library_of",
    "read_article_file",
    "shown_path",
]

KEYWORDS_REMEMBERED = 64
"""Articles whose library-ranked keywords are kept until the index changes."""


class Library:
    """A corpus folder (or single file) and the index that describes it.

    Opening is cheap and never scans: what the index already holds is readable at once.
    `scan()` brings the index up to date with the files and may take long; call it from a
    worker or a process. Reads (`search`, `get`, ...) are safe from any thread while a scan runs.
    """

    def __init__(
        self, corpus: Path, index_dir: Path | None = None, *, analysis_apart: bool = False
    ) -> None:
        """`index_dir` defaults to $RUBRIQUE_INDEX, else one folder per corpus under the
        platform's user data dir. The corpus folder is never written to. `analysis_apart`
        (the app): the few files a scan reads itself are analysed in a worker process
        (`index.live_worker`), so this process never loads the analysis."""
        self.corpus = Path(corpus).expanduser().resolve()
        # What `index.scan.corpus_root` says, without importing the scan: a one-file corpus
        # is read relative to its folder.
        self.root = self.corpus if self.corpus.is_dir() else self.corpus.parent
        if index_dir is None:
            from index.location import default_index_dir

            index_dir = default_index_dir(self.corpus)
        chosen = Path(index_dir)
        self.index_dir = chosen.expanduser().resolve()
        if self.corpus.is_dir() and self.index_dir.is_relative_to(self.corpus):
            raise ValueError(
                f"the index folder {self.index_dir} is inside the article folder; "
                "choose another with --index or RUBRIQUE_INDEX"
            )
        self._store_held: Store | None = None
        self._ix: Index | None = None
        self._lock = threading.Lock()
        self._local = threading.local()
        self._cache: dict[str, tuple[object, Any]] = {}
        self._catalog = Catalog(self.index_dir)
        self._apart = analysis_apart
        self._analysis: AnalysisProcess | None = None
        """Made at the first scan or warm-up that needs it: its module (multiprocessing and
        all) is no part of opening."""

    def _analysis_process(self) -> AnalysisProcess | None:
        """The process analysing apart (`analysis_apart`), made on first use; else None."""
        if self._apart and self._analysis is None:
            from index.live_worker import AnalysisProcess

            with self._lock:
                if self._analysis is None:
                    self._analysis = AnalysisProcess()
        return self._analysis

    @property
    def _store(self) -> Store:
        """The Whoosh store, made (and Whoosh imported) on first use."""
        if self._store_held is None:
            from index.store import Store

            self._store_held = Store(self.index_dir, self.corpus)
        return self._store_held

    # -- building -------------------------------------------------------------------------
    def scan(
        self,
        progress: Callable[[ScanProgress], None] | None = None,
        *,
        rebuild: bool = False,
        cancelled: Callable[[], bool] | None = None,
        paths: Collection[str] | None = None,
    ) -> ScanReport:
        """Read new and changed files, analyse them (in a process pool), drop deleted ones.

        `paths` (a folder watcher's changed files and folders) limits the scan to them, with
        no walk of the whole corpus; a path outside the corpus makes it walk everything.

        Raises IndexBusy when another writer holds the index, FileNotFoundError when the
        corpus does not exist.
        """
        if not self.corpus.exists():
            raise FileNotFoundError(f"no such file or folder: {self.corpus}")
        from index.scan import Scan
        from index.term_counts import after_scan

        try:
            process = self._analysis_process()
            analyse = process.read if process is not None else None
            report = Scan(
                self._store, self.corpus, progress, cancelled, rebuild, paths, analyse
            ).run()
            after_scan(self.index_dir, report.indexed + report.updated)  # for related articles
            return report
        finally:
            with self._lock:
                self._ix = None
                self._cache.clear()

    def expect_changes(self) -> None:
        """Load the analysis now (slow: from a worker thread), so the scan of files that a
        watcher has just seen change does not wait for it: in the analysis process, when
        there is one (`analysis_apart`)."""
        language = next(iter(self.languages()), None)
        process = self._analysis_process()
        if process is not None:
            process.warm(language)
            return
        from index.scan import warm_analysis

        warm_analysis(language)

    def end_analysis(self) -> None:
        """End the analysis process, if there is one (the app closes); harmless otherwise."""
        if self._analysis is not None:
            self._analysis.close()

    def exists(self) -> bool:
        """Whether an index has been built for this corpus (it may be out of date)."""
        return self._open() is not None

    # -- reading --------------------------------------------------------------------------
    def _open(self) -> Index | None:
        with self._lock:
            if self._ix is None:
                self._ix = self._store.open_for_reading()  # read through files, not mmap
            return self._ix

    @contextlib.contextmanager
    def _searcher(self) -> Iterator[Searcher | None]:
        """This thread's searcher, brought up to date with the last commit.

        Opening one costs tens of milliseconds (table of contents, every segment), checking
        that one is current costs a directory listing; searchers are not shared between
        threads.
        """
        ix = self._open()
        if ix is None:
            yield None
            return
        held: Searcher | None = getattr(self._local, "searcher", None)
        try:
            latest = ix.latest_generation()
            current = (
                held is not None
                and getattr(self._local, "ix", None) is ix
                and held.reader().generation() == latest
            )
            if current:
                searcher = held
            else:
                # Not Searcher.refresh(): its reader reuse keeps segments that a merge or a
                # rebuild removed, so documents show up twice.
                if held is not None:
                    held.close()
                searcher = ix.searcher()
        except Exception:  # replaced or damaged under us: read as empty, reopen next time
            with self._lock:
                self._ix = None
            self._local.searcher = None
            yield None
            return
        self._local.searcher, self._local.ix, self._local.latest = searcher, ix, latest
        yield searcher

    def close(self) -> None:
        """Release this thread's open index files (others close when collected)."""
        held: Searcher | None = getattr(self._local, "searcher", None)
        if held is not None:
            held.close()
            self._local.searcher = None
        self._catalog.close()

    def _cached(self, name: str, searcher: Searcher, build: Callable[[], Any]) -> Any:
        """Memoise per index state (`index.catalog.index_state`): a commit makes every
        cached answer stale."""
        generation = index_state(searcher)
        with self._lock:
            held = self._cache.get(name)
        if held is not None and held[0] == generation:
            return held[1]
        value = build()
        with self._lock:
            self._cache[name] = (generation, value)
        return value

    def _synced(self, searcher: Searcher) -> Catalog:
        """The catalog (`index.catalog`), brought to the searcher's index state first.

        A scan keeps it in step as it commits, so this is nothing, or the few segments a
        scan in another process has just written. A catalog that is missing (an index built
        before it existed, a deleted file) is built here from the stored fields, once, in
        whichever thread asks first: the app asks from workers, never from the UI thread.
        """
        self._catalog.sync(searcher, getattr(self._local, "latest", None))
        return self._catalog

    def count(self) -> int:
        with self._searcher() as searcher:
            return searcher.doc_count() if searcher else 0

    def languages(self) -> dict[str, int]:
        """Article count per language code, most first."""
        with self._searcher() as searcher:
            if searcher is None:
                return {}
            catalog = self._synced(searcher)
            languages: dict[str, int] = self._cached("languages", searcher, catalog.languages)
            return dict(languages)

    def articles(self, order: str = "date") -> list[Summary]:
        """Every article; order "date" (newest first) or "title". For the command line: the
        app pages through a `listing` instead of holding every summary."""
        if order not in ("date", "title"):
            raise ValueError(f"unknown order {order!r}: use 'date' or 'title'")
        with self._searcher() as searcher:
            return self._synced(searcher).articles(order) if searcher else []

    def glance(self, order: str = "date", keep: str | None = None) -> Glance:
        """Every article as the catalog holds it, in `order`, without opening the Whoosh
        index or reading the whole order (`index.glance`): what the reader shows while the
        index opens (Whoosh and its files take a good part of a second to load). `keep`
        (last time's article) is found, and its page read, here rather than on the UI thread.

        It may lag the index after a crash between a Whoosh commit and the catalog's, or
        a scan by another process; `listing` brings the catalog level first. No catalog
        yet (or a damaged one) reads as no articles."""
        from index.glance import Glance

        if order not in ("date", "title"):
            raise ValueError(f"unknown order {order!r}: use 'date' or 'title'")
        if not self._catalog.path.exists():
            return Glance(None, order)
        glance = Glance(self._catalog, order)
        glance.prepare(keep)
        return glance

    def listing(self, order: str = "date", topic: Topic | None = None) -> Listing:
        """Every article, or a topic's articles, in `order` ("date", newest first, or
        "title"): a length, rows by position read a page at a time, `index_of(id)`."""
        if order not in ("date", "title"):
            raise ValueError(f"unknown order {order!r}: use 'date' or 'title'")
        with self._searcher() as searcher:
            if searcher is None:
                return Listing(self._catalog, array("q"))
            catalog = self._synced(searcher)
            if topic is None:
                return catalog.listing(order)
            from whoosh import query

            from index import entity_kinds
            from index.entity_aliases import ENTITY_KINDS
            from index.schema import fold
            from index.topics import topic_field

            # Keys as the index holds them, whatever form the caller gives.
            topic = replace(topic, key=fold(topic.key).replace(",", " "))
            if topic.kind in ENTITY_KINDS:
                return entity_kinds.listing(catalog, topic, order)
            if topic.kind != "keyword":
                return catalog.listing(order, topic)
            # A keyword's articles are those holding it as a candidate, so the count
            # `topics_of` gives and the list it opens agree (`index.keyword_topics`).
            term = query.Term(topic_field("keyword"), topic.key)
            leaves = [(base, leaf.segment()) for leaf, base in searcher.reader().leaf_readers()]
            starts = [base for base, _ in leaves]
            places = []
            for docnum in searcher.docs_for_query(term):
                base, segment = leaves[bisect.bisect_right(starts, docnum) - 1]
                if segment is not None:
                    places.append((segment.segment_id(), docnum - base))
            return catalog.ordered(catalog.rows_at(places), order)

    def summaries(self, article_ids: Iterable[str]) -> list[Summary]:
        """These articles' summaries, in the order given; ids the library lacks left out."""
        with self._searcher() as searcher:
            return self._synced(searcher).summaries(article_ids) if searcher else []

    def get(self, ref: str, ranked: bool = True) -> Document | None:
        """An article by id, or by path (relative to the corpus, or absolute). `ranked`
        False leaves its keywords as stored, unranked within the library: the reader's
        article pane does not show them, and ranking them takes a term lookup each
        (`topics_of` ranks them for the sidebar, once, for both)."""
        with self._searcher() as searcher:
            if searcher is None:
                return None
            docnum = searcher.document_number(id=ref) if ref == printable(ref) else None
            if docnum is None:
                relative = self._relative_path(ref)
                if relative is not None:
                    docnum = searcher.document_number(path=relative)
            if docnum is None:
                return None
            from index.store import stored_document

            document = stored_document(searcher, docnum)
            if not ranked:
                return document
            keywords = self._keywords(searcher, docnum, document)
            return replace(document, analysis=replace(document.analysis, keywords=keywords))

    def _keywords(self, searcher: Searcher, docnum: int, document: Document | None = None
                  ) -> tuple[str, ...]:
        """The article's keywords ranked within the library as it stands (remembered per
        index state for the last articles asked: the app asks for them twice per article)."""
        held: dict[int, tuple[str, ...]] = self._cached("keywords", searcher, dict)
        keywords = held.get(docnum)
        if keywords is None:
            if document is None:
                from index.store import stored_document

                document = stored_document(searcher, docnum)
            from index.keyword_topics import library_keywords

            keywords = library_keywords(searcher, document.analysis)
            if len(held) >= KEYWORDS_REMEMBERED:
                held.clear()
            held[docnum] = keywords
        return keywords

    def _relative_path(self, ref: str) -> str | None:
        """The stored path (index.names) a reference names: a path relative to the
        current folder or to the corpus, or an absolute one."""
        path = Path(ref).expanduser()
        candidates = [path] if path.is_absolute() else [Path.cwd() / path, self.root / path]
        for candidate in candidates:
            try:
                return stored_name(candidate.resolve().relative_to(self.root).as_posix())
            except ValueError:
                continue
        return None if path.is_absolute() else stored_name(path.as_posix())

    def source_path(self, article: Article) -> Path:
        """The file an article was read from, whatever its name is made of."""
        return self.root / real_name(article.path)

    def search(self, query: str, limit: int = 20) -> SearchResult:
        """Whoosh query language with field filters (tag:, lang:, author:, person:, org:,
        place:, date:); errors come back in `SearchResult.error`, never as exceptions."""
        with self._searcher() as searcher:
            if searcher is None:
                return SearchResult(query=query, total=0, hits=())
            from index.search import search

            return search(searcher, query, limit)

    def related(self, article_id: str, limit: int = 10) -> list[Related]:
        with self._searcher() as searcher:
            if searcher is None:
                return []
            catalog = self._synced(searcher)
            languages = self._cached("languages", searcher, catalog.languages)
            view = RelatedView(catalog, searcher, languages)
            from index.related import related

            return related(searcher, article_id, limit, view)

    def topics_of(self, article_id: str) -> list[Topic]:
        """The article's tags, keywords and entities as topics, with corpus-wide counts; its
        keywords as `get` ranks them, each counting the articles that have it as a candidate,
        less those that only repeat one of its tags or names ("Paris" is shown once, as a
        place)."""
        with self._searcher() as searcher:
            if searcher is None:
                return []
            catalog = self._synced(searcher)
            docnum = searcher.document_number(id=article_id)
            if docnum is None:
                return []
            from index import entity_kinds
            from index.keyword_topics import keyword_topics
            from index.store import stored_document
            from index.topics import TOPIC_ORDER

            document = stored_document(searcher, docnum)
            ranked = replace(
                document.analysis, keywords=self._keywords(searcher, docnum, document)
            )
            keywords = keyword_topics(searcher, ranked)
            held = [topic for topic in catalog.topics_of(article_id) if topic.kind != "keyword"]
            held = entity_kinds.settle(catalog, held)  # library-wide kinds (entities helper)
            named = {topic.label.casefold() for topic in held}
            keywords = [topic for topic in keywords if topic.label.casefold() not in named]
            topics = held + keywords
            return sorted(topics, key=lambda t: TOPIC_ORDER.index(t.kind))

    def topics(self, limit: int | None = None, offset: int = 0) -> list[Topic]:
        """Tags, keywords and entities of the corpus with their article counts, most first
        (`limit` of them from `offset`: the catalog holds them all, on disk).

        A keyword here counts the articles indexed with it (the catalog's count): counting
        its candidate holders, as `topics_of` does, takes a term lookup per keyword, seconds
        for the 50,000 keywords of 10,000 articles. Its `listing` lists the candidate
        holders, so at least that many."""
        from index import entity_kinds

        with self._searcher() as searcher:
            if searcher is None:
                return []
            catalog = self._synced(searcher)
            return entity_kinds.settle(catalog, catalog.topics(limit, offset), listed=True)

    def articles_with(self, topic: Topic) -> list[Summary]:
        """The articles of one topic, newest first (all of them: the app uses `listing`)."""
        rows = self.listing("date", topic)
        return [rows[index] for index in range(len(rows))]

    def titles_containing(self, letters: str, limit: int = 500) -> list[Summary]:
        """Articles whose title holds `letters` in order (gaps allowed), newest first: what
        a fuzzy finder may match, read from the catalog on disk."""
        with self._searcher() as searcher:
            return self._synced(searcher).titles_containing(letters, limit) if searcher else []

    def topics_containing(
        self, letters: str, limit: int = 500, kinds: Iterable[str] | None = None
    ) -> list[Topic]:
        """Topics (of these kinds, or any) whose label holds `letters` in order (gaps
        allowed), most articles first."""
        from index import entity_kinds

        with self._searcher() as searcher:
            if searcher is None:
                return []
            catalog = self._synced(searcher)
            found = catalog.topics_containing(letters, limit, kinds)
            return entity_kinds.settle(catalog, found, listed=True)

    def catalog_size(self) -> int:
        """Bytes the catalog takes on disk."""
        return self._catalog.size()

    def entity(self, kind: str, key: str) -> EntityPage | None:
        """One entity under all its names (`index.entity_page`); None if the library lacks it."""
        from index.entity_page import entity_page

        with self._searcher() as searcher:
            return entity_page(self._synced(searcher), kind, key) if searcher else None

    def find_entity(self, name: str, limit: int = 10) -> list[EntityRef]:
        """Entities a typed name may mean, best first."""
        from index.entity_page import find_entities

        with self._searcher() as searcher:
            return find_entities(self._synced(searcher), name, limit) if searcher else []

    def stories(self, since: dt.date | None = None, wait: bool = True) -> list[Story]:
        """Articles about one event, in any language, grouped (`index.stories`), newest first.
        `wait=False`: as the stored grouping has them now, never grouping here (the reader
        waits for `stories_settled` in a worker it can abandon)."""
        from index import story_store
        from index.stories import stories

        with self._searcher() as searcher:
            if searcher is None:
                return []
            catalog = self._synced(searcher)
            if not wait:
                return story_store.stored_stories(catalog.connection(), since)
            return stories(catalog, since)

    def story_of(self, article_id: str) -> Story | None:
        """The story an article is part of (`index.stories.story_of`), or None; groups the
        library in this process first if the stored grouping is behind (seconds at 100k)."""
        from index.stories import story_of

        with self._searcher() as searcher:
            return story_of(self._synced(searcher), article_id) if searcher else None

    def story_answer(self, article_id: str) -> StoryAnswer:
        """The story of an article as stored, at once (`index.story_store.ask`): a big
        library's grouping that is behind is refreshed in a process of its own meanwhile."""
        from index import story_store

        with self._searcher() as searcher:
            if searcher is None:
                return story_store.StoryAnswer(None, True)
            catalog = self._synced(searcher)
            return story_store.ask(catalog.connection(), catalog.path, article_id)

    def stories_settled(self) -> bool:
        """Whether the stored grouping is up to date (`index.story_store.ready`)."""
        from index import story_store

        with self._searcher() as searcher:
            if searcher is None:
                return True
            catalog = self._synced(searcher)
            return story_store.ready(catalog.connection(), catalog.path)


def read_article_file(path: Path) -> list[Document]:
    """Read and analyse one article file on the spot (for a file no index holds); nothing is
    written. Raises ValueError with a one-line reason when the file cannot be read."""
    from index.scan import read_and_analyse

    file = Path(path).expanduser().resolve()
    outcome = read_and_analyse(str(file), str(file.parent), {})
    if outcome.gone:
        raise FileNotFoundError(f"no such file: {printable(str(file))}")
    if outcome.reason is not None:
        raise ValueError(f"cannot read {printable(str(file))}: {outcome.reason}")
    return outcome.documents


def library_of(path: Path) -> Library | None:
    """The library of the nearest folder above `path` that has an index in the default place
    ($RUBRIQUE_INDEX, else the user data folder), if any."""
    from index.location import default_index_dir
    from index.store import Store

    for folder in Path(path).expanduser().resolve().parents:
        index_dir = default_index_dir(folder)
        if Store(index_dir, folder).corpus_on_record() == str(folder):
            try:
                return Library(folder, index_dir)
            except ValueError:
                return None
    return None
