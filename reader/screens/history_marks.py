"""Back and forward through the places the reader has been, and read / bookmark marks."""

from __future__ import annotations

from reader.history import Location
from reader.screens.entity import EntityScreen
from reader.screens.scanning import Scanning


class HistoryAndMarks(Scanning):
    def _go(self, location: Location | None) -> None:
        """Restore a place: its list (search box included) and the article it showed."""
        if location is None:
            self.notify("Nothing further in the history.", timeout=2)
            return
        if location.entity is not None:
            self.open_entity(*location.entity, record=False)
            return
        self._leave_entity()
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

    # -- entity pages -----------------------------------------------------------------------
    def open_entity(self, kind: str, key: str, record: bool = True) -> None:
        """Show an entity's page over this screen (one page at a time, each in the history)."""
        if self.library is None:
            return
        if record:
            self.rubrique.state.history.visit(Location(self.current_id, self.listing,
                                                       (kind, key)))
        self.rubrique.save_state()
        screen = self.app.screen
        if isinstance(screen, EntityScreen):
            screen.show(kind, key)
        else:
            self.app.push_screen(EntityScreen(kind, key))

    def _leave_entity(self) -> None:
        while len(self.app.screen_stack) > 1 and isinstance(self.app.screen, EntityScreen):
            self.app.pop_screen()

    def action_entity(self) -> None:
        """The page of the name highlighted in the sidebar, else of the article's first
        person, organisation or place."""
        from index.entity_aliases import ENTITY_KINDS

        sidebar = self.sidebar
        chosen = None
        if sidebar.highlighted is not None:
            option_id = sidebar.get_option_at_index(sidebar.highlighted).id or ""
            chosen = sidebar.topics.get(option_id)
        if chosen is None or chosen.kind not in ENTITY_KINDS:
            chosen = next((t for t in self.topics if t.kind in ENTITY_KINDS), None)
        if chosen is None:
            self.notify("No person, organisation or place here.", timeout=2)
            return
        self.open_entity(chosen.kind, chosen.key)

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
