"""The story picker (`y`): every story of the library, newest first, one row each; choosing
one opens its first article, whose sidebar lists the rest and `]` walks them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from reader.screens.picker import Picker
from reader.widgets.text import plain

if TYPE_CHECKING:
    from index.stories import Story


def story_facts(story: Story) -> str:
    """Count, languages and dates: what tells two stories apart before reading them."""
    span = story.first.isoformat()
    if story.last != story.first:
        span += f" – {story.last.isoformat()}"
    return f"{story.count} articles · {', '.join(story.languages)} · {span}"


class StoryPicker(Picker["Story"]):
    """Type to filter by headline or shared name, Enter to open, Escape to cancel."""

    SUBTITLE_TEXT = "Enter opens the first article · ] walks the story"
    PLACEHOLDER = "Filter stories"

    def heading(self) -> str:
        return f"Stories ({len(self.items)})"

    def prompt(self, item: Story) -> Content:
        return plain(item.headline, "bold") + Content("\n") + Content.styled(
            "  " + story_facts(item), "dim")

    def searched(self, item: Story) -> str:
        return " ".join((item.headline, *item.names))
