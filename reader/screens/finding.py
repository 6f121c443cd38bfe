"""Finding words in the article on screen (ctrl+f): the find bar and its matches."""

from __future__ import annotations

from textual import on

from reader.screens.base import ReaderScreen
from reader.widgets.find_bar import FindBar


class Finding(ReaderScreen):
    """While a find is active, n/N step through its matches (see `Articles.action_step`)."""

    @property
    def finding(self) -> bool:
        return bool(self.article_view.find_text) or self.find_bar.display

    def action_find(self) -> None:
        if self.document is None:
            return
        self.find_bar.open()

    @on(FindBar.Changed)
    def _find_changed(self, event: FindBar.Changed) -> None:
        count = self.article_view.find(event.text)
        self.find_bar.set_status(self.article_view.find_position, count, event.text)

    @on(FindBar.Submitted)
    def _find_submitted(self) -> None:
        if not self.article_view.find_text:
            self._end_find()
            return
        self.set_focus(self.article_view)

    @on(FindBar.Left)
    def _find_left(self) -> None:
        self._end_find()

    def _find_step(self, step: int) -> None:
        view = self.article_view
        position = view.find_step(step)
        self.find_bar.set_status(position, len(view.find_hits), view.find_text)

    def _end_find(self) -> None:
        bar = self.find_bar
        refocus = self.focused is bar.input
        bar.display = False
        bar.input.value = ""
        self.article_view.end_find()
        if refocus:
            self.set_focus(self.article_view)
