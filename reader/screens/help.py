"""The help screen (`?`/F1): every key of the reader with what it does."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

KEY_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "right_square_bracket": "]",
    "left_square_bracket": "[",
    "right_curly_bracket": "}",
    "left_curly_bracket": "{",
    "apostrophe": "'",
    "space": "space",
    "escape": "Esc",
    "enter": "Enter",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
}

# Keys handled by the list, the article pane and the search field rather than the screen.
WIDGET_KEYS: tuple[tuple[str, str], ...] = (
    ("j / k / ↓ / ↑", "Move in the list or sidebar; scroll the article"),
    ("Enter", "Open the highlighted article or topic"),
    ("space / PgDn / PgUp", "Scroll the article a page"),
    ("g / G", "Top / bottom of the focused pane"),
    ("ctrl+p", "Command palette: open article…, go to topic…, search…"),
    ("ctrl+q", "Quit"),
)


def key_label(keys: str) -> str:
    return " / ".join(KEY_NAMES.get(key, key) for key in keys.split(","))


class HelpScreen(ModalScreen[None]):
    """Built from the bindings themselves, so it cannot drift from what the keys do."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help"),
    ]

    def __init__(self, bindings: list[Binding]) -> None:
        super().__init__()
        self.bindings = bindings

    def compose(self) -> ComposeResult:
        rows: list[tuple[str, str]] = [
            (key_label(binding.key), binding.tooltip or binding.description)
            for binding in self.bindings
        ]
        rows.extend(WIDGET_KEYS)
        width = max(len(key) for key, _ in rows) + 2
        lines = [
            Content.styled(key.ljust(width), "bold $text-accent") + Content(description)
            for key, description in rows
        ]
        with VerticalScroll(id="help-dialog") as dialog:
            dialog.border_title = "Keys"
            dialog.border_subtitle = "Esc closes"
            yield Static(Content("\n").join(lines), id="help-keys")
