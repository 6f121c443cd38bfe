"""An entity's articles through time as rows of text bars, for the command line and the
entity page alike (no Textual here: plain strings a Rich or Textual text can hold)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from index.entity_page import Period

EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"


@dataclass(frozen=True)
class Row:
    label: str
    articles: int


def bar(count: int, peak: int, width: int) -> str:
    """`count` as a bar of `width` cells at most (the peak fills them), in eighths of a
    cell; a count above zero always shows at least a sliver."""
    if count <= 0 or peak <= 0 or width <= 0:
        return ""
    eighths = max(1, round(count / peak * width * 8))
    whole, part = divmod(eighths, 8)
    return FULL * whole + (EIGHTHS[part] if part else "")


def rows(months: Sequence[Period], most: int = 24) -> list[Row]:
    """Months as rows; a span too long for `most` rows is shown by quarter, then by year,
    so the whole history stays on one screen."""
    found = [Row(period.label, period.articles) for period in months]
    if len(found) <= most:
        return found
    quarters: dict[str, int] = {}
    for period in months:
        label = f"{period.start.year} Q{(period.start.month - 1) // 3 + 1}"
        quarters[label] = quarters.get(label, 0) + period.articles
    if len(quarters) <= most:
        return [Row(label, count) for label, count in quarters.items()]
    years: dict[str, int] = {}
    for period in months:
        label = str(period.start.year)
        years[label] = years.get(label, 0) + period.articles
    return [Row(label, count) for label, count in years.items()]


def cells(periods: Sequence[Row], width: int) -> list[tuple[str, str, str]]:
    """(label, count, bar) per row, labels and counts padded to line up, bars scaled to the
    busiest row so the whole line fits in `width` cells; an empty period's count is "·"."""
    if not periods:
        return []
    peak = max(row.articles for row in periods)
    label_width = max(len(row.label) for row in periods)
    count_width = len(str(peak))
    room = max(width - label_width - count_width - 2, 1)
    return [
        (f"{row.label:<{label_width}}",
         f"{str(row.articles) if row.articles else '·':>{count_width}}",
         bar(row.articles, peak, room))
        for row in periods
    ]


def lines(periods: Sequence[Row], width: int) -> list[str]:
    """One line per row: its label, its count and its bar."""
    return [f"{label} {count} {drawn}".rstrip() for label, count, drawn in cells(periods, width)]
