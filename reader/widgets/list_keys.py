"""The vim-style keys every list of the reader shares (j/k, g/G beside the arrows).

A base class rather than a copied list, so the article list and the sidebar cannot drift
apart; each list provides the four actions (OptionList already has them).
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widget import Widget


class ListKeys(Widget):
    """Mixed in after the list class, `class Sidebar(OptionList, ListKeys)`: Textual takes
    styles and component classes along the first base only, bindings from every base."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "Top", show=False),
        Binding("G", "last", "Bottom", show=False),
    ]
