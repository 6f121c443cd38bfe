"""What the article list reads: a length and summaries by position, nothing per row on screen.

`ArticleList` asks only for `len(rows)`, `rows[i]` for the rows in view and `index_of(id)`.
The whole library and a topic come as `index.library.Listing`, which reads the catalog a page
at a time; `SummaryRows` holds the few summaries of search results and bookmarks in memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from index.models import Summary


@runtime_checkable
class Rows(Protocol):
    """A listing as the article list sees it."""

    def __len__(self) -> int: ...

    def __getitem__(self, index: int) -> Summary: ...

    def index_of(self, article_id: str) -> int | None:
        """The position of an article, or None when the listing does not hold it."""
        ...


class SummaryRows:
    """Summaries held in memory, with their positions by id.

    Built where the list is loaded (a worker thread), so the UI thread never walks the
    entries to find where the cursor goes.
    """

    def __init__(self, summaries: Iterable[Summary] = ()) -> None:
        self._summaries = list(summaries)
        self._positions = {summary.id: i for i, summary in enumerate(self._summaries)}

    def __len__(self) -> int:
        return len(self._summaries)

    def __getitem__(self, index: int) -> Summary:
        return self._summaries[index]

    def index_of(self, article_id: str) -> int | None:
        return self._positions.get(article_id)
