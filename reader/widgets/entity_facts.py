"""The left column of an entity's page: the names it was written under, in which languages,
the names merged into it with how sure each merge is, and its articles month by month."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from reader import labels, timeline
from reader.widgets.text import plain

if TYPE_CHECKING:
    from index.entity_page import EntityPage

BAR_LINE_MOST = 48
"""Cells a timeline line takes at most: longer bars read no better."""
TIMELINE_ROWS = 24
"""Months shown one per row up to this many; longer spans go by quarter, then by year."""


class EntityFacts(Static):
    """Plain content (never markup): names come from articles."""

    page: EntityPage | None = None

    def show(self, page: EntityPage) -> None:
        self.page = page
        self._fill(page)

    def on_resize(self) -> None:
        if self.page is not None:
            self._fill(self.page)

    def _fill(self, page: EntityPage) -> None:
        """The bars fit the width the widget has now (none before its first layout: the
        resize that follows draws them again)."""
        lines: list[Content] = []
        width = min(max(self.size.width - 1, 20), BAR_LINE_MOST)

        def heading(title: str, note: str = "") -> None:
            if lines:
                lines.append(Content(""))
            text = Content.styled(title.upper(), "bold $text-accent")
            lines.append(text + (Content.styled(f"  {note}", "dim") if note else Content("")))

        heading("Written as")
        written: dict[str, list[str]] = {}
        for spelling in page.spellings:
            written.setdefault(spelling.label, []).append(spelling.language)
        for label, languages in written.items():
            lines.append(plain(label) + Content.styled(f"  {', '.join(languages)}", "dim"))
        if len(page.aliases) > 1:
            heading("Merged names")
            for alias in page.aliases[1:]:
                lines.append(plain(alias.label) + Content.styled(
                    f"  {labels.articles(alias.articles)}, {alias.confidence:.0%} sure", "dim"))
                lines.append(Content.styled(f"  {alias.reason}", "dim italic"))
        if page.may_be:
            heading("May be")
            for ref in page.may_be:
                lines.append(plain(ref.label) + Content.styled(
                    f"  {labels.articles(ref.articles)}", "dim"))
        periods = timeline.rows(page.weeks or page.months, TIMELINE_ROWS)
        undated = f"{page.undated} undated" if page.undated else ""
        heading("By week" if page.weeks else "By month", undated)
        for label, count, drawn in timeline.cells(periods, width):
            lines.append(Content.styled(f"{label} {count} ", "dim")
                         + Content.styled(drawn, "$accent"))
        if not periods:
            lines.append(Content.styled("no dated articles", "dim"))
        self.update(Content("\n").join(lines))
