"""Textual's footer, recomposed once however many times the bindings change before it can be.

Textual's `Footer` recomposes itself (a dozen keys, each restyled) after the next refresh
every time the screen says its bindings changed, and a start-up says so five times or more
(focus set, the screen stacked, the list and the article arriving): tens of milliseconds of
the UI thread spent while the first article waits. One recompose, after the last change
before the next refresh, shows the same keys.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """A `Footer` whose recomposes, asked for before one has run, run once."""

    _recompose_waiting = False

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._recompose_waiting:
            self._recompose_waiting = True
            self.call_after_refresh(self._recompose_now)

    async def _recompose_now(self) -> None:
        # Cleared first: a change while the keys are being rebuilt asks for another.
        self._recompose_waiting = False
        await self.recompose()
