"""A modal list to choose one item from, filtered as you type: what the topic picker (`t`)
and the story picker (`y`) share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

Item = TypeVar("Item")


class Picker(ModalScreen[Item | None], Generic[Item]):
    """Type to filter, arrows to move, Enter to choose, Escape to cancel.

    A subclass says what an item shows (`prompt`) and what typing matches (`searched`); the
    dialog's ids are `picker-dialog`, `picker-filter` and `picker-options`.
    """

    BINDINGS = [
        Binding("escape", "dismiss_picker", "Cancel"),
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
    ]

    HEADING = ""
    SUBTITLE_TEXT = ""
    PLACEHOLDER = "Filter"

    def __init__(self, items: Sequence[Item]) -> None:
        super().__init__()
        self.items = list(items)

    def prompt(self, item: Item) -> Content:
        raise NotImplementedError

    def searched(self, item: Item) -> str:
        """The text typing filters on (compared casefolded, as a substring)."""
        raise NotImplementedError

    def heading(self) -> str:
        return self.HEADING

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-dialog") as dialog:
            dialog.border_title = self.heading()
            if self.SUBTITLE_TEXT:
                dialog.border_subtitle = self.SUBTITLE_TEXT
            yield Input(placeholder=self.PLACEHOLDER, id="picker-filter")
            yield OptionList(id="picker-options")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#picker-filter", Input).focus()

    def _fill(self, text: str) -> None:
        wanted = text.casefold().strip()
        options = [
            Option(self.prompt(item), id=str(index))
            for index, item in enumerate(self.items)
            if not wanted or wanted in self.searched(item).casefold()
        ]
        option_list = self.query_one("#picker-options", OptionList)
        option_list.set_options(options)
        if options:
            option_list.highlighted = 0

    @on(Input.Changed, "#picker-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#picker-filter")
    def _submit(self) -> None:
        option_list = self.query_one("#picker-options", OptionList)
        if option_list.highlighted is not None:
            option = option_list.get_option_at_index(option_list.highlighted)
            self.dismiss(self.items[int(option.id or 0)])

    @on(OptionList.OptionSelected, "#picker-options")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.items[int(event.option.id or 0)])

    def action_move(self, step: int) -> None:
        option_list = self.query_one("#picker-options", OptionList)
        if step > 0:
            option_list.action_cursor_down()
        else:
            option_list.action_cursor_up()

    def action_dismiss_picker(self) -> None:
        self.dismiss(None)
