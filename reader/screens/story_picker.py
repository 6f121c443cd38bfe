"""The story picker (`y`): every story of the library, newest first, one row each; choosing
one opens its first article, whose sidebar lists the rest and `]` walks them."""

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

from index.stories import Story
from reader.widgets.text import plain


def story_facts(story: Story) -> str:
    """Count, languages and dates: what tells two stories apart before reading them."""
    span = story.first.isoformat()
    if story.last != story.first:
        span += f" – {story.last.isoformat()}"
    return f"{story.count} articles · {', '.join(story.languages)} · {span}"


class StoryPicker(ModalScreen[Story | None]):
    """Type to filter by headline or shared name, Enter to open, Escape to cancel."""

    DEFAULT_CSS = """
    StoryPicker { align: center middle; }
    #story-dialog { width: 100; height: 34; border: round $accent; background: $surface; }
    #story-options { height: 1fr; }
    """

    BINDINGS = [
        Binding("escape", "dismiss_picker", "Cancel"),
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
    ]

    def __init__(self, stories: Sequence[Story]) -> None:
        super().__init__()
        self.stories = list(stories)

    def compose(self) -> ComposeResult:
        with Vertical(id="story-dialog") as dialog:
            dialog.border_title = f"Stories ({len(self.stories)})"
            dialog.border_subtitle = "Enter opens the first article · ] walks the story"
            yield Input(placeholder="Filter stories", id="story-filter")
            yield OptionList(id="story-options")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#story-filter", Input).focus()

    def _fill(self, text: str) -> None:
        wanted = text.casefold().strip()
        options: list[Option] = []
        for index, story in enumerate(self.stories):
            searched = " ".join((story.headline, *story.names)).casefold()
            if wanted and wanted not in searched:
                continue
            prompt = plain(story.headline, "bold") + Content("\n") + Content.styled(
                "  " + story_facts(story), "dim")
            options.append(Option(prompt, id=str(index)))
        option_list = self.query_one("#story-options", OptionList)
        option_list.set_options(options)
        if options:
            option_list.highlighted = 0

    @on(Input.Changed, "#story-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#story-filter")
    def _submit(self) -> None:
        option_list = self.query_one("#story-options", OptionList)
        if option_list.highlighted is not None:
            option = option_list.get_option_at_index(option_list.highlighted)
            self.dismiss(self.stories[int(option.id or 0)])

    @on(OptionList.OptionSelected, "#story-options")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.stories[int(event.option.id or 0)])

    def action_move(self, step: int) -> None:
        option_list = self.query_one("#story-options", OptionList)
        if step > 0:
            option_list.action_cursor_down()
        else:
            option_list.action_cursor_up()

    def action_dismiss_picker(self) -> None:
        self.dismiss(None)
