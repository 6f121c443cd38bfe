"""Back and forward through the places the reader has been, and read / bookmark marks."""

from __future__ import annotations

from reader.history import Location
from reader.screens.scanning import Scanning


class HistoryAndMarks(Scanning):
    def _go(self, location: Location | None) -> None:
        """Restore a place: its list (search box included) and the article it showed."""
        if location is None:
            self.notify("Nothing further in the history.", timeout=2)
            return
        self.trail = None
        if location.listing != self.listing:
            if location.listing.kind == "search":
                self.search_box.display = True
                self.search_box.open(location.listing.query)
                self.set_focus(self.article_list)
            else:
                self._close_search_box()
            self.show_listing(location.listing, keep=location.article_id, record=False)
        if location.article_id is not None and location.article_id != self.current_id:
            self.open_article(location.article_id, record=False)
        self.rubrique.save_state()

    def action_back(self) -> None:
        self._go(self.rubrique.state.history.back())

    def action_forward(self) -> None:
        self._go(self.rubrique.state.history.forward())

    def _target_id(self) -> str | None:
        """The article a mark applies to: the list's highlighted entry when the list has
        focus, else the article on screen."""
        if self.focused is self.article_list and self.article_list.highlighted_id:
            return self.article_list.highlighted_id
        return self.current_id

    def action_toggle_read(self) -> None:
        target = self._target_id()
        if target is None:
            return
        now_read = self.rubrique.state.toggle_read(target)
        self.rubrique.save_state()
        self._refresh_marks()
        self.notify("Marked read." if now_read else "Marked unread.", timeout=2)

    def action_toggle_bookmark(self) -> None:
        target = self._target_id()
        if target is None:
            return
        added = self.rubrique.state.toggle_bookmark(target)
        self.rubrique.save_state()
        self._refresh_marks()
        self.notify("Bookmarked." if added else "Bookmark removed.", timeout=2)
