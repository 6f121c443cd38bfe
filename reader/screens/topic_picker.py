"""The topic picker (`t`): the article's tags, keywords and entities; choosing one opens it."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from index.models import Topic
from reader import labels
from reader.widgets.sidebar import SECTIONS
from reader.widgets.text import plain

KIND_NAMES = {
    "tag": "tag",
    "keyword": "keyword",
    "person": "person",
    "organization": "organisation",
    "place": "place",
    "other": "other name",
}


class TopicPicker(ModalScreen[Topic | None]):
    """Type to filter, arrows to move, Enter to open the topic view, Escape to cancel."""

    BINDINGS = [
        Binding("escape", "dismiss_picker", "Cancel"),
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
    ]

    def __init__(self, topics: Sequence[Topic]) -> None:
        super().__init__()
        order = {kind: index for index, (kind, _) in enumerate(SECTIONS)}
        self.topics = sorted(topics, key=lambda topic: order.get(topic.kind, len(order)))

    def compose(self) -> ComposeResult:
        with Vertical(id="topic-dialog") as dialog:
            dialog.border_title = "Go to topic"
            yield Input(placeholder="Filter topics", id="topic-filter")
            yield OptionList(id="topic-options")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#topic-filter", Input).focus()

    def _fill(self, text: str) -> None:
        wanted = text.casefold().strip()
        options: list[Option] = []
        for index, topic in enumerate(self.topics):
            if wanted and wanted not in topic.label.casefold():
                continue
            kind = KIND_NAMES.get(topic.kind, topic.kind)
            prompt = (
                plain(topic.label, "bold")
                + Content.styled(f"  {kind}", "$text-accent")
                + Content.styled(f" · {labels.articles(topic.count)}", "dim")
            )
            options.append(Option(prompt, id=str(index)))
        option_list = self.query_one("#topic-options", OptionList)
        option_list.set_options(options)
        if options:
            option_list.highlighted = 0

    @on(Input.Changed, "#topic-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#topic-filter")
    def _submit(self) -> None:
        option_list = self.query_one("#topic-options", OptionList)
        if option_list.highlighted is not None:
            option = option_list.get_option_at_index(option_list.highlighted)
            self.dismiss(self.topics[int(option.id or 0)])

    @on(OptionList.OptionSelected, "#topic-options")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.topics[int(event.option.id or 0)])

    def action_move(self, step: int) -> None:
        option_list = self.query_one("#topic-options", OptionList)
        if step > 0:
            option_list.action_cursor_down()
        else:
            option_list.action_cursor_up()

    def action_dismiss_picker(self) -> None:
        self.dismiss(None)
