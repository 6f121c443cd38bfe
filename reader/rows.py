"""What the article list reads: a length and summaries by position, nothing per row on screen.

`ArticleList` asks only for `len(rows)`, `rows[i]` for the rows in view and `index_of(id)`;
`SummaryRows` answers from a list in memory (the Library's catalog already holds every
summary). A source that fetches rows from the index page by page can replace it without the
widget noticing.
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

    Built where the list is loaded (a worker thread), so the UI thread never walks 100,000
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
