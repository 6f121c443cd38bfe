"""The sidebar: what the article is about (tags, keywords, entities), the story it is part
of, and what relates to it.

Every entry can be chosen: a topic opens the topic view, a story's or related article opens
that article.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import on
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from index.models import Related, Topic, TopicKind
from reader.messages import OpenArticle, OpenTopic
from reader.widgets.list_keys import ListKeys
from reader.widgets.text import plain

if TYPE_CHECKING:
    from index.stories import Story

SECTIONS: tuple[tuple[TopicKind, str], ...] = (
    ("tag", "Tags"),
    ("keyword", "Keywords"),
    ("person", "People"),
    ("organization", "Organisations"),
    ("place", "Places"),
    ("other", "Other"),
)
RELATED_TITLE = "Related articles"
STORY_TITLE = "Same story"
STORY_PENDING = "grouping the library's stories…"
"""Said under the story heading while the grouping is brought up to date (it fills in)."""


def story_line(story: Story) -> str:
    """What the story section says first: how many articles, in which languages."""
    return f"{story.count} articles ({', '.join(story.languages)})"


class Sidebar(OptionList, ListKeys):
    """Sections as disabled headings; the cursor skips them."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.topics: dict[str, Topic] = {}
        self.related: list[Related] = []
        self.story: Story | None = None
        self.story_pending = False
        self.sections: list[str] = []
        """The headings shown, in order (what a reader sees at a glance)."""

    def show(self, topics: Sequence[Topic], related: Sequence[Related],
             story: Story | None = None, current: str | None = None,
             story_pending: bool = False) -> None:
        """`story`: the one the article `current` is part of, listed with its other articles;
        `story_pending`: the grouping is being brought up to date (the story may change)."""
        options: list[Option] = []
        self.topics = {}
        self.related = list(related)
        self.story, self.story_pending = story, story_pending
        self.sections = []
        if story is not None or story_pending:  # first, where it is seen at a glance
            self._story(options, story, current, story_pending)
        counted = False
        for kind, title in SECTIONS:
            of_kind = [topic for topic in topics if topic.kind == kind]
            if not of_kind:
                continue
            self._heading(options, title, "" if counted else "articles")
            counted = True
            for topic in of_kind:
                option_id = f"topic-{len(self.topics)}"
                self.topics[option_id] = topic
                options.append(Option(self._topic_prompt(topic), id=option_id))
        if related:
            self._heading(options, RELATED_TITLE)
            for index, item in enumerate(related):
                headline = plain(item.summary.title or item.summary.path, "bold")
                reasons = plain("; ".join(item.reasons) or "similar wording", "dim italic")
                width = self._line_width
                lines = [*headline.wrap(width), *(Content("  ") + line
                                               for line in reasons.wrap(width - 2))]
                prompt = Content("\n").join(lines)
                options.append(Option(prompt, id=f"related-{index}"))
        if not options:
            options.append(Option(Content.styled("Nothing to show yet", "dim"), disabled=True))
        self.set_options(options)
        # The cursor starts on the first topic (the story's articles have `]`), else the
        # first entry that can be chosen.
        enabled = [i for i, option in enumerate(self.options) if not option.disabled]
        self.highlighted = next(
            (i for i in enabled if (self.options[i].id or "").startswith("topic-")),
            enabled[0] if enabled else None,
        )

    @property
    def _line_width(self) -> int:
        """Cells available to an entry: the content width less the scrollbar gutter (kept
        stable in the stylesheet) and the option's padding."""
        width = self.size.width or 36  # hidden (collapsed): its usual width
        return max(width - 3, 16)

    def _topic_prompt(self, topic: Topic) -> Content:
        """One line: the label (shortened if need be) and its article count at the right."""
        count = str(topic.count)
        room = self._line_width - len(count) - 2
        label = plain(topic.label)
        if label.cell_length > room:
            label = label.truncate(room - 1) + Content("…")
        return label.pad_right(room - label.cell_length + 2) + Content.styled(count, "dim")

    def _story(self, options: list[Option], story: Story | None, current: str | None,
               pending: bool = False) -> None:
        """Its count and languages, then every article in date order, one line each (this
        one dimmed); while the grouping is being refreshed, a line that says so."""
        self._heading(options, STORY_TITLE)
        if pending:
            options.append(Option(Content.styled(STORY_PENDING, "dim italic"), disabled=True))
        if story is None:
            return
        options.append(Option(Content.styled(story_line(story), "italic"), disabled=True))
        width = self._line_width
        for index, summary in enumerate(story.articles):
            date = summary.date.isoformat() if summary.date else "undated"
            this = summary.id == current
            head = Content.styled(f"{date} {summary.language}", "dim")
            title = plain(summary.title or summary.path, "dim" if this else "")
            line = head + Content(" ") + title
            if line.cell_length > width:  # one line each: the section stays short
                line = line.truncate(width - 1) + Content("…")
            options.append(Option(line, id=f"story-{index}", disabled=this))

    def _heading(self, options: list[Option], title: str, note: str = "") -> None:
        if options:
            options.append(Option(Content(""), disabled=True))
        heading = Content.styled(title.upper(), "bold $text-accent")
        if note:
            gap = self._line_width - heading.cell_length - len(note)
            heading = heading.pad_right(max(gap, 1)) + Content.styled(note, "dim")
        options.append(Option(heading, disabled=True))
        self.sections.append(title)

    @on(OptionList.OptionSelected)
    def _choose(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id in self.topics:
            self.post_message(OpenTopic(self.topics[option_id]))
        elif option_id.startswith("related-"):
            item = self.related[int(option_id.removeprefix("related-"))]
            self.post_message(OpenArticle(item.summary.id))
        elif option_id.startswith("story-") and self.story is not None:
            summary = self.story.articles[int(option_id.removeprefix("story-"))]
            self.post_message(OpenArticle(summary.id))
