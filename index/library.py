"""The one door into `index/`: a corpus folder and its Whoosh index.

The command line and the Textual app use only this class and the types of `index.models`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from index.models import (
    Document,
    Related,
    ScanProgress,
    ScanReport,
    SearchResult,
    Summary,
    Topic,
)


class IndexBusy(Exception):
    """Another process is writing this index; try again in a moment."""


class Library:
    """A corpus folder (or single file) and the index that describes it.

    Opening is cheap and never scans: what the index already holds is readable at once.
    `scan()` brings the index up to date with the files and may take long; call it from a
    worker or a process. Reads (`search`, `get`, ...) are safe from any thread while a scan runs.
    """

    def __init__(self, corpus: Path, index_dir: Path | None = None) -> None:
        """`index_dir` defaults to $RUBRIQUE_INDEX, else one folder per corpus under the
        platform's user data dir. The corpus folder is never written to."""
        raise NotImplementedError

    # -- building -------------------------------------------------------------------------
    def scan(
        self,
        progress: Callable[[ScanProgress], None] | None = None,
        *,
        rebuild: bool = False,
        cancelled: Callable[[], bool] | None = None,
    ) -> ScanReport:
        """Read new and changed files, analyse them (in a process pool), drop deleted ones.

        Raises IndexBusy when another writer holds the index.
        """
        raise NotImplementedError

    # -- reading --------------------------------------------------------------------------
    def count(self) -> int:
        raise NotImplementedError

    def languages(self) -> dict[str, int]:
        """Article count per language code, most first."""
        raise NotImplementedError

    def articles(self, order: str = "date") -> list[Summary]:
        """Every article; order "date" (newest first) or "title"."""
        raise NotImplementedError

    def get(self, ref: str) -> Document | None:
        """An article by id, or by path (relative to the corpus, or absolute)."""
        raise NotImplementedError

    def search(self, query: str, limit: int = 20) -> SearchResult:
        """Whoosh query language with field filters (tag:, lang:, author:, person:, org:,
        place:, date:); errors come back in `SearchResult.error`, never as exceptions."""
        raise NotImplementedError

    def related(self, article_id: str, limit: int = 10) -> list[Related]:
        raise NotImplementedError

    def topics_of(self, article_id: str) -> list[Topic]:
        """The article's tags, keywords and entities as topics, with corpus-wide counts."""
        raise NotImplementedError

    def topics(self) -> list[Topic]:
        """Every tag, keyword and entity of the corpus with its article count."""
        raise NotImplementedError

    def articles_with(self, topic: Topic) -> list[Summary]:
        """The articles of one topic, newest first."""
        raise NotImplementedError
